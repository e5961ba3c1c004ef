// Search and sort over a catalog whose expected answers are computed here independently: every
// filter, every sort (with ties), paging that never repeats or skips, and stale searches dropped.
#include "core/catalog/catalog.h"
#include "core/catalog/catalogreader.h"
#include "core/catalog/idwalkspan.h"
#include "core/catalog/catalogschema.h"
#include "core/catalog/catalogsql.h"
#include "core/catalog/storedthumbnails.h"
#include "catalogtestutil.h"

#include <QBuffer>
#include <QFileInfo>
#include <QImage>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>
#include <algorithm>
#include <functional>

using namespace glint;
using namespace glint::test;

namespace {

struct Expected {
    qint64 id = 0;
    qint64 addedAt = 0;
    qint64 bytes = 0;
    qint64 pixels = 0;
    int width = 0, height = 0;
    QString host, format, text;
};

const QStringList kFormats = {QStringLiteral("jpeg"), QStringLiteral("png"), QStringLiteral("webp"), QStringLiteral("gif")};
const QDateTime kBase = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);

} // namespace

class TestCatalogSearch : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void filtersFindExactlyTheMatchingImages_data();
    void filtersFindExactlyTheMatchingImages();
    void everySortOrdersAndPagesWithoutRepeats_data();
    void everySortOrdersAndPagesWithoutRepeats();
    void denseTextsAreScannedRareOnesLookedUp();
    void aTextPlanIsReusedOnlyWhileTheCatalogIsUnchanged();
    void thumbnailsTheCallerHoldsAreNeitherDecodedNorSent();
    void idWalkSpansAimAtTwentyMilliseconds_data();
    void idWalkSpansAimAtTwentyMilliseconds();
    void aNewerSearchOnTheSameChannelDropsTheOlder();
    void channelsAreIndependent();
    void storedThumbnailsAreDecodedEachOnce_data();
    void storedThumbnailsAreDecodedEachOnce();

private:
    QList<qint64> expectedIds(const std::function<bool(const Expected &)> &keep, CatalogQuery::Sort sort) const;
    QList<qint64> idsOf(const QList<CatalogImage> &images) const;

    QTemporaryDir m_dir;
    std::unique_ptr<Catalog> m_catalog;
    QList<Expected> m_rows;
};

void TestCatalogSearch::initTestCase()
{
    m_catalog = std::make_unique<Catalog>();
    QVERIFY(await(m_catalog->open(m_dir.filePath(QStringLiteral("catalog.sqlite")))).ok);
    QList<CatalogRecord> records;
    for (int i = 0; i < 240; ++i) {
        const QString host = QStringLiteral("host-%1.example").arg(QChar(u'a' + i % 4));
        const QString format = kFormats[(i / 4) % 4];
        CatalogRecord r = okRecord(i, QStringLiteral("http://%1/pics/p%2.%3?q%4").arg(host).arg(i).arg(format).arg(i % 10),
                                   QStringLiteral("http://%1/gallery-%2.html").arg(host).arg(i % 6));
        r.format = format.toLatin1();
        r.size = QSize(200 + (i * 37) % 2000, 150 + (i * 53) % 1300);
        r.bytes = 5000 + (i * 7919) % 3000;           // repeats: ties on size
        r.fetchedAt = kBase.addSecs(60 * ((i * 13) % 97));   // repeats: ties on date
        r.file = QStringLiteral("/downloads/img_%1.%2").arg(i, 4, 10, QLatin1Char('0')).arg(format);
        records << r;
    }
    const QList<CatalogInsertResult> results = await(m_catalog->insert(records));
    for (int i = 0; i < records.size(); ++i) {
        const CatalogRecord &r = records[i];
        QVERIFY(results[i].imageId > 0);
        m_rows << Expected{results[i].imageId, r.fetchedAt.toMSecsSinceEpoch(), r.bytes,
                           qint64(r.size.width()) * r.size.height(), r.size.width(), r.size.height(),
                           r.url.host(), QString::fromLatin1(r.format),
                           (QFileInfo(r.file).fileName() + u'\n' + r.url.toString() + u'\n' + r.page.toString()).toLower()};
    }
}

