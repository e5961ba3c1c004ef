#include "app/catalog/catalogmodel.h"

#include "core/catalog/catalog.h"
#include "app/gallerymodel.h"
#include "app/thumbnails/thumbnailcache.h"
#include "core/pipeline/item.h"
#include "core/util/awaitfuture.h"
#include "core/util/whenready.h"

#include <QElapsedTimer>
#include <QLocale>
#include <algorithm>
#include <atomic>
#include <limits>

namespace glint {
namespace {
std::atomic<int> g_nextModel{1};
}

CatalogModel::CatalogModel(Catalog *catalog, ThumbnailCache *thumbnails, QObject *parent)
    : QAbstractListModel(parent)
    , m_catalog(catalog)
    , m_thumbnails(thumbnails)
    , m_channel(QStringLiteral("catalog-model-%1").arg(g_nextModel.fetch_add(1)))
{
    connect(thumbnails, &ThumbnailCache::ready, this, [this](const QString &key) {
        if (!key.startsWith(QLatin1String("catalog:")))
            return;
        const int row = m_rowOfId.value(key.mid(8).toLongLong(), -1);
        if (row >= 0 && row < rowCount())
            Q_EMIT dataChanged(index(row), index(row), {Qt::DecorationRole});
    });
    m_atEnd = true;   // nothing to fetch until a query is set
    m_walkSoon.setSingleShot(true);
    m_walkSoon.setInterval(kIdWalkDelayMs);
    connect(&m_walkSoon, &QTimer::timeout, this, &CatalogModel::startLearningIds);
}

void CatalogModel::setQuery(const CatalogQuery &query)
{
    m_query = query;
    m_query.offset = 0;
    m_query.limit = kPageRows;
    m_query.decodeThumbnails = true;
    ++m_generation;
    // The rows shown stay until this query's first screen replaces them in one reset: cleared
    // here, the view would go blank for the length of every search, at every pause in typing and
    // at every refresh while a run records. Until then they are frozen (m_frozen): real catalog
    // images, so selecting or opening one still works, but no block of theirs is read again and no
    // page is appended, as the offsets are the new query's.
    m_frozen = !m_ids.empty();
    m_atEnd = false;
    m_counted = false;
    m_loading = false;
    m_waitingForCatalog = false;
    m_learningIds = false;   // the older walk ends at its next resume: its generation is gone
    m_idsLearnt = false;
    m_idsKnownTo = 0;
    m_walkSoon.stop();
    // The older flow, if it still waits, is let go: it ends by itself at its next resume.
    m_firstScreen = loadFirstScreen(m_generation);
}

// Open → the first screen → the count, as the sequence it is. Runs until its first wait inside
// setQuery(), then from the event loop. After every co_await: first whether the model is gone (touch
// nothing), then whether a newer query took over (its own flow owns m_loading and the rows now).
QCoro::Task<> CatalogModel::loadFirstScreen(quint64 generation)
{
    if (!m_catalog) {
        clearRows();
        co_return;
    }
    m_loading = true;
    if (!m_catalog->isReadable()) {
        clearRows();   // a catalog opened again: what was shown may be gone
        m_waitingForCatalog = true;
        Catalog *catalog = m_catalog.data();
        const auto opened = co_await inContext(catalog, &Catalog::readable, this);
        if (opened.contextGone())
            co_return;
        if (generation != m_generation)
            co_return;
        m_waitingForCatalog = false;
        if (!opened.emitted() || !m_catalog) {
            m_loading = false;   // the catalog went away: nothing to restore
            co_return;
        }
    }
    CatalogQuery first = m_query;
    first.limit = kFirstPageRows;
    // Both at once, on the reader threads; named locals, never temporaries inside a co_await (GCC 12).
    const QFuture<QList<CatalogImage>> page = m_catalog->search(first, m_channel);
    const QFuture<CatalogTotals> totals = m_catalog->totals(m_query, m_channel + QStringLiteral("/totals"));

    const auto found = co_await inContext(page, this);
    if (found.contextGone() || generation != m_generation)
        co_return;
    if (found.hasValue()) {
        replaceRows(found.valueOr({}), first.limit);   // one reset, from the previous rows to these
    } else {
        clearRows();   // failed (its message goes to the status bar), or the catalog went away
        pageFailed(found.failure());
    }

    const auto counted = co_await inContext(totals, this);
    if (counted.contextGone() || generation != m_generation)
        co_return;
    // Stale or failed: the page reported the same failure already; one message is enough, and
    // pages go on being appended as the view asks.
    if (counted.hasValue()) {
        m_totals = counted.valueOr({});
        if (found.hasValue()) {
            countRows(m_totals.count);
            m_walkSoon.start();
        }
        Q_EMIT totalsChanged(m_totals);
    }
}

// A jump (a drag of the scroll bar, End, a click in its trough) lands on a block with no known
// neighbour, which an OFFSET reads by stepping over every row before it: 3-4 s in the middle of a
// million rows matching a text that no index serves in order (BENCHMARKS, section 23). So once the
// user scrolls, the ids of every row are learnt in the background, a span at a time, each span read
// from the key of the row before it (a seek, ids only, on its own channel): then every block has a
// known neighbour. A million ids are the 8 MB the rows hold anyway. A span is sized to hold a reader
// thread for about 20 ms (IdWalkSpan), so a block being painted waits little behind it.
QCoro::Task<> CatalogModel::learnIds(quint64 generation)
{
    CatalogQuery span = m_query;
    span.limit = std::min(IdWalkSpan::kFirst, m_idSpan);
    span.decodeThumbnails = false;
    std::size_t row = 0;
    QElapsedTimer took;
    for (;;) {
        while (row < m_ids.size() && m_ids[row] != 0)
            ++row;   // known already (the first screen, blocks read): the walk goes on after them
        m_idsKnownTo = row;
        if (row >= m_ids.size() || !m_catalog) {
            m_idsLearnt = row >= m_ids.size();
            co_return;
        }
        span.offset = int(row);
        span.after = row > 0 ? m_ids[row - 1] : 0;
        took.start();
        const QFuture<QList<qint64>> read = m_catalog->imageIds(span, m_channel + QStringLiteral("/ids"));
        const auto learnt = co_await inContext(read, this);
        if (learnt.contextGone() || generation != m_generation || !learnt.hasValue())
            co_return;   // the model is gone, a newer query took over, or the read failed
        const QList<qint64> ids = learnt.valueOr({});
        for (const qint64 id : ids) {
            if (row >= m_ids.size())
                break;
            if (m_ids[row] != 0 && m_ids[row] != id)
                co_return;   // the catalog changed since the count: the next refresh starts over
            m_ids[row++] = id;
        }
        if (ids.size() < span.limit) {
            m_idsLearnt = row >= m_ids.size();
            co_return;   // the catalog shrank since the count: the rows beyond stay unknown
        }
        span.limit = IdWalkSpan::next(span.limit, double(took.nsecsElapsed()) / 1e6, m_idSpan);
    }
}

void CatalogModel::startLearningIds()
{
    m_walkSoon.stop();
    if (!m_counted || m_learningIds || rowCount() <= kLearnIdsFrom)
        return;
    m_learningIds = true;
    m_idWalk = learnIds(m_generation);
}

void CatalogModel::requestPage()
{
    if (!m_catalog || m_loading || m_atEnd || m_frozen)
        return;
    m_loading = true;
    CatalogQuery page = m_query;
    page.offset = rowCount();
    page.limit = kPageRows;
    page.after = rowCount() > 0 ? m_ids.back() : 0;   // a seek from the last row's key, not an OFFSET
    const quint64 generation = m_generation;
    // One step: a continuation reads better than a coroutine here.
    whenResult(m_catalog->search(page, m_channel), this,
        [this, generation, offset = page.offset, limit = page.limit](const QList<CatalogImage> &images) {
            if (generation == m_generation)
                placePage(offset, images, limit);
        },
        [this, generation](const QString &error) {
            if (generation == m_generation)
                pageFailed(error);
        });
}

// A page asked for before the count. The count may have come meanwhile and made rows for it: those
// are filled, the rest (if the catalog grew since) appended.
void CatalogModel::placePage(int offset, const QList<CatalogImage> &images, int limit)
{
    m_loading = false;
    m_atEnd = m_counted || images.size() < limit;
    const int existing = qBound(0, rowCount() - offset, int(images.size()));
    for (int i = 0; i < existing; ++i)
        fillRow(offset + i, images.at(i));
    if (existing > 0)
        Q_EMIT dataChanged(index(offset), index(offset + existing - 1));
    if (existing < images.size()) {
        const int first = rowCount();
        beginInsertRows({}, first, first + int(images.size()) - existing - 1);
        appendRows(images.mid(existing));
        endInsertRows();
    }
    if (!images.isEmpty())
        Q_EMIT pageLoaded(offset, int(images.size()));
    evictFarBlocks();
}

void CatalogModel::replaceRows(const QList<CatalogImage> &images, int limit)
{
    m_loading = false;   // before the reset: the view asks isLoading() for its empty text
    m_atEnd = images.size() < limit;
    beginResetModel();
    forgetRows();
    appendRows(images);
    endResetModel();
    if (!images.isEmpty())
        Q_EMIT pageLoaded(0, int(images.size()));
}

// One row for every match, read when painted. The rows already there stay, even if the count is
// smaller (the catalog shrank since they were read): the next refresh settles that.
void CatalogModel::countRows(qint64 count)
{
    m_counted = true;
    m_atEnd = true;
    const int rows = int(qMin<qint64>(count, std::numeric_limits<int>::max() / 2));
    if (rows <= rowCount())
        return;
    beginInsertRows({}, rowCount(), rows - 1);
    resizeRows(rows);
    endInsertRows();
}

void CatalogModel::clearRows()
{
    beginResetModel();
    forgetRows();
    endResetModel();
}

void CatalogModel::forgetRows()
{
    m_ids.clear();
    m_ids.shrink_to_fit();
    m_blocks.clear();
    m_rowOfId.clear();
    m_blockUse.clear();
    m_blockLoading.clear();
    m_idsKnownTo = 0;
    m_frozen = false;
}

void CatalogModel::resizeRows(int rows)
{
    m_ids.resize(std::size_t(rows), 0);
    const std::size_t blocks = (m_ids.size() + kPageRows - 1) / kPageRows;
    m_blockUse.resize(blocks, 0);
    m_blockLoading.resize(blocks, false);
}

void CatalogModel::appendRows(const QList<CatalogImage> &images)
{
    const int first = rowCount();
    resizeRows(first + int(images.size()));
    for (int i = 0; i < images.size(); ++i)
        fillRow(first + i, images.at(i));
    for (int block = first / kPageRows; block * kPageRows < rowCount(); ++block)
        markUsed(block);   // just read: as if painted now, so it is the last to give its rows back
}

void CatalogModel::fillRow(int row, const CatalogImage &image)
{
    Block &block = m_blocks[row / kPageRows];
    const std::size_t at = std::size_t(row % kPageRows);
    if (block.images.size() <= at)
        block.images.resize(at + 1);
    CatalogImage &slot = block.images[at];
    if (slot.id != 0 && slot.id != image.id)
        m_rowOfId.remove(slot.id);   // the catalog changed under a block read again
    slot = image;
    slot.thumbnailJpeg.clear();
    // The pixels go to the bounded cache at once: a row keeps a few hundred bytes, never an image,
    // even when it is fetched and never painted (issue 10).
    if (!slot.thumbnail.isNull()) {
        m_thumbnails->insert(keyOf(slot.id), slot.thumbnail, slot.size);
        slot.thumbnail = QImage();
    }
    m_ids[std::size_t(row)] = image.id;
    m_rowOfId.insert(image.id, row);
}

const CatalogImage *CatalogModel::loadedImage(int row) const
{
    if (row < 0 || row >= rowCount())
        return nullptr;
    const auto found = m_blocks.find(row / kPageRows);
    if (found == m_blocks.end())
        return nullptr;
    const std::size_t at = std::size_t(row % kPageRows);
    const std::vector<CatalogImage> &images = found->second.images;
    return at < images.size() && images[at].id != 0 ? &images[at] : nullptr;
}

bool CatalogModel::isLoaded(int row) const
{
    return loadedImage(row) != nullptr;
}

void CatalogModel::touch(int row) const
{
    const std::size_t block = std::size_t(row / kPageRows);
    if (block < m_blockUse.size())
        m_blockUse[block] = ++m_tick;
}

// The block painted longest ago goes first; the loaded blocks are a dozen, so the search is short.
void CatalogModel::evictFarBlocks()
{
    while (int(m_blocks.size()) > m_maxLoadedBlocks) {
        const auto oldest = std::min_element(m_blocks.begin(), m_blocks.end(), [this](const auto &a, const auto &b) {
            return m_blockUse[std::size_t(a.first)] < m_blockUse[std::size_t(b.first)];
        });
        for (const CatalogImage &image : oldest->second.images)
            m_rowOfId.remove(image.id);   // m_ids keeps them: selection, delete and the viewer ask by id
        m_blocks.erase(oldest);
    }
}

// Asked from data() while painting: the search is posted, nothing changes until it comes back.
void CatalogModel::requestBlock(int block) const
{
    if (!m_catalog || m_blockLoading[std::size_t(block)])
        return;
    m_blockLoading[std::size_t(block)] = true;
    auto *self = const_cast<CatalogModel *>(this);
    if (block > 0)
        self->startLearningIds();   // the user scrolls, and may jump next: no need to wait
    CatalogQuery page = m_query;
    const int first = block * kPageRows;
    page.offset = first;
    page.limit = qMin(kPageRows, rowCount() - first);
    // SQLite steps over every row an OFFSET skips: a block in the middle of a million rows cost
    // 10–16 ms with the pages cached and up to 0.6 s without. When a neighbouring row's id is
    // known (the block above or below was read, as it is whenever the user scrolls), the block is
    // read from that row's sort key instead, a seek in the index. Otherwise an OFFSET, counted from
    // the nearest row whose id is known: the end (End on a million rows then steps over none of
    // them instead of 999,800) or the furthest row the id walk has reached, from its key (a jump
    // made while the walk runs steps over only the rows between the walk and the block).
    const int behind = first + page.limit;
    const int walked = int(std::min(m_idsKnownTo, std::size_t(first)));
    if (first > 0 && m_ids[std::size_t(first - 1)] != 0) {
        page.after = m_ids[std::size_t(first - 1)];
    } else if (m_counted && behind < rowCount() && m_ids[std::size_t(behind)] != 0) {
        page.fromEnd = true;
        page.offset = rowCount() - behind;
        page.after = m_ids[std::size_t(behind)];
    } else if (m_counted && rowCount() - behind < first - walked) {
        page.fromEnd = true;
        page.offset = rowCount() - behind;
    } else if (walked > 0) {
        page.after = m_ids[std::size_t(walked - 1)];
        page.afterSkip = first - walked;
    }
    // A block read again after it gave its rows back: the thumbnails the cache still holds are not
    // decoded again on the reader (a block's 200 took 40-160 ms there) nor made into pixmaps here.
    for (int row = first; row < behind; ++row) {
        const qint64 id = m_ids[std::size_t(row)];
        if (id != 0 && m_thumbnails->hasSharp(keyOf(id)))
            page.thumbnailsHeld.insert(id);
    }
    const quint64 generation = m_generation;
    // A block asked for makes the one kBlockChannels before it on its channel stale: a drag of the
    // scroll bar across a million rows passes thousands of blocks, and their reads (each stepping
    // over its OFFSET) would otherwise all run, in order, before the blocks where the drag ended.
    // The blocks on screen at once are two neighbours at most, so they never make each other stale.
    const QString channel = m_channel + QStringLiteral("/block/%1").arg(block % kBlockChannels);
    whenResult(m_catalog->search(page, channel), self,
        [self, generation, block](const QList<CatalogImage> &images) {
            if (generation == self->m_generation)
                self->onBlockLoaded(block, images);
        },
        [self, generation, block](const QString &) {
            if (generation == self->m_generation)
                self->m_blockLoading[std::size_t(block)] = false;   // asked again at the next paint
        });
}

// The block read as a whole replaces what was there; rows it no longer reaches (the catalog shrank
// since the count) stay empty tiles until the next refresh, and are not asked for again.
void CatalogModel::onBlockLoaded(int block, const QList<CatalogImage> &images)
{
    m_blockLoading[std::size_t(block)] = false;
    const int first = block * kPageRows;
    const int count = qMin(kPageRows, rowCount() - first);
    if (count <= 0)
        return;
    Block &loaded = m_blocks[block];
    for (const CatalogImage &image : loaded.images)
        m_rowOfId.remove(image.id);
    loaded.images.clear();
    loaded.images.resize(std::size_t(count));
    loaded.whole = true;
    for (int i = 0; i < qMin(count, int(images.size())); ++i)
        fillRow(first + i, images.at(i));
    markUsed(block);
    Q_EMIT dataChanged(index(first), index(first + count - 1));
    evictFarBlocks();
}

void CatalogModel::pageFailed(const QString &error)
{
    // Made stale by a newer search of this model (dropped by the caller), the catalog went away (no
    // message), or the search failed (its message).
    m_loading = false;
    if (error.isEmpty())
        return;
    m_atEnd = true;
    Q_EMIT searchFailed(error);
}

qint64 CatalogModel::imageId(int row) const
{
    return row >= 0 && row < rowCount() ? m_ids[std::size_t(row)] : 0;
}

int CatalogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_ids.size());
}

