#include "mainwindow.h"

#include "demo/demoserver.h"
#include "demo/faultroutes.h"
#include "downloadsmodel.h"
#include "downloadspanel.h"
#include "filterfield.h"
#include "gallerydelegate.h"
#include "gallerymodel.h"
#include "galleryview.h"
#include "inputlatencyprobe.h"
#include "laggauge.h"
#include "pages/pagepickerdialog.h"
#include "pipeline/pipeline.h"
#include "probe/lagprobe.h"

#include <QAction>
#include <QApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFileDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScrollBar>
#include <QStandardPaths>
#include <QSortFilterProxyModel>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>

namespace glint {

namespace {
Pipeline::Options pipelineOptions(const Options &o)
{
    Pipeline::Options p;
    p.maxConnections = o.maxConnections;
    p.decodeThreads = o.decodeThreads;
    p.downloadDir = o.downloads;
    p.blocking = o.blocking;
    p.noDataTimeoutMs = o.noDataTimeoutMs;
    // Conditional requests and cached answers for what was fetched before; bounded in size.
    p.cacheDir = QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).filePath(QStringLiteral("http"));
    return p;
}
} // namespace

MainWindow::MainWindow(const Options &options, QWidget *parent)
    : QMainWindow(parent), m_options(options), m_pipeline(new Pipeline(pipelineOptions(options), this)),
      m_lagProbe(new LagProbe(this))
{
    buildUi();
    connect(m_pipeline, &Pipeline::itemAdded, this, &MainWindow::scheduleStatus);
    connect(m_pipeline, &Pipeline::itemChanged, this, &MainWindow::scheduleStatus);
    connect(m_pipeline, &Pipeline::idle, this, &MainWindow::checkIdle);
    connect(m_pipeline, &Pipeline::pageScanned, this, &MainWindow::pickFromPage);
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

void MainWindow::buildUi()
{
    setWindowTitle(m_options.blocking ? tr("Glint — blocking mode") : tr("Glint"));
    resize(1280, 860);

    m_model = new GalleryModel(m_pipeline, this);
    m_proxy = new QSortFilterProxyModel(this);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterRole(GalleryModel::UrlRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_delegate = new GalleryDelegate(this);
    m_gallery = new GalleryView(this);
    m_gallery->setModel(m_proxy);
    m_gallery->setItemDelegate(m_delegate);
    setCentralWidget(m_gallery);
    // Rows the user can see download first: tell the pipeline after scrolling or resizing settles.
    m_visibleTimer.setSingleShot(true);
    m_visibleTimer.setInterval(80);
    connect(&m_visibleTimer, &QTimer::timeout, this, &MainWindow::updateVisibleRows);
    connect(m_gallery->verticalScrollBar(), &QScrollBar::valueChanged, &m_visibleTimer, qOverload<>(&QTimer::start));
    connect(m_gallery, &GalleryView::resized, &m_visibleTimer, qOverload<>(&QTimer::start));
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, [this] {
        if (!m_visibleTimer.isActive())
            m_visibleTimer.start();
    });
    connect(m_gallery, &GalleryView::sourcesDropped, this, &MainWindow::addSources);
    connect(m_gallery, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        const QString file = index.data(GalleryModel::FileRole).toString();
        if (!file.isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(file));
    });

    auto *toolbar = addToolBar(tr("Main"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_urlField = new QLineEdit(toolbar);
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
    QAction *cancel = m_downloads->cancelAllAction();
    cancel->setShortcut(Qt::Key_Escape);
    toolbar->addAction(m_downloads->pauseAction());
    toolbar->addAction(cancel);
    toolbar->addSeparator();
    m_filter = new FilterField(toolbar);
    m_filter->setMaximumWidth(280);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString &text) {
        const QString trimmed = text.trimmed();
        if (trimmed != m_proxy->filterRegularExpression().pattern())
            m_proxy->setFilterFixedString(trimmed);
    });
    toolbar->addWidget(m_filter);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("Open &Files…"), QKeySequence::Open, this, &MainWindow::openFiles);
    file->addAction(tr("Open F&older…"), this, &MainWindow::openFolder);
    file->addAction(tr("Enter &Address"), QKeySequence(Qt::CTRL | Qt::Key_L), this, [this] {
        m_urlField->setFocus();
        m_urlField->selectAll();
    });
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, qApp, &QApplication::quit);
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(tr("&Filter"), QKeySequence::Find, this, [this] { m_filter->setFocus(); });
    edit->addAction(m_downloads->pauseAction());
    edit->addAction(cancel);
    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *toggleDownloads = m_downloads->toggleViewAction();
    toggleDownloads->setText(tr("&Downloads"));
    toggleDownloads->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_J));
    view->addAction(toggleDownloads);
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Glint"), this, [this] {
        QMessageBox::about(this, tr("About Glint"),
                           tr("<h3>Glint %1</h3><p>Downloads images, shows them as a gallery, and never freezes "
                              "while doing it.</p><p>The gauge in the status bar shows how late the event loop "
                              "answers. Start with <code>--blocking</code> to see the same work done on the GUI "
                              "thread.</p>").arg(QStringLiteral(GLINT_VERSION)));
    });

    m_summary = new QLabel(tr("Ready"), this);
    statusBar()->addWidget(m_summary, 1);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(220);
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(14);
    m_progress->hide();
    statusBar()->addPermanentWidget(m_progress);
    if (m_options.blocking) {
        auto *mode = new QLabel(tr("<b style='color:#c62828'>BLOCKING MODE</b>"), this);
        mode->setToolTip(tr("Every download and decode runs on the GUI thread: watch the window stutter."));
        statusBar()->addPermanentWidget(mode);
    }
    statusBar()->addPermanentWidget(new LagGauge(m_lagProbe, this));
    m_inputProbe = new InputLatencyProbe(m_gallery, m_filter, this);
}

