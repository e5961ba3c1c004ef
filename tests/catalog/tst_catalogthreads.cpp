// The catalog's threads: one writer committing while several readers search the same file, and
// not a single query on the GUI thread when the catalog is used through its async API.
#include "core/catalog/catalog.h"
#include "core/catalog/catalogreaderpool.h"
#include "core/probe/guithreadwork.h"
#include "catalogtestutil.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QFutureWatcher>
#include <QTest>

using namespace glint;
using namespace glint::test;

class TestCatalogThreads : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { GuiThreadWork::reset(); }
    void writerAndReadersAtOnce_data();
    void writerAndReadersAtOnce();
    void noQueryRunsOnTheGuiThread();
    void destroyingTheCatalogKeepsPostedWrites();
    void aBigRemovalGoesBySlicesReportsProgressAndStops();
    void aStaleReadStopsMidStatementAndFreesItsThread();
};

void TestCatalogThreads::writerAndReadersAtOnce_data()
{
    QTest::addColumn<int>("readers");
    QTest::newRow("2 readers") << 2;
    QTest::newRow("4 readers") << 4;
}

void TestCatalogThreads::writerAndReadersAtOnce()
{
    QFETCH(int, readers);
    QTemporaryDir dir;
    Catalog catalog(nullptr, readers);
    QVERIFY(await(catalog.open(dir.filePath(QStringLiteral("catalog.sqlite")))).ok);

    constexpr int kBatches = 30, kPerBatch = 40;
    QList<QFuture<QList<CatalogInsertResult>>> writes;
    QList<QFuture<CatalogTotals>> counts;
    QList<QFuture<QList<CatalogImage>>> searches;
    for (int b = 0; b < kBatches; ++b) {
        QList<CatalogRecord> batch;
        for (int i = 0; i < kPerBatch; ++i) {
            const int n = b * kPerBatch + i;
            batch << okRecord(n, QStringLiteral("http://host%1.example/%2.jpg").arg(n % 3).arg(n));
        }
        writes << catalog.insert(batch);
        // Readers ask while the writer works; each answer is some committed state, never a torn one.
        for (int r = 0; r < readers; ++r) {
            CatalogQuery q;
            q.text = QStringLiteral("host%1").arg(r % 3);
            q.limit = 50;
            searches << catalog.search(q);
            counts << catalog.totals({});
        }
    }
    for (const auto &f : writes) {
        QVERIFY(finishes(f));
        for (const CatalogInsertResult &r : f.result())
            QVERIFY2(r.imageId > 0, qPrintable(r.error));
    }
    qint64 last = 0;
    for (const auto &f : counts) {
        QVERIFY(finishes(f));
        const CatalogTotals t = f.result();   // rethrows a reader's error (e.g. "database is locked")
        QVERIFY(t.count % kPerBatch == 0);    // whole transactions only
        QVERIFY(t.count <= kBatches * kPerBatch);
        last = qMax(last, t.count);
    }
    for (const auto &f : searches) {
        QVERIFY(finishes(f));
        QVERIFY(f.result().size() <= 50);
    }
    QCOMPARE(await(catalog.totals({})).count, kBatches * kPerBatch);
    Peek peek(dir.filePath(QStringLiteral("catalog.sqlite")));
    QCOMPARE(peek.value(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
}

void TestCatalogThreads::noQueryRunsOnTheGuiThread()
{
    QVERIFY(GuiThreadWork::onGuiThread());
    QTemporaryDir dir;
    {
        Catalog catalog;
        QVERIFY(await(catalog.open(dir.filePath(QStringLiteral("catalog.sqlite")))).ok);
        QList<CatalogRecord> records;
        for (int i = 0; i < 30; ++i)
            records << okRecord(i, QStringLiteral("http://example.com/%1.jpg").arg(i));
        records << failedRecord(QStringLiteral("http://example.com/gone.jpg"), QStringLiteral("Gone"), 410);
        const auto ids = await(catalog.insert(records));
        CatalogQuery q;
        q.text = QStringLiteral("example.com/1");
        QVERIFY(!await(catalog.search(q, QStringLiteral("ui"))).isEmpty());
        QCOMPARE(await(catalog.totals({}, QStringLiteral("status"))).count, 30);
        QCOMPARE(await(catalog.lookup({records[0].url})).size(), 1);
        QCOMPARE(await(catalog.remove({ids[0].imageId}, false)).removed, 1);
        await(catalog.vacuum());
        // Reopening (the integrity check included) happens on the writer too.
        QVERIFY(await(catalog.open(dir.filePath(QStringLiteral("catalog.sqlite")))).ok);
        QCOMPARE(await(catalog.totals({})).count, 29);
    }   // closing: connections are closed on their own threads
    QCOMPARE(GuiThreadWork::count(GuiThreadWork::Kind::Query), 0);
    QCOMPARE(GuiThreadWork::count(GuiThreadWork::Kind::Decode), 0);
}

void TestCatalogThreads::destroyingTheCatalogKeepsPostedWrites()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    {
        Catalog catalog;
        catalog.open(path);   // not awaited: writes queue behind it
        for (int b = 0; b < 5; ++b) {
            QList<CatalogRecord> batch;
            for (int i = 0; i < 20; ++i)
                batch << okRecord(b * 20 + i, QStringLiteral("http://example.com/%1/%2.jpg").arg(b).arg(i));
            catalog.insert(batch);
        }
        catalog.search({});   // a read in flight at destruction is fine too
    }
    Catalog again;
    QVERIFY(await(again.open(path)).ok);
    QCOMPARE(await(again.totals({})).count, 100);
}

// Removing a million images held the writer for minutes in one transaction, with nothing to show
// or stop. Now a slice per transaction: progress counts the images done, and a stop (or the
// catalog's end) leaves whole slices removed and the rest in place.
void TestCatalogThreads::aBigRemovalGoesBySlicesReportsProgressAndStops()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    const int images = 3 * Catalog::kRemoveSlice + 17;
    Catalog catalog;
    QVERIFY(await(catalog.open(path)).ok);
    QList<qint64> ids;
    for (int first = 0; first < images; first += 500) {
        QList<CatalogRecord> records;
        for (int i = first; i < qMin(images, first + 500); ++i)
            records << okRecord(i, QStringLiteral("http://slices.example/%1.jpg").arg(i));
        for (const CatalogInsertResult &result : await(catalog.insert(records)))
            ids << result.imageId;
    }
    QCOMPARE(ids.size(), images);

    // Stopped before it starts: nothing goes, and the result says so.
    auto stop = std::make_shared<std::atomic<bool>>(true);
    CatalogRemoveResult result = await(catalog.remove(ids, false, stop));
    QVERIFY(result.stopped);
    QCOMPARE(result.removed, 0);
    QCOMPARE(await(catalog.totals({})).count, images);

    // Stopped at the first slice it reports done: whole slices went (however many the writer did
    // before the stop reached it), and exactly those.
    stop->store(false);
    QFutureWatcher<CatalogRemoveResult> watcher;
    connect(&watcher, &QFutureWatcherBase::progressValueChanged, this, [&](int done) {
        if (done > 0)
            stop->store(true);
    });
    const QFuture<CatalogRemoveResult> halfway = catalog.remove(ids.mid(0, images - 17), false, stop);
    watcher.setFuture(halfway);
    result = await(halfway);
    QCOMPARE(watcher.progressMaximum(), images - 17);
    QVERIFY(result.removed % Catalog::kRemoveSlice == 0);
    QCOMPARE(result.stopped, result.removed < images - 17);
    const qint64 left = await(catalog.totals({})).count;
    QCOMPARE(left, qint64(images - result.removed));

    // The rest, to the end (a stop of its own: the watcher above may still be told of a slice):
    // the progress reaches every image asked for.
    const QList<qint64> rest = ids.mid(result.removed);
    QFutureWatcher<CatalogRemoveResult> toTheEnd;
    toTheEnd.setFuture(catalog.remove(rest, false, std::make_shared<std::atomic<bool>>(false)));
    result = await(toTheEnd.future());
    QVERIFY(!result.stopped);
    QCOMPARE(result.removed, int(rest.size()));
    QCOMPARE(toTheEnd.progressValue(), int(rest.size()));
    QCOMPARE(await(catalog.totals({})).count, 0);
}

