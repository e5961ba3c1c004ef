#pragma once
// Event-loop lag, as docs/SPEC.md defines it: a precise timer on the owning (GUI) thread is due every
// 4 ms; each firing records how late it is. A late firing means the loop was busy with something else
// and could not have reacted to input or painted either.
#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <vector>

namespace glint {

struct LagStats {
    double p50 = 0, p99 = 0, max = 0;
    int samples = 0;
    int over16 = 0, over50 = 0;
};

class LagProbe final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LagProbe)
public:
    static constexpr int kIntervalMs = 4;
    explicit LagProbe(QObject *parent = nullptr);

    void start();
    void stop();
    bool isRunning() const { return m_timer.isActive(); }

    LagStats stats() const;            // over every sample since start()
    double recentMaxMs() const;        // the worst lag in the last ~250 ms, for a live gauge
    double recentPercentile(double p, int lastSamples) const;   // cheap: sorts a bounded window
    double maxMs() const { return m_max; }
    static double percentile(std::vector<double> sorted, double p);

Q_SIGNALS:
    void sampled(double lagMs);

private:
    void onTimeout();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_expectedNs = 0;
    double m_max = 0;
    std::vector<double> m_samples;     // 250 samples/s × 8 bytes: an hour is 7 MB
};

} // namespace glint
