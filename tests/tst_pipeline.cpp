// The pipeline end to end against the project's own server on 127.0.0.1: real downloads, real
// files, real decodes. Async mode must do none of that work on the GUI thread.
#include "core/catalog/catalog.h"
#include "core/pipeline/catalogrecorder.h"
#include "core/demo/faultroutes.h"
#include "core/pipeline/pipeline.h"
#include "core/probe/guithreadwork.h"
#include "core/util/awaitfuture.h"
#include "pipelinerig.h"
#include "testserver.h"

#include "core/imaging/decodebudget.h"

#include <QHostInfo>
#include <QDataStream>
#include <QRegularExpression>
#include <sys/stat.h>
#include <QImageWriter>
#include <QSignalSpy>
#include <QFutureWatcher>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <atomic>

using namespace glint;
using glint::test::TestServer;

class TestPipeline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { GuiThreadWork::reset(); }
    void demoPageGivesEveryImage_data();
    void demoPageGivesEveryImage();
    void badItemsFailAloneWithAReadableMessage_data();
    void badItemsFailAloneWithAReadableMessage();
    void aPageThatFailsIsOneErrorItem();
    void localFolderIsDecodedAndHashed();
    void aFolderArrivesInTheOrderSortByNameShows();
    void aFolderDecodesAFewAtATimeVisibleRowsFirst();
    void blockingModeWorksOnTheGuiThread();
    void aCatalogThatCannotAnswerYetDelaysNoDownload_data();
    void aCatalogThatCannotAnswerYetDelaysNoDownload();
    void cancelAllFinishesEveryItem();
    void queuedDownloadsAreNoObjectsEach();
    void cancelAllIsToldASliceAtATime();
    void aSelectionIsCancelledAndRetriedAtOnce();
    void nothingComesBackAfterCancelAll_data();
    void nothingComesBackAfterCancelAll();
    void aRetryAfterCancelIsNotUndoneByTheEarlierStart_data();
    void aRetryAfterCancelIsNotUndoneByTheEarlierStart();
    void aPageWithoutImagesIsOneErrorItem();
    void whatTheCatalogHoldsIsNotFetchedAgain();
    void hostileFilesFailAlone_data();
    void hostileFilesFailAlone();
    void hugeImagesShareOneDecodeBudget();
    void everyFormatQtReadsIsAccepted();
    void devicesPipesAndMissingPathsAreRefused();
    void anAddressWithoutSchemeIsAWebAddress_data();
    void anAddressWithoutSchemeIsAWebAddress();
    void aRealisticPageGivesWhatABrowserLoads();
    void aPageToPickFromListsItsImagesFirst_data();
    void aPageToPickFromListsItsImagesFirst();
    void aPipelineDestroyedMidAddressLeavesNoCoroutineBehind();

private:
    static bool runUntilIdle(Pipeline &pipeline, int timeoutMs = 60000)
    {
        if (pipeline.isIdle() && !pipeline.items().isEmpty())
            return true;
        QSignalSpy idle(&pipeline, &Pipeline::idle);
        return idle.wait(timeoutMs);
    }
    static test::RigSettings options(const QString &dir, bool blocking = false)
    {
        test::RigSettings o;
        o.downloadDir = dir;
        o.blocking = blocking;
        o.noDataTimeoutMs = 5000;
        return o;
    }
};

void TestPipeline::demoPageGivesEveryImage_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<bool>("blocking");
    QTest::newRow("1 image") << 1 << false;
    QTest::newRow("24 images") << 24 << false;
    QTest::newRow("6 images, blocking") << 6 << true;
}

void TestPipeline::demoPageGivesEveryImage()
{
    QFETCH(int, count);
    QFETCH(bool, blocking);
    TestServer server(count);
    QVERIFY(server.ok());
    QTemporaryDir downloads;
    test::PipelineRig rig(options(downloads.path(), blocking));
    Pipeline &pipeline = rig.pipeline;
    QSignalSpy thumbnails(&pipeline, &Pipeline::thumbnailReady);
    pipeline.addSource(server.demo().indexUrl().toString());
    QVERIFY(runUntilIdle(pipeline));

    const Pipeline::Items &items = pipeline.items();
    QCOMPARE(items.size(), count);
    QCOMPARE(thumbnails.count(), count);
    // The counts kept as items change agree with the items.
    QCOMPARE(pipeline.count(Item::State::Done), count);
    qint64 doneBytes = 0;
    for (const Item &item : items)
        doneBytes += item.bytes;
    QCOMPARE(pipeline.doneBytes(), doneBytes);
    for (int i = 0; i < count; ++i) {
        const Item &item = items[i];
        const DemoImageSpec spec = DemoGallery::spec(i);
        QVERIFY2(item.state == Item::State::Done, qPrintable(item.url.toString() + QLatin1String(": ") + item.error()));
        QCOMPARE(item.url, server.demo().imageUrl(i));
        QCOMPARE(item.page, server.demo().indexUrl());
        QCOMPARE(item.size, spec.size);
        QCOMPARE(item.format, spec.format);
        QCOMPARE(item.sha256, server.sha256OfDemoImage(i));
        QCOMPARE(TestServer::sha256Of(item.file), item.sha256);
        QCOMPARE(item.bytes, QFileInfo(item.file).size());
        QVERIFY(item.file.startsWith(downloads.path()));
        const QImage thumb = thumbnails.at(i).at(1).value<QImage>();
        QVERIFY(thumb.width() <= ThumbnailDecoder::kThumbnailBox.width());
        QVERIFY(thumb.height() <= ThumbnailDecoder::kThumbnailBox.height());
    }
    // Nothing half-written is left next to the originals.
    QCOMPARE(QDir(downloads.path()).entryList(QDir::Files).size(), count);
    if (blocking) {
        // The GUI thread decoded every image and sat waiting for every download.
        QVERIFY(GuiThreadWork::count(GuiThreadWork::Kind::Decode) >= count);
        QVERIFY(GuiThreadWork::count(GuiThreadWork::Kind::Wait) >= count);
    } else {
        QCOMPARE(GuiThreadWork::count(GuiThreadWork::Kind::Decode), 0);
        QCOMPARE(GuiThreadWork::count(GuiThreadWork::Kind::FileWrite), 0);
        QCOMPARE(GuiThreadWork::count(GuiThreadWork::Kind::Query), 0);
    }
}

