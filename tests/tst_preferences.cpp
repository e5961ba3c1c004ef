// Preferences and the window's state, through real QSettings INI files in a temporary folder and the
// real dialog and window, offscreen: defaults, a save/load round trip, the command line winning for
// one run without being written back, the dialog saving what the user changed (and only on OK or
// Apply), what applies live, and the window, its docks, tab and catalog search coming back.
#include "app/application.h"
#include "app/catalog/catalogmodel.h"
#include "app/catalog/searchbar.h"
#include "app/filterfield.h"
#include "app/galleryview.h"
#include "app/mainwindow.h"
#include "app/options.h"
#include "app/settings/preferences.h"
#include "app/thumbnails/tilesizeslider.h"
#include "app/settings/preferencesdialog.h"
#include "app/settings/groovecachestyle.h"
#include "app/settings/theme.h"
#include "app/thumbnails/thumbnailcache.h"
#include "app/viewer/viewerstack.h"
#include "core/imaging/decodebudget.h"
#include "core/imaging/freedesktopthumbnails.h"
#include "core/pipeline/pipeline.h"
#include "core/net/downloader.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QPixmapCache>
#include <QScrollBar>
#include <QStyleFactory>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStyle>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QFile>
#include <QFileInfo>
#include <QTest>
#include <QToolButton>
#include <QToolBar>
#include <memory>

using namespace glint;

namespace {

Preferences everythingChanged(const QString &root)
{
    Preferences p;
    p.downloadDir = root + QStringLiteral("/saved here");
    p.catalogFile = root + QStringLiteral("/other.sqlite");
    p.maxConnections = 12;
    p.perHost = 9;
    p.timeoutSeconds = 45;
    p.retries = 5;
    p.maxImageMB = 250;
    p.decodeBudgetMB = 512;
    p.thumbnailCacheMB = 64;
    p.thumbnailWidth = 320;
    p.theme = Preferences::Theme::Dark;
    p.freedesktopThumbnails = false;
    return p;
}

// What a start with `arguments` would run with: the command line over the saved Preferences.
Options startWith(const QStringList &arguments, const QString &settingsFile)
{
    Options options;
    int exitCode = -1;
    if (!Options::parse(QStringList{QStringLiteral("glint"), QStringLiteral("--settings"), settingsFile} + arguments, options, exitCode))
        qFatal("the command line did not parse");
    Preferences::load(*Preferences::openSettings(options.settingsFile)).applyTo(options);
    return options;
}

void setSpin(QWidget *dialog, const char *name, int value)
{
    auto *box = dialog->findChild<QSpinBox *>(QLatin1String(name));
    QVERIFY2(box, name);
    // As a user does it: select the number, type the new one.
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, QString::number(value));
    QTest::keyClick(box, Qt::Key_Tab);
    QCOMPARE(box->value(), value);
}

} // namespace

class TestPreferences : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void defaultsWithoutAFile();
    void roundTripThroughTheFile();
    void outOfRangeValuesReadAsDefaults();
    void commandLineWinsForOneRunAndIsNotSaved();
    void dialogSavesWhatTheUserChanged();
    void dialogCancelSavesNothing();
    void dialogSaysWhatWaitsForTheNextStart();
    void liveSettingsApplyAtOnce();
    void windowComesBackAsItWasLeft();
    void closedWhileViewingComesBackWithItsBars();
    void ctrlCommaOpensThePreferencesAndOkApplies();
    void ctrlFFocusesTheFieldOfTheTabShown();
    void hiddenBarsComeBackFromTheViewMenuAndTheirKeys();
    void anUnusableDownloadsFolderIsSaidUpFrontUntilPreferencesFixIt();
    void fusionScrollBarsLookTheSameWithTheirGroovePaintedOnce();

private:
    QTemporaryDir m_dir;
    QString file(const QString &name) const { return m_dir.filePath(name); }
    // A run of its own: "<name>.sqlite", "<name>-downloads", "<name>.ini" in the test's folder.
    Options optionsFor(const QString &name) const
    {
        Options options;
        options.catalog = file(name + QStringLiteral(".sqlite"));
        options.downloads = file(name + QStringLiteral("-downloads"));
        options.settingsFile = file(name + QStringLiteral(".ini"));
        return options;
    }
};

void TestPreferences::initTestCase()
{
    // Defaults point into the test folders, never at the user's own.
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
}

