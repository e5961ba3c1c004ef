#include "app/viewer/viewerbench.h"

#include "app/gallerymodel.h"
#include "app/viewer/imagecanvas.h"
#include "app/viewer/viewerpage.h"
#include "app/viewer/viewerstack.h"
#include "core/pipeline/item.h"
#include "core/probe/lagprobe.h"
#include "core/probe/memoryprobe.h"
#include "core/probe/threadcputime.h"

#include <QAbstractItemView>
#include <QCoreApplication>
#include <QKeyEvent>
#include <algorithm>
#include <cmath>
#include <cstdio>

namespace glint {

ViewerBench::ViewerBench(ViewerStack &stack, QAbstractItemView &gallery, QObject *parent)
    : QObject(parent), m_stack(stack), m_gallery(gallery), m_lag(std::make_unique<LagProbe>())
{
    m_pace.setTimerType(Qt::PreciseTimer);
    m_deadline.setSingleShot(true);
    connect(m_stack.viewer(), &ViewerPage::framePainted, this, &ViewerBench::onFrame);
    if (qEnvironmentVariableIsSet("GLINT_DEBUG_VIEWER_BENCH"))
        connect(m_lag.get(), &LagProbe::sampled, this, [this](double lag) {
            if (lag > 8)
                std::fprintf(stderr, "lag %.1f ms at %.1f ms, phase %d, row %d\n", lag, m_clock.nsecsElapsed() / 1e6, int(m_phase), m_target);
        });
}

ViewerBench::~ViewerBench() = default;

bool ViewerBench::isOk(int row) const
{
    const QModelIndex index = m_gallery.model()->index(row, 0);
    return index.data(GalleryModel::StateRole).toInt() == int(Item::State::Done);
}

void ViewerBench::start()
{
    QAbstractItemModel *model = m_gallery.model();
    int first = -1;
    for (int row = 0; model && row < model->rowCount() && first < 0; ++row) {
        if (isOk(row))
            first = row;
    }
    if (first < 0) {
        std::fprintf(stderr, "glint: --bench-viewer: no image with status ok to view\n");
        m_phase = Phase::Done;
        Q_EMIT finished(ViewerBenchMetrics{});
        return;
    }
    // The contract's window: at least 1280×800 device pixels for the image.
    QWidget *window = m_stack.window();
    const double dpr = window->devicePixelRatioF();
    window->showNormal();
    window->resize(qMax(window->width(), int(std::ceil(kMinViewport.width() / dpr)) + 40),
                   qMax(window->height(), int(std::ceil(kMinViewport.height() / dpr)) + 100));
    m_clock.start();
    m_cpuAtStartMs = threadCpuMs();
    m_lag->start();
    m_phase = Phase::Opening;
    m_target = first;
    m_stack.open(&m_gallery, model->index(first, 0));
    // Paced from when the first image is sharp, or after a second at most.
    m_deadline.setInterval(1000);
    connect(&m_deadline, &QTimer::timeout, this, [this] {
        if (m_phase == Phase::Opening) {
            // Laid out by now (tool bars and docks stepped aside when the viewer opened).
            const QSize box = m_stack.viewer()->canvas()->deviceBox();
            if (box.width() < kMinViewport.width() || box.height() < kMinViewport.height())
                std::fprintf(stderr, "glint: --bench-viewer: the viewer has %d×%d device pixels, less than the contract's 1280×800\n",
                             box.width(), box.height());
            m_phase = Phase::Paced;
            m_stepsLeft = kMaxPacedSteps;
            m_pace.start(kPacedIntervalMs);
        } else if (m_phase == Phase::Settling) {
            startBurst();
        } else if (m_phase == Phase::BurstSettle) {
            finish();   // never sharp: burst_settle_ms stays null
        }
    });
    m_deadline.start();
    connect(&m_pace, &QTimer::timeout, this, &ViewerBench::pressNext);
}

void ViewerBench::pressNext()
{
    QAbstractItemModel *model = m_gallery.model();
    const int next = m_target + 1;   // the keys posted so far, whether handled yet or not
    const bool paced = m_phase == Phase::Paced;
    if (paced && (m_stepsLeft == 0 || next >= model->rowCount())) {
        m_pace.stop();
        m_phase = Phase::Settling;
        m_deadline.start(1000);
        // The last paced image gets its sharp paint (or a second) before the burst.
        if (m_stack.viewer()->canvas()->isSharp())
            startBurst();
        return;
    }
    if (m_phase == Phase::Burst && (m_stepsLeft == 0 || next >= model->rowCount())) {
        m_pace.stop();
        m_phase = Phase::BurstSettle;
        m_deadline.start(kSettleTimeoutMs);
        if (m_burstSharpNs >= 0) {   // sharp already, before this tick
            m_burstSettleMs = (m_burstSharpNs - m_lastBurstKeyNs) / 1e6;
            finish();
        }
        return;
    }
    --m_stepsLeft;
    ++m_keys;
    m_target = next;
    m_burstSharpNs = -1;
    const qint64 now = m_clock.nsecsElapsed();
    if (paced && isOk(next)) {
        m_paced.insert(next, Step{now, -1, -1});
        m_pacedOrder.push_back(next);
    }
    m_lastBurstKeyNs = now;
    // A real key event through the event loop, as a held or pressed arrow key arrives.
    QCoreApplication::postEvent(m_stack.viewer(), new QKeyEvent(QEvent::KeyPress, Qt::Key_Right, Qt::NoModifier));
    QCoreApplication::postEvent(m_stack.viewer(), new QKeyEvent(QEvent::KeyRelease, Qt::Key_Right, Qt::NoModifier));
}

void ViewerBench::startBurst()
{
    if (m_phase != Phase::Settling)
        return;
    m_phase = Phase::Burst;
    m_stepsLeft = kBurstSteps;
    m_pace.start(kBurstIntervalMs);
}

void ViewerBench::onFrame(int row, bool sharp)
{
    const qint64 now = m_clock.nsecsElapsed();
    switch (m_phase) {
    case Phase::Opening:
        if (sharp && row == m_target) {
            m_deadline.stop();
            m_deadline.start(0);   // pace from the next turn of the event loop
        }
        return;
    case Phase::Paced:
    case Phase::Settling: {
        auto it = m_paced.find(row);
        if (it != m_paced.end()) {
            if (it->firstPaintNs < 0 && m_stack.viewer()->canvas()->hasPixmap())
                it->firstPaintNs = now;
            if (it->sharpNs < 0 && sharp)
                it->sharpNs = now;
        }
        if (m_phase == Phase::Settling && sharp && row == m_target)
            startBurst();
        return;
    }
    case Phase::Burst:
        if (sharp && row == m_target && m_burstSharpNs < 0)
            m_burstSharpNs = now;
        return;
    case Phase::BurstSettle:
        if (sharp && row == m_target) {
            m_burstSettleMs = (now - m_lastBurstKeyNs) / 1e6;
            finish();
        }
        return;
    case Phase::Done:
        return;
    }
}

void ViewerBench::finish()
{
    if (m_phase == Phase::Done)
        return;
    m_phase = Phase::Done;
    m_pace.stop();
    m_deadline.stop();
    m_lag->stop();
    ViewerBenchMetrics metrics;
    std::vector<double> first, sharp;
    for (int row : m_pacedOrder) {
        const Step &step = m_paced[row];
        if (step.firstPaintNs >= 0)
            first.push_back((step.firstPaintNs - step.keyNs) / 1e6);
        if (step.sharpNs >= 0)
            sharp.push_back((step.sharpNs - step.keyNs) / 1e6);
        else
            ++metrics.sharpMissed;
    }
    metrics.steps = int(m_pacedOrder.size());
    metrics.firstPaint = LagProbe::summarize(first);
    metrics.sharp = LagProbe::summarize(sharp);
    metrics.burstSettleMs = m_burstSettleMs;
    metrics.lag = m_lag->stats();
    metrics.peakRssMb = MemoryProbe::peakRssMb();
    metrics.guiThreadMsPerStep = m_keys > 0 ? (threadCpuMs() - m_cpuAtStartMs) / m_keys : 0;
    Q_EMIT finished(metrics);
}

} // namespace glint