void TestPipeline::badItemsFailAloneWithAReadableMessage_data()
{
    QTest::addColumn<bool>("blocking");
    QTest::newRow("async") << false;
    QTest::newRow("blocking") << true;
}

void TestPipeline::badItemsFailAloneWithAReadableMessage()
{
    QFETCH(bool, blocking);
    TestServer server(4);
    QVERIFY(server.ok());
    QTemporaryDir downloads;
    test::PipelineRig rig(options(downloads.path(), blocking));
    Pipeline &pipeline = rig.pipeline;
    pipeline.addSource(server.url(QStringLiteral("/mixed.html")).toString());
    QVERIFY(runUntilIdle(pipeline));

    const Pipeline::Items &items = pipeline.items();
    QCOMPARE(items.size(), 4);   // the <img> written by a script is not a reference
    QCOMPARE(items[0].state, Item::State::Done);
    QCOMPARE(items[1].url, server.url(QStringLiteral("/missing.jpg")));
    QCOMPARE(items[1].state, Item::State::Failed);
    QCOMPARE(items[1].failure.kind(), Failure::Kind::HttpStatus);
    QCOMPARE(items[1].failure.status(), 404);
    QCOMPARE(items[2].url, server.url(QStringLiteral("/damaged.png")));
    QCOMPARE(items[2].state, Item::State::Failed);
    QVERIFY2(items[2].failure.is(Failure::Kind::Damaged) || items[2].failure.is(Failure::Kind::DecodeFailed), qPrintable(items[2].error()));
    QCOMPARE(items[3].state, Item::State::Done);
    QCOMPARE(items[3].sha256, server.sha256OfDemoImage(1));
    for (const Item &item : items)
        QCOMPARE(item.page, server.url(QStringLiteral("/mixed.html")));
}

void TestPipeline::aPageThatFailsIsOneErrorItem()
{
    TestServer server(1);
    QVERIFY(server.ok());
    QTemporaryDir downloads;
    test::PipelineRig rig(options(downloads.path()));
    Pipeline &pipeline = rig.pipeline;
    const QUrl page = server.url(QStringLiteral("/no-such-page"));
    pipeline.addSource(page.toString());
    pipeline.addSource(server.demo().imageUrl(0).toString());
    QVERIFY(runUntilIdle(pipeline));
    QCOMPARE(pipeline.items().size(), 2);
    const Item failed = pipeline.items()[0].url == page ? pipeline.items()[0] : pipeline.items()[1];
    QCOMPARE(failed.url, page);
    QCOMPARE(failed.state, Item::State::Failed);
    QCOMPARE(failed.failure.kind(), Failure::Kind::HttpStatus);
    QCOMPARE(failed.failure.status(), 404);
    QVERIFY(failed.page.isEmpty());
}

void TestPipeline::localFolderIsDecodedAndHashed()
{
    QTemporaryDir folder;
    const QList<QSize> sizes{{640, 480}, {100, 300}, {32, 32}};
    for (int i = 0; i < sizes.size(); ++i) {
        QImage image(sizes[i], QImage::Format_RGB32);
        image.fill(QColor::fromHsv(i * 90, 200, 200));
        QVERIFY(image.save(folder.filePath(QStringLiteral("img%1.png").arg(i))));
    }
    QFile junk(folder.filePath(QStringLiteral("notes.txt")));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("not an image");
    junk.close();

    test::PipelineRig rig(options(folder.filePath(QStringLiteral("unused"))));
    Pipeline &pipeline = rig.pipeline;
    pipeline.addSource(folder.path());
    QVERIFY(runUntilIdle(pipeline));
    QCOMPARE(pipeline.items().size(), sizes.size());
    for (int i = 0; i < sizes.size(); ++i) {
        const Item &item = pipeline.items()[i];
        QCOMPARE(item.state, Item::State::Done);
        QCOMPARE(item.size, sizes[i]);
        QCOMPARE(item.format, QByteArray("png"));
        QCOMPARE(item.sha256, TestServer::sha256Of(item.file));
    }
    QCOMPARE(GuiThreadWork::count(GuiThreadWork::Kind::Decode), 0);
}

// As a file manager lists them, and as the gallery's Sort by Name orders them: numbers by value, any case.
void TestPipeline::aFolderArrivesInTheOrderSortByNameShows()
{
    QTemporaryDir folder;
    const QStringList names{QStringLiteral("img-10.png"), QStringLiteral("img-2.png"), QStringLiteral("IMG-3.png"),
                            QStringLiteral("img-1.png"), QStringLiteral("b/img-1.png"), QStringLiteral("a10/x.png"),
                            QStringLiteral("a9/x.png")};
    for (const QString &name : names) {
        QVERIFY(QDir(folder.path()).mkpath(QFileInfo(folder.filePath(name)).path()));
        QImage image(8, 8, QImage::Format_RGB32);
        image.fill(Qt::darkGreen);
        QVERIFY(image.save(folder.filePath(name)));
    }
    test::PipelineRig rig(options(folder.filePath(QStringLiteral("unused"))));
    rig.pipeline.addSource(folder.path());
    QVERIFY(runUntilIdle(rig.pipeline));
    QStringList found;
    for (const Item &item : rig.pipeline.items())
        found << QDir(folder.path()).relativeFilePath(item.file);
    // A folder's own files first, then its folders, each in the same order.
    QCOMPARE(found, (QStringList{QStringLiteral("img-1.png"), QStringLiteral("img-2.png"), QStringLiteral("IMG-3.png"),
                                 QStringLiteral("img-10.png"), QStringLiteral("a9/x.png"), QStringLiteral("a10/x.png"),
                                 QStringLiteral("b/img-1.png")}));
}