void TestPreferences::defaultsWithoutAFile()
{
    auto settings = Preferences::openSettings(file(QStringLiteral("none.ini")));
    const Preferences p = Preferences::load(*settings);
    QCOMPARE(p, Preferences::defaults());
    QCOMPARE(p.maxConnections, 8);
    QCOMPARE(p.perHost, 6);
    QCOMPARE(p.timeoutSeconds, 30);
    QCOMPARE(p.retries, 3);
    QCOMPARE(p.maxImageMB, 100);
    QCOMPARE(qint64(p.decodeBudgetMB) * 1024 * 1024, DecodeBudget::kDefaultBytes);
    QCOMPARE(qint64(p.thumbnailCacheMB) * 1024 * 1024, ThumbnailCache::kDefaultBudgetBytes);
    QCOMPARE(p.thumbnailWidth, 240);
    QCOMPARE(p.theme, Preferences::Theme::System);
    QVERIFY(p.freedesktopThumbnails);
    QCOMPARE(p.downloadDir, QDir(QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)).filePath(QStringLiteral("Glint")));
    QCOMPARE(p.catalogFile, QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("catalog.sqlite")));
    // The defaults are those of the command line (docs/SPEC.md) when nothing was saved.
    const Options options = startWith({}, file(QStringLiteral("none.ini")));
    const Options plain;
    QCOMPARE(options.maxConnections, plain.maxConnections);
    QCOMPARE(options.perHost, plain.perHost);
    QCOMPARE(options.noDataTimeoutMs, plain.noDataTimeoutMs);
    QCOMPARE(options.thumbnailBox, plain.thumbnailBox);
    QVERIFY(!QFile::exists(file(QStringLiteral("none.ini"))));   // reading writes nothing
}

void TestPreferences::roundTripThroughTheFile()
{
    const Preferences saved = everythingChanged(m_dir.path());
    {
        auto settings = Preferences::openSettings(file(QStringLiteral("round.ini")));
        saved.save(*settings);
    }   // written when the QSettings goes
    QVERIFY(QFile::exists(file(QStringLiteral("round.ini"))));
    auto again = Preferences::openSettings(file(QStringLiteral("round.ini")));
    QCOMPARE(Preferences::load(*again), saved);
    QCOMPARE(again->value(QStringLiteral("appearance/theme")).toString(), QStringLiteral("dark"));
}

void TestPreferences::outOfRangeValuesReadAsDefaults()
{
    {
        QSettings settings(file(QStringLiteral("odd.ini")), QSettings::IniFormat);
        settings.setValue(QStringLiteral("network/perHost"), 99);
        settings.setValue(QStringLiteral("network/maxConnections"), QStringLiteral("lots"));
        settings.setValue(QStringLiteral("appearance/theme"), QStringLiteral("purple"));
        settings.setValue(QStringLiteral("appearance/thumbnailWidth"), 5);
        settings.setValue(QStringLiteral("files/downloads"), QStringLiteral("   "));
    }
    auto settings = Preferences::openSettings(file(QStringLiteral("odd.ini")));
    QCOMPARE(Preferences::load(*settings), Preferences::defaults());
}

void TestPreferences::commandLineWinsForOneRunAndIsNotSaved()
{
    const QString path = file(QStringLiteral("cli.ini"));
    const Preferences saved = everythingChanged(m_dir.path());
    saved.save(*Preferences::openSettings(path));

    const Options options = startWith({QStringLiteral("--max-connections"), QStringLiteral("3"), QStringLiteral("--downloads"),
                                       file(QStringLiteral("cli-downloads")), QStringLiteral("--per-host"), QStringLiteral("2")},
                                      path);
    QCOMPARE(options.maxConnections, 3);
    QCOMPARE(options.perHost, 2);
    QCOMPARE(options.downloads, file(QStringLiteral("cli-downloads")));
    // What the command line did not give comes from the Preferences.
    QCOMPARE(options.catalog, saved.catalogFile);
    QCOMPARE(options.noDataTimeoutMs, 45000);
    QCOMPARE(options.retries, 5);
    QCOMPARE(options.maxImageBytes, 250LL * 1024 * 1024);
    QCOMPARE(options.thumbnailBox, QSize(320, 240));

    // A whole run with that command line: the window opens and closes (saving its own state), the
    // Preferences in the file stay as they were.
    {
        Options run = options;
        run.catalog = file(QStringLiteral("cli.sqlite"));
        Application app(run);
        MainWindow window(app);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        app.start();
        // Preferences applied while it runs leave what the command line gave alone.
        app.applyPreferences(saved);
        QCOMPARE(app.downloader().options().maxConnections, 3);
        QCOMPARE(app.downloader().options().perHost, 2);
        QCOMPARE(app.downloader().options().noDataTimeoutMs, 45000);
        window.close();
    }
    QCOMPARE(Preferences::load(*Preferences::openSettings(path)), saved);
}

