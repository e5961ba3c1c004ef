#include "app/mainwindow.h"

#include "core/catalog/catalog.h"
#include "app/catalog/catalogmodel.h"
#include "core/pipeline/catalogrecorder.h"
#include "app/catalog/searchbar.h"
#include "app/application.h"
#include "app/plural.h"
#include "app/responsiveness/responsivenesspanel.h"
#include "core/util/whenready.h"
#include "app/downloadsmodel.h"
#include "app/droppedsources.h"
#include "app/downloadspanel.h"
#include "app/confirmation.h"
#include "app/filterfield.h"
#include "app/gallerydelegate.h"
#include "app/gallerymodel.h"
#include "app/galleryproxy.h"
#include "app/gallerysortmenu.h"
#include "app/galleryview.h"
#include "app/sessionremover.h"
#include "app/guidedialog.h"
#include "app/inputlatencyprobe.h"
#include "app/firstframe.h"
#include "app/laggauge.h"
#include "app/pages/pagepickerdialog.h"
#include "app/settings/preferencesdialog.h"
#include "app/settings/windowstate.h"
#include "app/thumbnails/tilesizeslider.h"
#include "app/viewer/viewerpage.h"
#include "app/viewer/viewerstack.h"
#include "core/imaging/viewdecode.h"
#include "core/net/downloadfolder.h"
#include "core/pipeline/pipeline.h"
#include "core/probe/lagprobe.h"

#include <algorithm>
#include <QAction>
#include <QCloseEvent>
#include <QPushButton>
#include <QMenu>
#include <QStackedWidget>
#include <QTabWidget>
#include <QThread>
#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScreen>
#include <QScrollBar>
#include <QStandardPaths>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QFutureWatcher>
#include <QToolButton>
#include <QtConcurrent>
#include <limits>
#include <QDockWidget>
#include <QHBoxLayout>

namespace glint {
namespace {

// The Catalog tab's and the viewer's question: one object name (tests answer either), one promise.
Confirmation catalogDeletion(const QString &title, const QString &text)
{
    Confirmation question;
    question.objectName = QStringLiteral("deleteFromCatalog");
    question.title = title;
    question.text = text;
    question.informativeText = MainWindow::tr("Glint deletes only files it downloaded itself; any other file is kept.");
    question.acceptText = MainWindow::tr("Remove and Delete");
    return question;
}

// Does the search bar narrow the catalog? Then the model's totals are the matches, not the catalog.
bool narrows(const CatalogQuery &query)
{
    return !query.text.trimmed().isEmpty() || !query.format.isEmpty() || query.minWidth > 0 || query.minHeight > 0
        || query.minPixels > 0 || query.from.isValid() || query.to.isValid();
}

} // namespace

MainWindow::MainWindow(Application &app, QWidget *parent)
    : QMainWindow(parent), m_app(app), m_options(app.options()), m_pipeline(&app.pipeline()),
      m_lagProbe(&app.lagProbe()), m_catalog(&app.catalog()), m_recorder(&app.recorder())
{
    buildUi();
    // As the user left it; a --bench run keeps the size it measures with. Started with something to
    // fetch ("Open with", a URL), the session's tab shows it, whichever tab was left open.
    if (m_options.benchReport.isEmpty()) {
        WindowState state = WindowState::load(app.settings());
        if (!m_options.sources.isEmpty() || m_options.demoCount > 0)
            state.tab = 0;
        state.restore(*this, *m_tabs, *m_search);
        m_proxy->setOrder({GalleryProxy::keyFromName(state.galleryKey), state.galleryDescending, state.galleryByPage});
        m_downloads->sortBy(state.downloadsColumn, state.downloadsDescending ? Qt::DescendingOrder : Qt::AscendingOrder);
        // The slider as it was left, before anything is decoded: the first thumbnails are made at it.
        if (state.tileWidth > 0 && state.tileWidth != m_tileSize->tileWidth()) {
            m_tileSize->setTileWidth(state.tileWidth);
            const int width = m_tileSize->tileWidth();   // clamped
            m_app.setThumbnailBox(QSize(width, width * 3 / 4));
        }
    }
    // The instant restore, stored thumbnails, of the search as it was left (restored just above):
    // it starts with the window and goes on once the catalog is readable (CatalogModel::loadFirstScreen).
    m_catalogModel->setQuery(m_search->query());
    // A downloads folder that cannot be, said once and up front, not by every download failing.
    m_folderWarning = new QToolButton(this);
    m_folderWarning->setObjectName(QStringLiteral("downloadFolderWarning"));
    m_folderWarning->setAutoRaise(true);
    m_folderWarning->setStyleSheet(QStringLiteral("color: #c62828"));
    m_folderWarning->hide();
    statusBar()->insertWidget(0, m_folderWarning);   // first, before the summary: the thing to fix
    connect(m_folderWarning, &QToolButton::clicked, this, &MainWindow::showPreferences);
    checkDownloadFolder();
    if (m_options.showResponsiveness)   // asked for on the command line: open whatever was saved
        findChild<ResponsivenessPanel *>()->show();
    connect(m_pipeline, &Pipeline::itemsAdded, this, &MainWindow::scheduleStatus);
    connect(m_pipeline, &Pipeline::itemChanged, this, &MainWindow::scheduleStatus);
    connect(m_pipeline, &Pipeline::itemsChanged, this, &MainWindow::scheduleStatus);
    connect(m_pipeline, &Pipeline::idle, this, &MainWindow::updateStatus);
    // The filter's count in the summary follows the gallery's rows (coalesced like the rest).
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &MainWindow::scheduleStatus);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &MainWindow::scheduleStatus);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &MainWindow::scheduleStatus);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &MainWindow::scheduleStatus);
    connect(m_pipeline, &Pipeline::pageScanned, this, &MainWindow::pickFromPage);
    connect(&app, &Application::catalogOpened, this, &MainWindow::onCatalogOpened);
    connect(&app, &Application::demoReady, this, [this](const QUrl &index) {
        m_summary->setText(tr("Demo gallery at %1").arg(index.toDisplayString()));
    });
    connect(&app, &Application::demoFailed, this, [this](const QString &message) {
        statusBar()->showMessage(tr("The demo server could not start: %1").arg(message));
    });
    m_statusTimer.setSingleShot(true);
    m_statusTimer.setInterval(100);
    connect(&m_statusTimer, &QTimer::timeout, this, &MainWindow::updateStatus);
    // Keeps the rate honest while nothing changes (a stalled download sends no signal).
    m_rateTimer.setInterval(1000);
    connect(&m_rateTimer, &QTimer::timeout, this, [this] {
        if (!m_pipeline->isIdle())
            updateStatus();
    });
    m_rateTimer.start();
    m_rateClock.start();
}

MainWindow::~MainWindow() = default;

// A bar the user hid comes back when its field is asked for; the viewer steps aside for it.
void MainWindow::revealBar(QToolBar *bar)
{
    m_stack->viewer()->close();   // nothing when it is not open
    bar->show();
}

// The session's filter or the catalog's search, asked for by Find or by a key typed over a gallery.
void MainWindow::focusSearchField(QLineEdit *field)
{
    revealBar(m_searchToolbar);
    field->setFocus(Qt::ShortcutFocusReason);
}

