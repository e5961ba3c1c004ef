// Closing the window at any moment: mid-download, mid-decode, mid-page-scan, mid-catalog-lookup,
// during a VACUUM. Glint must never crash, never wait without bound, and every item that had
// finished when the user closed the window must be in the catalog afterwards. The real Application
// and MainWindow, offscreen, against the project's own server.
#include "app/application.h"
#include "app/mainwindow.h"
#include "core/catalog/catalog.h"
#include "core/catalog/parkedrecords.h"
#include "core/catalog/statementstop.h"
#include "core/pipeline/pipeline.h"
#include "testserver.h"

#include <QAbstractButton>
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QMessageBox>
#include <QPointer>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <functional>

using namespace glint;
using glint::test::TestServer;

namespace {

enum class Moment { Downloading, Decoding, ScanningPage, LookingUp, Vacuuming, Idle };

bool anyIn(const Pipeline &pipeline, Item::State state)
{
    for (const Item &item : pipeline.items()) {
        if (item.state == state)
            return true;
    }
    return false;
}

int doneCount(const Pipeline &pipeline)
{
    int done = 0;
    for (const Item &item : pipeline.items())
        done += item.state == Item::State::Done;
    return done;
}

// Counted straight from the file, after Glint has gone: what a next start would see.
int catalogued(const QString &path)
{
    int count = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(QStringLiteral("SELECT count(*) FROM sources WHERE status = 'ok'")) && q.next())
                count = q.value(0).toInt();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
    return count;
}

// A catalog, downloads folder and settings file of the test's own: nothing left for the next run.
Options optionsIn(const QTemporaryDir &work)
{
    Options options;
    options.catalog = work.filePath(QStringLiteral("catalog.sqlite"));
    options.settingsFile = work.filePath(QStringLiteral("settings.ini"));
    options.downloads = work.filePath(QStringLiteral("downloads"));
    return options;
}

} // namespace

Q_DECLARE_METATYPE(Moment)

class TestShutdown : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void closingAtAnyMomentLosesNothing_data();
    void closingAtAnyMomentLosesNothing();
    void theNextStartAsksTheCatalogFirst();
    void quittingDuringTheCatalogsCheckIsQuickAndLosesNothing();
    void aCatalogThatRefusesAsksBeforeQuitting_data();
    void aCatalogThatRefusesAsksBeforeQuitting();
};

void TestShutdown::closingAtAnyMomentLosesNothing_data()
{
    QTest::addColumn<Moment>("moment");
    QTest::newRow("mid-download") << Moment::Downloading;
    QTest::newRow("mid-decode") << Moment::Decoding;
    QTest::newRow("mid-page-scan") << Moment::ScanningPage;
    QTest::newRow("mid-catalog-lookup") << Moment::LookingUp;
    QTest::newRow("during a VACUUM") << Moment::Vacuuming;
    QTest::newRow("after everything") << Moment::Idle;
}

