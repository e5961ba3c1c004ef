#include "app/benchrun.h"

#include "app/application.h"
#include "app/gallerydelegate.h"
#include "app/inputlatencyprobe.h"
#include "app/scrollbench.h"
#include "app/viewer/viewerbench.h"
#include "core/pipeline/benchreport.h"
#include "core/pipeline/catalogrecorder.h"
#include "core/pipeline/executor.h"
#include "core/pipeline/pipeline.h"
#include "core/probe/guithreadwork.h"
#include "core/probe/lagprobe.h"
#include "core/probe/memoryprobe.h"
#include "core/probe/threadcputime.h"
#include "core/util/whenready.h"

#include <QApplication>
#include <QTimer>
#include <cstdio>

namespace glint {

BenchRun::BenchRun(const QString &reportPath, Application &app, InputLatencyProbe &input, GalleryDelegate &gallery,
                   const QElapsedTimer &runClock, QObject *parent)
    : QObject(parent), m_reportPath(reportPath), m_app(app), m_input(input), m_runClock(runClock)
{
    connect(&gallery, &GalleryDelegate::firstThumbnailPainted, this,
            [this] { m_firstThumbnailS = m_runClock.nsecsElapsed() / 1e9; });
    // Queued: let the last thumbnails reach the screen before the report is taken.
    connect(&app, &Application::allWorkDone, this, [this] { QTimer::singleShot(100, this, &BenchRun::finish); },
            Qt::QueuedConnection);
    m_input.start();
    m_guiCpuAtStartMs = threadCpuMs();   // built on the GUI thread, before the run
}

BenchRun::~BenchRun() = default;

void BenchRun::measureViewer(ViewerStack &stack, QAbstractItemView &gallery)
{
    m_viewerStack = &stack;
    m_viewerGallery = &gallery;
}

void BenchRun::finish()
{
    if (m_done || !m_app.isIdle())
        return;
    m_done = true;
    const Pipeline &pipeline = m_app.pipeline();
    m_app.lagProbe().stop();
    m_input.stop();

    BenchMetrics &metrics = m_metrics;
    metrics.mode = m_app.isBlocking() ? QStringLiteral("blocking") : QStringLiteral("async");
    metrics.wallS = pipeline.lastFinishedMs() / 1000.0;
    metrics.firstThumbnailS = m_firstThumbnailS;
    metrics.bytesDownloaded = pipeline.bytesDownloaded();
    metrics.lag = m_app.lagProbe().stats();
    if (m_app.lagProbe().isOnScreen())
        metrics.lagMaxOnScreen = m_app.lagProbe().maxOnScreenMs();
    metrics.inputLatency = m_input.stats();
    metrics.peakRssMb = MemoryProbe::peakRssMb();
    int finished = 0;
    for (const Item &item : pipeline.items())
        finished += item.isFinished();
    metrics.guiThreadMsPerItem = finished > 0 ? (threadCpuMs() - m_guiCpuAtStartMs) / finished : 0;

    runScroll();
}

void BenchRun::measureScroll(GalleryView &gallery)
{
    m_scrollGallery = &gallery;
}

void BenchRun::runScroll()
{
    if (!m_scrollGallery) {
        runViewer();
        return;
    }
    auto *scroll = new ScrollBench(*m_scrollGallery, this);
    connect(scroll, &ScrollBench::finished, this, [this](const ScrollBenchMetrics &metrics) {
        m_metrics.hasScroll = true;
        m_metrics.scroll = metrics;
        std::printf("glint: scroll: %d steps; frame p50 %.1f ms, p99 %.1f ms, max %.1f ms; %d of %d tiles late\n", metrics.steps,
                    metrics.frame.p50, metrics.frame.p99, metrics.frame.max, metrics.tilesLate, metrics.tilesChecked);
        QTimer::singleShot(0, this, &BenchRun::runViewer);
    });
    scroll->start();
}

void BenchRun::runViewer()
{
    if (m_viewerStack && m_viewerGallery) {
        m_viewerBench = new ViewerBench(*m_viewerStack, *m_viewerGallery, this);
        connect(m_viewerBench, &ViewerBench::finished, this, [this](const ViewerBenchMetrics &viewer) {
            m_metrics.hasViewer = true;
            m_metrics.viewer = viewer;
            std::printf("glint: viewer: %d steps; first paint p99 %.1f ms; sharp p50 %.1f ms, p99 %.1f ms (%d moved on from first); "
                        "burst settled in %.1f ms; lag max %.1f ms\n",
                        viewer.steps, viewer.firstPaint.p99, viewer.sharp.p50, viewer.sharp.p99, viewer.sharpMissed,
                        viewer.burstSettleMs, viewer.lag.max);
            // From the event loop: the bench's own signal is still being delivered.
            QTimer::singleShot(0, this, &BenchRun::writeReport);
        });
        m_viewerBench->start();
        return;
    }
    writeReport();
}

void BenchRun::writeReport()
{
    const Pipeline &pipeline = m_app.pipeline();
    BenchMetrics &metrics = m_metrics;
    // Counted over the whole run, the viewer phase included.
    metrics.decodesOnGui = GuiThreadWork::count(GuiThreadWork::Kind::Decode);
    metrics.queriesOnGui = GuiThreadWork::count(GuiThreadWork::Kind::Query);
    metrics.fileWritesOnGui = GuiThreadWork::count(GuiThreadWork::Kind::FileWrite);
    metrics.waitsOnGui = GuiThreadWork::count(GuiThreadWork::Kind::Wait);
    const QString error = BenchReport::write(m_reportPath, pipeline.items(), metrics);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "glint: could not write the report %s: %s\n", qPrintable(m_reportPath), qPrintable(error));
        QApplication::exit(1);
        return;
    }
    int ok = 0;
    for (const Item &item : pipeline.items())
        ok += item.state == Item::State::Done;
    std::printf("glint: %d of %lld items ok in %.2f s; lag p99 %.2f ms, max %.1f ms; report: %s\n", ok,
                static_cast<long long>(pipeline.items().size()), metrics.wallS, metrics.lag.p99, metrics.lag.max,
                qPrintable(m_reportPath));
    std::fflush(stdout);
    // The catalog gets every item before Glint quits, so that the next start shows them at once.
    whenReady(m_app.recorder().flush(), this, [](const QFuture<void> &) { QApplication::exit(0); });
}

} // namespace glint
