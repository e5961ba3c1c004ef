#include "core/catalog/catalogreader.h"

#include "core/catalog/catalogfilter.h"
#include "core/catalog/catalogschema.h"
#include "core/catalog/catalogsql.h"
#include "core/catalog/storedthumbnails.h"

#include <QSqlQuery>
#include <atomic>
#include <climits>


namespace glint {
namespace {

std::atomic<int> g_denseTextRows{20000};

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

} // namespace

QList<CatalogImage> CatalogReader::search(const QSqlDatabase &db, const CatalogQuery &query,
                                          const std::function<bool()> &isStale)
{
    QString matchedIds;
    const CatalogFilter::TextPlan plan = textPlan(db, query.text, &matchedIds);
    const CatalogFilter filter(query, plan, matchedIds);
    const QString order = CatalogFilter::orderBy(query.sort);
    // The inner select walks an index to pick one page of ids, touching nothing else; only those
    // rows are then read with their page URL and thumbnail. Joining first would make SQLite fetch
    // the thumbnail of every row skipped by OFFSET.
    const QString sql = QStringLiteral(
        "SELECT %1 FROM (SELECT i.id AS id FROM images i%2 ORDER BY %3 LIMIT ? OFFSET ?) AS pick"
        " JOIN images i ON i.id = pick.id LEFT JOIN thumbnails t ON t.image_id = i.id ORDER BY %3")
        .arg(QLatin1String(kImageColumns), filter.where(), order);
    QSqlQuery q = CatalogSql::prepare(db, sql);
    int n = 0;
    for (const QVariant &value : filter.values())
        q.bindValue(n++, value);
    q.bindValue(n++, qMax(0, query.limit));
    q.bindValue(n++, qMax(0, query.offset));
    CatalogSql::exec(q);

    QList<CatalogImage> images;
    images.reserve(qMax(0, query.limit));
    while (q.next()) {
        if (isStale && isStale())
            break;
        images.append(imageFromRow(q));
    }
    q.finish();
    if (query.decodeThumbnails)
        StoredThumbnails::decode(images, isStale);
    return images;
}

CatalogTotals CatalogReader::totals(const QSqlDatabase &db, const CatalogQuery &query)
{
    // A count reads every match whatever the plan; the index reads them fastest.
    const CatalogFilter filter(query, CatalogFilter::TextPlan::Index);
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
    QSqlQuery q = CatalogSql::prepare(db, QStringLiteral("SELECT count(*), json_group_array(rowid) FROM"
                                                         " (SELECT rowid FROM images_text WHERE images_text MATCH ? LIMIT ?)"));
    CatalogSql::exec(q, {CatalogFilter::phrase(text.trimmed()), cap});
    const qint64 found = q.next() ? q.value(0).toLongLong() : 0;
    if (found < cap && ids)
        *ids = q.value(1).toString();
    q.finish();
    return found >= cap ? CatalogFilter::TextPlan::Scan : CatalogFilter::TextPlan::Ids;
}

QHash<QUrl, CatalogImage> CatalogReader::findByUrls(const QSqlDatabase &db, const QList<QUrl> &urls)
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
    StoredThumbnails::decode(images);
    QHash<QUrl, CatalogImage> found;
    found.reserve(images.size());
    for (qsizetype i = 0; i < images.size(); ++i)
        found.insert(foundUrls.at(i), std::move(images[i]));
    return found;
}

} // namespace glint
