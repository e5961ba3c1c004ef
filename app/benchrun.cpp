#include "app/benchrun.h"

#include "app/gallerydelegate.h"
#include "app/inputlatencyprobe.h"
#include "app/mainwindow.h"
#include "core/pipeline/benchreport.h"
#include "core/pipeline/pipeline.h"
#include "core/probe/guithreadwork.h"
#include "core/probe/memoryprobe.h"

#include <QApplication>
#include <QTimer>
#include <cstdio>

namespace glint {

BenchRun::BenchRun(const QString &reportPath, MainWindow *window, const QElapsedTimer &runClock, QObject *parent)
    : QObject(parent), m_reportPath(reportPath), m_window(window), m_runClock(runClock)
{
    connect(window->delegate(), &GalleryDelegate::firstThumbnailPainted, this,
            [this] { m_firstThumbnailS = m_runClock.nsecsElapsed() / 1e9; });
    // Queued: let the last thumbnails reach the screen before the report is taken.
    connect(window, &MainWindow::allWorkDone, this, [this] { QTimer::singleShot(100, this, &BenchRun::finish); },
            Qt::QueuedConnection);
}

void BenchRun::finish()
{
    if (m_done || !m_window->isIdle())
        return;
    m_done = true;
    Pipeline *pipeline = m_window->pipeline();
    m_window->lagProbe()->stop();
    m_window->inputProbe()->stop();

    BenchMetrics metrics;
    metrics.mode = pipeline->isBlocking() ? QStringLiteral("blocking") : QStringLiteral("async");
    metrics.wallS = pipeline->lastFinishedMs() / 1000.0;
    metrics.firstThumbnailS = m_firstThumbnailS;
    metrics.bytesDownloaded = pipeline->bytesDownloaded();
    metrics.lag = m_window->lagProbe()->stats();
    metrics.inputLatency = m_window->inputProbe()->stats();
    metrics.decodesOnGui = GuiThreadWork::count(GuiThreadWork::Kind::Decode);
    metrics.queriesOnGui = GuiThreadWork::count(GuiThreadWork::Kind::Query);
    metrics.fileWritesOnGui = GuiThreadWork::count(GuiThreadWork::Kind::FileWrite);
    metrics.peakRssMb = MemoryProbe::peakRssMb();

    const QString error = BenchReport::write(m_reportPath, pipeline->items(), metrics);
    if (!error.isEmpty()) {
        std::fprintf(stderr, "glint: could not write the report %s: %s\n", qPrintable(m_reportPath), qPrintable(error));
        QApplication::exit(1);
        return;
    }
    int ok = 0;
    for (const Item &item : pipeline->items())
        ok += item.state == Item::State::Done;
    std::printf("glint: %d of %lld items ok in %.2f s; lag p99 %.2f ms, max %.1f ms; report: %s\n", ok,
                static_cast<long long>(pipeline->items().size()), metrics.wallS, metrics.lag.p99, metrics.lag.max,
                qPrintable(m_reportPath));
    std::fflush(stdout);
    // The catalog gets every item before Glint quits, so that the next start shows them at once.
    m_window->flushCatalog().then(this, [] { QApplication::exit(0); });
}

} // namespace glint
