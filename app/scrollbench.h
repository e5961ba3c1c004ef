#pragma once
// --bench-scroll: after the gallery run, scrolls the session gallery from the top to the bottom and
// back, as a user dragging the scroll bar would — about 100 steps each way (one screen a step when
// the gallery is shorter), one step every 150 ms. For each step it records the frame time (from
// moving the scroll bar to the end of the gallery's next paint) and, 100 ms after the step, how many
// of the tiles on screen still show their placeholder (thumbnails evicted from the cache are decoded
// again when they come back into view: issue 10 asks for each within 100 ms).
//
// Threads: GUI thread. Ownership: the gallery is not owned and outlives the run (the window, in
// main). Lifetime: one run; finished() once.
#include "core/pipeline/benchreport.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <vector>

class QAbstractItemView;

namespace glint {

class GalleryView;

class ScrollBench final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ScrollBench)
public:
    static constexpr int kStepsEachWay = 100;
    static constexpr int kStepIntervalMs = 150;
    static constexpr int kTileDeadlineMs = 100;

    explicit ScrollBench(GalleryView &gallery, QObject *parent = nullptr);
    void start();

Q_SIGNALS:
    void finished(const glint::ScrollBenchMetrics &metrics);

private:
    void step();
    void checkTiles();
    void onPainted();

    GalleryView &m_gallery;
    QTimer m_timer;
    QElapsedTimer m_clock;
    std::vector<double> m_frames;
    std::vector<int> m_targets;   // scroll bar values, down then up
    size_t m_next = 0;
    qint64 m_stepNs = -1;         // the step waiting for its paint
    ScrollBenchMetrics m_metrics;
    double m_cpuAtStartMs = 0;
};

} // namespace glint
