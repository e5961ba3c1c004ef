#pragma once
// The gallery's rows: one per pipeline item, in discovery order. Thumbnails arrive as QImage from the
// decoder threads and become QPixmap here, on the GUI thread (rule 2).
#include "core/pipeline/item.h"

#include <QAbstractListModel>
#include <QPixmap>
#include <vector>

namespace glint {

class Pipeline;

class GalleryModel final : public QAbstractListModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GalleryModel)
public:
    enum Role {
        StateRole = Qt::UserRole + 1,   // Item::State as int
        ProgressRole,                   // 0..1 while downloading, -1 when unknown
        ErrorRole,
        UrlRole,
        DetailRole,                     // "1920×1080 · JPEG · 374 KB"
        FileRole,
    };

    explicit GalleryModel(Pipeline *pipeline, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    static QString formatBytes(qint64 bytes);
    // DetailRole's text, shared with the catalog's rows: "1920×1080 · JPEG · 374 KB".
    static QString detailText(QSize size, const QByteArray &format, qint64 bytes);

private:
    void onItemsAdded(int first, int last);
    void onItemChanged(int row);
    void onThumbnail(int row, const QImage &image);

    Pipeline *m_pipeline;
    std::vector<QPixmap> m_thumbnails;
};

} // namespace glint
