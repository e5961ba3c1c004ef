#pragma once
// The gallery's rows: one per pipeline item, in discovery order. Thumbnails arrive as QImage from the
// decoder threads and become QPixmap in the shared ThumbnailCache, on the GUI thread (rule 2); the
// model keeps no pixels of its own, so a row costs a few bytes however many there are.
#include "core/pipeline/item.h"
#include "core/util/storedqhash.h"

#include <QAbstractListModel>
#include <QDateTime>
#include <QPixmap>
#include <QHash>
#include <unordered_map>
#include <vector>

namespace glint {

class Pipeline;
class ThumbnailCache;

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
        // For the viewer's information overlay (the catalog's model answers them too).
        PageRole,                       // QUrl, empty when the image was a SOURCE itself
        SizeRole,                       // QSize as displayed (after EXIF orientation)
        FormatRole,                     // QByteArray, from the bytes
        BytesRole,                      // qint64
        FetchedRole,                    // QDateTime (UTC) when it was fetched, if known
        FileOwnedRole,                  // bool: Glint created the file (a download)
        CancelledRole,                  // bool: failed because the user cancelled it (shown as stopped, not as an error)
    };

    GalleryModel(Pipeline *pipeline, ThumbnailCache *thumbnails, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    // Without QAbstractListModel's virtual rowCount and columnCount per call: the proxy's sort asks
    // for two indexes per comparison (3.4 million for 100,000 rows).
    QModelIndex index(int row, int column = 0, const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // The pipeline's item behind a row (the proxy's sort keys read it without a QVariant).
    const Item &item(int row) const;

    static QString formatBytes(qint64 bytes);
    // DetailRole's text, shared with the catalog's rows: "1920×1080 · JPEG · 374 KB".
    static QString detailText(QSize size, const QByteArray &format, qint64 bytes);

private:
    void onItemsAdded(int first, int last);
    void onItemChanged(int row);
    void onThumbnail(int row, const QImage &image);

    static QString keyOf(const Item &item);

    Pipeline *m_pipeline;
    ThumbnailCache *m_thumbnails;
    int m_rows = 0;
    // The rows whose thumbnail was asked for again while painting, each until ready() answers it:
    // the tiles painted without their thumbnail, not every row. Every row was noted here once, and
    // the map's growth to 131,072 rows still held the GUI thread for over 18 ms while 100,000
    // images streamed in (a watchdog's stacks). Not a QHash: a QHash that grows hashes every key
    // again (StoredQHash says why). The times are a plain array by row.
    mutable std::unordered_map<QString, int, StoredQHash<QString>> m_rowOfKey;
    std::vector<qint64> m_finishedAtMs;   // row → when it became Done in this session (ms since the epoch, UTC; 0: not)
};

} // namespace glint
