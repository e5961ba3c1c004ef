#pragma once
// View ▸ Responsiveness (Ctrl+R): what the event loop is living through, second by second, over the
// last minute — how late it answers (p50/p99/max, stalls marked red), how long a posted event takes
// to be handled and painted (the Heartbeat), the work in flight per stage, the threads busy per
// pool, the throughput, and how busy the GUI thread itself is — with the sentence a user
// understands beside it, the live switch that moves the work onto the GUI thread to show what that
// does, and "Run the demo again" to show it once more.
//
// Threads: GUI thread. It costs one timer tick a second plus the lag probe's signal (a push into a
// small vector); while it is visible, also a 100 ms sampler (a few atomic reads) and the
// Heartbeat's five beats a second. Its charts repaint once a second. Ownership: handed the
// Application; owns its widgets.
#include <QDockWidget>
#include <QElapsedTimer>
#include <QTimer>
#include <vector>

class QCheckBox;
class QLabel;
class QPushButton;

namespace glint {

class Application;
class TimeChart;

class ResponsivenessPanel final : public QDockWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResponsivenessPanel)
public:
    explicit ResponsivenessPanel(Application &app, QWidget *parent = nullptr);

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void sampleSecond();
    void sampleThreads();

    Application &m_app;
    TimeChart *m_lag = nullptr;
    TimeChart *m_input = nullptr;
    TimeChart *m_work = nullptr;
    TimeChart *m_threads = nullptr;
    TimeChart *m_throughput = nullptr;
    QLabel *m_summary = nullptr;
    QCheckBox *m_blocking = nullptr;
    QPushButton *m_demoAgain = nullptr;
    QTimer m_tick;
    QTimer m_threadSampler;                // 100 ms, while visible
    QElapsedTimer m_clock;
    std::vector<double> m_lagThisSecond;   // ≤ 250 samples: cleared every second
    std::vector<double> m_recentMax;       // the last 10 seconds' maxima, for the sentence
    std::vector<double> m_inputThisSecond; // ≤ 5 heartbeat samples
    std::vector<double> m_recentInput;     // the last 10 seconds' worst, for the sentence
    double m_threadSums[5] = {};           // decode, catalog read, encode, catalog write, catalog check
    int m_threadSamples = 0;
    qint64 m_lastTickMs = 0;
    double m_lastCpuMs = 0;
    int m_lastDone = 0;
    qint64 m_lastBytes = 0;
};

} // namespace glint