void TestCatalogSearch::cleanupTestCase()
{
    m_catalog.reset();
}

QList<qint64> TestCatalogSearch::expectedIds(const std::function<bool(const Expected &)> &keep, CatalogQuery::Sort sort) const
{
    QList<Expected> rows;
    std::copy_if(m_rows.begin(), m_rows.end(), std::back_inserter(rows), keep);
    const auto by = [sort](const Expected &a, const Expected &b) {
        switch (sort) {
        case CatalogQuery::Sort::Newest: return std::tie(b.addedAt, b.id) < std::tie(a.addedAt, a.id);
        case CatalogQuery::Sort::Oldest: return std::tie(a.addedAt, a.id) < std::tie(b.addedAt, b.id);
        case CatalogQuery::Sort::Largest: return std::tie(b.bytes, b.id) < std::tie(a.bytes, a.id);
        case CatalogQuery::Sort::Smallest: return std::tie(a.bytes, a.id) < std::tie(b.bytes, b.id);
        case CatalogQuery::Sort::MostPixels: return std::tie(b.pixels, b.id) < std::tie(a.pixels, a.id);
        case CatalogQuery::Sort::Host:
            if (a.host != b.host)
                return a.host < b.host;
            return std::tie(b.addedAt, a.id) < std::tie(a.addedAt, b.id);
        }
        return false;
    };
    std::sort(rows.begin(), rows.end(), by);
    QList<qint64> ids;
    for (const Expected &row : rows)
        ids << row.id;
    return ids;
}

QList<qint64> TestCatalogSearch::idsOf(const QList<CatalogImage> &images) const
{
    QList<qint64> ids;
    for (const CatalogImage &image : images)
        ids << image.id;
    return ids;
}