void TestPreferences::dialogSavesWhatTheUserChanged()
{
    const QString path = file(QStringLiteral("dialog.ini"));
    Preferences before = Preferences::defaults();
    before.retries = 7;   // saved earlier, not touched in the dialog
    before.save(*Preferences::openSettings(path));

    auto settings = Preferences::openSettings(path);
    PreferencesDialog dialog(*settings);
    QSignalSpy applied(&dialog, &PreferencesDialog::applied);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QCOMPARE(dialog.preferences(), before);   // it opens on what was saved

    setSpin(&dialog, "perHost", 9);
    setSpin(&dialog, "thumbnailCache", 256);
    auto *folder = dialog.findChild<QLineEdit *>(QStringLiteral("downloadDir"));
    QVERIFY(folder);
    folder->selectAll();
    QTest::keyClicks(folder, file(QStringLiteral("my pictures")));
    auto *theme = dialog.findChild<QComboBox *>(QStringLiteral("theme"));
    QVERIFY(theme);
    theme->setFocus();
    QTest::keyClick(theme, Qt::Key_Down);   // System → Light
    QTest::keyClick(theme, Qt::Key_Down);   // Light → Dark
    QCOMPARE(theme->currentText(), QStringLiteral("Dark"));
    auto *shared = dialog.findChild<QCheckBox *>(QStringLiteral("freedesktopThumbnails"));
    QVERIFY(shared && shared->isChecked());
    QTest::mouseClick(shared, Qt::LeftButton, {}, QPoint(6, shared->height() / 2));   // on its box

    QPushButton *ok = dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok);
    QTest::mouseClick(ok, Qt::LeftButton);
    QCOMPARE(applied.count(), 1);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    Preferences expected = before;
    expected.perHost = 9;
    expected.thumbnailCacheMB = 256;
    expected.downloadDir = file(QStringLiteral("my pictures"));
    expected.theme = Preferences::Theme::Dark;
    expected.freedesktopThumbnails = false;
    QCOMPARE(applied.at(0).at(0).value<Preferences>(), expected);
    // A fresh reader of the file sees exactly that.
    QCOMPARE(Preferences::load(*Preferences::openSettings(path)), expected);
}

void TestPreferences::dialogCancelSavesNothing()
{
    const QString path = file(QStringLiteral("cancel.ini"));
    auto settings = Preferences::openSettings(path);
    PreferencesDialog dialog(*settings);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    setSpin(&dialog, "maxConnections", 20);
    QTest::mouseClick(dialog.findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Cancel), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    settings->sync();
    QVERIFY(!QFile::exists(path));
}

void TestPreferences::dialogSaysWhatWaitsForTheNextStart()
{
    auto settings = Preferences::openSettings(file(QStringLiteral("notes.ini")));
    PreferencesDialog dialog(*settings, {QStringLiteral("downloads")});
    int nextStart = 0, commandLine = 0;
    for (const QLabel *label : dialog.findChildren<QLabel *>()) {
        nextStart += label->text() == QStringLiteral("applies at next start");
        commandLine += label->text() == QStringLiteral("set by --downloads for this run");
    }
    // The catalog file and the thumbnail size.
    QCOMPARE(nextStart, 2);
    QCOMPARE(commandLine, 1);
}