void MainWindow::buildUi()
{
    setWindowTitle(m_app.isBlocking() ? tr("Glint — blocking mode") : tr("Glint"));
    // Most of the screen, as a gallery wants room; never less than a laptop's worth.
    const QSize available = screen() ? screen()->availableGeometry().size() : QSize(1600, 1000);
    resize(QSize(qMax(1100, available.width() * 9 / 10), qMax(760, available.height() * 9 / 10)).boundedTo(available));

    m_model = new GalleryModel(m_pipeline, &m_app.thumbnails(), this);
    m_proxy = new GalleryProxy(m_model, this);   // filter, order (View ▸ Sort By) and removed tiles
    m_delegate = new GalleryDelegate(this);
    m_delegate->setImageArea(m_options.thumbnailBox);
    m_gallery = new GalleryView(this);
    m_gallery->setModel(m_proxy);
    m_gallery->setItemDelegate(m_delegate);
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_gallery, tr("This session"));
    // The viewer is a mode of the window: it covers the tabs and goes back to the tile it came from.
    m_stack = new ViewerStack(m_tabs, m_app.decodePool(), this);
    setCentralWidget(m_stack);
    m_stack->attach(m_gallery, [this](const QModelIndex &index) {
        const QModelIndex source = m_proxy->mapToSource(index);
        if (source.isValid())
            m_pipeline->retry(source.row());
    });
    connect(m_stack, &ViewerStack::viewingChanged, this, &MainWindow::setViewing);
    connect(m_stack->viewer(), &ViewerPage::captionChanged, this, &MainWindow::showViewerCaption);
    connect(m_stack->viewer(), &ViewerPage::fullScreenRequested, this, [this](bool fullScreen) {
        // Full screen is for the image alone: the menu and status bars step aside too.
        menuBar()->setVisible(!fullScreen);
        statusBar()->setVisible(!fullScreen);
        if (fullScreen)
            showFullScreen();
        else
            showNormal();
    });
    // Rows the user can see download first: tell the pipeline after scrolling or resizing settles.
    m_visibleTimer.setSingleShot(true);
    m_visibleTimer.setInterval(80);
    connect(&m_visibleTimer, &QTimer::timeout, this, &MainWindow::updateVisibleRows);
    connect(m_gallery->verticalScrollBar(), &QScrollBar::valueChanged, &m_visibleTimer, qOverload<>(&QTimer::start));
    connect(m_gallery, &GalleryView::resized, &m_visibleTimer, qOverload<>(&QTimer::start));
    // Arrivals, and every re-sort or filter: a sorted gallery's coalesced re-sort moves other rows
    // onto the screen without a scroll (a run sorted by name, descending, shows the rows found last).
    const auto tilesMayHaveMoved = [this] {
        if (!m_visibleTimer.isActive())
            m_visibleTimer.start();
    };
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, tilesMayHaveMoved);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, tilesMayHaveMoved);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, tilesMayHaveMoved);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, tilesMayHaveMoved);
    connect(m_gallery, &GalleryView::sourcesDropped, this, &MainWindow::addSources);
    connect(m_gallery, &GalleryView::imagesDropped, this, &MainWindow::addImageData);
    connect(m_gallery, &GalleryView::zoomRequested, this, &MainWindow::zoomTiles);
    // Typing over the tiles filters them, as it does in the field itself.
    connect(m_gallery, &GalleryView::textTyped, this, [this](const QString &text) {
        focusSearchField(m_filter);
        m_filter->insert(text);
    });
    m_remover = new SessionRemover(m_gallery, m_proxy, m_pipeline, m_app.decodePool(), this);
    connect(m_gallery, &GalleryView::tileMenuRequested, this, [this](QMenu *menu, const QModelIndex &index) {
        addCopyImageAction(menu, index);
        const QUrl url = index.data(GalleryModel::UrlRole).toUrl();
        if (index.data(GalleryModel::StateRole).toInt() == int(Item::State::Done) && url.isValid()) {
            menu->addAction(tr("Show in Catalog"), this, [this, url] {
                m_search->textField()->setText(url.isLocalFile() ? url.fileName() : url.toString());
                showCatalogTab(true);
            });
        }
        menu->addSeparator();   // what removes comes last, apart, as in the Catalog tab's menu
        menu->addActions({m_remover->removeAction(), m_remover->removeAndDeleteAction()});
    });

    auto *toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("main"));   // saveState() keys bars and docks by name
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_urlField = new QLineEdit(toolbar);
    m_urlField->setObjectName(QStringLiteral("address"));
    m_urlField->setPlaceholderText(tr("Address of an image or a web page, or a local file or folder — press Enter"));
    m_urlField->setClearButtonEnabled(true);
    m_urlField->setMinimumWidth(420);
    connect(m_urlField, &QLineEdit::returnPressed, this, &MainWindow::fetchFromField);
    toolbar->addWidget(m_urlField);
    QAction *fetch = toolbar->addAction(style()->standardIcon(QStyle::SP_ArrowDown), tr("Fetch"), this, &MainWindow::fetchFromField);
    fetch->setToolTip(tr("Download the image, or every image of the page (Enter)"));
    m_downloads = new DownloadsPanel(m_pipeline, this);
    addDockWidget(Qt::BottomDockWidgetArea, m_downloads);
    resizeDocks({m_downloads}, {220}, Qt::Vertical);
    // Out of the way until there is something to show; then it stays as the user leaves it.
    m_downloads->hide();
    connect(m_downloads->model(), &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_downloadsShownOnce) {
            m_downloadsShownOnce = true;
            m_downloads->show();
        }
    });
    QAction *cancel = m_downloads->cancelAllAction();
    cancel->setShortcut(Qt::Key_Escape);
    toolbar->addAction(m_downloads->pauseAction());
    toolbar->addAction(cancel);
    toolbar->addSeparator();
    m_filter = new FilterField(toolbar);
    m_filter->setObjectName(QStringLiteral("galleryFilter"));
    // Filtering walks every row: once typing pauses, not on every key.
    auto *filterDelay = new QTimer(this);
    filterDelay->setSingleShot(true);
    filterDelay->setInterval(150);
    connect(m_filter, &QLineEdit::textChanged, filterDelay, qOverload<>(&QTimer::start));
    connect(filterDelay, &QTimer::timeout, this, [this] {
        const QString trimmed = m_filter->text().trimmed();
        if (trimmed != m_proxy->filterText())
            m_proxy->setFilterText(trimmed);
    });
    m_search = new SearchBar(toolbar);
    m_filters = new QStackedWidget(toolbar);
    auto *sortMenu = new GallerySortMenu(m_proxy, this);
    auto *sessionBar = new QWidget(toolbar);   // the filter and, beside it, the order
    auto *sessionRow = new QHBoxLayout(sessionBar);
    sessionRow->setContentsMargins(0, 0, 0, 0);
    sessionRow->addWidget(m_filter, 1);
    sessionRow->addWidget(sortMenu->makeButton(sessionBar));
    m_filters->addWidget(sessionBar);
    m_filters->addWidget(m_search);
    m_filters->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    // A row of its own: the catalog's search has five controls and the address field needs room.
    addToolBarBreak();
    m_searchToolbar = addToolBar(tr("Search"));
    m_searchToolbar->setObjectName(QStringLiteral("search"));
    m_searchToolbar->setMovable(false);
    m_searchToolbar->addWidget(m_filters);
    buildCatalogUi();

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Open &Files…"), QKeySequence::Open, this, &MainWindow::openFiles);
    file->addAction(tr("Open F&older…"), this, &MainWindow::openFolder);
    file->addAction(tr("Enter &Address"), QKeySequence(Qt::CTRL | Qt::Key_L), this, [this, toolbar] {
        revealBar(toolbar);
        m_urlField->setFocus();
        m_urlField->selectAll();
    });
    file->addSeparator();
    file->addAction(tr("&Compact Catalog"), this, [this] {
        statusBar()->showMessage(tr("Compacting the catalog…"));
        whenResult(m_catalog->vacuum(), this, [this] { statusBar()->showMessage(tr("The catalog is compacted"), 5000); },
                   [this](const QString &error) { statusBar()->showMessage(error, 8000); });
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    // Text fields keep Ctrl+V for themselves (they take the shortcut first); elsewhere it pastes
    // addresses, files or image data as new sources.
    edit->addAction(tr("&Paste Images or Addresses"), QKeySequence::Paste, this, &MainWindow::pasteSources);
    // Find goes to the field of the tab being shown: the session's filter or the catalog's search.
    edit->addAction(tr("&Find"), QKeySequence::Find, this, [this] {
        QLineEdit *field = m_tabs->currentIndex() == 1 ? m_search->textField() : m_filter;
        focusSearchField(field);
        field->selectAll();
    });
    edit->addAction(m_downloads->pauseAction());
    edit->addAction(cancel);
    edit->addSeparator();
    QAction *preferences = edit->addAction(tr("&Preferences…"), this, &MainWindow::showPreferences);
    // The platform's key, and Ctrl+, everywhere (some platforms' themes define none).
    QList<QKeySequence> preferenceKeys = QKeySequence::keyBindings(QKeySequence::Preferences);
    if (!preferenceKeys.contains(QKeySequence(Qt::CTRL | Qt::Key_Comma)))
        preferenceKeys << QKeySequence(Qt::CTRL | Qt::Key_Comma);
    preferences->setShortcuts(preferenceKeys);
    preferences->setMenuRole(QAction::PreferencesRole);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *toggleDownloads = m_downloads->toggleViewAction();
    toggleDownloads->setText(tr("&Downloads"));
    toggleDownloads->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
    view->addAction(toggleDownloads);
    // The bars can be hidden (their context menu) and must be as easy to get back.
    QAction *toggleAddress = toolbar->toggleViewAction();
    toggleAddress->setText(tr("&Address Bar"));
    view->addAction(toggleAddress);
    QAction *toggleSearch = m_searchToolbar->toggleViewAction();
    toggleSearch->setText(tr("&Filter and Search Bar"));
    view->addAction(toggleSearch);
    view->addMenu(sortMenu);
    // The slider's steps from the keyboard, as Ctrl+wheel gives them to the mouse.
    QAction *larger = view->addAction(tr("&Larger Thumbnails"), this, [this] { zoomTiles(+1); });
    larger->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    QAction *smaller = view->addAction(tr("S&maller Thumbnails"), this, [this] { zoomTiles(-1); });
    smaller->setShortcut(QKeySequence::ZoomOut);
    m_tileSizeActions = {larger, smaller};
    auto *responsiveness = new ResponsivenessPanel(m_app, this);
    addDockWidget(Qt::RightDockWidgetArea, responsiveness);
    responsiveness->setVisible(m_options.showResponsiveness);   // else on demand: View ▸ Responsiveness
    QAction *toggleResponsiveness = responsiveness->toggleViewAction();
    toggleResponsiveness->setText(tr("&Responsiveness"));
    toggleResponsiveness->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    view->addAction(toggleResponsiveness);
    // A demonstration, not a setting: the same pipeline, its next steps run on this thread.
    QAction *blocking = view->addAction(tr("Do the &Work on the GUI Thread (demonstration)"));
    blocking->setCheckable(true);
    blocking->setChecked(m_app.isBlocking());
    blocking->setToolTip(tr("Shows what an app that does its work on the GUI thread feels like: the window freezes "
                            "while each image downloads and decodes. Turn it off to get Glint back."));
    connect(blocking, &QAction::toggled, &m_app, &Application::setBlocking);
    connect(&m_app, &Application::blockingChanged, blocking, &QAction::setChecked);
    blocking->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    if (m_app.options().demoCount > 0) {
        QAction *again = view->addAction(tr("Run the &Demo Again"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R), &m_app,
                                         &Application::runDemoAgain);
        again->setEnabled(m_app.canRunDemoAgain());
        connect(&m_app, &Application::demoReady, again, [again] { again->setEnabled(true); });
    }
    view->addSeparator();
    view->addAction(tr("This &Session"), QKeySequence(Qt::CTRL | Qt::Key_1), this, [this] { showCatalogTab(false); });
    view->addAction(tr("&Catalog"), QKeySequence(Qt::CTRL | Qt::Key_2), this, [this] { showCatalogTab(true); });
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&How Glint Stays Responsive"), QKeySequence::HelpContents, this, [this] {
        auto *guide = new GuideDialog(this);
        guide->show();
    });
    help->addAction(tr("&About Glint"), this, [this] {
        // Not QMessageBox::about(), which would nest an event loop (see app/confirmation.h).
        auto *about = new QMessageBox(QMessageBox::NoIcon, tr("About Glint"),
                                      tr("<h3>Glint %1</h3><p>Downloads images, shows them as a gallery, and never "
                                         "freezes while doing it.</p><p>The gauge in the status bar shows how late the "
                                         "event loop answers. Start with <code>--blocking</code> to see the same work done "
                                         "on the GUI thread.</p>").arg(QStringLiteral(GLINT_VERSION)),
                                      QMessageBox::Ok, this);
        about->setIconPixmap(windowIcon().pixmap(64, 64));
        about->setAttribute(Qt::WA_DeleteOnClose);
        about->open();
    });

    m_summary = new QLabel(tr("Ready"), this);
    m_summary->setObjectName(QStringLiteral("sessionSummary"));
    statusBar()->addWidget(m_summary, 1);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(14);
    m_progress->hide();
    statusBar()->addPermanentWidget(m_progress);
    m_selectionStatus = new QLabel(this);
    m_selectionStatus->setObjectName(QStringLiteral("selectionStatus"));
    m_selectionStatus->hide();
    statusBar()->addPermanentWidget(m_selectionStatus);
    m_stopRemoval = new QToolButton(this);
    m_stopRemoval->setObjectName(QStringLiteral("stopRemoval"));
    m_stopRemoval->setText(tr("Stop Removing"));
    m_stopRemoval->setIcon(style()->standardIcon(QStyle::SP_BrowserStop));
    m_stopRemoval->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_stopRemoval->setToolTip(tr("Stop after the images being removed now; the others stay in the catalog"));
    m_stopRemoval->setAutoRaise(true);
    m_stopRemoval->hide();
    connect(m_stopRemoval, &QToolButton::clicked, this, [this] {
        if (m_removalStop)
            m_removalStop->store(true);
        m_stopRemoval->setEnabled(false);
    });
    statusBar()->addPermanentWidget(m_stopRemoval);
    m_catalogStatus = new QLabel(this);
    m_catalogStatus->setObjectName(QStringLiteral("catalogStatus"));
    m_catalogStatus->setToolTip(tr("Everything Glint has fetched, kept across sessions (View ▸ Catalog)"));
    statusBar()->addPermanentWidget(m_catalogStatus);
    m_catalogStatus->setText(tr("Opening the catalog…"));
    auto *mode = new QLabel(tr("<b style='color:#c62828'>BLOCKING MODE</b>"), this);
    mode->setToolTip(tr("Every download and decode runs on the GUI thread: watch the window stutter."));
    mode->setVisible(m_app.isBlocking());
    statusBar()->addPermanentWidget(mode);
    connect(&m_app, &Application::blockingChanged, this, [this, mode](bool blocking) {
        mode->setVisible(blocking);
        setWindowTitle(blocking ? tr("Glint — blocking mode") : tr("Glint"));
    });
    // The tiles follow the slider live; thumbnails are decoded again at the new size once it rests.
    m_tileSize = new TileSizeSlider(Preferences::kMinThumbnailWidth, Preferences::kMaxThumbnailWidth, m_options.thumbnailBox.width(), this);
    statusBar()->addPermanentWidget(m_tileSize);
    connect(m_tileSize, &TileSizeSlider::resized, this, [this](int width) {
        m_delegate->setImageArea(QSize(width, width * 3 / 4));
        m_catalogDelegate->setImageArea(QSize(width, width * 3 / 4));
    });
    connect(m_tileSize, &TileSizeSlider::settled, this, [this](int width) {
        m_app.setThumbnailBox(QSize(width, width * 3 / 4));
        m_gallery->viewport()->update();   // the tiles on screen ask for their sharper thumbnails
        m_catalogView->viewport()->update();
    });
    statusBar()->addPermanentWidget(new LagGauge(m_lagProbe, this));
    FirstFrame::whenPainted(this, [probe = m_lagProbe] { probe->markOnScreen(); });
    m_inputProbe = new InputLatencyProbe(m_gallery, m_filter, this);
    connect(m_remover, &SessionRemover::finished, this, [this](const QString &message) { statusBar()->showMessage(message, 10000); });
    connect(m_remover, &SessionRemover::removed, m_downloads->model(), &DownloadsModel::hidePipelineRows);
    connect(m_remover, &SessionRemover::removed, this, &MainWindow::scheduleStatus);   // "· N removed"
    connect(m_remover, &SessionRemover::filesDeleted, this, [this](const QStringList &files) {
        whenResult(m_catalog->forgetDeletedFiles(files), this, [this](int forgotten) {
            if (forgotten == 0)
                return;
            m_catalogDirty = true;
            scheduleCatalogRefresh();
        }, [this](const QString &error) { statusBar()->showMessage(error, 8000); });
    });
}