void TestCatalogSearch::filtersFindExactlyTheMatchingImages_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("format");
    QTest::addColumn<int>("minWidth");
    QTest::addColumn<int>("minHeight");
    QTest::addColumn<int>("fromMinute");   // -1: open
    QTest::addColumn<int>("toMinute");
    QTest::addColumn<int>("denseTextRows");   // 1: texts in ≥ 5 % of rows take the scan plan

    QTest::newRow("everything") << QString() << QString() << 0 << 0 << -1 << -1 << 20000;
    QTest::newRow("everything, scan plan") << QString() << QString() << 0 << 0 << -1 << -1 << 1;
    QTest::newRow("host") << QStringLiteral("host-b") << QString() << 0 << 0 << -1 << -1 << 20000;
    QTest::newRow("host, scan plan") << QStringLiteral("host-b") << QString() << 0 << 0 << -1 << -1 << 1;
    QTest::newRow("host, any case") << QStringLiteral("HOST-C.Example") << QString() << 0 << 0 << -1 << -1 << 20000;
    QTest::newRow("host, any case, scan plan") << QStringLiteral("HOST-C.Example") << QString() << 0 << 0 << -1 << -1 << 1;
    QTest::newRow("page") << QStringLiteral("gallery-3") << QString() << 0 << 0 << -1 << -1 << 20000;
    QTest::newRow("page, scan plan") << QStringLiteral("gallery-3") << QString() << 0 << 0 << -1 << -1 << 1;
    QTest::newRow("file name only") << QStringLiteral("img_01") << QString() << 0 << 0 << -1 << -1 << 20000;
    QTest::newRow("file name only, scan plan") << QStringLiteral("img_01") << QString() << 0 << 0 << -1 << -1 << 1;
    QTest::newRow("folder is not searched") << QStringLiteral("downloads") << QString() << 0 << 0 << -1 << -1 << 20000;
    QTest::newRow("folder is not searched, scan plan") << QStringLiteral("downloads") << QString() << 0 << 0 << -1 << -1 << 1;
    QTest::newRow("URL part") << QStringLiteral("/p12") << QString() << 0 << 0 << -1 << -1 << 20000;
    QTest::newRow("URL part, scan plan") << QStringLiteral("/p12") << QString() << 0 << 0 << -1 << -1 << 1;
    QTest::newRow("two characters") << QStringLiteral("q9") << QString() << 0 << 0 << -1 << -1 << 20000;
    QTest::newRow("two characters, scan plan") << QStringLiteral("q9") << QString() << 0 << 0 << -1 << -1 << 1;
    QTest::newRow("one character") << QStringLiteral("7") << QString() << 0 << 0 << -1 << -1 << 20000;
    QTest::newRow("one character, scan plan") << QStringLiteral("7") << QString() << 0 << 0 << -1 << -1 << 1;
    QTest::newRow("spaces around") << QStringLiteral("  p99.  ") << QString() << 0 << 0 << -1 << -1 << 20000;
    QTest::newRow("spaces around, scan plan") << QStringLiteral("  p99.  ") << QString() << 0 << 0 << -1 << -1 << 1;
    // Found by the two rarest trigrams ("_00", "000" are also in img_0001…), then confirmed whole.
    QTest::newRow("rare trigrams, confirmed") << QStringLiteral("_0000") << QString() << 0 << 0 << -1 << -1 << 20000;
    QTest::newRow("no match: the rare trigrams apart") << QStringLiteral("p12.png") << QString() << 0 << 0 << -1 << -1 << 20000;
    QTest::newRow("no match") << QStringLiteral("nothing-here") << QString() << 0 << 0 << -1 << -1 << 20000;
    QTest::newRow("no match, scan plan") << QStringLiteral("nothing-here") << QString() << 0 << 0 << -1 << -1 << 1;
    QTest::newRow("format") << QString() << QStringLiteral("webp") << 0 << 0 << -1 << -1 << 20000;
    QTest::newRow("format, scan plan") << QString() << QStringLiteral("webp") << 0 << 0 << -1 << -1 << 1;
    QTest::newRow("minimum size") << QString() << QString() << 1280 << 720 << -1 << -1 << 20000;
    QTest::newRow("minimum size, scan plan") << QString() << QString() << 1280 << 720 << -1 << -1 << 1;
    QTest::newRow("minimum pixels") << QString() << QString() << -1 << 1000000 << -1 << -1 << 20000;
    QTest::newRow("minimum pixels, scan plan") << QString() << QString() << -1 << 1000000 << -1 << -1 << 1;
    QTest::newRow("date range") << QString() << QString() << 0 << 0 << 10 << 40 << 20000;
    QTest::newRow("date range, scan plan") << QString() << QString() << 0 << 0 << 10 << 40 << 1;
    QTest::newRow("since") << QString() << QString() << 0 << 0 << 90 << -1 << 20000;
    QTest::newRow("since, scan plan") << QString() << QString() << 0 << 0 << 90 << -1 << 1;
    QTest::newRow("all at once") << QStringLiteral("host-a") << QStringLiteral("png") << 640 << 480 << 5 << 80 << 20000;
    QTest::newRow("all at once, scan plan") << QStringLiteral("host-a") << QStringLiteral("png") << 640 << 480 << 5 << 80 << 1;
}

