#pragma once
// --bench-viewer (docs/SPEC.md, "The viewer benchmark"): after the gallery run, opens the viewer on the
// first image with status ok in gallery order, in a window of at least 1280×800 device pixels, and
// steps "next" as a user would press the key: paced (one step every 100 ms, at most 120 steps), then a
// burst of 30 at 30 per second. Each key is posted to the viewer as a real key event; the times are
// taken at the end of the viewer's paints (ViewerPage::framePainted).
//
// Threads: GUI thread. Ownership: the stack, the view and the window it drives are not owned and
// outlive the run (the window, in main); it owns its own lag probe for the viewer phase.
// Lifetime: one run; finished() once.
// GLINT_DEBUG_VIEWER_BENCH=1 prints every lag sample over 8 ms with its phase and row, to see where a
// stall fell.
#include "core/pipeline/benchreport.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <memory>
#include <vector>

class QAbstractItemView;

namespace glint {

class LagProbe;
class ViewerStack;

class ViewerBench final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ViewerBench)
public:
    static constexpr int kMaxPacedSteps = 120;
    static constexpr int kPacedIntervalMs = 100;
    static constexpr int kBurstSteps = 30;
    static constexpr int kBurstIntervalMs = 33;      // 30 per second
    static constexpr int kSettleTimeoutMs = 5000;    // a sharp paint later than this counts as never
    static constexpr QSize kMinViewport{1280, 800};  // device pixels

    ViewerBench(ViewerStack &stack, QAbstractItemView &gallery, QObject *parent = nullptr);
    ~ViewerBench() override;

    void start();

Q_SIGNALS:
    void finished(const glint::ViewerBenchMetrics &metrics);

private:
    struct Step {
        qint64 keyNs = 0;
        qint64 firstPaintNs = -1;
        qint64 sharpNs = -1;
    };
    enum class Phase { Opening, Paced, Settling, Burst, BurstSettle, Done };

    void onFrame(int row, bool sharp);
    void pressNext();
    void startBurst();
    void finish();
    bool isOk(int row) const;

    ViewerStack &m_stack;
    QAbstractItemView &m_gallery;
    std::unique_ptr<LagProbe> m_lag;
    QElapsedTimer m_clock;
    QTimer m_pace;
    QTimer m_deadline;
    Phase m_phase = Phase::Opening;
    int m_target = -1;                 // the row the last key leads to
    int m_stepsLeft = 0;
    QHash<int, Step> m_paced;          // by target row, paced phase only
    std::vector<int> m_pacedOrder;
    qint64 m_lastBurstKeyNs = 0;
    qint64 m_burstSharpNs = -1;        // the sharp paint of the row the burst's last key led to
    int m_keys = 0;
    double m_cpuAtStartMs = 0;
    double m_burstSettleMs = -1;
};

} // namespace glint