void MainWindow::buildCatalogUi()
{
    m_catalogModel = new CatalogModel(m_catalog, &m_app.thumbnails(), this);
    m_catalogDelegate = new GalleryDelegate(this);
    m_catalogDelegate->setImageArea(m_options.thumbnailBox);
    m_catalogView = new GalleryView(this);
    m_catalogView->setModel(m_catalogModel);
    m_catalogView->setItemDelegate(m_catalogDelegate);
    m_catalogView->setSelectionMode(QAbstractItemView::ExtendedSelection);
    // The catalog's own empty view: a search under way, a search that found nothing, or no image yet.
    m_catalogView->setEmptyText([this] {
        if (m_catalogModel->isLoading())
            return tr("Searching the catalog…");
        if (narrows(m_catalogModel->query()))
            return tr("No image in the catalog matches this search.");
        return tr("The catalog is empty.\nEvery image Glint fetches is kept here, to be found again.");
    });
    m_tabs->addTab(m_catalogView, tr("Catalog"));
    connect(m_catalogView, &GalleryView::textTyped, this, [this](const QString &text) {
        focusSearchField(m_search->textField());
        m_search->textField()->insert(text);
    });
    // Delete in the viewer only here: the catalog knows which files Glint created (file_owned) and
    // deletes nothing else (Catalog::remove).
    m_stack->attach(m_catalogView, {}, [this](const QModelIndex &index) { deleteFromViewer(index); });
    const auto reopenViewer = [this] {
        if (m_reopenViewerRow < 0 || m_catalogModel->rowCount() == 0)
            return;
        if (m_reopenViewerRow >= m_catalogModel->rowCount() && !m_catalogModel->isCounted())
            return;   // the count brings that row
        const int row = qMin(m_reopenViewerRow, m_catalogModel->rowCount() - 1);
        m_reopenViewerRow = -1;
        showCatalogTab(true);
        m_stack->open(m_catalogView, m_catalogModel->index(row, 0));
    };
    connect(m_catalogModel, &CatalogModel::pageLoaded, this, reopenViewer);
    connect(m_catalogModel, &CatalogModel::totalsChanged, this, reopenViewer);
    connect(m_catalogModel, &CatalogModel::totalsChanged, this, [this](const CatalogTotals &totals) {
        if (totals.count == 0)
            m_reopenViewerRow = -1;   // the last one was deleted: no page comes, the gallery stays
    });
    connect(m_catalogView, &GalleryView::tileMenuRequested, this, [this](QMenu *menu, const QModelIndex &index) {
        addCopyImageAction(menu, index);
        menu->addSeparator();
        menu->addActions(m_catalogView->actions());   // Remove from Catalog, Remove and Delete Files
    });
    connect(m_catalogView, &GalleryView::sourcesDropped, this, &MainWindow::addSources);
    connect(m_catalogView, &GalleryView::imagesDropped, this, &MainWindow::addImageData);
    connect(m_catalogView, &GalleryView::zoomRequested, this, &MainWindow::zoomTiles);
    auto *remove = new QAction(tr("Remove from Catalog"), m_catalogView);
    remove->setShortcut(QKeySequence::Delete);
    remove->setShortcutContext(Qt::WidgetShortcut);
    connect(remove, &QAction::triggered, this, [this] { removeSelectedFromCatalog(false); });
    m_catalogView->addAction(remove);
    auto *removeAndDelete = new QAction(tr("Remove and Delete Files"), m_catalogView);   // as in the session
    removeAndDelete->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Delete));
    removeAndDelete->setShortcutContext(Qt::WidgetShortcut);
    connect(removeAndDelete, &QAction::triggered, this, [this] { removeSelectedFromCatalog(true); });
    m_catalogView->addAction(removeAndDelete);

    // How many tiles the selection holds, for the tab shown: what Delete or a drag would act on.
    // A reset, a removal or a new layout (the session hides removed rows by one) shrinks a selection
    // without selectionChanged, so those count too; the selection model, connected first, has
    // updated itself by then.
    for (GalleryView *view : {m_gallery, m_catalogView}) {
        connect(view->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateSelectionStatus);
        connect(view->model(), &QAbstractItemModel::modelReset, this, &MainWindow::updateSelectionStatus);
        connect(view->model(), &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateSelectionStatus);
        connect(view->model(), &QAbstractItemModel::layoutChanged, this, &MainWindow::updateSelectionStatus);
    }
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::updateSelectionStatus);
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        const bool catalog = index == 1;
        m_filters->setCurrentIndex(catalog ? 1 : 0);
        if (catalog && m_catalogDirty)
            scheduleCatalogRefresh();
    });
    connect(m_search, &SearchBar::queryChanged, this, [this](const CatalogQuery &query) {
        showCatalogTab(true);
        m_catalogModel->setQuery(query);   // before the catalog is readable, it waits for it
        m_matchesKnown = false;            // until this search's totals come, the status counts the catalog
        showCatalogStatus();
    });
    connect(m_catalogModel, &CatalogModel::totalsChanged, this, [this] {
        // The model's totals are those of its search: the whole catalog when it shows all, else the matches.
        if (!narrows(m_search->query())) {
            updateCatalogStatus();
            return;
        }
        m_matchesKnown = true;
        showCatalogStatus();
    });
    connect(m_catalogModel, &CatalogModel::searchFailed, this, [this](const QString &message) {
        statusBar()->showMessage(message, 8000);
    });
    // New records show up in the catalog tab, without resetting it on every batch.
    m_catalogRefresh.setSingleShot(true);
    m_catalogRefresh.setInterval(1000);
    connect(&m_catalogRefresh, &QTimer::timeout, this, [this] {
        if (!m_catalogReadable)
            return;
        countWholeCatalog();   // the status bar's totals, without touching the model
        // A refresh resets the view: only when it is on screen and not scrolled down into.
        if (m_tabs->currentIndex() != 1 || m_catalogView->verticalScrollBar()->value() > 0) {
            m_catalogDirty = true;
            return;
        }
        m_catalogDirty = false;
        m_catalogModel->setQuery(m_search->query());
    });
    connect(m_recorder, &CatalogRecorder::recorded, this, [this] {
        m_catalogDirty = true;
        scheduleCatalogRefresh();
    });
    // Images downloaded during the catalog's integrity check (after an unclean exit) were parked
    // on disk; they are in the catalog now.
    connect(m_catalog, &Catalog::parkedRecordsSaved, this, [this] {
        m_catalogDirty = true;
        scheduleCatalogRefresh();
    });
    // Records the catalog refused on every try stay with the recorder; say so until they are saved.
    auto *unsaved = new QToolButton(this);
    unsaved->setAutoRaise(true);
    unsaved->setStyleSheet(QStringLiteral("color: #c62828"));
    unsaved->hide();
    statusBar()->addPermanentWidget(unsaved);
    connect(m_recorder, &CatalogRecorder::failed, this, [unsaved](const QString &message, int count) {
        unsaved->setText(plural(count, tr("⚠ 1 image not saved in the catalog — Retry"),
                                tr("⚠ %L1 images not saved in the catalog — Retry")));
        unsaved->setToolTip(tr("The catalog refused them: %1").arg(message));
        unsaved->show();
    });
    connect(unsaved, &QToolButton::clicked, this, [this, unsaved] {
        unsaved->hide();
        m_recorder->retryUnsaved();
    });
    connect(m_catalog, &Catalog::readable, this, [this] {
        m_catalogReadable = true;
        // The first open is awaited by the restore started below; a later one (a new catalog after a
        // damaged one) starts it over.
        if (!m_catalogModel->isWaitingForCatalog())
            m_catalogModel->refresh();
    });
}