// A folder asks for all its decodes at once; they wait in the pipeline (not as pool tasks with a
// promise and a watcher each), a few run, and the rows on screen jump the queue.
void TestPipeline::aFolderDecodesAFewAtATimeVisibleRowsFirst()
{
    QTemporaryDir folder;
    constexpr int kFiles = 120;
    for (int i = 0; i < kFiles; ++i) {
        QImage image(64, 48, QImage::Format_RGB32);
        image.fill(QColor::fromHsv(i * 3, 200, 200));
        QVERIFY(image.save(folder.filePath(QStringLiteral("img%1.png").arg(i, 3, 10, QLatin1Char('0')))));
    }
    test::RigSettings settings = options(folder.filePath(QStringLiteral("unused")));
    settings.decodeThreads = 1;
    test::PipelineRig rig(settings);
    Pipeline &pipeline = rig.pipeline;
    constexpr int kVisibleFirst = kFiles - 10;
    bool visibleSet = false;
    connect(&pipeline, &Pipeline::itemsAdded, this, [&] {
        if (!std::exchange(visibleSet, true))
            pipeline.setVisibleRows(kVisibleFirst, kFiles - 1);   // the user is looking at the end
    });
    QList<int> finished;
    int mostRunning = 0;
    connect(&pipeline, &Pipeline::thumbnailReady, this, [&](int row) {
        finished << row;
        mostRunning = qMax(mostRunning, pipeline.decodesRunning() + 1);   // this one has just ended
    });
    pipeline.addSource(folder.path());
    QVERIFY(runUntilIdle(pipeline));
    QCOMPARE(finished.size(), kFiles);
    QVERIFY2(mostRunning <= Pipeline::decodesInFlight(), qPrintable(QString::number(mostRunning)));
    // One listing batch (kFolderBatch > kFiles): each visible row is done right after the decodes
    // already running when it was asked for.
    static_assert(Pipeline::kFolderBatch > kFiles);
    const int allowed = Pipeline::decodesInFlight() + 10;
    for (int row = kVisibleFirst; row < kFiles; ++row) {
        const qsizetype place = finished.indexOf(row);
        QVERIFY2(place >= 0 && place < allowed, qPrintable(QStringLiteral("row %1 finished %2th").arg(row).arg(place)));
    }
}

void TestPipeline::blockingModeWorksOnTheGuiThread()
{
    TestServer server(3);
    QVERIFY(server.ok());
    QTemporaryDir downloads;
    test::PipelineRig rig(options(downloads.path(), true));
    Pipeline &pipeline = rig.pipeline;
    pipeline.addSource(server.demo().indexUrl().toString());
    QVERIFY(runUntilIdle(pipeline));
    QCOMPARE(pipeline.items().size(), 3);
    QCOMPARE(GuiThreadWork::count(GuiThreadWork::Kind::Decode), 3);
    QVERIFY(GuiThreadWork::count(GuiThreadWork::Kind::Wait) >= 4);   // the page and each image
}

// A lookup asked before the catalog is open fails (its future holds the exception). In blocking mode
// the GUI thread's wait rethrew it, out of the SOURCE's coroutine, where it vanished: the page's
// images stayed queued for ever (a --blocking --demo run hung ~1 time in 3 when the demo server
// answered before the catalog was open). Either mode downloads them as if nothing were catalogued.
void TestPipeline::aCatalogThatCannotAnswerYetDelaysNoDownload_data()
{
    QTest::addColumn<bool>("blocking");
    QTest::newRow("async") << false;
    QTest::newRow("blocking") << true;
}

void TestPipeline::aCatalogThatCannotAnswerYetDelaysNoDownload()
{
    QFETCH(bool, blocking);
    TestServer server(4);
    QVERIFY(server.ok());
    QTemporaryDir downloads;
    test::PipelineRig rig(options(downloads.path(), blocking));
    Catalog catalog;   // never opened: every lookup fails with "not open"
    rig.pipeline.setCatalog(&catalog);
    rig.pipeline.addSource(server.demo().indexUrl().toString());
    QVERIFY(runUntilIdle(rig.pipeline, 30000));
    QCOMPARE(rig.pipeline.items().size(), 4);
    QCOMPARE(rig.pipeline.count(Item::State::Done), 4);
    rig.pipeline.setCatalog(nullptr);
}

void TestPipeline::cancelAllFinishesEveryItem()
{
    TestServer server(30);
    QVERIFY(server.ok());
    server.demo().http()->setLatencyMs(300);
    QTemporaryDir downloads;
    test::PipelineRig rig(options(downloads.path()));
    Pipeline &pipeline = rig.pipeline;
    pipeline.addSource(server.demo().indexUrl().toString());
    QTRY_VERIFY_WITH_TIMEOUT(pipeline.items().size() == 30, 10000);
    pipeline.cancelAll();
    QVERIFY(runUntilIdle(pipeline, 10000));
    int cancelled = 0;
    for (const Item &item : pipeline.items()) {
        QVERIFY(item.isFinished());
        cancelled += item.isCancelled();
    }
    QVERIFY(cancelled > 0);
    QCOMPARE(pipeline.count(Item::State::Done) + pipeline.count(Item::State::Failed), int(pipeline.items().size()));
    QCOMPARE(pipeline.count(Item::State::Queued) + pipeline.count(Item::State::Downloading) + pipeline.count(Item::State::Decoding), 0);
    // Cancelled downloads leave no temporary files behind.
    QTRY_COMPARE(QDir(downloads.path()).entryList(QDir::Files | QDir::Hidden).size(),
                 QDir(downloads.path()).entryList({QStringLiteral("*.jpg"), QStringLiteral("*.png"), QStringLiteral("*.webp")}, QDir::Files).size());
}

