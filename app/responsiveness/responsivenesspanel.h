#pragma once
// View ▸ Responsiveness (Ctrl+R): what the event loop is living through, second by second, over the
// last minute — how late it answers (p50/p99/max, stalls marked red), the work in flight per stage,
// the throughput, and how busy the GUI thread itself is — with the sentence a user understands
// beside it, and the live switch that moves the work onto the GUI thread to show what that does.
//
// Threads: GUI thread. It costs one timer tick a second plus the lag probe's signal (a push into a
// small vector); its charts repaint once a second. Ownership: handed the Application; owns its widgets.
#include <QDockWidget>
#include <QElapsedTimer>
#include <QTimer>
#include <vector>

class QCheckBox;
class QLabel;

namespace glint {

class Application;
class TimeChart;

class ResponsivenessPanel final : public QDockWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ResponsivenessPanel)
public:
    explicit ResponsivenessPanel(Application &app, QWidget *parent = nullptr);

private:
    void sampleSecond();

    Application &m_app;
    TimeChart *m_lag = nullptr;
    TimeChart *m_work = nullptr;
    TimeChart *m_throughput = nullptr;
    QLabel *m_summary = nullptr;
    QCheckBox *m_blocking = nullptr;
    QTimer m_tick;
    QElapsedTimer m_clock;
    std::vector<double> m_lagThisSecond;   // ≤ 250 samples: cleared every second
    std::vector<double> m_recentP99;       // the last 10 seconds' p99, for the sentence
    qint64 m_lastTickMs = 0;
    double m_lastCpuMs = 0;
    int m_lastDone = 0;
    qint64 m_lastBytes = 0;
};

} // namespace glint