void MainWindow::onCatalogOpened(const CatalogOpenResult &result)
{
    m_catalogOpenEnded = true;
    if (result.ok) {
        showCatalogStatus();   // without " · checking…" at once; the totals follow
        updateCatalogStatus();
        return;
    }
    m_catalogReadable = false;
    m_catalogAll.reset();
    m_catalogStatus->setText(tr("No catalog"));
    m_catalogStatus->setToolTip({});
    if (!result.damaged || !m_options.benchReport.isEmpty()) {
        statusBar()->showMessage(result.message);
        return;
    }
    // Never overwrite the user's file: they choose, and the old one is kept beside the new.
    auto *box = new QMessageBox(QMessageBox::Warning, tr("The catalog is damaged"), result.message,
                                QMessageBox::NoButton, this);
    QPushButton *fresh = box->addButton(tr("Start a New Catalog"), QMessageBox::AcceptRole);
    box->addButton(tr("Continue Without Catalog"), QMessageBox::RejectRole);
    box->setInformativeText(tr("A new catalog keeps the damaged file beside it, renamed, for you to repair or delete."));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, fresh](QAbstractButton *button) {
        if (button != fresh)
            return;
        whenResult(m_catalog->moveAsideAndOpen(m_options.catalog), this, [this](const CatalogOpenResult &again) {
            statusBar()->showMessage(again.message, 10000);
            if (again.ok)
                updateCatalogStatus();
        }, [this](const QString &error) { statusBar()->showMessage(error, 10000); });
    });
    box->open();
}