void TestCatalogSearch::filtersFindExactlyTheMatchingImages()
{
    QFETCH(QString, text);
    QFETCH(QString, format);
    QFETCH(int, minWidth);
    QFETCH(int, minHeight);
    QFETCH(int, fromMinute);
    QFETCH(int, toMinute);
    QFETCH(int, denseTextRows);
    CatalogReader::setDenseTextRows(denseTextRows);
    const auto restore = qScopeGuard([] { CatalogReader::setDenseTextRows(20000); });
    CatalogQuery query;
    query.text = text;
    query.format = format.toLatin1();
    // minWidth -1 says: minHeight is a minimum pixel count.
    const qint64 minPixels = minWidth < 0 ? minHeight : 0;
    if (minWidth < 0)
        minWidth = minHeight = 0;
    query.minWidth = minWidth;
    query.minHeight = minHeight;
    query.minPixels = minPixels;
    if (fromMinute >= 0)
        query.from = kBase.addSecs(60 * fromMinute);
    if (toMinute >= 0)
        query.to = kBase.addSecs(60 * toMinute);
    query.limit = 1000;
    query.decodeThumbnails = false;

    const QString needle = text.trimmed().toLower();
    const qint64 from = query.from.isValid() ? query.from.toMSecsSinceEpoch() : LLONG_MIN;
    const qint64 to = query.to.isValid() ? query.to.toMSecsSinceEpoch() : LLONG_MAX;
    const QList<qint64> expected = expectedIds(
        [&](const Expected &row) {
            return (needle.isEmpty() || row.text.contains(needle)) && (format.isEmpty() || row.format == format)
                && row.width >= minWidth && row.height >= minHeight && row.pixels >= minPixels && row.addedAt >= from && row.addedAt < to;
        },
        query.sort);
    if (!QByteArray(QTest::currentDataTag()).startsWith("no match") && !QByteArray(QTest::currentDataTag()).startsWith("folder is not searched"))
        QVERIFY2(!expected.isEmpty(), "the fixture should have matches for this row");
    QCOMPARE(idsOf(await(m_catalog->search(query))), expected);
    QCOMPARE(await(m_catalog->imageIds(query)), expected);   // what a selection of unread rows stands for
    const CatalogTotals totals = await(m_catalog->totals(query));
    QCOMPARE(totals.count, expected.size());
    qint64 bytes = 0;
    for (const Expected &row : std::as_const(m_rows))
        bytes += expected.contains(row.id) ? row.bytes : 0;
    QCOMPARE(totals.bytes, bytes);
}

void TestCatalogSearch::everySortOrdersAndPagesWithoutRepeats_data()
{
    QTest::addColumn<int>("sort");
    QTest::addColumn<QString>("text");
    QTest::newRow("newest") << int(CatalogQuery::Sort::Newest) << QString();
    QTest::newRow("oldest") << int(CatalogQuery::Sort::Oldest) << QString();
    QTest::newRow("largest") << int(CatalogQuery::Sort::Largest) << QString();
    QTest::newRow("smallest") << int(CatalogQuery::Sort::Smallest) << QString();
    QTest::newRow("most pixels") << int(CatalogQuery::Sort::MostPixels) << QString();
    QTest::newRow("host") << int(CatalogQuery::Sort::Host) << QString();
    QTest::newRow("host, filtered") << int(CatalogQuery::Sort::Host) << QStringLiteral("gallery-1");
    QTest::newRow("largest, filtered") << int(CatalogQuery::Sort::Largest) << QStringLiteral("example/p1");
    QTest::newRow("oldest, two letters") << int(CatalogQuery::Sort::Oldest) << QStringLiteral("p1");
}