void TestCatalogThreads::aStaleReadStopsMidStatementAndFreesItsThread()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    {
        Catalog catalog;
        QVERIFY(await(catalog.open(path)).ok);
    }
    CatalogReaderPool pool(1);   // one thread: a read that never ended would hold up the next
    pool.setPath(path);
    std::atomic<bool> stale{false};
    // Counting to two thousand million takes minutes; it is made stale a moment after it starts.
    std::atomic<bool> started{false};
    QFuture<qint64> endless = pool.run<qint64>([&started](const QSqlDatabase &db) {
        started = true;
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 2000000000)"
                                   " SELECT count(*) FROM c"))
            || !q.next())
            throw CatalogError(q.lastError().text());
        return q.value(0).toLongLong();
    }, [&stale] { return stale.load(); });
    QTRY_VERIFY(started.load());
    QTest::qWait(50);
    QVERIFY(!endless.isFinished());
    stale = true;
    QVERIFY(finishes(endless, 10000));
    QVERIFY(endless.isCanceled());   // its continuations never see a result
    QFuture<int> next = pool.run<int>([](const QSqlDatabase &db) {
        QSqlQuery q(db);
        if (!q.exec(QStringLiteral("SELECT 7")) || !q.next())
            throw CatalogError(q.lastError().text());
        return q.value(0).toInt();
    });
    QCOMPARE(await(next), 7);   // the same thread and connection, no longer interrupted
}

QTEST_GUILESS_MAIN(TestCatalogThreads)
#include "tst_catalogthreads.moc"