void MainWindow::showCatalogTab(bool catalog)
{
    m_stack->viewer()->close();   // back from the viewer, if it is open, to the tab asked for
    m_tabs->setCurrentIndex(catalog ? 1 : 0);
}

void MainWindow::scheduleCatalogRefresh()
{
    if (!m_catalogRefresh.isActive())
        m_catalogRefresh.start();
}

void MainWindow::removeSelectedFromCatalog(bool deleteFiles)
{
    // By ranges, not indexes: Select All on a million rows is one range, not a million indexes.
    QList<qint64> ids;
    QList<int> unread;   // rows never scrolled to: their ids are not known yet
    const QItemSelection selection = m_catalogView->selectionModel()->selection();
    if (m_catalogView->selectedCount() > m_selectionListedHere) {
        removeManyFromCatalog(selection, deleteFiles);
        return;
    }
    for (const QItemSelectionRange &range : selection) {
        for (int row = range.top(); row <= range.bottom(); ++row) {
            if (const qint64 id = m_catalogModel->imageId(row))
                ids << id;
            else
                unread << row;
        }
    }
    if (unread.isEmpty()) {
        removeFromCatalog(ids, deleteFiles);
        return;
    }
    // One read of the ids of the span those rows cover, in the model's order, on a reader thread.
    std::sort(unread.begin(), unread.end());
    CatalogQuery span = m_catalogModel->query();
    span.offset = unread.first();
    span.limit = unread.last() - unread.first() + 1;
    statusBar()->showMessage(tr("Finding the selected images…"));
    whenResult(m_catalog->imageIds(span, QStringLiteral("selection")), this,
        [this, ids, unread, first = span.offset, generation = m_catalogModel->generation(), deleteFiles](
            const QList<qint64> &found) mutable {
            for (int row : unread) {
                if (row - first < found.size())
                    ids << found.at(row - first);
            }
            removeReadSelection(generation, ids, deleteFiles);
        },
        [this](const QString &error) { statusBar()->showMessage(tr("Nothing was removed: %1").arg(error), 10000); });
}

// The end of both ways of reading a selection's ids: unless the rows were renumbered meanwhile (a
// search, a refresh after a run's records), when the ids found may stand for other images and
// nothing is removed on a guess.
void MainWindow::removeReadSelection(quint64 generation, const QList<qint64> &ids, bool deleteFiles)
{
    statusBar()->clearMessage();
    if (generation != m_catalogModel->generation()) {
        statusBar()->showMessage(tr("The catalog changed while the selection was read; nothing was removed. Select again."), 10000);
        return;
    }
    removeFromCatalog(ids, deleteFiles);
}