void TestCatalogSearch::everySortOrdersAndPagesWithoutRepeats()
{
    QFETCH(int, sort);
    QFETCH(QString, text);
    CatalogQuery query;
    query.sort = CatalogQuery::Sort(sort);
    query.text = text;
    query.decodeThumbnails = false;
    const QList<qint64> expected = expectedIds(
        [&](const Expected &row) { return text.isEmpty() || row.text.contains(text.toLower()); }, query.sort);
    QList<qint64> paged;
    query.limit = 37;
    for (query.offset = 0;; query.offset += query.limit) {
        const QList<CatalogImage> page = await(m_catalog->search(query));
        paged += idsOf(page);
        QCOMPARE(await(m_catalog->imageIds(query)), idsOf(page));   // the same rows, ids only
        if (page.size() < query.limit)
            break;
    }
    QCOMPARE(paged, expected);

    // The same pages counted from the end, as the Catalog tab reads the rows past its middle.
    QList<qint64> backwards;
    query.fromEnd = true;
    for (query.offset = 0;; query.offset += query.limit) {
        const QList<CatalogImage> page = await(m_catalog->search(query));
        backwards = idsOf(page) + backwards;
        QCOMPARE(await(m_catalog->imageIds(query)), idsOf(page));
        if (page.size() < query.limit)
            break;
    }
    QCOMPARE(backwards, expected);

    // Read from a neighbour's key, as the Catalog tab reads a block next to one it has: the offset
    // is then not used at all (a wrong one proves it), both ways. The host order mixes directions,
    // and every order has ties on its first column.
    QList<qint64> seeked;
    query.fromEnd = false;
    query.after = 0;
    for (query.offset = 0;; query.offset += query.limit) {
        const QList<CatalogImage> page = await(m_catalog->search(query));
        seeked += idsOf(page);
        QCOMPARE(await(m_catalog->imageIds(query)), idsOf(page));
        if (page.size() < query.limit)
            break;
        query.after = page.last().id;
        query.offset = 100000 - query.limit;
    }
    QCOMPARE(seeked, expected);
    QList<qint64> seekedBack;
    query.fromEnd = true;
    query.after = 0;
    for (query.offset = 0;; query.offset += query.limit) {
        const QList<CatalogImage> page = await(m_catalog->search(query));
        seekedBack = idsOf(page) + seekedBack;
        if (page.size() < query.limit)
            break;
        query.after = page.first().id;
        query.offset = 100000 - query.limit;
    }
    QCOMPARE(seekedBack, expected);

    // Some rows past a known key, as the Catalog tab reads a jump beyond the furthest row its id
    // walk has reached: the rows between are stepped over from that key, both ways.
    if (expected.size() > 30) {
        query.limit = 5;
        query.offset = 100000;   // not used while the key's row is there
        query.afterSkip = 9;
        query.fromEnd = false;
        query.after = expected.at(3);
        QCOMPARE(idsOf(await(m_catalog->search(query))), expected.mid(13, 5));
        QCOMPARE(await(m_catalog->imageIds(query)), expected.mid(13, 5));
        query.fromEnd = true;
        query.after = expected.at(expected.size() - 4);
        QCOMPARE(idsOf(await(m_catalog->search(query))), expected.mid(expected.size() - 4 - 9 - 5, 5));
        query.limit = 37;
    }

    // A neighbour no longer in the catalog: the offset is used, as before (and the skip is not).
    query.fromEnd = false;
    query.after = 1000000;
    query.offset = query.limit;
    QCOMPARE(idsOf(await(m_catalog->search(query))), expected.mid(query.limit, query.limit));
}

void TestCatalogSearch::denseTextsAreScannedRareOnesLookedUp()
{
    const QString name = QStringLiteral("plan-check");
    {
        const QSqlDatabase db = CatalogSql::open(name, m_dir.filePath(QStringLiteral("catalog.sqlite")), true);
        CatalogSchema::configureReader(db);
        using Plan = CatalogFilter::TextPlan;
        QCOMPARE(CatalogReader::textPlan(db, QStringLiteral("example")), Plan::Ids);   // 240 rows: below the floor
        CatalogReader::setDenseTextRows(1);
        QCOMPARE(CatalogReader::textPlan(db, QStringLiteral("Example")), Plan::Scan);    // in every row
        QCOMPARE(CatalogReader::textPlan(db, QStringLiteral("host-b")), Plan::Scan);     // in a quarter
        QCOMPARE(CatalogReader::textPlan(db, QStringLiteral("p123.")), Plan::Ids);     // in one
        QCOMPARE(CatalogReader::textPlan(db, QStringLiteral("nothing-here")), Plan::Ids);
        QCOMPARE(CatalogReader::textPlan(db, QStringLiteral("q9")), Plan::Scan);         // too short to look up
        CatalogReader::setDenseTextRows(20000);
    }
    CatalogSql::remove(name);
}