// A queued download is a hash entry, not an object: 5,000 of them hang nothing on the pipeline (a
// QFutureWatcher each did: memory per row, and a sweep of the event queue per watcher as they went).
void TestPipeline::queuedDownloadsAreNoObjectsEach()
{
    QTemporaryDir downloads;
    test::PipelineRig rig(options(downloads.path()));
    Pipeline &pipeline = rig.pipeline;
    pipeline.pauseAll();   // queued only: nothing is fetched
    constexpr int kQueued = 5000;
    QList<QUrl> urls;
    for (int i = 0; i < kQueued; ++i)
        urls << QUrl(QStringLiteral("http://h%1.invalid/p%2.jpg").arg(i % 7).arg(i));
    pipeline.addImages(urls, QUrl(QStringLiteral("http://pages.invalid/a.html")));
    QCOMPARE(pipeline.count(Item::State::Queued), kQueued);
    QVERIFY2(pipeline.findChildren<QFutureWatcherBase *>().size() < 10,
             qPrintable(QString::number(pipeline.findChildren<QFutureWatcherBase *>().size())));
    pipeline.cancelAll();
    QVERIFY(runUntilIdle(pipeline, 10000));
    QCOMPARE(pipeline.count(Item::State::Failed), kQueued);   // each one cancelled, none left waiting
    QCOMPARE(pipeline.cancelledCount(), kQueued);              // and counted as cancelled, not failed
    pipeline.cancel(0);                                        // already finished: no change
    QCOMPARE(pipeline.cancelledCount(), kQueued);
    pipeline.retry(1);                                         // a retried one is no longer cancelled
    QCOMPARE(pipeline.cancelledCount(), kQueued - 1);
    pipeline.cancel(1);                                        // … until it is cancelled again
    QCOMPARE(pipeline.cancelledCount(), kQueued);
    QCOMPARE(pipeline.count(Item::State::Failed), kQueued);
}

// Cancel all changes every item at once and tells the listeners a slice per event-loop turn, so
// that none of them walks 100,000 rows between two paints. The slices cover every row once, in
// order; a row retried before its slice is told keeps its new state (listeners read, not assume).
void TestPipeline::cancelAllIsToldASliceAtATime()
{
    QTemporaryDir downloads;
    test::PipelineRig rig(options(downloads.path()));
    Pipeline &pipeline = rig.pipeline;
    pipeline.pauseAll();
    constexpr int kQueued = 3 * Pipeline::kAnnounceSlice + 100;
    QList<QUrl> urls;
    for (int i = 0; i < kQueued; ++i)
        urls << QUrl(QStringLiteral("http://h%1.invalid/p%2.jpg").arg(i % 7).arg(i));
    pipeline.addImages(urls, QUrl(QStringLiteral("http://pages.invalid/a.html")));
    QCOMPARE(pipeline.count(Item::State::Queued), kQueued);
    QList<std::pair<int, int>> told;
    connect(&pipeline, &Pipeline::itemsChanged, this, [&](int first, int last) { told.append({first, last}); });
    pipeline.cancelAll();
    // The items changed at once; the first slice is told at once, the rest later.
    QCOMPARE(pipeline.cancelledCount(), kQueued);
    QVERIFY(pipeline.isIdle());
    QCOMPARE(told.size(), 1);
    const int retried = kQueued - 1;   // in the last slice, not told yet
    pipeline.retry(retried);
    QCOMPARE(pipeline.items().at(retried).state, Item::State::Queued);
    QTRY_COMPARE(told.size(), 4);
    int next = 0;
    for (const auto &[first, last] : told) {
        QCOMPARE(first, next);
        QVERIFY(last - first + 1 <= Pipeline::kAnnounceSlice);
        next = last + 1;
    }
    QCOMPARE(next, kQueued);
    QCOMPARE(pipeline.items().at(retried).state, Item::State::Queued);   // told late, still as it is now
    QCOMPARE(pipeline.cancelledCount(), kQueued - 1);
}

// The downloads panel's Cancel and Retry on a selection: the rows change together, other rows do
// not, and the retried downloads (sent to the network thread in one message) really run to the end.
void TestPipeline::aSelectionIsCancelledAndRetriedAtOnce()
{
    TestServer server(30);
    QVERIFY(server.ok());
    QTemporaryDir downloads;
    test::PipelineRig rig(options(downloads.path()));
    Pipeline &pipeline = rig.pipeline;
    pipeline.pauseAll();
    QList<QUrl> urls;
    for (int i = 0; i < 30; ++i)
        urls << server.demo().imageUrl(i);
    pipeline.addImages(urls, server.demo().indexUrl());
    QTRY_COMPARE(pipeline.count(Item::State::Queued), 30);
    QList<int> chosen;
    for (int row = 0; row < 30; row += 3)
        chosen << row;
    int told = 0;
    connect(&pipeline, &Pipeline::itemsChanged, this, [&](int first, int last) { told += last - first + 1; });
    pipeline.cancel(chosen + QList<int>{chosen.first(), 99, -1});   // repeats and strangers are ignored
    QCOMPARE(pipeline.cancelledCount(), 10);
    QCOMPARE(pipeline.count(Item::State::Queued), 20);
    for (int row = 0; row < 30; ++row)
        QCOMPARE(pipeline.items().at(row).isCancelled(), chosen.contains(row));
    QVERIFY(told > 0);
    pipeline.retry(chosen);
    QCOMPARE(pipeline.cancelledCount(), 0);
    QCOMPARE(pipeline.count(Item::State::Queued), 30);
    for (int row : chosen)
        QCOMPARE(pipeline.items().at(row).generation, 1u);   // a new start: late results of the old one are dropped
    pipeline.resumeAll();
    QVERIFY(runUntilIdle(pipeline, 30000));
    QCOMPARE(pipeline.count(Item::State::Done), 30);
}

void TestPipeline::nothingComesBackAfterCancelAll_data()
{
    QTest::addColumn<QString>("when");
    QTest::newRow("while downloading") << QStringLiteral("downloading");
    QTest::newRow("while decoding") << QStringLiteral("decoding");
    QTest::newRow("while the page is fetched") << QStringLiteral("page");
    QTest::newRow("while a folder is listed") << QStringLiteral("folder");
}