void TestPreferences::liveSettingsApplyAtOnce()
{
    const Options options = optionsFor(QStringLiteral("live"));
    Application app(options);
    QCOMPARE(DecodeBudget::limit(), DecodeBudget::kDefaultBytes);
    const QString systemStyle = styleNameInUse();

    Preferences p = Preferences::defaults();
    p.decodeBudgetMB = 512;
    p.thumbnailCacheMB = 64;
    p.theme = Preferences::Theme::Dark;
    app.applyPreferences(p);
    QCOMPARE(DecodeBudget::limit(), 512LL * 1024 * 1024);
    QCOMPARE(app.thumbnails().budget(), 64LL * 1024 * 1024);
    QCOMPARE(app.downloader().options().maxRetries, 3);
    // The desktop's thumbnail cache, under XDG_CACHE_HOME, for the pipeline and the galleries' re-decodes.
    QCOMPARE(app.pipeline().freedesktopThumbnails().root(), FreedesktopThumbnails::standard().root());
    p.freedesktopThumbnails = false;
    app.applyPreferences(p);
    QVERIFY(!app.pipeline().freedesktopThumbnails().isEnabled());
    p.freedesktopThumbnails = true;
    {
        // A --bench run never reads or writes it, whatever the Preferences say: its figures measure decoding.
        Options bench = options;
        bench.catalog = file(QStringLiteral("live-bench.sqlite"));
        bench.benchReport = file(QStringLiteral("live-bench.json"));
        Application benchApp(bench);
        QVERIFY(!benchApp.pipeline().freedesktopThumbnails().isEnabled());
        benchApp.applyPreferences(p);
        QVERIFY(!benchApp.pipeline().freedesktopThumbnails().isEnabled());
    }
    p.maxConnections = 3;
    p.perHost = 5;   // more than in all: held to 3
    p.timeoutSeconds = 12;
    p.retries = 1;
    p.maxImageMB = 7;
    app.applyPreferences(p);
    QCOMPARE(app.downloader().options().maxConnections, 3);
    QCOMPARE(app.downloader().options().perHost, 3);
    QCOMPARE(app.downloader().options().noDataTimeoutMs, 12000);
    QCOMPARE(app.downloader().options().maxRetries, 1);
    QCOMPARE(app.downloader().options().maxImageBytes, 7LL * 1024 * 1024);
    QCOMPARE(styleNameInUse().toLower(), QStringLiteral("fusion"));
    QVERIFY(qobject_cast<GrooveCacheStyle *>(QApplication::style()));
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() < 80);

    p.theme = Preferences::Theme::Light;
    app.applyPreferences(p);
    QVERIFY(QApplication::palette().color(QPalette::Window).lightness() > 180);

    // System goes back to what the platform gave.
    app.applyPreferences(Preferences::defaults());
    QCOMPARE(styleNameInUse(), systemStyle);
    if (systemStyle.compare(QLatin1String("fusion"), Qt::CaseInsensitive) == 0)
        QVERIFY(qobject_cast<GrooveCacheStyle *>(QApplication::style()));
    QCOMPARE(DecodeBudget::limit(), DecodeBudget::kDefaultBytes);
}

void TestPreferences::windowComesBackAsItWasLeft()
{
    Options options = optionsFor(QStringLiteral("window"));
    {
        Application app(options);
        MainWindow window(app);
        window.resize(1000, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        app.start();
        auto *responsiveness = window.findChild<QDockWidget *>(QStringLiteral("responsiveness"));
        QVERIFY(responsiveness);
        QVERIFY(!responsiveness->isVisible());
        responsiveness->show();
        auto *search = window.findChild<SearchBar *>();
        search->restore(QStringLiteral("cats"), CatalogQuery::Sort::Largest);
        window.findChild<QTabWidget *>()->setCurrentIndex(1);
        window.findChild<TileSizeSlider *>()->setTileWidth(320);
        QTRY_COMPARE(window.size(), QSize(1000, 700));
        window.close();
    }
    {
        Application app(options);
        MainWindow window(app);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.size(), QSize(1000, 700));
        QVERIFY(window.findChild<QDockWidget *>(QStringLiteral("responsiveness"))->isVisible());
        QCOMPARE(window.findChild<QTabWidget *>()->currentIndex(), 1);
        auto *search = window.findChild<SearchBar *>();
        QCOMPARE(search->text(), QStringLiteral("cats"));
        QCOMPARE(search->sort(), CatalogQuery::Sort::Largest);
        QCOMPARE(search->query().text, QStringLiteral("cats"));
        // …and the Catalog tab shows what it says: the search applied, not only its text restored.
        auto *catalog = window.findChild<CatalogModel *>();
        QVERIFY(catalog);
        QCOMPARE(catalog->query().text, QStringLiteral("cats"));
        QCOMPARE(catalog->query().sort, CatalogQuery::Sort::Largest);
        // The tile size as left, and the first thumbnails made at it.
        QCOMPARE(window.findChild<TileSizeSlider *>()->tileWidth(), 320);
        QCOMPARE(app.pipeline().thumbnailBox(), QSize(320, 240));
        window.close();
    }
    // Opened on something to fetch: the session's tab, the rest as it was.
    options.sources = {file(QStringLiteral("missing.jpg"))};
    {
        Application app(options);
        MainWindow window(app);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(window.findChild<QTabWidget *>()->currentIndex(), 0);
        QCOMPARE(window.size(), QSize(1000, 700));
        QCOMPARE(window.findChild<SearchBar *>()->text(), QStringLiteral("cats"));
    }
}