// A big selection (Select All on a million rows): its ids are read in one span from a reader and
// listed in order on a worker. Listed here, a million of them held the GUI thread for ~60 ms.
void MainWindow::removeManyFromCatalog(const QItemSelection &selection, bool deleteFiles)
{
    QList<QPair<int, int>> spans;   // first and last row of each range
    int first = std::numeric_limits<int>::max();
    int last = -1;
    for (const QItemSelectionRange &range : selection) {
        spans.append({range.top(), range.bottom()});
        first = std::min(first, range.top());
        last = std::max(last, range.bottom());
    }
    CatalogQuery span = m_catalogModel->query();
    span.offset = first;
    span.limit = last - first + 1;
    span.decodeThumbnails = false;
    statusBar()->showMessage(tr("Finding the selected images…"));
    const QFuture<QList<qint64>> listed = m_catalog->imageIds(span, QStringLiteral("selection"))
        .then(QThreadPool::globalInstance(), [spans, first](const QList<qint64> &found) {
            QList<qint64> ids;
            for (const auto &[top, bottom] : spans) {
                for (int row = top; row <= bottom && row - first < found.size(); ++row)
                    ids.append(found.at(row - first));
            }
            std::sort(ids.begin(), ids.end());
            ids.erase(std::unique(ids.begin(), ids.end()), ids.end());   // ranges may overlap
            return ids;
        });
    whenResult(listed, this,
        [this, generation = m_catalogModel->generation(), deleteFiles](const QList<qint64> &ids) {
            removeReadSelection(generation, ids, deleteFiles);
        },
        [this](const QString &error) { statusBar()->showMessage(tr("Nothing was removed: %1").arg(error), 10000); });
}

void MainWindow::removeFromCatalog(QList<qint64> ids, bool deleteFiles)
{
    if (!std::is_sorted(ids.begin(), ids.end()))   // a big selection comes sorted from its worker
        std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());   // selection ranges may overlap
    if (ids.isEmpty())
        return;
    const auto remove = [this, ids, deleteFiles] {
        auto stop = std::make_shared<std::atomic<bool>>(false);
        m_removalStop = stop;
        const QFuture<CatalogRemoveResult> removing = m_catalog->remove(ids, deleteFiles, stop);
        const qint64 total = ids.size();
        if (total > Catalog::kRemoveSlice) {
            // Slice by slice on the writer (a million images take minutes): how far, and a way to stop.
            auto *progress = new QFutureWatcher<CatalogRemoveResult>(this);
            connect(progress, &QFutureWatcherBase::progressValueChanged, this, [this, total](int done) {
                statusBar()->showMessage(tr("Removing images from the catalog: %L1 of %L2…").arg(done).arg(total));
            });
            connect(progress, &QFutureWatcherBase::finished, progress, &QObject::deleteLater);
            progress->setFuture(removing);
            // A removal waits for the open's full check (after an unclean end it reads every page
            // of the file once, minutes for a big one): say so, rather than "0 of" that never moves.
            statusBar()->showMessage(m_catalogOpenEnded
                                         ? tr("Removing images from the catalog: 0 of %L1…").arg(total)
                                         : tr("Removing images from the catalog: waiting for its integrity check to end…"));
            m_stopRemoval->setEnabled(true);
            m_stopRemoval->show();
        }
        const auto ended = [this, stop] {
            if (m_removalStop == stop)
                m_stopRemoval->hide();
        };
        whenResult(removing, this, [this, ended, total](const CatalogRemoveResult &result) {
            ended();
            statusBar()->showMessage(result.stopped ? tr("Stopped: %L1 of %L2 images removed from the catalog; the others stay")
                                                          .arg(result.removed).arg(total)
                                                    : removalText(result), 10000);
            m_catalogModel->refresh();
        }, [this, ended](const QString &error) {
            ended();
            statusBar()->showMessage(tr("Nothing was removed: %1").arg(error), 10000);
        });
    };
    if (!deleteFiles) {
        // No file is touched, but what the catalog knows of them (where they were found, their
        // thumbnails) is gone for good, and Select All then Delete is two keys away.
        Confirmation question;
        question.objectName = QStringLiteral("removeFromCatalog");
        question.title = tr("Remove from the catalog");
        question.text = plural(ids.size(), tr("Remove 1 image from the catalog?"), tr("Remove %L1 images from the catalog?"));
        question.informativeText = tr("The files stay where they are. The catalog forgets the images, their thumbnails "
                                      "and where they were found.");
        question.acceptText = tr("Remove");
        askToConfirm(this, question, this, remove);
        return;
    }
    askToConfirm(this,
                 catalogDeletion(tr("Delete files"), plural(ids.size(), tr("Remove 1 image from the catalog and delete its file from disk?"),
                                                            tr("Remove %L1 images from the catalog and delete their files from disk?"))),
                 this, remove);
}

QString MainWindow::removalText(const CatalogRemoveResult &result) const
{
    QString text = plural(result.removed, tr("Removed 1 image from the catalog"), tr("Removed %L1 images from the catalog"));
    // Say what was not deleted and why: the user asked for it, and Glint only deletes its own files.
    if (result.filesNotOwned > 0)
        text += plural(result.filesNotOwned, tr("; kept 1 file Glint did not download"), tr("; kept %L1 files Glint did not download"));
    if (result.filesShared > 0)
        text += plural(result.filesShared, tr("; kept 1 file another image still uses"), tr("; kept %L1 files other images still use"));
    return text;
}

void MainWindow::deleteFromViewer(const QModelIndex &index)
{
    if (!index.isValid() || index.model() != m_catalogModel)
        return;
    const int row = index.row();
    const qint64 id = m_catalogModel->imageId(row);
    askToConfirm(this, catalogDeletion(tr("Delete file"), tr("Remove this image from the catalog and delete its file from disk?")),
                 this, [this, row, id] { removeShownInViewer(row, id); });
}

void MainWindow::removeShownInViewer(int row, qint64 id)
{
    whenResult(m_catalog->remove({id}, true), this, [this, row](const CatalogRemoveResult &result) {
        statusBar()->showMessage(removalText(result), 10000);
        // The refresh resets the model, which closes the viewer; it opens again on the image that
        // took the deleted one's place once the first page is back.
        m_reopenViewerRow = row;
        m_catalogModel->refresh();
    }, [this](const QString &error) { statusBar()->showMessage(tr("Nothing was removed: %1").arg(error), 10000); });
}

void MainWindow::updateCatalogStatus()
{
    if (!narrows(m_search->query())) {
        showCatalogTotals(m_catalogModel->totals());
        return;
    }
    countWholeCatalog();   // the model counts a search's matches
}

// The whole catalog, on a channel of its own: neither the model's search nor its totals wait for it.
void MainWindow::countWholeCatalog()
{
    whenResult(m_catalog->totals(CatalogQuery{}, QStringLiteral("status")), this,
               [this](const CatalogTotals &totals) { showCatalogTotals(totals); }, [](const QString &) {});
}

void MainWindow::showCatalogStatus()
{
    if (!m_catalogAll)
        return;   // "Opening the catalog…" or "No catalog" stays
    // Each sentence numbers its own arguments: "1 image" has no count to fill in (arg() would put
    // the count where the size goes).
    const CatalogTotals &all = *m_catalogAll;
    QString text;
    if (m_matchesKnown && narrows(m_search->query())) {
        const CatalogTotals found = m_catalogModel->totals();
        text = tr("Catalog: %L1 of %L2 images match · %3").arg(found.count).arg(all.count).arg(GalleryModel::formatBytes(found.bytes));
    } else {
        const QString size = GalleryModel::formatBytes(all.bytes);
        text = all.count == 1 ? tr("Catalog: 1 image · %1").arg(size) : tr("Catalog: %L1 images · %2").arg(all.count).arg(size);
    }
    // Readable but not yet open for writing: the full check after an unclean exit is reading it.
    if (!m_catalogOpenEnded) {
        text += tr(" · checking…");
        m_catalogStatus->setToolTip(tr("Glint did not close cleanly last time, so it reads the whole catalog once to make sure "
                                       "it is sound. You can search meanwhile; images downloaded now are kept beside the "
                                       "catalog and join it when the check ends, even if you quit first."));
    } else {
        m_catalogStatus->setToolTip({});
    }
    m_catalogStatus->setText(text);
}

