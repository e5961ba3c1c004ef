#pragma once
// The catalog as gallery rows: a lazy list model over Catalog::search. A query shows its first
// screen (kFirstPageRows) at once; once its matches are counted (Catalog::totals, asked at the same
// time) the model has one row per match, so the scroll bar, End and a drag to the bottom cover the
// whole catalog, as in any photo manager. Rows are read a block of kPageRows at a time, when they
// are painted; until the count comes, pages are appended as the view asks (canFetchMore/fetchMore).
// A million images cost a million ids (8 bytes each) and the blocks scrolled through.
//
// Threads: GUI thread only. Blocks are searched on the catalog's reader threads and their stored
// thumbnails (a few KB each) decoded there; as a block lands its QImages go into the shared, bounded
// ThumbnailCache, so rows never hold pixels. A tile evicted from the cache is decoded again from its
// file when scrolled back to.
// Memory is bounded in rows too: beyond kMaxLoadedBlocks the block painted longest ago gives its
// contents back; its rows keep their id (selection, delete and the viewer ask by id) and are read
// again, a block at a time, when they are painted. A row never read has id 0 until it is; once
// the user scrolls a query of more than kLearnIdsFrom rows, or it has stood kIdWalkDelayMs, every
// row's id is learnt in the background (learnIds), so that a jump reads its block from a
// neighbour's key, never an OFFSET.
// setQuery() starts over: a page of the previous query that arrives late is dropped. The previous
// rows stay on screen (frozen) until the new first screen replaces them in one reset, so typing and
// the refresh during a run never blank the view.
// The first screen of a query is one coroutine (loadFirstScreen): wait until the catalog can be read
// (the model is built with the window, while the catalog opens), ask for the first page and the
// totals, show the page, then the totals and the rows they count. Pages and blocks are one
// continuation each (requestPage, requestBlock).
// Lifetime: the model owns that coroutine's Task (m_firstScreen); a new query replaces it, and the
// older one ends at its next resume (its generation is stale). Every wait goes through inContext, so
// a model destroyed mid-flow resumes it once, only to end it: it never touches the dead model.
// Ownership: the catalog and the cache are not owned; the cache must outlive the model, the catalog
// may go first (held by QPointer: the model then stops asking).
#include "core/catalog/catalogtypes.h"
#include "core/catalog/idwalkspan.h"

#include <QAbstractListModel>
#include <QCoro/QCoroTask>
#include <QPixmap>
#include <QHash>
#include <QPointer>
#include <QTimer>
#include <unordered_map>
#include <vector>