// The viewer hides the tool bars and docks to give the image the window; quitting from there must not
// save them hidden, or the next start opens without its address bar.
void TestPreferences::closedWhileViewingComesBackWithItsBars()
{
    Options options = optionsFor(QStringLiteral("viewing"));
    QImage photo(320, 240, QImage::Format_RGB32);
    photo.fill(QColor(40, 120, 200));
    QVERIFY(photo.save(file(QStringLiteral("viewing.jpg")), "JPEG"));
    options.sources = {file(QStringLiteral("viewing.jpg"))};
    {
        Application app(options);
        MainWindow window(app);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        app.start();
        auto *bar = window.findChild<QToolBar *>(QStringLiteral("main"));
        QVERIFY(bar && bar->isVisible());
        QTRY_VERIFY(!app.pipeline().items().empty() && app.pipeline().items().front().state == Item::State::Done);
        window.viewerStack().open(&window.gallery(), window.gallery().model()->index(0, 0));
        QVERIFY(window.viewerStack().isViewing());
        QVERIFY(!bar->isVisible());
        window.close();
        QTRY_VERIFY(!window.isVisible());   // once the catalog has the image: then the state is saved
    }
    options.sources.clear();
    {
        Application app(options);
        MainWindow window(app);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *bar = window.findChild<QToolBar *>(QStringLiteral("main"));
        QVERIFY(bar);
        QVERIFY(bar->isVisible());
        QVERIFY(window.menuBar()->isVisible());
        QVERIFY(!window.isFullScreen());
        window.close();
    }
}

void TestPreferences::ctrlCommaOpensThePreferencesAndOkApplies()
{
    const Options options = optionsFor(QStringLiteral("keys"));
    Application app(options);
    MainWindow window(app);
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_Comma, Qt::ControlModifier);
    PreferencesDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<PreferencesDialog *>()) && dialog->isVisible());
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    setSpin(dialog, "decodeBudget", 256);
    setSpin(dialog, "maxConnections", 4);
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    // Applied to the running services, and saved.
    QCOMPARE(DecodeBudget::limit(), 256LL * 1024 * 1024);
    QCOMPARE(app.downloader().options().maxConnections, 4);
    QCOMPARE(Preferences::load(*Preferences::openSettings(options.settingsFile)).decodeBudgetMB, 256);
    app.applyPreferences(Preferences::defaults());
    window.close();
}

void TestPreferences::ctrlFFocusesTheFieldOfTheTabShown()
{
    const Options options = optionsFor(QStringLiteral("find"));
    Application app(options);
    MainWindow window(app);
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    auto *tabs = window.findChild<QTabWidget *>();
    auto *search = window.findChild<SearchBar *>();
    tabs->setCurrentIndex(1);
    search->textField()->setText(QStringLiteral("cats"));
    tabs->currentWidget()->setFocus();
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(search->textField()->hasFocus());
    QCOMPARE(search->textField()->selectedText(), QStringLiteral("cats"));   // typing replaces it
    tabs->setCurrentIndex(0);
    tabs->currentWidget()->setFocus();
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(QApplication::focusWidget() != search->textField());
    auto *filter = qobject_cast<QLineEdit *>(QApplication::focusWidget());
    QVERIFY(filter);
    QVERIFY(filter->isVisible());
    window.close();
}

