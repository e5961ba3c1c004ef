#include "core/catalog/catalogreader.h"

#include "core/catalog/catalogfilter.h"
#include "core/catalog/catalogschema.h"
#include "core/catalog/catalogsql.h"
#include "core/catalog/storedthumbnails.h"

#include <QSqlQuery>
#include <QStringList>
#include <algorithm>
#include <atomic>
#include <climits>
#include <vector>


namespace glint {
namespace {

std::atomic<int> g_denseTextRows{20000};
std::atomic<quint64> g_planEpoch{0};   // CatalogReader::forgetRememberedPlans()

const char *const kImageColumns =
    "i.id, i.sha256, i.bytes, i.format, i.width, i.height, i.file, i.added_at, i.url, i.host,"
    " (SELECT url FROM pages WHERE id = i.page_id), t.data";

// The thumbnail stays encoded: StoredThumbnails decodes a whole page at once, on two threads.
CatalogImage imageFromRow(const QSqlQuery &query)
{
    CatalogImage image;
    image.id = query.value(0).toLongLong();
    image.sha256 = query.value(1).toString().toLatin1();
    image.bytes = query.value(2).toLongLong();
    image.format = query.value(3).toString().toLatin1();
    image.size = QSize(query.value(4).toInt(), query.value(5).toInt());
    image.file = query.value(6).toString();
    image.addedAt = QDateTime::fromMSecsSinceEpoch(query.value(7).toLongLong(), Qt::UTC);
    image.url = QUrl(query.value(8).toString());
    image.host = query.value(9).toString();
    const QVariant page = query.value(10);
    if (!page.isNull())
        image.page = QUrl(page.toString());
    image.thumbnailJpeg = query.value(11).toByteArray();
    return image;
}

// Rows and limits of rareTrigrams() below.
constexpr qint64 kTrigramWindow = 4096;     // the newest rows, where each trigram's share is sampled
constexpr qint64 kTrigramProbeLimit = 256;  // a trigram seen this often in the window is common: stop counting
constexpr qint64 kMaxCandidates = 10000;    // rows whose text is read to confirm the whole phrase (~2.5 µs each)

// An FTS5 phrase reads the row list of each of its trigrams at every row it tries. "host17.example"
// has twelve, ten of them in nearly every row ("hos", "exa"…), and at 1,000,000 rows that cost
// ~90 ms; the two rarest ("t17", "17.") find the same 4,000 candidates in ~1 ms, and reading those
// rows' text to confirm the phrase takes ~8 ms. So: sample each trigram's share among the newest
// rows, AND the two rarest, and if that leaves few enough candidates return the MATCH for them.
// Otherwise (every trigram common: the phrase is then cheap, as the capped probe stops early) an
// empty string, and the caller asks for the phrase. ASCII text only, so that the confirmation's
// lower() folds case exactly as the index does.
QString rareTrigrams(const QSqlDatabase &db, const QString &text, qint64 images)
{
    const QString folded = text.toLower();
    if (folded.size() < CatalogFilter::kIndexedTextLength + 1)
        return {};   // one trigram: nothing to choose
    for (const QChar c : folded) {
        if (c.unicode() >= 0x80)
            return {};
    }
    QStringList trigrams;
    for (qsizetype i = 0; i + CatalogFilter::kIndexedTextLength <= folded.size(); ++i) {
        const QString trigram = folded.mid(i, CatalogFilter::kIndexedTextLength);
        if (!trigrams.contains(trigram))
            trigrams << trigram;
    }
    if (trigrams.size() < 2)
        return {};
    QSqlQuery sample = CatalogSql::prepare(db, QStringLiteral("SELECT count(*) FROM (SELECT rowid FROM images_text"
                                                              " WHERE images_text MATCH ? AND rowid > ? LIMIT ?)"));
    std::vector<std::pair<qint64, QString>> counted;
    for (const QString &trigram : std::as_const(trigrams)) {
        CatalogSql::exec(sample, {CatalogFilter::phrase(trigram), images - kTrigramWindow, kTrigramProbeLimit});
        counted.emplace_back(sample.next() ? sample.value(0).toLongLong() : 0, trigram);
        sample.finish();
    }
    std::stable_sort(counted.begin(), counted.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    const qint64 window = qMin(images, kTrigramWindow);
    if (window > 0 && counted[0].first * images / window > 4 * kMaxCandidates)
        return {};   // even the rarest is common: too many rows to confirm one by one
    const QString match = CatalogFilter::phrase(counted[0].second) + QLatin1String(" AND ") + CatalogFilter::phrase(counted[1].second);
    QSqlQuery candidates = CatalogSql::prepare(
        db, QStringLiteral("SELECT count(*) FROM (SELECT rowid FROM images_text WHERE images_text MATCH ? LIMIT ?)"));
    CatalogSql::exec(candidates, {match, kMaxCandidates});
    const qint64 found = candidates.next() ? candidates.value(0).toLongLong() : kMaxCandidates;
    candidates.finish();
    return found < kMaxCandidates ? match : QString();
}

// The sort key of one image (CatalogFilter::sortKey's columns, then its id), or nothing when it is
// no longer in the catalog.
QVariantList sortKeyOf(const QSqlDatabase &db, CatalogQuery::Sort sort, qint64 id)
{
    const QStringList columns = CatalogFilter::sortKey(sort);
    QSqlQuery q = CatalogSql::prepare(db, QStringLiteral("SELECT %1, id FROM images WHERE id = ?").arg(columns.join(QLatin1String(", "))));
    CatalogSql::exec(q, {id});
    QVariantList key;
    if (q.next()) {
        for (int i = 0; i <= columns.size(); ++i)
            key << q.value(i);
    }
    q.finish();
    return key;
}

// What textPlan() chose for the last text on this thread's connection, with the state of the
// catalog it saw. The Catalog tab reads a search's blocks one by one as the user scrolls, and the
// plan's probe (collecting every match of a rare text, up to 20,000 ids) cost 20-30 ms of each
// 200-row block of "host17.example" on a million images, ten times the block's own read.
// PRAGMA data_version changes whenever another connection (the writer) commits, so a plan is
// reused only while the catalog is as it was. One entry: a reader thread serves one search at a time.
struct RememberedPlan {
    QString connection;
    QString text;
    qint64 dataVersion = -1;
    int denseTextRows = 0;
    quint64 epoch = 0;
    CatalogFilter::TextPlan plan = CatalogFilter::TextPlan::Index;
    QString ids;
};
thread_local RememberedPlan t_lastPlan;

CatalogFilter::TextPlan rememberedTextPlan(const QSqlDatabase &db, const QString &text, QString *ids)
{
    if (text.trimmed().toUcs4().size() < CatalogFilter::kIndexedTextLength)
        return CatalogReader::textPlan(db, text, ids);   // nothing to probe
    const qint64 version = CatalogSql::run(db, QStringLiteral("PRAGMA data_version")).toLongLong();
    RememberedPlan &last = t_lastPlan;
    if (last.dataVersion != version || last.text != text || last.connection != db.connectionName()
        || last.denseTextRows != CatalogReader::denseTextRows() || last.epoch != g_planEpoch.load()) {
        QString found;
        // Remembered only once it is complete: an interrupted probe (a stale search) throws here.
        const CatalogFilter::TextPlan plan = CatalogReader::textPlan(db, text, &found);
        last = RememberedPlan{db.connectionName(), text, version, CatalogReader::denseTextRows(), g_planEpoch.load(), plan, found};
    }
    *ids = last.ids;
    return last.plan;
}

// Runs the statement for the page `query` names: `shape` gets the WHERE clause as %1 and the ORDER
// BY body as %2 (backwards for a page counted from the end), and its placeholders are the filter's
// values, then LIMIT, then OFFSET (0 when the page seeks past query.after's key instead). One place
// for what search() and imageIds() share.
QSqlQuery execPage(const QSqlDatabase &db, const CatalogQuery &query, const QString &shape)
{
    QString matchedIds;
    const CatalogFilter::TextPlan plan = rememberedTextPlan(db, query.text, &matchedIds);
    CatalogFilter filter(query, plan, matchedIds);
    int offset = qMax(0, query.offset);
    if (query.after != 0) {
        const QVariantList key = sortKeyOf(db, query.sort, query.after);
        if (!key.isEmpty()) {
            filter.seekPast(query.sort, query.fromEnd, key);
            offset = qMax(0, query.afterSkip);
        }
    }
    QSqlQuery q = CatalogSql::prepare(db, shape.arg(filter.where(), CatalogFilter::orderBy(query.sort, query.fromEnd)));
    int n = 0;
    for (const QVariant &value : filter.values())
        q.bindValue(n++, value);
    q.bindValue(n++, qMax(0, query.limit));
    q.bindValue(n++, offset);
    CatalogSql::exec(q);
    return q;
}

} // namespace

QList<CatalogImage> CatalogReader::search(const QSqlDatabase &db, const CatalogQuery &query,
                                          const std::function<bool()> &isStale, QThreadPool *thumbnailHelpers)
{
    // The inner select walks an index to pick one page of ids, touching nothing else; only those
    // rows are then read with their page URL and thumbnail. Joining first would make SQLite fetch
    // the thumbnail of every row skipped by OFFSET.
    QSqlQuery q = execPage(db, query,
        QLatin1String("SELECT ") + QLatin1String(kImageColumns)
            + QLatin1String(" FROM (SELECT i.id AS id FROM images i%1 ORDER BY %2 LIMIT ? OFFSET ?) AS pick"
                            " JOIN images i ON i.id = pick.id LEFT JOIN thumbnails t ON t.image_id = i.id ORDER BY %2"));
    QList<CatalogImage> images;
    images.reserve(qMax(0, query.limit));
    while (q.next()) {
        if (isStale && isStale())
            break;
        images.append(imageFromRow(q));
        if (query.thumbnailsHeld.contains(images.last().id))
            images.last().thumbnailJpeg.clear();   // the caller has its pixels: nothing to decode
    }
    q.finish();
    if (query.fromEnd)
        std::reverse(images.begin(), images.end());
    if (query.decodeThumbnails)
        StoredThumbnails::decode(images, isStale, thumbnailHelpers);
    return images;
}

QList<qint64> CatalogReader::imageIds(const QSqlDatabase &db, const CatalogQuery &query,
                                      const std::function<bool()> &isStale)
{
    QSqlQuery q = execPage(db, query, QStringLiteral("SELECT i.id FROM images i%1 ORDER BY %2 LIMIT ? OFFSET ?"));
    QList<qint64> ids;
    ids.reserve(qMax(0, query.limit));
    while (q.next()) {
        if (isStale && isStale())
            break;
        ids.append(q.value(0).toLongLong());
    }
    q.finish();
    if (query.fromEnd)
        std::reverse(ids.begin(), ids.end());
    return ids;
}

CatalogTotals CatalogReader::totals(const QSqlDatabase &db, const CatalogQuery &query)
{
    // A count reads every match whatever the plan; the index reads them fastest, from the text's
    // rarest trigrams when they leave few rows to confirm.
    const QString needle = query.text.trimmed();
    QString rare;
    if (needle.size() > CatalogFilter::kIndexedTextLength) {
        const qint64 images = CatalogSql::run(db, QStringLiteral("SELECT coalesce(max(id), 0) FROM images")).toLongLong();
        rare = rareTrigrams(db, needle, images);
    }
    const CatalogFilter filter(query, rare.isEmpty() ? CatalogFilter::TextPlan::Index : CatalogFilter::TextPlan::Rare, rare);
    QSqlQuery q = CatalogSql::prepare(
        db, QStringLiteral("SELECT count(*), coalesce(sum(i.bytes), 0) FROM images i%1").arg(filter.where()));
    int n = 0;
    for (const QVariant &value : filter.values())
        q.bindValue(n++, value);
    CatalogSql::exec(q);
    CatalogTotals totals;
    if (q.next()) {
        totals.count = q.value(0).toLongLong();
        totals.bytes = q.value(1).toLongLong();
    }
    q.finish();
    return totals;
}

void CatalogReader::setDenseTextRows(int rows)
{
    g_denseTextRows.store(rows);
}

int CatalogReader::denseTextRows()
{
    return g_denseTextRows.load();
}

void CatalogReader::forgetRememberedPlans()
{
    g_planEpoch.fetch_add(1);
}

CatalogFilter::TextPlan CatalogReader::textPlan(const QSqlDatabase &db, const QString &text, QString *ids)
{
    if (text.trimmed().toUcs4().size() < CatalogFilter::kIndexedTextLength)
        return CatalogFilter::TextPlan::Scan;   // the index cannot look it up
    // Count matches, but stop at the threshold: the index yields matches lazily in rowid order, so
    // a dense text reaches the cap after reading a small part of its lists, and a rare one costs
    // what its lookup costs anyway. (Trigram statistics were tried first: their bound is far too
    // loose, as "host17.example" is rare while each of its trigrams is common.)
    const qint64 images = CatalogSql::run(db, QStringLiteral("SELECT coalesce(max(id), 0) FROM images")).toLongLong();
    // Below the cap the probe has read every match, so it keeps them: the page then looks them up
    // by id rather than asking the index again (json_group_array builds the list inside SQLite).
    const qint64 cap = qMax<qint64>(denseTextRows(), images / 50);
    const QString needle = text.trimmed();
    QSqlQuery q;
    if (const QString rare = rareTrigrams(db, needle, images); !rare.isEmpty()) {
        // The rare trigrams' rows, each confirmed to hold the whole text.
        q = CatalogSql::prepare(db, QStringLiteral("SELECT count(*), json_group_array(rowid) FROM (%1 LIMIT ?)")
                                        .arg(CatalogFilter::confirmedRows()));
        CatalogSql::exec(q, {rare, needle.toLower(), cap});
    } else {
        q = CatalogSql::prepare(db, QStringLiteral("SELECT count(*), json_group_array(rowid) FROM"
                                                   " (SELECT rowid FROM images_text WHERE images_text MATCH ? LIMIT ?)"));
        CatalogSql::exec(q, {CatalogFilter::phrase(needle), cap});
    }
    const qint64 found = q.next() ? q.value(0).toLongLong() : 0;
    if (found < cap && ids)
        *ids = q.value(1).toString();
    q.finish();
    return found >= cap ? CatalogFilter::TextPlan::Scan : CatalogFilter::TextPlan::Ids;
}

QHash<QUrl, CatalogImage> CatalogReader::findByUrls(const QSqlDatabase &db, const QList<QUrl> &urls,
                                                    QThreadPool *thumbnailHelpers)
{
    // One statement, compiled once and run per address: compiling it for each of a page's 200
    // addresses was most of the lookup in front of a run's first download (~10 ms).
    QSqlQuery q = CatalogSql::prepare(
        db, QStringLiteral("SELECT %1 FROM sources s JOIN images i ON i.id = s.image_id"
                           " LEFT JOIN thumbnails t ON t.image_id = i.id WHERE s.url = ?")
                .arg(QLatin1String(kImageColumns)));
    QList<QUrl> foundUrls;
    QList<CatalogImage> images;
    for (const QUrl &url : urls) {
        CatalogSql::exec(q, {CatalogSchema::urlText(url)});
        if (q.next()) {
            foundUrls.append(url);
            images.append(imageFromRow(q));
        }
        q.finish();
    }
    StoredThumbnails::decode(images, {}, thumbnailHelpers);
    QHash<QUrl, CatalogImage> found;
    found.reserve(images.size());
    for (qsizetype i = 0; i < images.size(); ++i)
        found.insert(foundUrls.at(i), std::move(images[i]));
    return found;
}

} // namespace glint
