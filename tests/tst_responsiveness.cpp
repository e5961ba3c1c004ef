// The demonstration's controls, with the real Application and MainWindow offscreen against the demo
// server: the live switch moves the work onto the GUI thread and back mid-run without losing or
// duplicating an item; "Run the demo again" fetches and decodes the whole gallery once more; the
// Responsiveness panel's heartbeat measures while the panel is open and stops when it closes.
#include "app/application.h"
#include "app/firstframe.h"
#include "app/gallerymodel.h"
#include "app/galleryview.h"
#include "core/demo/demogallery.h"
#include "app/mainwindow.h"
#include "app/responsiveness/heartbeat.h"
#include "app/responsiveness/responsivenesspanel.h"
#include "core/demo/demoserver.h"
#include "core/pipeline/pipeline.h"
#include "core/probe/guithreadwork.h"
#include "core/probe/lagprobe.h"

#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QDir>
#include <QMenu>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QTabWidget>
#include <QWheelEvent>
#include <QScrollBar>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using namespace glint;

class TestResponsiveness : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theSwitchMidRunLosesAndDuplicatesNothing();
    void runningTheDemoAgainDoesAllTheWorkAgain();
    void theHeartbeatBeatsOnlyWhileThePanelIsOpen();
    void aTileMenuCopiesTheImageAndShowsItInTheCatalog();
    void ctrlWheelResizesTheTilesOfBothGalleries();
    void anAddressTypedOnTheCatalogTabShowsTheSession();
    void theSummarySaysHowManyTheFilterShows();
    void theLiveViewsStartAfterTheWindowsFirstFrame();

private:
    struct Session {
        QTemporaryDir work;
        std::unique_ptr<Application> app;
        std::unique_ptr<MainWindow> window;
        explicit Session(int demoCount, int rateKBps = 0)
        {
            Options options;
            options.demoCount = demoCount;
            options.demoRateKBps = rateKBps;
            options.catalog = work.filePath(QStringLiteral("catalog.sqlite"));
            options.downloads = work.filePath(QStringLiteral("downloads"));
            // Its own settings: what one run leaves (the tile size, the orders) must not start the next.
            options.settingsFile = work.filePath(QStringLiteral("settings.ini"));
            app = std::make_unique<Application>(options);
            window = std::make_unique<MainWindow>(*app);
            window->show();
            app->start();
        }
        ~Session()
        {
            window->close();
            QTRY_VERIFY_WITH_TIMEOUT(!window->isVisible(), 90000);
            window.reset();
            app.reset();
        }
        int count(Item::State state) const { return app->pipeline().count(state); }
        int savedFiles() const
        {
            return int(QDir(work.filePath(QStringLiteral("downloads"))).entryList(QDir::Files).size());
        }
    };
    static void verifyAllDoneOnce(const Pipeline &pipeline, int expected)
    {
        QCOMPARE(pipeline.items().size(), expected);
        QSet<QUrl> urls;
        for (const Item &item : pipeline.items()) {
            QCOMPARE(item.state, Item::State::Done);
            urls.insert(item.url);
        }
        QCOMPARE(urls.size(), expected);   // no item twice
    }
};

void TestResponsiveness::theSwitchMidRunLosesAndDuplicatesNothing()
{
    constexpr int kCount = 30;
    Session session(kCount, 3000);   // slow enough that the run is still going when switched
    Pipeline &pipeline = session.app->pipeline();
    QTRY_VERIFY_WITH_TIMEOUT(session.count(Item::State::Done) >= 3, 60000);
    QVERIFY(!pipeline.isIdle());

    GuiThreadWork::reset();
    session.app->setBlocking(true);
    QVERIFY(session.app->isBlocking());
    const int doneAtSwitch = session.count(Item::State::Done);
    QTRY_VERIFY_WITH_TIMEOUT(session.count(Item::State::Done) >= doneAtSwitch + 3 || pipeline.isIdle(), 60000);
    QVERIFY(GuiThreadWork::count(GuiThreadWork::Kind::Decode) > 0);   // the work really came to the GUI thread

    session.app->setBlocking(false);
    QVERIFY(!session.app->isBlocking());
    QTRY_VERIFY_WITH_TIMEOUT(session.app->isIdle(), 120000);
    verifyAllDoneOnce(pipeline, kCount);
    QCOMPARE(session.savedFiles(), kCount);
}