void MainWindow::showCatalogTotals(const CatalogTotals &totals)
{
    m_catalogAll = totals;
    showCatalogStatus();
    // Nothing to do in this session (no SOURCE, no demo): open on what was fetched before.
    if (totals.count > 0 && m_pipeline->items().isEmpty() && m_options.sources.isEmpty() && m_options.demoCount == 0
        && m_tabs->currentIndex() == 0 && !m_catalogShownOnce) {
        m_catalogShownOnce = true;
        showCatalogTab(true);
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Items that finished a moment ago may still be on their way into the catalog: let them land. If
    // the catalog refused some (disk full, another program holding it), the user decides.
    const bool saved = m_flushedForClose || m_recorder->pending() == 0;
    if (m_quitConfirmed || (saved && m_recorder->unsaved() == 0)) {
        if (m_options.benchReport.isEmpty()) {
            // Quitting from the viewer: back to the gallery first, so the bars and docks it hid (and a
            // full screen it asked for) are saved as the user had them, not as the viewer left them.
            m_stack->viewer()->close();   // nothing when it is not open
            WindowState state = WindowState::capture(*this, *m_tabs, *m_search);
            state.galleryKey = GalleryProxy::keyName(m_proxy->order().key);
            state.galleryDescending = m_proxy->order().descending;
            state.galleryByPage = m_proxy->order().byPage;
            state.downloadsColumn = m_downloads->sortColumn();
            state.downloadsDescending = m_downloads->sortOrder() == Qt::DescendingOrder;
            // Remembered only when it differs from the Preferences' width, so that changing that still works.
            state.tileWidth = m_tileSize->tileWidth() != m_options.thumbnailBox.width() ? m_tileSize->tileWidth() : 0;
            state.save(m_app.settings());
        }
        m_pipeline->cancelAll();
        event->accept();
        return;
    }
    event->ignore();
    if (m_closing)
        return;
    m_closing = true;
    if (!saved) {
        statusBar()->showMessage(tr("Saving the catalog…"));
        whenReady(m_recorder->flush(), this, [this](const QFuture<void> &) {
            m_flushedForClose = true;
            m_closing = false;
            // From the event loop, never from inside this closeEvent: Qt ignores a close() nested in a
            // close that is still in progress, and the window would stay open.
            QMetaObject::invokeMethod(this, &QWidget::close, Qt::QueuedConnection);
        });
        return;
    }
    askAboutUnsaved();
}

// Window-modal and opened with open(), not exec(): no nested event loop, downloads keep running.
void MainWindow::askAboutUnsaved()
{
    const int count = m_recorder->unsaved();
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Some images are not in the catalog"),
                                plural(count, tr("The catalog refused to save 1 image."), tr("The catalog refused to save %L1 images.")),
                                QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("unsavedOnQuit"));
    box->setInformativeText(tr("Their files are kept in the downloads folder; quitting now only leaves them out of "
                               "the catalog's search. Try again once the disk has room or the other program has "
                               "let go of the catalog."));
    box->setAttribute(Qt::WA_DeleteOnClose);
    QPushButton *retry = box->addButton(tr("Try Again"), QMessageBox::AcceptRole);
    QPushButton *quit = box->addButton(tr("Quit Without Them"), QMessageBox::DestructiveRole);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(retry);
    connect(box, &QMessageBox::finished, this, [this, box, retry, quit] {
        m_closing = false;
        if (box->clickedButton() == retry) {
            m_recorder->retryUnsaved();
            m_flushedForClose = false;
            QMetaObject::invokeMethod(this, &QWidget::close, Qt::QueuedConnection);
        } else if (box->clickedButton() == quit) {
            m_quitConfirmed = true;
            QMetaObject::invokeMethod(this, &QWidget::close, Qt::QueuedConnection);
        } else {
            m_flushedForClose = false;   // staying: later items are flushed again at the next close
        }
    });
    box->open();
}

void MainWindow::showPreferences()
{
    // One dialog at a time; it saves on Apply/OK and the application applies what can change live.
    if (auto *open = findChild<PreferencesDialog *>()) {
        open->raise();
        open->activateWindow();
        return;
    }
    auto *dialog = new PreferencesDialog(m_app.settings(), m_options.given, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PreferencesDialog::applied, &m_app, &Application::applyPreferences);
    connect(dialog, &PreferencesDialog::applied, this, &MainWindow::checkDownloadFolder);   // after the app took it
    dialog->show();
}

void MainWindow::checkDownloadFolder()
{
    const QString dir = m_pipeline->downloadDir();
    const QFuture<QString> checked = QtConcurrent::run(QThreadPool::globalInstance(), [dir] { return DownloadFolder::problem(dir); });
    whenReady(checked, this, [this, dir](const QFuture<QString> &done) {
        if (dir != m_pipeline->downloadDir())
            return;   // changed meanwhile: the later check answers
        const QString problem = resultOr(done, QString());
        m_folderWarning->setText(tr("⚠ Originals cannot be saved: %1 — Preferences…").arg(problem));
        m_folderWarning->setToolTip(tr("Every download would fail. Choose another downloads folder in Preferences."));
        m_folderWarning->setVisible(!problem.isEmpty());
    });
}

// Sources the user gave (typed, dropped, opened, pasted, picked): their images arrive in This
// session, so that is the tab shown, from whichever tab or the viewer they were given.
void MainWindow::addSources(const QStringList &sources)
{
    if (!sources.isEmpty())
        showCatalogTab(false);
    for (const QString &source : sources)
        m_pipeline->addSource(source);
}

// The original at full resolution, decoded on the decode pool within the shared budget, then put on
// the clipboard from this thread (other programs ask it for PNG or the like when they paste).
void MainWindow::addCopyImageAction(QMenu *menu, const QModelIndex &index)
{
    const QString file = index.data(GalleryModel::FileRole).toString();
    if (file.isEmpty())
        return;
    menu->addAction(tr("Copy Image"), this, [this, file] {
        statusBar()->showMessage(tr("Copying the image…"));
        const QFuture<ViewImage> decoded = QtConcurrent::run(m_app.decodePool(), [file] { return ViewDecode::decodeNow(file, QSize()); });
        whenReady(decoded, this, [this](const QFuture<ViewImage> &done) {
            const ViewImage image = resultOr(done, ViewImage());
            if (!image.ok() || image.image.isNull()) {
                statusBar()->showMessage(tr("The image could not be copied: %1").arg(image.failure.describe()), 8000);
                return;
            }
            QApplication::clipboard()->setImage(image.image);
            statusBar()->showMessage(tr("Image copied (%1 × %2).").arg(image.image.width()).arg(image.image.height()), 5000);
        });
    });
}

// Ctrl+wheel over either gallery: the slider moves, and both galleries follow it.
void MainWindow::zoomTiles(int steps)
{
    m_tileSize->stepBy(steps);
}