void TestCatalogSearch::aTextPlanIsReusedOnlyWhileTheCatalogIsUnchanged()
{
    // Each reader thread remembers the matches its last text's plan collected; a search after a
    // write must see the new row. Asked several times so that every reader thread has its plan.
    QTemporaryDir dir;
    Catalog catalog;
    QVERIFY(await(catalog.open(dir.filePath(QStringLiteral("plans.sqlite")))).ok);
    const auto record = [](int n) {
        CatalogRecord r = okRecord(n, QStringLiteral("http://plans.example/keyword-%1.jpg").arg(n));
        r.fetchedAt = kBase.addSecs(n);
        return r;
    };
    QVERIFY(await(catalog.insert({record(1), record(2), record(3)})).size() == 3);
    CatalogQuery query;
    query.text = QStringLiteral("keyword");
    query.decodeThumbnails = false;
    for (int i = 0; i < 6; ++i)
        QCOMPARE(await(catalog.search(query, QStringLiteral("plans-%1").arg(i))).size(), 3);
    QVERIFY(await(catalog.insert({record(4)})).size() == 1);
    for (int i = 0; i < 6; ++i) {
        const QList<CatalogImage> found = await(catalog.search(query, QStringLiteral("plans-%1").arg(i)));
        QCOMPARE(found.size(), 4);
        QVERIFY(found.first().url.toString().endsWith(QLatin1String("keyword-4.jpg")));
    }
}

void TestCatalogSearch::thumbnailsTheCallerHoldsAreNeitherDecodedNorSent()
{
    // A block read again: every other row's thumbnail is still in the tab's cache.
    CatalogQuery query;
    query.limit = 60;
    const QList<qint64> ids = expectedIds([](const Expected &) { return true; }, query.sort).mid(0, query.limit);
    for (int i = 0; i < ids.size(); i += 2)
        query.thumbnailsHeld.insert(ids[i]);
    query.thumbnailsHeld.insert(-7);   // an id that is not in the page changes nothing
    const QList<CatalogImage> page = await(m_catalog->search(query, QStringLiteral("held")));
    QCOMPARE(idsOf(page), ids);
    for (const CatalogImage &image : page) {
        const bool held = query.thumbnailsHeld.contains(image.id);
        QVERIFY2(image.thumbnailJpeg.isEmpty() == held, qPrintable(QString::number(image.id)));
        QVERIFY2(image.thumbnail.isNull() == held, qPrintable(QString::number(image.id)));
    }
}

void TestCatalogSearch::idWalkSpansAimAtTwentyMilliseconds_data()
{
    QTest::addColumn<int>("ids");
    QTest::addColumn<double>("ms");
    QTest::addColumn<int>("max");
    QTest::addColumn<int>("next");
    QTest::newRow("quick: doubled, not more") << 1000 << 2.0 << IdWalkSpan::kMax << 2000;
    QTest::newRow("on target: the same") << 1000 << 20.0 << IdWalkSpan::kMax << 1000;
    QTest::newRow("a sparse text's scan: cut") << 5000 << 260.0 << IdWalkSpan::kMax << 384;
    QTest::newRow("no time measured") << 1000 << 0.0 << IdWalkSpan::kMax << 2000;
    QTest::newRow("never below the least") << 200 << 1000.0 << IdWalkSpan::kMax << IdWalkSpan::kMin;
    QTest::newRow("never above the most") << 15000 << 5.0 << IdWalkSpan::kMax << IdWalkSpan::kMax;
    QTest::newRow("a caller's smaller most") << 600 << 1.0 << 700 << 700;
    QTest::newRow("a most below the least") << 100 << 100.0 << 150 << 150;
}

void TestCatalogSearch::idWalkSpansAimAtTwentyMilliseconds()
{
    QFETCH(int, ids);
    QFETCH(double, ms);
    QFETCH(int, max);
    QFETCH(int, next);
    QCOMPARE(IdWalkSpan::next(ids, ms, max), next);
}

