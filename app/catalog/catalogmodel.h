#pragma once
// The catalog as gallery rows: a lazy list model over Catalog::search. It loads a first screen of
// kFirstPageRows, then pages of kPageRows rows as the view asks for more (canFetchMore/fetchMore), so a catalog of a million images costs
// only the pages scrolled through. Rows answer the same roles as GalleryModel, so GalleryDelegate
// paints them unchanged; every row is a finished (Done) item.
//
// Threads: GUI thread only. Pages are searched on the catalog's reader threads and their stored
// thumbnails (a few KB each) decoded there; as a page lands its QImages go into the shared, bounded
// ThumbnailCache, so rows never hold pixels. A tile evicted from the cache is decoded again from its
// file when scrolled back to.
// Memory is bounded in rows too: rows are grouped in blocks of kPageRows, and beyond
// kMaxLoadedBlocks the block painted longest ago gives its contents back — its rows keep their id
// only (~220 bytes each) and are read again, a block at a time, when they are painted. So scrolling
// through a million images costs a few thousand loaded rows, not a million.
// setQuery() starts over: a page of the previous query that arrives late is dropped. The previous
// rows stay on screen (frozen) until the new first screen replaces them in one reset, so typing and
// the refresh during a run never blank the view.
// The first screen of a query is one coroutine (loadFirstScreen): wait until the catalog can be read
// (the model is built with the window, while the catalog opens), ask for the first page and the
// totals, show the page, then the totals. Later pages are one continuation each (requestPage).
// Lifetime: the model owns that coroutine's Task (m_firstScreen); a new query replaces it, and the
// older one ends at its next resume (its generation is stale). Every wait goes through inContext, so
// a model destroyed mid-flow resumes it once, only to end it: it never touches the dead model.
// Ownership: the catalog and the cache are not owned; the cache must outlive the model, the catalog
// may go first (held by QPointer: the model then stops asking).
#include "core/catalog/catalogtypes.h"

#include <QAbstractListModel>
#include <QCoro/QCoroTask>
#include <QPixmap>
#include <QHash>
#include <QPointer>
#include <vector>

namespace glint {

class Catalog;
class ThumbnailCache;

class CatalogModel final : public QAbstractListModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CatalogModel)
public:
    static constexpr int kPageRows = 200;
    // The first page is one screen: its thumbnails are decoded before any is shown.
    static constexpr int kFirstPageRows = 60;
    // Loaded blocks of kPageRows kept around what is painted: 2,400 rows, many screens either way.
    static constexpr int kMaxLoadedBlocks = 12;
    // Beyond GalleryModel's roles (which this model answers with the same numbers).
    enum Role {
        ImageIdRole = Qt::UserRole + 64,   // qint64, for Catalog::remove
        AddedAtRole,                      // QDateTime (UTC)
        HostRole,
        Sha256Role,
    };

    CatalogModel(Catalog *catalog, ThumbnailCache *thumbnails, QObject *parent = nullptr);

    // Starts over with `query` (its offset and limit are the model's business); the first page is
    // asked for at once, the totals too.
    void setQuery(const CatalogQuery &query);
    CatalogQuery query() const { return m_query; }
    // The same query again, e.g. after new records were inserted or some removed.
    void refresh() { setQuery(m_query); }

    CatalogTotals totals() const { return m_totals; }
    bool isLoading() const { return m_loading; }
    // setQuery() was called before the catalog became readable: the first screen comes once it is.
    bool isWaitingForCatalog() const { return m_waitingForCatalog; }
    qint64 imageId(int row) const;   // known for every row, loaded or not
    bool isLoaded(int row) const;
    int loadedBlocks() const { return int(m_loadedBlocks.size()); }
    void setMaxLoadedBlocks(int blocks) { m_maxLoadedBlocks = qMax(1, blocks); }   // tests

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

Q_SIGNALS:
    void pageLoaded(int firstRow, int rows);   // after the rows were inserted
    void totalsChanged(const glint::CatalogTotals &totals);
    void searchFailed(const QString &message);

private:
    struct Row {
        mutable CatalogImage image;   // no thumbnailJpeg, no thumbnail (in the cache); only the id when unloaded
        bool loaded = true;
    };
    static QString keyOf(const CatalogImage &image) { return QStringLiteral("catalog:%1").arg(image.id); }
    void requestPage();
    QCoro::Task<> loadFirstScreen(quint64 generation);
    void insertPage(const QList<CatalogImage> &images, int limit);    // a later page, appended
    void replaceRows(const QList<CatalogImage> &images, int limit);   // the first screen, in one reset
    void clearRows();
    void forgetRows();                                   // inside a reset
    void appendRows(const QList<CatalogImage> &images);  // inside a reset or an insertion
    void pageFailed(const QString &error);
    void fillRow(int row, const CatalogImage &image);
    void markLoaded(int block);
    void touch(int row) const;                 // painted: its block is in use
    void requestBlock(int block) const;        // a painted row was given back: read its block again
    void onBlockLoaded(int block, const QList<CatalogImage> &images);
    void evictFarBlocks();

    QPointer<Catalog> m_catalog;
    ThumbnailCache *m_thumbnails;
    QHash<qint64, int> m_rowOfId;   // for the cache's ready(): which row shows an image
    CatalogQuery m_query;
    CatalogTotals m_totals;
    std::vector<Row> m_rows;
    quint64 m_generation = 0;   // bumped by setQuery; a page of an older one is dropped
    bool m_loading = false;
    bool m_atEnd = false;
    bool m_waitingForCatalog = false;
    bool m_frozen = false;   // the rows are the previous query's, shown until its first screen comes
    // Blocks with loaded rows, and when each was last painted (m_tick counts paints).
    std::vector<int> m_loadedBlocks;
    mutable std::vector<quint64> m_blockUse;
    mutable quint64 m_tick = 0;
    mutable std::vector<bool> m_blockLoading;
    int m_maxLoadedBlocks = kMaxLoadedBlocks;
    QCoro::Task<> m_firstScreen;   // the current query's first screen, while it runs
    QString m_channel;          // this model's searches make only its own older ones stale
};

} // namespace glint
