#pragma once
// The picker's rows: one per image URL found on a page, in page order, each checked or not, with
// what the preview pipeline has learnt about it so far (state, progress, size, format, thumbnail).
// Roles are GalleryModel's, so GalleryDelegate paints the tiles. A row whose preview fails (a 404,
// an answer that is no image) is unchecked once, unless the user has already checked or unchecked
// it: "Download selected" would only fail it again. GUI thread only; thumbnails come
// in as QImage and become QPixmap in the shared ThumbnailCache (the rows keep none: a page of 5,000
// images costs the cache's budget, not 5,000 pixmaps).
#include "app/gallerymodel.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>
#include <QPixmap>
#include <QUrl>
#include <vector>

namespace glint {

class Pipeline;
class ThumbnailCache;

class PagePickerModel final : public QAbstractListModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PagePickerModel)
public:
    enum Role {
        WidthRole = GalleryModel::FileRole + 100,   // 0 while unknown
        HeightRole,
        FormatRole,                                 // "jpeg", "png" …: from the bytes once decoded, else from the name
        FinishedRole,                               // the preview is done or failed
    };

    // pipeline: the preview pipeline the URLs are (or will be) added to; it must outlive the model.
    PagePickerModel(const QList<QUrl> &urls, Pipeline *pipeline, ThumbnailCache *thumbnails, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    QUrl url(int row) const { return m_rows[std::size_t(row)].url; }
    bool isChecked(int row) const { return m_rows[std::size_t(row)].checked; }
    void setChecked(const QList<int> &rows, bool checked);
    // The preview pipeline's row for a row here, or -1 while the pipeline has not listed it yet.
    int pipelineRow(int row) const { return m_rows[std::size_t(row)].pipelineRow; }

    // The format a URL's name suggests, until the bytes say otherwise.
    static QString formatFromName(const QUrl &url);

Q_SIGNALS:
    void checksChanged();
    // The pipeline listed an item that is none of ours: the images of a URL that was a page.
    void foreignItemAdded(int pipelineRow);

private:
    struct Row {
        QUrl url;
        int pipelineRow = -1;
        bool checked = true;
        bool checkedByUser = false;   // a click or Select all/none: a failed preview leaves it as it is
    };

    void onItemAdded(int pipelineRow);
    void onItemChanged(int pipelineRow);
    void onThumbnail(int pipelineRow, const QImage &image);
    const Item *item(const Row &row) const;

    static QString cacheKey(const Item &item) { return QStringLiteral("file:") + item.file; }

    Pipeline *m_pipeline;
    ThumbnailCache *m_thumbnails;
    std::vector<Row> m_rows;
    mutable QHash<QString, int> m_rowOfKey;   // tiles waiting for the cache to make them again
    QHash<QString, int> m_rowOfUrl;        // normalized URL → row
    QHash<int, int> m_rowOfPipelineRow;    // pipeline row → row
};

} // namespace glint