namespace glint {

class Catalog;
class ThumbnailCache;

class CatalogModel final : public QAbstractListModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CatalogModel)
public:
    static constexpr int kPageRows = 200;   // a page before the count, a block after
    // The first page is one screen: its thumbnails are decoded before any is shown.
    static constexpr int kFirstPageRows = 60;
    // Loaded blocks of kPageRows kept around what is painted: 2,400 rows, many screens either way.
    static constexpr int kMaxLoadedBlocks = 12;
    // Block reads share this many channels, by block number modulo: see requestBlock().
    static constexpr int kBlockChannels = 4;
    // Ids are learnt in the background (learnIds), a span at a time, for queries of more rows than
    // this: once the user scrolls, or once the query has stood this long (longer than the refresh
    // during a run waits, which would otherwise start it over every time).
    static constexpr int kLearnIdsFrom = kMaxLoadedBlocks * kPageRows;
    static constexpr int kIdWalkDelayMs = 1500;
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
    // The totals came: there is a row for every match, read or not.
    bool isCounted() const { return m_counted; }
    // Bumped by every setQuery: rows read under an older one may stand for other images now.
    quint64 generation() const { return m_generation; }
    // setQuery() was called before the catalog became readable: the first screen comes once it is.
    bool isWaitingForCatalog() const { return m_waitingForCatalog; }
    qint64 imageId(int row) const;   // known for every row read once, loaded now or not; else 0
    bool isLoaded(int row) const;
    // Every row's id is known (learnt in the background once the user scrolled, or read).
    bool knowsEveryId() const { return m_idsLearnt; }
    int loadedBlocks() const { return int(m_blocks.size()); }
    void setMaxLoadedBlocks(int blocks) { m_maxLoadedBlocks = qMax(1, blocks); }   // tests
    void setMaxIdSpan(int rows) { m_idSpan = qMax(1, rows); }                        // tests
    void setIdWalkDelay(int ms) { m_walkSoon.setInterval(ms); }                      // tests

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
    // One block of kPageRows rows while it is loaded, by position in the block. An entry with id 0
    // was not read: a block filled by pages before the count, or one the catalog shrank under.
    struct Block {
        std::vector<CatalogImage> images;   // no thumbnailJpeg, no thumbnail (those are in the cache)
        bool whole = false;   // read as one block: a missing entry is a row gone since the count
    };
    static QString keyOf(qint64 id) { return QStringLiteral("catalog:%1").arg(id); }
    const CatalogImage *loadedImage(int row) const;
    void requestPage();
    QCoro::Task<> loadFirstScreen(quint64 generation);
    QCoro::Task<> learnIds(quint64 generation);
    void startLearningIds();
    void placePage(int offset, const QList<CatalogImage> &images, int limit);   // before the count
    void replaceRows(const QList<CatalogImage> &images, int limit);   // the first screen, in one reset
    void countRows(qint64 count);                        // the totals came: a row for every match
    void clearRows();
    void forgetRows();                                   // inside a reset
    void appendRows(const QList<CatalogImage> &images);  // inside a reset or an insertion
    void resizeRows(int rows);
    void pageFailed(const QString &error);
    void fillRow(int row, const CatalogImage &image);
    void markUsed(int block) const { m_blockUse[std::size_t(block)] = ++m_tick; }
    void touch(int row) const;                 // painted: its block is in use
    void requestBlock(int block) const;        // a painted row is not loaded: read its block
    void onBlockLoaded(int block, const QList<CatalogImage> &images);
    void evictFarBlocks();

    QPointer<Catalog> m_catalog;
    ThumbnailCache *m_thumbnails;
    QHash<qint64, int> m_rowOfId;   // for the cache's ready(): which row shows an image (loaded rows)
    CatalogQuery m_query;
    CatalogTotals m_totals;
    std::vector<qint64> m_ids;                  // one per row: rowCount()
    std::unordered_map<int, Block> m_blocks;    // the loaded blocks, at most m_maxLoadedBlocks
    quint64 m_generation = 0;   // bumped by setQuery; a page of an older one is dropped
    bool m_loading = false;
    bool m_atEnd = false;
    bool m_counted = false;
    bool m_waitingForCatalog = false;
    bool m_frozen = false;   // the rows are the previous query's, shown until its first screen comes
    // Per block: when it was last painted or read (m_tick counts), and whether a read is on its way.
    mutable std::vector<quint64> m_blockUse;
    mutable quint64 m_tick = 0;
    mutable std::vector<bool> m_blockLoading;
    int m_maxLoadedBlocks = kMaxLoadedBlocks;
    int m_idSpan = IdWalkSpan::kMax;   // the longest span learnIds reads
    QCoro::Task<> m_firstScreen;   // the current query's first screen, while it runs
    QCoro::Task<> m_idWalk;        // the current query's ids, learnt span by span once scrolled
    bool m_learningIds = false;    // m_idWalk started for this query
    bool m_idsLearnt = false;
    std::size_t m_idsKnownTo = 0;  // rows [0, m_idsKnownTo) all have their ids: how far the walk got
    QTimer m_walkSoon;             // the query has stood kIdWalkDelayMs since its count: learn its ids
    QString m_channel;          // this model's searches make only its own older ones stale
};

} // namespace glint