void MainWindow::pasteSources()
{
    const DroppedSources pasted = DroppedSources::from(QApplication::clipboard()->mimeData());
    if (pasted.isEmpty()) {
        statusBar()->showMessage(tr("The clipboard holds no address, file or image."), 5000);
        return;
    }
    addSources(pasted.sources);
    addImageData(pasted.images);
}

void MainWindow::addImageData(const QList<QByteArray> &images)
{
    if (images.isEmpty())
        return;
    // Saved as new files by a worker (never over anything), then opened like any file.
    whenReady(DroppedSources::saveImages(images, m_pipeline->downloadDir(), m_app.decodePool()), this, [this](const QFuture<QStringList> &saved) {
        const QStringList files = resultOr(saved, QStringList());
        if (files.isEmpty())
            statusBar()->showMessage(tr("The pasted data could not be saved as an image."), 8000);
        addSources(files);
    });
}

void MainWindow::fetchFromField()
{
    const QString text = m_urlField->text().trimmed();
    if (text.isEmpty())
        return;
    // Typed by a user: a page's images are offered in the picker first (command-line SOURCEs and
    // --bench take everything, unfiltered).
    showCatalogTab(false);   // where its images arrive (see addSources)
    for (const QString &source : text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts))
        m_pipeline->addSourceToPick(source);
    m_urlField->clear();
}

void MainWindow::pickFromPage(const QUrl &page, const QList<QUrl> &images, bool capped)
{
    if (images.isEmpty()) {
        statusBar()->showMessage(tr("No images found on %1").arg(page.toDisplayString()), 8000);
        return;
    }
    // The previews share the HTTP cache, so "Download selected" is served from it; they get fewer
    // decode threads than the main pipeline, which may be busy too.
    auto *picker = new PagePickerDialog(page, images, [app = &m_app](const QString &dir) { return app->makePreviewPipeline(dir); },
                                        &m_app.thumbnails(), this);
    picker->setCapped(capped);
    picker->setAttribute(Qt::WA_DeleteOnClose);
    connect(picker, &PagePickerDialog::downloadRequested, this,
            [this](const QUrl &from, const QList<QUrl> &urls) {
                showCatalogTab(false);
                m_pipeline->addImages(urls, from);
            });
    picker->show();
}

void MainWindow::openFiles()
{
    // The non-native dialog would list folders on this thread; the platform dialog does it out of process.
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Open images"), {},
                                                            tr("Images (*.jpg *.jpeg *.png *.webp *.gif *.bmp *.tif *.tiff *.svg);;All files (*)"));
    addSources(files);
}

void MainWindow::openFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Open a folder of images"));
    if (!folder.isEmpty())
        addSources({folder});
}

void MainWindow::updateVisibleRows()
{
    const Span visible = m_gallery->visibleRows();   // arithmetic on the grid, not a search
    if (visible.isEmpty())
        return;
    int lo = INT_MAX, hi = -1;
    QList<int> rows;
    for (int row = visible.first; row <= visible.last; ++row) {
        const int source = m_proxy->mapToSource(m_proxy->index(row, 0)).row();
        rows << source;
        lo = qMin(lo, source);
        hi = qMax(hi, source);
    }
    // Sorted, the tiles on screen come from all over the run: the rows themselves, not a range.
    if (hi >= 0 && hi - lo + 1 == rows.size())
        m_pipeline->setVisibleRows(lo, hi);
    else if (hi >= 0)
        m_pipeline->setVisibleRows(rows);
}

void MainWindow::setViewing(bool viewing)
{
    for (QAction *action : std::as_const(m_tileSizeActions))
        action->setEnabled(!viewing);   // the viewer's own keys zoom the image then
    // The image gets the room: tool bars and docks step aside while viewing and come back after.
    if (viewing) {
        m_hiddenForViewer.clear();
        const auto children = findChildren<QWidget *>(Qt::FindDirectChildrenOnly);
        for (QWidget *child : children) {
            if ((qobject_cast<QToolBar *>(child) || qobject_cast<QDockWidget *>(child)) && child->isVisible()) {
                m_hiddenForViewer << child;
                child->hide();
            }
        }
        showViewerCaption(m_stack->viewer()->caption());
        return;
    }
    statusBar()->clearMessage();   // the session's summary again
    for (const QPointer<QWidget> &widget : std::as_const(m_hiddenForViewer)) {
        if (widget)
            widget->show();
    }
    m_hiddenForViewer.clear();
    menuBar()->show();
    statusBar()->show();
    if (isFullScreen())
        showNormal();
}

// While viewing, the status bar says which image this is and the keys that move on and back: the
// image has the whole window, with no tool bar or tile to tell.
void MainWindow::showViewerCaption(const QString &caption)
{
    if (!m_stack->isViewing() || caption.isEmpty())
        return;
    statusBar()->showMessage(caption + QStringLiteral("    ") + ViewerPage::keyHint());
}

void MainWindow::scheduleStatus()
{
    if (!m_statusTimer.isActive())
        m_statusTimer.start();
}

void MainWindow::updateSelectionStatus()
{
    const GalleryView *view = m_tabs->currentIndex() == 1 ? m_catalogView : m_gallery;
    const qint64 selected = view->selectedCount();
    m_selectionStatus->setText(tr("%L1 selected").arg(selected));
    m_selectionStatus->setVisible(selected > 1);   // one is the current tile: nothing to tell
}

void MainWindow::updateStatus()
{
    // Counts the pipeline keeps as items change: this runs ten times a second, whatever the item count.
    const int done = m_pipeline->count(Item::State::Done);
    const int failed = m_pipeline->count(Item::State::Failed);
    const qint64 bytes = m_pipeline->doneBytes();
    const int total = int(m_pipeline->items().size());
    if (total == 0)
        return;
    QString text = tr("%L1 of %L2 images · %3").arg(done).arg(total).arg(GalleryModel::formatBytes(bytes));
    // What the user stopped is not a failure: said apart, so "285 failed" never follows a Cancel all.
    const int cancelled = m_pipeline->cancelledCount();
    if (failed > cancelled)
        text += tr(" · %L1 failed").arg(failed - cancelled);
    if (cancelled > 0)
        text += tr(" · %L1 cancelled").arg(cancelled);
    const bool busy = done + failed < total;
    // The rate over the last second or so, from bytes received by every download.
    const qint64 now = m_rateClock.elapsed();
    const qint64 received = m_downloads->model()->receivedBytes();
    if (now - m_rateSampleMs >= 1000) {
        m_rate = double(received - m_rateSampleBytes) * 1000.0 / double(qMax<qint64>(1, now - m_rateSampleMs));
        m_rateSampleMs = now;
        m_rateSampleBytes = received;
    }
    if (busy && m_rate > 0)
        text += QStringLiteral(" · ") + DownloadsModel::formatRate(m_rate);
    if (m_pipeline->isPaused())
        text += tr(" · paused");
    // The counts above are the session's, removed tiles included: say so, or an empty gallery
    // would read "14,417 of 100,000 images".
    if (const int removed = m_proxy->hiddenCount(); removed > 0)
        text += tr(" · %L1 removed").arg(removed);
    // With a filter typed, how many of them it leaves in the gallery (the proxy's count: O(1)).
    if (!m_proxy->filterText().isEmpty())
        text += tr(" · %L1 shown by the filter").arg(m_proxy->rowCount());
    m_summary->setText(text);
    m_progress->setVisible(busy);
    m_progress->setRange(0, total);
    m_progress->setValue(done + failed);
}

} // namespace glint