// Cancel all wins over everything already under way or queued: no item goes from Cancelled back to
// Downloading or Done, no new item arrives from a page or a folder, and the pipeline is idle at once.
void TestPipeline::nothingComesBackAfterCancelAll()
{
    QFETCH(QString, when);
    TestServer server(40);
    QVERIFY(server.ok());
    QTemporaryDir downloads;
    QTemporaryDir folder;
    test::RigSettings settings = options(downloads.path());
    settings.decodeThreads = 1;
    test::PipelineRig rig(settings);
    Pipeline &pipeline = rig.pipeline;
    if (when == QLatin1String("folder")) {
        QImage image(40, 30, QImage::Format_RGB32);
        image.fill(Qt::darkBlue);
        for (int i = 0; i < 1500; ++i)
            QVERIFY(image.save(folder.filePath(QStringLiteral("%1.png").arg(i, 4, 10, QLatin1Char('0')))));
        pipeline.addSource(folder.path());
        QTRY_VERIFY_WITH_TIMEOUT(!pipeline.items().isEmpty(), 10000);
    } else {
        server.demo().http()->setLatencyMs(when == QLatin1String("page") ? 500 : 100);
        pipeline.addSource(server.demo().indexUrl().toString());
        if (when == QLatin1String("downloading"))
            QTRY_VERIFY_WITH_TIMEOUT(pipeline.items().size() == 40, 10000);
        else if (when == QLatin1String("decoding"))
            QTRY_VERIFY_WITH_TIMEOUT(std::any_of(pipeline.items().cbegin(), pipeline.items().cend(),
                                                 [](const Item &i) { return i.state == Item::State::Decoding; }), 20000);
        else
            QTest::qWait(100);   // the page is still on its way
    }
    pipeline.cancelAll();
    QVERIFY(pipeline.isIdle());
    const qsizetype rows = pipeline.items().size();
    QList<Item::State> states;
    for (const Item &item : pipeline.items())
        states << item.state;
    QSignalSpy changed(&pipeline, &Pipeline::itemChanged);
    QSignalSpy added(&pipeline, &Pipeline::itemsAdded);
    QTest::qWait(1500);   // everything that was in flight has had time to come back
    QCOMPARE(pipeline.items().size(), rows);
    QCOMPARE(added.count(), 0);
    QCOMPARE(changed.count(), 0);
    for (int i = 0; i < rows; ++i)
        QCOMPARE(pipeline.items()[i].state, states[i]);
    QVERIFY(pipeline.isIdle());
}

void TestPipeline::aRetryAfterCancelIsNotUndoneByTheEarlierStart_data()
{
    QTest::addColumn<bool>("all");
    QTest::addColumn<QString>("when");
    QTest::newRow("cancel, retry while downloading") << false << QStringLiteral("downloading");
    QTest::newRow("cancel all, retry while downloading") << true << QStringLiteral("downloading");
    QTest::newRow("cancel, retry while decoding") << false << QStringLiteral("decoding");
    QTest::newRow("cancel all, retry while decoding") << true << QStringLiteral("decoding");
}

// Cancel then Retry at once: the first start's download or decode is still running and finishes
// later. Its result must not be applied to the new start (failing it as Cancelled, or making it Done
// without its file while the new download's file is left unrecorded): the retried item ends Done,
// once, with the file of its own download.
void TestPipeline::aRetryAfterCancelIsNotUndoneByTheEarlierStart()
{
    QFETCH(bool, all);
    QFETCH(QString, when);
    TestServer server(6);
    QVERIFY(server.ok());
    QTemporaryDir downloads;
    test::RigSettings settings = options(downloads.path());
    settings.decodeThreads = 1;
    test::PipelineRig rig(settings);
    Pipeline &pipeline = rig.pipeline;
    const bool downloading = when == QLatin1String("downloading");
    if (downloading)
        server.demo().http()->setRateKBps(100);   // the download takes a few seconds
    // While decoding: the one decode thread is held, so the item's decode waits queued (Decoding).
    std::atomic<bool> release{false};
    if (!downloading) {
        rig.decoder.pool()->start([&release] {
            while (!release.load())
                QThread::msleep(5);
        });
    }
    const QUrl url = server.demo().imageUrl(3);
    pipeline.addSource(url.toString());
    const Item::State state = when == QLatin1String("downloading") ? Item::State::Downloading : Item::State::Decoding;
    QTRY_VERIFY2_WITH_TIMEOUT(!pipeline.items().isEmpty() && pipeline.items()[0].state == state,
                              qPrintable(pipeline.items().isEmpty() ? QStringLiteral("no item") : QStringLiteral("state %1: %2").arg(int(pipeline.items()[0].state)).arg(pipeline.items()[0].error())), 30000);
    if (all)
        pipeline.cancelAll();
    else
        pipeline.cancel(0);
    QVERIFY(pipeline.items()[0].isCancelled());
    server.demo().http()->setRateKBps(0);
    pipeline.retry(0);
    QCOMPARE(pipeline.items()[0].generation, 1u);
    release = true;
    QVERIFY(runUntilIdle(pipeline, 60000));
    QTest::qWait(200);   // anything of the first start still on its way lands now
    const Item &item = pipeline.items()[0];
    QVERIFY2(item.state == Item::State::Done, qPrintable(item.error()));
    QVERIFY(!item.file.isEmpty());
    QVERIFY(QFileInfo::exists(item.file));
    QCOMPARE(item.size, DemoGallery::spec(3).size);
    QCOMPARE(pipeline.count(Item::State::Done), 1);
}

void TestPipeline::aPageToPickFromListsItsImagesFirst_data()
{
    QTest::addColumn<bool>("blocking");
    QTest::newRow("async") << false;
    QTest::newRow("blocking") << true;
}

void TestPipeline::aPageToPickFromListsItsImagesFirst()
{
    QFETCH(bool, blocking);
    TestServer server(6);
    QVERIFY(server.ok());
    QTemporaryDir downloads;
    test::PipelineRig rig(options(downloads.path(), blocking));
    Pipeline &pipeline = rig.pipeline;
    QSignalSpy scanned(&pipeline, &Pipeline::pageScanned);
    const QUrl page = server.url(QStringLiteral("/index.html"));
    pipeline.addSourceToPick(page.toString());
    QVERIFY(runUntilIdle(pipeline));
    QCOMPARE(scanned.size(), 1);
    QCOMPARE(scanned[0][0].toUrl(), page);
    const auto images = scanned[0][1].value<QList<QUrl>>();
    QCOMPARE(images.size(), 6);
    QVERIFY(pipeline.items().isEmpty());   // nothing fetched before the user picks

    pipeline.addImages({images[1], images[4]}, page);
    QVERIFY(runUntilIdle(pipeline));
    QCOMPARE(pipeline.items().size(), 2);
    for (const Item &item : pipeline.items()) {
        QCOMPARE(item.state, Item::State::Done);
        QCOMPARE(item.page, page);
    }
    // Picking again from the same page offers it again, and never fetches an image twice.
    pipeline.addSourceToPick(page.toString());
    QVERIFY(runUntilIdle(pipeline));
    QCOMPARE(scanned.size(), 2);
    pipeline.addImages(scanned[1][1].value<QList<QUrl>>(), page);
    QVERIFY(runUntilIdle(pipeline));
    QCOMPARE(pipeline.items().size(), 6);
}