bool CatalogModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && !m_atEnd && !m_loading && !m_frozen && m_catalog;
}

void CatalogModel::fetchMore(const QModelIndex &parent)
{
    if (!parent.isValid())
        requestPage();
}

QVariant CatalogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    touch(index.row());
    const CatalogImage *loaded = loadedImage(index.row());
    if (!loaded) {
        // Never read, or given back to save memory: read a block at a time; meanwhile a placeholder
        // tile, or the thumbnail itself if the cache still has it. Frozen rows are about to go; a
        // row that a whole block read did not reach is gone from the catalog.
        const int block = index.row() / kPageRows;
        const auto found = m_blocks.find(block);
        if (!m_frozen && (found == m_blocks.end() || !found->second.whole))
            requestBlock(block);
        const qint64 id = m_ids[std::size_t(index.row())];
        switch (role) {
        case Qt::DecorationRole:
            return id != 0 ? m_thumbnails->find(keyOf(id)) : QPixmap();
        case GalleryModel::StateRole:
            return int(Item::State::Done);
        case ImageIdRole:
            return id;
        default:
            return {};
        }
    }
    const CatalogImage &image = *loaded;
    switch (role) {
    case Qt::DisplayRole: {
        const QString name = image.url.fileName();
        return name.isEmpty() ? image.url.toDisplayString() : name;
    }
    case Qt::DecorationRole: {
        // Rule 2: QImage on the reader thread, QPixmap here (made as the page landed).
        const QString key = keyOf(image.id);
        bool sharp = false;
        const QPixmap pixmap = m_thumbnails->find(key, &sharp);
        if (!sharp)   // evicted since, or made for another tile size: decoded again from the file
            m_thumbnails->request(key, image.file);
        return pixmap;
    }
    case Qt::ToolTipRole: {
        QString tip = image.url.toDisplayString() + QLatin1Char('\n') + data(index, GalleryModel::DetailRole).toString();
        if (!image.page.isEmpty())
            tip += QLatin1Char('\n') + tr("Found on %1").arg(image.page.toDisplayString());
        tip += QLatin1Char('\n') + tr("Added %1").arg(QLocale().toString(image.addedAt.toLocalTime(), QLocale::ShortFormat));
        if (!image.file.isEmpty())
            tip += QLatin1Char('\n') + image.file;
        return tip;
    }
    case GalleryModel::StateRole:
        return int(Item::State::Done);
    case GalleryModel::ProgressRole:
        return -1.0;
    case GalleryModel::ErrorRole:
        return QString();
    case GalleryModel::UrlRole:
        return image.url;
    case GalleryModel::FileRole:
        return image.file;
    case GalleryModel::DetailRole:
        return GalleryModel::detailText(image.size, image.format, image.bytes);
    case GalleryModel::PageRole:
        return image.page;
    case GalleryModel::SizeRole:
        return image.size;
    case GalleryModel::FormatRole:
        return image.format;
    case GalleryModel::BytesRole:
        return image.bytes;
    case GalleryModel::FetchedRole:
    case AddedAtRole:
        return image.addedAt;
    case ImageIdRole:
        return image.id;
    case HostRole:
        return image.host;
    case Sha256Role:
        return image.sha256;
    default:
        return {};
    }
}

QHash<int, QByteArray> CatalogModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(GalleryModel::StateRole, "state");
    names.insert(GalleryModel::ProgressRole, "progress");
    names.insert(GalleryModel::ErrorRole, "error");
    names.insert(GalleryModel::UrlRole, "url");
    names.insert(GalleryModel::DetailRole, "detail");
    names.insert(GalleryModel::FileRole, "file");
    names.insert(ImageIdRole, "imageId");
    names.insert(AddedAtRole, "addedAt");
    names.insert(HostRole, "host");
    names.insert(Sha256Role, "sha256");
    return names;
}

} // namespace glint