void TestResponsiveness::runningTheDemoAgainDoesAllTheWorkAgain()
{
    constexpr int kCount = 12;
    Session session(kCount);
    QTRY_VERIFY_WITH_TIMEOUT(session.app->isIdle() && session.count(Item::State::Done) == kCount, 60000);
    QVERIFY(session.app->canRunDemoAgain());

    session.app->runDemoAgain();
    QTRY_VERIFY_WITH_TIMEOUT(session.app->isIdle() && session.count(Item::State::Done) == 2 * kCount, 60000);
    verifyAllDoneOnce(session.app->pipeline(), 2 * kCount);
    for (int row = kCount; row < 2 * kCount; ++row) {
        const Item &item = session.app->pipeline().items().at(row);
        QVERIFY2(!item.fromCatalog, qPrintable(item.url.toString()));   // fetched and decoded anew
        QVERIFY(item.url.path().startsWith(QLatin1String("/run/2/images/")));
    }
}

void TestResponsiveness::theHeartbeatBeatsOnlyWhileThePanelIsOpen()
{
    Session session(1);
    auto *panel = session.window->findChild<ResponsivenessPanel *>();
    QVERIFY(panel);
    auto *heartbeat = panel->findChild<Heartbeat *>();
    QVERIFY(heartbeat);
    QSignalSpy beats(heartbeat, &Heartbeat::sampled);
    panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(session.window.get()));
    QTRY_VERIFY_WITH_TIMEOUT(beats.count() >= 3, 10000);
    for (const QList<QVariant> &beat : beats)
        QVERIFY(beat.at(0).toDouble() >= 0);
    panel->hide();
    beats.clear();
    QTest::qWait(3 * Heartbeat::kIntervalMs);
    QCOMPARE(beats.count(), 0);
}

// Not the demonstration, but the same real window: a session tile's menu copies the original as an
// image (decoded on the pool) and shows the image in the Catalog tab.
void TestResponsiveness::aTileMenuCopiesTheImageAndShowsItInTheCatalog()
{
    Session session(2);
    QTRY_VERIFY_WITH_TIMEOUT(session.app->isIdle() && session.count(Item::State::Done) == 2, 60000);
    QVERIFY(QTest::qWaitForWindowExposed(session.window.get()));
    GuiThreadWork::reset();
    GalleryView *gallery = nullptr;
    for (GalleryView *view : session.window->findChildren<GalleryView *>()) {
        if (view->isVisible())
            gallery = view;
    }
    QVERIFY(gallery);
    const QModelIndex first = gallery->model()->index(0, 0);
    const QRect tile = gallery->visualRect(first);
    QVERIFY(tile.isValid());
    const auto closeMenus = [&] {
        for (QMenu *menu : gallery->findChildren<QMenu *>())
            menu->close();
    };
    const auto menuAction = [&](const QString &text) -> QAction * {
        QContextMenuEvent event(QContextMenuEvent::Mouse, tile.center(), gallery->viewport()->mapToGlobal(tile.center()));
        QCoreApplication::sendEvent(gallery->viewport(), &event);
        QMenu *menu = nullptr;
        for (QMenu *candidate : gallery->findChildren<QMenu *>()) {
            if (candidate->isVisible())
                menu = candidate;
        }
        if (!menu)
            return nullptr;
        for (QAction *action : menu->actions()) {
            if (action->text() == text)
                return action;
        }
        return nullptr;
    };

    QApplication::clipboard()->clear();
    QAction *copy = menuAction(QStringLiteral("Copy Image"));
    QVERIFY(copy);
    copy->trigger();
    closeMenus();
    QTRY_VERIFY_WITH_TIMEOUT(!QApplication::clipboard()->image().isNull(), 10000);
    QCOMPARE(QApplication::clipboard()->image().size(), DemoGallery::spec(0).size);
    QCOMPARE(GuiThreadWork::count(GuiThreadWork::Kind::Decode), 0);

    // The page it was found on: its address for the clipboard (and the browser, not opened here).
    QVERIFY(menuAction(QStringLiteral("Open Page in Browser")));
    closeMenus();
    QAction *copyPage = menuAction(QStringLiteral("Copy Page Address"));
    QVERIFY(copyPage);
    copyPage->trigger();
    closeMenus();
    const QUrl page = first.data(GalleryModel::PageRole).toUrl();
    QVERIFY(page.isValid() && page.host() == QStringLiteral("127.0.0.1"));
    QCOMPARE(QApplication::clipboard()->text(), page.toString());

    QAction *show = menuAction(QStringLiteral("Show in Catalog"));
    QVERIFY(show);
    show->trigger();
    closeMenus();
    auto *tabs = session.window->findChild<QTabWidget *>();
    QVERIFY(tabs);
    QCOMPARE(tabs->currentIndex(), 1);
}