void TestShutdown::closingAtAnyMomentLosesNothing()
{
    QFETCH(Moment, moment);
    // A page large enough to take a while to scan, naming the demo images at its end.
    TestServer server(60, [](HttpServer &http) {
        http.route(QStringLiteral("/big.html"), [](const HttpRequest &) {
            QByteArray html = "<!doctype html><title>Big</title>";
            for (int i = 0; i < 60000; ++i)
                html += "<div class=x><span>filler " + QByteArray::number(i) + "</span></div>\n";
            for (int i = 0; i < 60; ++i)
                html += "<img src='images/" + DemoGallery::spec(i).fileName().toUtf8() + "'>";
            return QtFuture::makeReadyFuture(HttpResponse::ok(html, "text/html"));
        });
    });
    QVERIFY(server.ok());
    if (moment == Moment::Downloading)
        server.demo().http()->setRateKBps(400);
    QTemporaryDir work;
    Options options = optionsIn(work);
    options.decodeThreads = 1;   // decodes queue up: there is a moment when some are running
    options.sources = {(moment == Moment::ScanningPage ? server.url(QStringLiteral("/big.html")) : server.demo().indexUrl()).toString()};

    int doneAtClose = 0;
    QElapsedTimer teardown;
    {
        auto app = std::make_unique<Application>(options);
        auto window = std::make_unique<MainWindow>(*app);
        window->show();
        app->start();
        Pipeline &pipeline = app->pipeline();
        std::function<bool()> reached;
        switch (moment) {
        case Moment::Downloading:
            reached = [&] { return anyIn(pipeline, Item::State::Downloading) && doneCount(pipeline) > 0; };
            break;
        case Moment::Decoding:
            reached = [&] { return anyIn(pipeline, Item::State::Decoding) && doneCount(pipeline) > 2; };
            break;
        case Moment::ScanningPage:
            reached = [&] { return server.demo().http()->requestCount() > 0; };   // the page is on its way or being scanned
            break;
        case Moment::LookingUp:
            reached = [&] { return !pipeline.items().isEmpty(); };   // rows exist: their catalog lookup is running
            break;
        case Moment::Vacuuming:
            reached = [&] {
                if (doneCount(pipeline) < 5)
                    return false;
                app->catalog().vacuum();
                return true;
            };
            break;
        case Moment::Idle:
            reached = [&] { return pipeline.isIdle() && !pipeline.items().isEmpty(); };
            break;
        }
        QTRY_VERIFY_WITH_TIMEOUT(reached(), 30000);
        doneAtClose = doneCount(pipeline);
        window->close();   // flushes the recorder first, then closes
        // Saving what finished encodes thumbnails on a nice-10 thread: on a machine whose cores are
        // taken by other work that can take a while, and it is allowed to (the window says so).
        QTRY_VERIFY_WITH_TIMEOUT(!window->isVisible(), 90000);
        teardown.start();
        window.reset();
        app.reset();
    }
    // Nothing waits on the network or on a queue: only on work already running.
    qInfo("teardown after the window closed: %lld ms", teardown.elapsed());
    QVERIFY2(teardown.elapsed() < 10000, qPrintable(QString::number(teardown.elapsed())));
    QVERIFY2(catalogued(options.catalog) >= doneAtClose,
             qPrintable(QStringLiteral("%1 catalogued, %2 done").arg(catalogued(options.catalog)).arg(doneAtClose)));
}

// SOURCEs wait until the catalog can answer: at the next start, what it holds is shown from it and
// not one image is requested again (were the lookups to run before the catalog opened, they would
// miss and everything would be downloaded a second time).
void TestShutdown::theNextStartAsksTheCatalogFirst()
{
    TestServer server(12);
    QVERIFY(server.ok());
    QTemporaryDir work;
    Options options = optionsIn(work);
    options.sources = {server.demo().indexUrl().toString()};
    for (int start = 0; start < 2; ++start) {
        const quint64 before = server.demo().http()->requestCount();
        auto app = std::make_unique<Application>(options);
        auto window = std::make_unique<MainWindow>(*app);
        window->show();
        app->start();
        QTRY_VERIFY_WITH_TIMEOUT(app->isIdle() && app->pipeline().items().size() == 12, 30000);
        for (const Item &item : app->pipeline().items()) {
            QCOMPARE(item.state, Item::State::Done);
            QCOMPARE(item.fromCatalog, start == 1);
        }
        if (start == 1)
            QCOMPARE(server.demo().http()->requestCount() - before, quint64(1));   // the page, no image
        window->close();
        QTRY_VERIFY_WITH_TIMEOUT(!window->isVisible(), 90000);
        window.reset();
        app.reset();
    }
}