void TestPipeline::aPageWithoutImagesIsOneErrorItem()
{
    TestServer server(1, [](HttpServer &http) {
        http.route(QStringLiteral("/empty.html"), [](const HttpRequest &) {
            return QtFuture::makeReadyFuture(HttpResponse::ok("<!doctype html><p>Nothing to see", "text/html"));
        });
    });
    QVERIFY(server.ok());
    QTemporaryDir downloads;
    test::PipelineRig rig(options(downloads.path()));
    Pipeline &pipeline = rig.pipeline;
    const QUrl page = server.url(QStringLiteral("/empty.html"));
    pipeline.addSource(page.toString());
    QVERIFY(runUntilIdle(pipeline));
    QCOMPARE(pipeline.items().size(), 1);
    QCOMPARE(pipeline.items()[0].url, page);
    QCOMPARE(pipeline.items()[0].state, Item::State::Failed);
    QCOMPARE(pipeline.items()[0].failure.kind(), Failure::Kind::NoImagesOnPage);
}

void TestPipeline::aRealisticPageGivesWhatABrowserLoads()
{
    // Written the way real sites write pages: a <base>, og:image, a stylesheet background, a
    // <picture> with WebP sources, a lazy image behind a placeholder (and its <noscript> twin),
    // srcset, a link to the full-size photo, an inline style background — and script, template
    // and comment text that a browser never loads. Every image path answers with a real JPEG.
    static const QByteArray page = R"html(<!doctype html><html><head>
<base href="/site/">
<meta property="og:image" content="img/social.jpg">
<link rel="image_src" href="img/social.jpg">
<style>.masthead { background: url("img/masthead.png") no-repeat }</style>
</head><body>
<header class=masthead><IMG SRC=img/logo.png alt=logo></header>
<picture>
  <source type="image/webp" srcset="img/hero-800.webp 800w, img/hero-1600.webp 1600w">
  <img src="img/hero-800.jpg" alt="">
</picture>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="img/valley.jpg" class="lazyload">
<noscript><img src="img/valley.jpg"></noscript>
<img srcset="img/lake-480.jpg 480w, img/lake-1080.jpg 1080w" src="img/lake-480.jpg">
<p><a href="img/peak-large.jpg"><img src="img/peak-thumb.jpg"></a>
<div style="background-image: url('img/quote-bg.jpg')">Quote</div>
<script>document.write('<img src="img/from-script.jpg">')</script>
<template><img src="img/in-template.jpg"></template>
<!-- <img src="img/commented-out.jpg"> -->
</body></html>)html";
    TestServer server(1, [](HttpServer &http) {
        http.route(QStringLiteral("/site/"), [](const HttpRequest &request) {
            if (request.path == QLatin1String("/site/article.html"))
                return QtFuture::makeReadyFuture(HttpResponse::ok(page, "text/html; charset=utf-8"));
            return QtFuture::makeReadyFuture(HttpResponse::ok(FaultRoutes::sampleJpeg(), "image/jpeg"));
        });
    });
    QVERIFY(server.ok());
    QTemporaryDir downloads;
    test::PipelineRig rig(options(downloads.path()));
    Pipeline &pipeline = rig.pipeline;
    const QUrl article = server.url(QStringLiteral("/site/article.html"));
    pipeline.addSource(article.toString());
    QVERIFY(runUntilIdle(pipeline));

    QStringList got;
    for (const Item &item : pipeline.items()) {
        got << item.url.path();
        QCOMPARE(item.page, article);
        QVERIFY2(item.state == Item::State::Done, qPrintable(item.url.toString() + QLatin1String(": ") + item.error()));
        QVERIFY(!item.size.isEmpty());
    }
    const QStringList expected{
        QStringLiteral("/site/img/social.jpg"),    QStringLiteral("/site/img/masthead.png"),
        QStringLiteral("/site/img/logo.png"),      QStringLiteral("/site/img/hero-1600.webp"),
        QStringLiteral("/site/img/valley.jpg"),    QStringLiteral("/site/img/lake-1080.jpg"),
        QStringLiteral("/site/img/peak-large.jpg"), QStringLiteral("/site/img/peak-thumb.jpg"),
        QStringLiteral("/site/img/quote-bg.jpg"),
    };
    QCOMPARE(got, expected);
}

namespace {
quint32 crc32Of(const QByteArray &bytes)   // PNG's chunk checksum (IEEE CRC-32), bit by bit
{
    quint32 crc = 0xffffffffU;
    for (const char c : bytes) {
        crc ^= quint8(c);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xedb88320U & (0U - (crc & 1U)));
    }
    return ~crc;
}

// A GIF whose header claims `width`×`height` pixels (GIF cannot decode scaled: all of it would be
// allocated), with one tiny LZW-coded pixel.
QByteArray gifClaiming(quint16 width, quint16 height)
{
    QByteArray gif("GIF89a");
    auto le16 = [&](quint16 v) { gif += char(v & 0xFF); gif += char(v >> 8); };
    le16(width);
    le16(height);
    gif += QByteArray("\x80\x00\x00", 3);                     // global colour table of 2
    gif += QByteArray("\x00\x00\x00\xff\xff\xff", 6);
    gif += ',';
    le16(0);
    le16(0);
    le16(width);
    le16(height);
    gif += char(0);
    gif += QByteArray("\x02\x02\x44\x01\x00", 5);           // minimum code size 2, one short block
    gif += ';';
    return gif;
}

