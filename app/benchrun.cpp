#include "app/benchrun.h"

#include "app/application.h"
#include "app/gallerydelegate.h"
#include "app/inputlatencyprobe.h"
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

void BenchRun::finish()
{
    if (m_done || !m_app.isIdle())
        return;
    m_done = true;
    const Pipeline &pipeline = m_app.pipeline();
    m_app.lagProbe().stop();
    m_input.stop();

    BenchMetrics metrics;
    metrics.mode = m_app.isBlocking() ? QStringLiteral("blocking") : QStringLiteral("async");
    metrics.wallS = pipeline.lastFinishedMs() / 1000.0;
    metrics.firstThumbnailS = m_firstThumbnailS;
    metrics.bytesDownloaded = pipeline.bytesDownloaded();
    metrics.lag = m_app.lagProbe().stats();
    metrics.inputLatency = m_input.stats();
    metrics.decodesOnGui = GuiThreadWork::count(GuiThreadWork::Kind::Decode);
    metrics.queriesOnGui = GuiThreadWork::count(GuiThreadWork::Kind::Query);
    metrics.fileWritesOnGui = GuiThreadWork::count(GuiThreadWork::Kind::FileWrite);
    metrics.waitsOnGui = GuiThreadWork::count(GuiThreadWork::Kind::Wait);
    metrics.peakRssMb = MemoryProbe::peakRssMb();
    int finished = 0;
    for (const Item &item : pipeline.items())
        finished += item.isFinished();
    metrics.guiThreadMsPerItem = finished > 0 ? (threadCpuMs() - m_guiCpuAtStartMs) / finished : 0;

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