void MainWindow::start()
{
    m_lagProbe->start();
    if (!m_options.benchReport.isEmpty())
        m_inputProbe->start();
    if (m_options.demoCount > 0) {
        m_demo = new DemoServer(m_options.demoCount, {}, this);
        m_demo->http()->setLatencyMs(m_options.demoLatencyMs);
        m_demo->http()->setRateKBps(m_options.demoRateKBps);
        if (m_options.demoFaults)
            FaultRoutes::install(*m_demo->http());
        m_demoPending = true;
        connect(m_demo, &DemoServer::ready, this, [this](const QUrl &index) {
            m_demoPending = false;
            m_summary->setText(tr("Demo gallery at %1").arg(index.toDisplayString()));
            m_pipeline->addSource(index.toString());
            if (m_options.demoFaults)
                m_pipeline->addSource(index.resolved(QUrl(QStringLiteral("/faults/index.html"))).toString());
            checkIdle();
        });
        connect(m_demo, &DemoServer::failed, this, [this](const QString &message) {
            m_demoPending = false;
            statusBar()->showMessage(tr("The demo server could not start: %1").arg(message));
            checkIdle();
        });
        m_demo->start();
    }
    addSources(m_options.sources);
    m_started = true;
    checkIdle();
}

void MainWindow::addSources(const QStringList &sources)
{
    for (const QString &source : sources)
        m_pipeline->addSource(source);
}

void MainWindow::fetchFromField()
{
    const QString text = m_urlField->text().trimmed();
    if (text.isEmpty())
        return;
    // Typed by a user: a page's images are offered in the picker first (command-line SOURCEs and
    // --bench take everything, unfiltered).
    for (const QString &source : text.split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts))
        m_pipeline->addSourceToPick(source);
    m_urlField->clear();
}

void MainWindow::pickFromPage(const QUrl &page, const QList<QUrl> &images)
{
    if (images.isEmpty()) {
        statusBar()->showMessage(tr("No images found on %1").arg(page.toDisplayString()), 8000);
        return;
    }
    auto *picker = new PagePickerDialog(page, images, pipelineOptions(m_options), this);
    picker->setAttribute(Qt::WA_DeleteOnClose);
    connect(picker, &PagePickerDialog::downloadRequested, m_pipeline,
            [this](const QUrl &from, const QList<QUrl> &urls) { m_pipeline->addImages(urls, from); });
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

bool MainWindow::isIdle() const
{
    return m_started && !m_demoPending && m_pipeline->isIdle();
}

void MainWindow::updateVisibleRows()
{
    const QRect viewport = m_gallery->viewport()->rect();
    QModelIndex first = m_gallery->indexAt(viewport.topLeft() + QPoint(8, 8));
    if (!first.isValid())
        first = m_proxy->index(0, 0);
    // The last card on screen: scan back from the bottom right along the last visible line.
    QModelIndex last = m_gallery->indexAt(viewport.bottomRight() - QPoint(8, 8));
    for (int x = viewport.right() - 8; !last.isValid() && x > 0; x -= 40)
        last = m_gallery->indexAt(QPoint(x, viewport.bottom() - 8));
    if (!last.isValid())
        last = m_proxy->index(m_proxy->rowCount() - 1, 0);
    if (!first.isValid() || !last.isValid())
        return;
    int lo = INT_MAX, hi = -1;
    for (int row = first.row(); row <= last.row(); ++row) {
        const int source = m_proxy->mapToSource(m_proxy->index(row, 0)).row();
        lo = qMin(lo, source);
        hi = qMax(hi, source);
    }
    if (hi >= 0)
        m_pipeline->setVisibleRows(lo, hi);
}

void MainWindow::checkIdle()
{
    updateStatus();
    if (isIdle())
        Q_EMIT allWorkDone();
}

void MainWindow::scheduleStatus()
{
    if (!m_statusTimer.isActive())
        m_statusTimer.start();
}

void MainWindow::updateStatus()
{
    int done = 0, failed = 0;
    qint64 bytes = 0;
    const auto &items = m_pipeline->items();
    for (const Item &item : items) {
        done += item.state == Item::State::Done;
        failed += item.state == Item::State::Failed;
        bytes += item.state == Item::State::Done ? item.bytes : 0;
    }
    const int total = int(items.size());
    if (total == 0)
        return;
    QString text = tr("%1 of %2 images · %3").arg(done).arg(total).arg(GalleryModel::formatBytes(bytes));
    if (failed > 0)
        text += tr(" · %1 failed").arg(failed);
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
    m_summary->setText(text);
    m_progress->setVisible(busy);
    m_progress->setRange(0, total);
    m_progress->setValue(done + failed);
}

} // namespace glint