// A PNG that claims `width`×`height` pixels but carries only a few compressed rows: decoding it in
// full would need width*height*4 bytes.
QByteArray pngClaiming(quint32 width, quint32 height)
{
    auto chunk = [](const QByteArray &type, const QByteArray &data) {
        QByteArray out;
        QDataStream(&out, QIODevice::WriteOnly) << quint32(data.size());
        out += type + data;
        const QByteArray crcInput = type + data;
        QByteArray crc;
        QDataStream(&crc, QIODevice::WriteOnly) << crc32Of(crcInput);
        return out + crc;
    };
    QByteArray ihdr;
    QDataStream(&ihdr, QIODevice::WriteOnly) << width << height << quint8(8) << quint8(2) << quint8(0) << quint8(0) << quint8(0);
    const QByteArray rows(int(width * 3 + 1) * 4, '\0');
    QByteArray idat = qCompress(rows).mid(4);   // qCompress prefixes the length; zlib stream follows
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", idat) + chunk("IEND", {});
}
} // namespace

void TestPipeline::hostileFilesFailAlone_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QList<Failure::Kind>>("kinds");   // any of these
    using K = Failure::Kind;
    QTest::newRow("empty file") << QByteArray() << QList<K>{K::UnknownFormat};
    QTest::newRow("text named .png") << QByteArray("hello, not an image") << QList<K>{K::UnknownFormat};
    QTest::newRow("60000x60000 PNG bomb") << pngClaiming(60000, 60000) << QList<K>{K::DecodeFailed, K::Damaged, K::OverBudget};
    QTest::newRow("header only") << QByteArray("\x89PNG\r\n\x1a\n", 8) << QList<K>{K::DecodeFailed, K::Damaged, K::UnknownFormat};
    QTest::newRow("11000x11000 GIF") << gifClaiming(11000, 11000) << QList<K>{K::OverBudget};
}

void TestPipeline::hostileFilesFailAlone()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QList<Failure::Kind>, kinds);
    QTemporaryDir folder;
    QFile bad(folder.filePath(QStringLiteral("bad.png")));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(bytes);
    bad.close();
    QImage good(64, 48, QImage::Format_RGB32);
    good.fill(Qt::darkCyan);
    QVERIFY(good.save(folder.filePath(QStringLiteral("good.png"))));

    test::PipelineRig rig(options(folder.filePath(QStringLiteral("unused"))));
    Pipeline &pipeline = rig.pipeline;
    pipeline.addSource(folder.path());
    QVERIFY(runUntilIdle(pipeline));
    QCOMPARE(pipeline.items().size(), 2);
    const Item &failed = pipeline.items()[0];
    QVERIFY(failed.url.path().endsWith(QLatin1String("bad.png")));
    QCOMPARE(failed.state, Item::State::Failed);
    QVERIFY2(kinds.contains(failed.failure.kind()), qPrintable(failed.error()));
    QVERIFY(!failed.error().isEmpty());
    QCOMPARE(pipeline.items()[1].state, Item::State::Done);
    QCOMPARE(pipeline.items()[1].size, QSize(64, 48));
}

void TestPipeline::whatTheCatalogHoldsIsNotFetchedAgain()
{
    TestServer server(6);
    QVERIFY(server.ok());
    QTemporaryDir work;
    Catalog catalog;
    QFuture<CatalogOpenResult> opened = catalog.open(work.filePath(QStringLiteral("c.sqlite")));
    QTRY_VERIFY_WITH_TIMEOUT(opened.isFinished(), 10000);
    QVERIFY(opened.result().ok);
    {
        test::PipelineRig rig(options(work.filePath(QStringLiteral("dl"))));
        Pipeline &first = rig.pipeline;
        CatalogRecorder recorder(&first, &catalog);
        first.addSource(server.demo().indexUrl().toString());
        QVERIFY(runUntilIdle(first));
        QFuture<void> flushed = recorder.flush();
        QTRY_VERIFY_WITH_TIMEOUT(flushed.isFinished(), 10000);
    }
    const quint64 before = server.demo().http()->requestCount();

    test::PipelineRig rig2(options(work.filePath(QStringLiteral("dl"))));
    Pipeline &second = rig2.pipeline;
    second.setCatalog(&catalog);
    QSignalSpy thumbnails(&second, &Pipeline::thumbnailReady);
    second.addSource(server.demo().indexUrl().toString());
    QVERIFY(runUntilIdle(second));
    QCOMPARE(second.items().size(), 6);
    for (int i = 0; i < 6; ++i) {
        const Item &item = second.items()[i];
        QCOMPARE(item.state, Item::State::Done);
        QVERIFY(item.fromCatalog);
        QCOMPARE(item.size, DemoGallery::spec(i).size);
        QCOMPARE(item.sha256, server.sha256OfDemoImage(i));
    }
    QCOMPARE(thumbnails.size(), 6);
    QVERIFY(!thumbnails[0][1].value<QImage>().isNull());
    QCOMPARE(server.demo().http()->requestCount() - before, quint64(1));   // the page, no image

    // A catalogued file that is gone from disk is fetched again.
    QVERIFY(QFile::remove(second.items()[2].file));
    test::PipelineRig rig3(options(work.filePath(QStringLiteral("dl"))));
    Pipeline &third = rig3.pipeline;
    third.setCatalog(&catalog);
    third.addSource(server.demo().imageUrl(2).toString());
    QVERIFY(runUntilIdle(third));
    QCOMPARE(third.items().size(), 1);
    QCOMPARE(third.items()[0].state, Item::State::Done);
    QVERIFY(!third.items()[0].fromCatalog);
}