void TestPreferences::hiddenBarsComeBackFromTheViewMenuAndTheirKeys()
{
    const Options options = optionsFor(QStringLiteral("bars"));
    Application app(options);
    MainWindow window(app);
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    auto *address = window.findChild<QToolBar *>(QStringLiteral("main"));
    auto *search = window.findChild<QToolBar *>(QStringLiteral("search"));
    QVERIFY(address && search);
    // Both listed in the View menu, checked while shown.
    QMenu *view = nullptr;
    for (QAction *menu : window.menuBar()->actions()) {
        if (menu->menu() && menu->text().remove(QLatin1Char('&')) == QLatin1String("View"))
            view = menu->menu();
    }
    QVERIFY(view);
    QVERIFY(view->actions().contains(address->toggleViewAction()));
    QVERIFY(view->actions().contains(search->toggleViewAction()));
    QVERIFY(address->toggleViewAction()->isChecked());
    // Hidden from the menu, back with the menu.
    address->toggleViewAction()->trigger();
    QVERIFY(!address->isVisible());
    address->toggleViewAction()->trigger();
    QVERIFY(address->isVisible());
    // Hidden, then asked for by its key: Ctrl+L brings the address bar with its field focused,
    // Ctrl+F the filter bar.
    address->hide();
    search->hide();
    window.findChild<QTabWidget *>()->currentWidget()->setFocus();
    QTest::keyClick(&window, Qt::Key_L, Qt::ControlModifier);
    QTRY_VERIFY(address->isVisible());
    auto *field = qobject_cast<QLineEdit *>(QApplication::focusWidget());
    QVERIFY(field && address->isAncestorOf(field));
    window.findChild<QTabWidget *>()->currentWidget()->setFocus();
    QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(search->isVisible());
    field = qobject_cast<QLineEdit *>(QApplication::focusWidget());
    QVERIFY(field && search->isAncestorOf(field));
    window.close();
}


// A downloads folder that cannot be made (below a file, here): the status bar says so at start, in a
// sentence, before any download fails; choosing a usable one in Preferences takes the warning away.
void TestPreferences::anUnusableDownloadsFolderIsSaidUpFrontUntilPreferencesFixIt()
{
    QFile blocker(file(QStringLiteral("not-a-folder")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    Options options = optionsFor(QStringLiteral("folder"));
    options.downloads = blocker.fileName() + QStringLiteral("/Glint");
    Application app(options);
    MainWindow window(app);
    window.show();
    QApplication::setActiveWindow(&window);
    QVERIFY(QTest::qWaitForWindowActive(&window));
    auto *warning = window.findChild<QToolButton *>(QStringLiteral("downloadFolderWarning"));
    QVERIFY(warning);
    QTRY_VERIFY(warning->isVisible());
    QVERIFY2(warning->text().contains(QStringLiteral("not-a-folder is a file, not a folder")), qPrintable(warning->text()));
    QVERIFY(QFileInfo(blocker.fileName()).isFile());   // checked, nothing made or touched

    warning->click();   // opens the Preferences
    PreferencesDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = window.findChild<PreferencesDialog *>()) && dialog->isVisible());
    dialog->findChild<QLineEdit *>(QStringLiteral("downloadDir"))->setText(file(QStringLiteral("folder-downloads")));
    QTest::mouseClick(dialog->findChild<QDialogButtonBox *>()->button(QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(!warning->isVisible());
    app.applyPreferences(Preferences::defaults());
    window.close();
}

// Fusion's groove is a gradient as tall as the bar, which Qt 6.4 paints in parts on the global
// pool while the GUI thread waits (GrooveCacheStyle): now painted once per size and copied. The
// bar must look exactly as Fusion paints it, whatever its value.
void TestPreferences::fusionScrollBarsLookTheSameWithTheirGroovePaintedOnce()
{
    std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    QVERIFY(fusion);
    GrooveCacheStyle cached(QStyleFactory::create(QStringLiteral("Fusion")));
    QPixmapCache::clear();
    QScrollBar bar(Qt::Vertical);
    bar.resize(16, 640);
    bar.setRange(0, 100000);
    const auto render = [&bar](QStyle *style) {
        bar.setStyle(style);
        QImage image(bar.size(), QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::white);
        bar.render(&image);
        return image;
    };
    for (const int value : {0, 3000, 51234, 100000}) {
        bar.setValue(value);
        QCOMPARE(render(&cached), render(fusion.get()));
    }
    QCOMPARE(cached.groovesPainted(), 1);   // four values, one groove
    bar.resize(16, 500);
    QCOMPARE(render(&cached), render(fusion.get()));
    QCOMPARE(cached.groovesPainted(), 2);   // a new size, a new groove
    bar.setEnabled(false);
    QCOMPARE(render(&cached), render(fusion.get()));
    QCOMPARE(cached.groovesPainted(), 3);
    bar.setStyle(nullptr);
}

QTEST_MAIN(TestPreferences)
#include "tst_preferences.moc"