// After an unclean exit the catalog's first open reads every page before anything is written to it
// (a minute or two at a million images). Images that finish meanwhile are parked beside it: the
// window says the catalog is being checked, Quit does not wait for the check (here it never ends on
// its own), and the next open saves them. Before, their inserts waited behind the check, and the
// quit that stopped it made them fail: the session's images were never catalogued.
void TestShutdown::quittingDuringTheCatalogsCheckIsQuickAndLosesNothing()
{
    constexpr int kCount = 6;
    TestServer server(kCount);
    QVERIFY(server.ok());
    QTemporaryDir work;
    Options options = optionsIn(work);
    options.sources = {server.demo().indexUrl().toString()};
    {
        Catalog earlier;   // a catalog from an earlier session that ended in a crash: no clean-close mark
        QVERIFY(earlier.open(options.catalog).result().ok);
        CatalogRecord failed;
        failed.url = QUrl(QStringLiteral("http://example.com/earlier.jpg"));
        failed.error = QStringLiteral("earlier");
        earlier.insert({failed}).waitForFinished();
    }
    QVERIFY(QFile::remove(options.catalog + QStringLiteral(".clean")));
    const int before = catalogued(options.catalog);

    {
        auto app = std::make_unique<Application>(options);
        auto window = std::make_unique<MainWindow>(*app);
        // The check holds until the catalog closes, as a long one would.
        app->catalog().setFullCheckPause([](const StatementStop &closing) {
            while (!closing.isStopped())
                QThread::msleep(5);
        });
        window->show();
        app->start();
        QTRY_VERIFY_WITH_TIMEOUT(app->isIdle() && app->pipeline().count(Item::State::Done) == kCount, 30000);
        const auto *status = window->findChild<QLabel *>(QStringLiteral("catalogStatus"));
        QVERIFY(status);
        QTRY_VERIFY(status->text().contains(QStringLiteral("checking")));
        window->close();
        QTRY_VERIFY_WITH_TIMEOUT(!window->isVisible(), 30000);
        window.reset();
        app.reset();
    }
    QVERIFY(!ParkedRecords::batches(options.catalog).isEmpty());
    QCOMPARE(catalogued(options.catalog), before);   // the file itself untouched until a check passes

    {
        Catalog next;   // the next start: the check runs again, passes, and the parked images go in
        QVERIFY(next.open(options.catalog).result().ok);
    }
    QVERIFY(ParkedRecords::batches(options.catalog).isEmpty());
    QCOMPARE(catalogued(options.catalog), before + kCount);
}

void TestShutdown::aCatalogThatRefusesAsksBeforeQuitting_data()
{
    QTest::addColumn<bool>("tryAgain");
    QTest::newRow("try again") << true;
    QTest::newRow("quit without them") << false;
}

// Another program holds the catalog's write lock through every try: closing does not drop the
// records silently. The window stays, asks, and either saves them once the lock is gone or quits
// because the user said so.
void TestShutdown::aCatalogThatRefusesAsksBeforeQuitting()
{
    QFETCH(bool, tryAgain);
    constexpr int kCount = 3;
    TestServer server(kCount);
    QVERIFY(server.ok());
    QTemporaryDir work;
    Options options = optionsIn(work);
    {
        auto app = std::make_unique<Application>(options);
        auto window = std::make_unique<MainWindow>(*app);
        QSignalSpy readable(&app->catalog(), &Catalog::readable);
        window->show();
        app->start();
        QTRY_COMPARE_WITH_TIMEOUT(readable.count(), 1, 30000);

        QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other"));
        other.setDatabaseName(options.catalog);
        QVERIFY(other.open());
        {
            QSqlQuery lock(other);
            QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
            app->pipeline().addSource(server.demo().indexUrl().toString());
            QTRY_VERIFY_WITH_TIMEOUT(app->isIdle() && app->pipeline().count(Item::State::Done) == kCount, 30000);

            window->close();
            QPointer<QMessageBox> ask;
            QTRY_VERIFY_WITH_TIMEOUT((ask = window->findChild<QMessageBox *>(QStringLiteral("unsavedOnQuit"))), 90000);
            QVERIFY(window->isVisible());
            QVERIFY(ask->text().contains(QString::number(kCount)));

            QAbstractButton *choice = nullptr;
            for (QAbstractButton *button : ask->buttons()) {
                if (ask->buttonRole(button) == (tryAgain ? QMessageBox::AcceptRole : QMessageBox::DestructiveRole))
                    choice = button;
            }
            QVERIFY(choice);
            if (tryAgain)
                QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
            lock.finish();
            choice->click();
            QTRY_VERIFY_WITH_TIMEOUT(!window->isVisible(), 60000);
            if (!tryAgain)
                QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        }
        other.close();
        other = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("other"));
        window.reset();
        app.reset();
    }
    QCOMPARE(catalogued(options.catalog), tryAgain ? kCount : 0);
}

QTEST_MAIN(TestShutdown)
#include "tst_shutdown.moc"