void TestPipeline::hugeImagesShareOneDecodeBudget()
{
    // Sixteen small files that would each decode to 484 MB: they fail with a sentence, the good one
    // decodes, and the decodes together never hold more than the one budget.
    QTemporaryDir folder;
    for (int i = 0; i < 16; ++i) {
        QFile f(folder.filePath(QStringLiteral("bomb-%1.gif").arg(i, 2, 10, QLatin1Char('0'))));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(gifClaiming(11000, 11000));
    }
    QImage good(64, 48, QImage::Format_RGB32);
    good.fill(Qt::darkCyan);
    QVERIFY(good.save(folder.filePath(QStringLiteral("zz-good.png"))));
    test::PipelineRig rig(options(folder.filePath(QStringLiteral("unused"))));
    rig.pipeline.addSource(folder.path());
    QVERIFY(runUntilIdle(rig.pipeline));
    QCOMPARE(rig.pipeline.items().size(), 17);
    for (int i = 0; i < 16; ++i) {
        QCOMPARE(rig.pipeline.items()[i].failure.kind(), Failure::Kind::OverBudget);
        QVERIFY(rig.pipeline.items()[i].error().contains(QLatin1String("too large")));
    }
    QCOMPARE(rig.pipeline.items()[16].state, Item::State::Done);
    QVERIFY(DecodeBudget::peak() <= DecodeBudget::limit());
    QCOMPARE(DecodeBudget::inUse(), 0);
}

void TestPipeline::everyFormatQtReadsIsAccepted()
{
    QTemporaryDir folder;
    QImage image(32, 24, QImage::Format_RGB32);
    image.fill(Qt::darkMagenta);
    for (const char *format : {"ico", "bmp", "ppm", "png"})
        QVERIFY2(image.save(folder.filePath(QStringLiteral("a.%1").arg(QLatin1String(format))), format), format);
    test::PipelineRig rig(options(folder.filePath(QStringLiteral("unused"))));
    rig.pipeline.addSource(folder.path());
    QVERIFY(runUntilIdle(rig.pipeline));
    QCOMPARE(rig.pipeline.items().size(), 4);
    for (const Item &item : rig.pipeline.items()) {
        QVERIFY2(item.state == Item::State::Done, qPrintable(item.url.fileName() + QLatin1String(": ") + item.error()));
        QCOMPARE(item.size, QSize(32, 24));
    }
}

void TestPipeline::devicesPipesAndMissingPathsAreRefused()
{
    QTemporaryDir folder;
    const QString fifo = folder.filePath(QStringLiteral("pipe.jpg"));
    QVERIFY(::mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
    test::PipelineRig rig(options(folder.filePath(QStringLiteral("unused"))));
    rig.pipeline.addSource(QStringLiteral("/dev/zero"));
    rig.pipeline.addSource(fifo);
    rig.pipeline.addSource(folder.filePath(QStringLiteral("no-such-file.jpg")));
    rig.pipeline.addSource(folder.path());   // the folder itself: the pipe in it is not listed
    QVERIFY(runUntilIdle(rig.pipeline));
    QCOMPARE(rig.pipeline.items().size(), 3);
    QHash<QString, Failure::Kind> kinds;   // sources resolve in parallel: match by name, not by row
    for (const Item &item : rig.pipeline.items())
        kinds.insert(item.url.fileName(), item.failure.kind());
    QCOMPARE(kinds.value(QStringLiteral("zero")), Failure::Kind::NotAFile);
    QCOMPARE(kinds.value(QStringLiteral("pipe.jpg")), Failure::Kind::NotAFile);
    QCOMPARE(kinds.value(QStringLiteral("no-such-file.jpg")), Failure::Kind::NotFound);
}

void TestPipeline::anAddressWithoutSchemeIsAWebAddress_data()
{
    QTest::addColumn<QString>("host");
    QTest::newRow("an IP address") << QStringLiteral("127.0.0.1");
    QTest::newRow("localhost") << QStringLiteral("localhost");
}

void TestPipeline::anAddressWithoutSchemeIsAWebAddress()
{
    QFETCH(QString, host);
    TestServer server(1);
    QVERIFY(server.ok());
    QTemporaryDir downloads;
    test::PipelineRig rig(options(downloads.path()));
    // "localhost:port/images/…" as typed into an address bar: no such local path, so a web address.
    QString typed = server.demo().imageUrl(0).toString();
    typed.remove(QRegularExpression(QStringLiteral("^http://")));
    typed.replace(QLatin1String("127.0.0.1"), host);
    rig.pipeline.addSource(typed);
    QVERIFY(runUntilIdle(rig.pipeline));
    QCOMPARE(rig.pipeline.items().size(), 1);
    const Item &item = rig.pipeline.items()[0];
    QCOMPARE(item.url.scheme(), QStringLiteral("http"));
    QCOMPARE(item.url.host(), host);
    // A bare system (a fresh debootstrap) may have no /etc/hosts, and then "localhost" is not a
    // name the resolver knows: the address is still a web address, but it cannot be fetched.
    if (QHostInfo::fromName(host).addresses().isEmpty())
        QSKIP("this system does not resolve localhost (no /etc/hosts): classified, not fetched");
    QVERIFY2(item.state == Item::State::Done, qPrintable(item.error()));
}

// resolveAddress is a coroutine the pipeline owns: a pipeline destroyed while the page downloads or
// while it is scanned resumes it once, only to end (ASan would see a resume on the dead pipeline,
// LeakSanitizer a frame never freed), and the download's late result reaches nothing.
void TestPipeline::aPipelineDestroyedMidAddressLeavesNoCoroutineBehind()
{
    TestServer server(24);
    QVERIFY(server.ok());
    QTemporaryDir downloads;
    test::PipelineRig rig(options(downloads.path()));
    QTRY_COMPARE(suspendedWaits(), 0);
    int destroyedMidFlow = 0;
    for (int delayMs : {0, 1, 2, 3, 5, 10, 30}) {
        std::unique_ptr<Pipeline> pipeline = rig.another(downloads.path());
        pipeline->addSource(server.demo().indexUrl().toString());   // resolved from the event loop
        QTest::qWait(delayMs);
        destroyedMidFlow += suspendedWaits();   // 1 while the page downloads or is scanned
        pipeline.reset();
        QCOMPARE(suspendedWaits(), 0);
    }
    QVERIFY(destroyedMidFlow > 0);
    QTest::qWait(50);   // late downloads and scans come back to nobody
    QCOMPARE(suspendedWaits(), 0);
}

QTEST_MAIN(TestPipeline)
#include "tst_pipeline.moc"