// Typed while the Catalog tab is open: the images arrive in This session, which is then the tab shown.
void TestResponsiveness::anAddressTypedOnTheCatalogTabShowsTheSession()
{
    Session session(0);
    QVERIFY(QTest::qWaitForWindowExposed(session.window.get()));
    const QString file = session.work.filePath(QStringLiteral("typed.png"));
    QImage image(64, 48, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QVERIFY(image.save(file));
    auto *tabs = session.window->findChild<QTabWidget *>();
    QVERIFY(tabs);
    tabs->setCurrentIndex(1);
    auto *address = session.window->findChild<QLineEdit *>(QStringLiteral("address"));
    QVERIFY(address);
    address->setText(file);
    QTest::keyClick(address, Qt::Key_Return);
    QCOMPARE(tabs->currentIndex(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(session.count(Item::State::Done), 1, 30000);
}

// "4 of 4 images" under a filter that leaves one tile would read as if the filter did nothing.
void TestResponsiveness::theSummarySaysHowManyTheFilterShows()
{
    Session session(4);
    QTRY_VERIFY_WITH_TIMEOUT(session.app->isIdle() && session.count(Item::State::Done) == 4, 60000);
    auto *summary = session.window->findChild<QLabel *>(QStringLiteral("sessionSummary"));
    auto *filter = session.window->findChild<QLineEdit *>(QStringLiteral("galleryFilter"));
    QVERIFY(summary && filter);
    QTRY_VERIFY(summary->text().startsWith(QStringLiteral("4 of 4 images")));
    QVERIFY(!summary->text().contains(QStringLiteral("filter")));
    filter->setText(DemoGallery::spec(2).fileName());
    QTRY_VERIFY2(summary->text().endsWith(QStringLiteral(" · 1 shown by the filter")), qPrintable(summary->text()));
    filter->clear();
    QTRY_VERIFY2(!summary->text().contains(QStringLiteral("filter")), qPrintable(summary->text()));
}

void TestResponsiveness::ctrlWheelResizesTheTilesOfBothGalleries()
{
    Session session(3);
    QTRY_VERIFY_WITH_TIMEOUT(session.app->isIdle() && session.count(Item::State::Done) == 3, 60000);
    QVERIFY(QTest::qWaitForWindowExposed(session.window.get()));
    GalleryView *gallery = &session.window->gallery();
    const QModelIndex first = gallery->model()->index(0, 0);
    const QSize before = gallery->visualRect(first).size();
    const auto wheel = [&](int notches) {
        const QPointF at = gallery->viewport()->rect().center();
        QWheelEvent event(at, gallery->viewport()->mapToGlobal(at), QPoint(), QPoint(0, 120 * notches), Qt::NoButton,
                          Qt::ControlModifier, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(gallery->viewport(), &event);
    };
    wheel(-3);
    QTRY_VERIFY(gallery->visualRect(first).width() < before.width());
    QVERIFY(gallery->visualRect(first).height() < before.height());
    wheel(+3);    // back
    QTRY_COMPARE(gallery->visualRect(first).size(), before);
    wheel(+10);   // and larger than at the start: the thumbnails are decoded again at that size
    QTRY_VERIFY(gallery->visualRect(first).width() > before.width());
    QCOMPARE(gallery->verticalScrollBar()->value(), 0);   // Ctrl+wheel zooms, it does not scroll
    // The keyboard's way: View ▸ Smaller Thumbnails (Ctrl+-) and Larger Thumbnails (Ctrl++).
    const QSize large = gallery->visualRect(first).size();
    session.window->activateWindow();
    gallery->setFocus();
    QTest::keyClick(gallery, Qt::Key_Minus, Qt::ControlModifier);
    QTRY_VERIFY(gallery->visualRect(first).width() < large.width());
    QTest::keyClick(gallery, Qt::Key_Equal, Qt::ControlModifier);
    QTRY_COMPARE(gallery->visualRect(first).size(), large);
}

// The lag probe's live views leave out the window's start (LagProbe::markOnScreen): FirstFrame calls
// back once, after the first paint of the window, not before it and not again; the real window marks
// its probe so.
void TestResponsiveness::theLiveViewsStartAfterTheWindowsFirstFrame()
{
    struct Painted : QWidget {
        int paints = 0;
        void paintEvent(QPaintEvent *) override { ++paints; }
    } widget;
    int calls = 0, paintsAtCall = -1;
    FirstFrame::whenPainted(&widget, [&] {
        ++calls;
        paintsAtCall = widget.paints;
    });
    QTest::qWait(50);
    QCOMPARE(calls, 0);   // never shown: never painted
    widget.show();
    QTRY_COMPARE(calls, 1);
    QVERIFY(paintsAtCall >= 1);
    widget.hide();
    widget.show();
    widget.update();
    QTest::qWait(50);
    QCOMPARE(calls, 1);

    Session session(1);
    QVERIFY(QTest::qWaitForWindowExposed(session.window.get()));
    QTRY_VERIFY(session.app->lagProbe().isOnScreen());
}

QTEST_MAIN(TestResponsiveness)
#include "tst_responsiveness.moc"