void TestCatalogSearch::aNewerSearchOnTheSameChannelDropsTheOlder()
{
    CatalogQuery older;
    older.text = QStringLiteral("host-a");
    CatalogQuery newer;
    newer.text = QStringLiteral("host-b");
    QList<QString> delivered;
    QFuture<QList<CatalogImage>> first = m_catalog->search(older, QStringLiteral("gallery"));
    const bool firstAlreadyDone = first.isFinished();
    first.then(this, [&](const QList<CatalogImage> &) { delivered << QStringLiteral("older"); });
    QFuture<QList<CatalogImage>> second = m_catalog->search(newer, QStringLiteral("gallery"));
    second.then(this, [&](const QList<CatalogImage> &images) {
        delivered << QStringLiteral("newer");
        QCOMPARE(images.size(), 60);
    });
    QVERIFY(finishes(first) && finishes(second));
    QTRY_VERIFY(delivered.contains(QStringLiteral("newer")));
    QTest::qWait(50);   // room for a wrong, late delivery of the older result
    if (firstAlreadyDone)
        QSKIP("the older search finished before the newer one was asked for");
    QVERIFY(first.isCanceled());
    QCOMPARE(delivered, QList<QString>{QStringLiteral("newer")});

    // A burst, as typing makes: only the last one arrives.
    delivered.clear();
    QList<QFuture<QList<CatalogImage>>> burst;
    for (const char *typed : {"h", "ho", "hos", "host", "host-", "host-d"}) {
        CatalogQuery q;
        q.text = QLatin1String(typed);
        const QString label = QLatin1String(typed);
        burst << m_catalog->search(q, QStringLiteral("gallery"));
        burst.last().then(this, [&delivered, label](const QList<CatalogImage> &) { delivered << label; });
    }
    for (const auto &f : burst)
        QVERIFY(finishes(f));
    QTRY_VERIFY(delivered.contains(QStringLiteral("host-d")));
    QTest::qWait(50);
    QCOMPARE(delivered.last(), QStringLiteral("host-d"));
    QVERIFY2(delivered.size() <= 2, qPrintable(delivered.join(u',')));   // at most one raced ahead
}

void TestCatalogSearch::channelsAreIndependent()
{
    QFuture<QList<CatalogImage>> a = m_catalog->search({}, QStringLiteral("one"));
    QFuture<CatalogTotals> b = m_catalog->totals({}, QStringLiteral("two"));
    QFuture<QList<CatalogImage>> c = m_catalog->search({}, QStringLiteral("three"));
    QVERIFY(finishes(a) && finishes(b) && finishes(c));
    QVERIFY(!a.isCanceled() && !b.isCanceled() && !c.isCanceled());
    QCOMPARE(b.result().count, 240);
}

void TestCatalogSearch::storedThumbnailsAreDecodedEachOnce_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<bool>("stale");
    QTest::newRow("none") << 0 << false;
    QTest::newRow("too few to share") << StoredThumbnails::kSharedFrom - 1 << false;
    QTest::newRow("a first screen, shared with the helper") << 60 << false;
    QTest::newRow("a page of 200") << 200 << false;
    QTest::newRow("stale: nothing decoded") << 60 << true;
}

void TestCatalogSearch::storedThumbnailsAreDecodedEachOnce()
{
    QFETCH(int, rows);
    QFETCH(bool, stale);
    // Each row its own grey, so a row decoded into another's slot would show.
    QList<CatalogImage> images;
    for (int row = 0; row < rows; ++row) {
        QImage tile(24, 18, QImage::Format_RGB32);
        tile.fill(QColor(row % 256, row % 256, row % 256));
        CatalogImage image;
        image.id = row;
        QBuffer buffer(&image.thumbnailJpeg);
        buffer.open(QIODevice::WriteOnly);
        QVERIFY(tile.save(&buffer, "JPEG", 95));
        images << image;
    }
    if (rows > 2)
        images[1].thumbnailJpeg.clear();   // a row without a stored thumbnail stays without
    QThreadPool helper;   // as the catalog's reader pool gives it: one thread
    helper.setMaxThreadCount(1);
    StoredThumbnails::decode(images, [stale] { return stale; }, &helper);
    QCOMPARE(images.size(), rows);
    for (int row = 0; row < rows; ++row) {
        QCOMPARE(images[row].id, row);
        if (stale || (rows > 2 && row == 1)) {
            QVERIFY(images[row].thumbnail.isNull());
            continue;
        }
        QCOMPARE(images[row].thumbnail.size(), QSize(24, 18));
        QVERIFY2(qAbs(qGray(images[row].thumbnail.pixel(12, 9)) - row % 256) <= 3, qPrintable(QString::number(row)));
    }
}

QTEST_GUILESS_MAIN(TestCatalogSearch)
#include "tst_catalogsearch.moc"
