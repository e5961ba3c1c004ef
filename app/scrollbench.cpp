#include "app/scrollbench.h"

#include "app/galleryview.h"
#include "core/probe/lagprobe.h"
#include "core/probe/threadcputime.h"

#include <QPixmap>
#include <QScrollBar>
#include <algorithm>

namespace glint {

ScrollBench::ScrollBench(GalleryView &gallery, QObject *parent) : QObject(parent), m_gallery(gallery)
{
    m_timer.setInterval(kStepIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &ScrollBench::step);
    connect(&m_gallery, &GalleryView::painted, this, &ScrollBench::onPainted);
}

void ScrollBench::start()
{
    QScrollBar *bar = m_gallery.verticalScrollBar();
    const int range = bar->maximum() - bar->minimum();
    const int stride = std::max(bar->pageStep(), (range + kStepsEachWay - 1) / kStepsEachWay);
    for (int value = bar->minimum() + stride; stride > 0 && value < bar->maximum() + stride; value += stride)
        m_targets.push_back(std::min(value, bar->maximum()));
    const std::vector<int> down = m_targets;
    for (auto it = down.rbegin(); it != down.rend(); ++it) {
        if (*it != down.back())
            m_targets.push_back(*it);
    }
    m_targets.push_back(bar->minimum());
    bar->setValue(bar->minimum());
    m_cpuAtStartMs = threadCpuMs();
    m_clock.start();
    m_timer.start();
}

void ScrollBench::step()
{
    if (m_next > 0)
        checkTiles();   // the step before, kStepIntervalMs (≥ kTileDeadlineMs) later
    if (m_next >= m_targets.size()) {
        m_timer.stop();
        m_metrics.steps = int(m_targets.size());
        m_metrics.frame = LagProbe::summarize(m_frames);
        m_metrics.guiThreadMsPerStep = m_targets.empty() ? 0 : (threadCpuMs() - m_cpuAtStartMs) / double(m_targets.size());
        Q_EMIT finished(m_metrics);
        return;
    }
    m_stepNs = m_clock.nsecsElapsed();
    m_gallery.verticalScrollBar()->setValue(m_targets[m_next++]);
}

void ScrollBench::onPainted()
{
    if (m_stepNs < 0)
        return;
    m_frames.push_back(double(m_clock.nsecsElapsed() - m_stepNs) / 1e6);
    m_stepNs = -1;
}

// The tiles whose rectangles meet the viewport (the view's own answer, worked out from the grid).
void ScrollBench::checkTiles()
{
    if (!m_gallery.model())
        return;
    const QRect viewport = m_gallery.viewport()->rect();
    const Span rows = m_gallery.visibleRows();
    for (int row = rows.first; row <= rows.last; ++row) {
        const QModelIndex index = m_gallery.model()->index(row, 0);
        if (!m_gallery.visualRect(index).intersects(viewport))
            continue;
        ++m_metrics.tilesChecked;
        if (index.data(Qt::DecorationRole).value<QPixmap>().isNull())
            ++m_metrics.tilesLate;
    }
}

} // namespace glint
