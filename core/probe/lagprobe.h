#pragma once
// Event-loop lag, as docs/SPEC.md defines it: a precise timer on the owning (GUI) thread is due every
// 4 ms; each firing records how late it is. A late firing means the loop was busy with something else
// and could not have reacted to input or painted either.
//
// Memory is fixed however long it runs: samples go into a log-scale histogram (1 % wide buckets, so a
// percentile is within 1 % of the true sample) and a ring of the most recent ones for the live gauge;
// the maximum and the stall counts are exact. While nothing is going on, setRelaxed(true) samples every
// 100 ms instead of 250 times a second.
//
// On screen: the probe starts before the window's first frame, and the samples due before that frame
// timed the window being built and shown (under Xvfb 50–85 ms: the X server's own work on the new
// window, and the first paint's page faults in a fresh backing store), when no input could have been
// waiting. markOnScreen() notes when the first frame was painted; the live views (the status-bar gauge,
// the Responsiveness panel) read only samples due after it, so a start no longer reads as "you may
// feel it". stats(), which the benchmark reports, keeps every sample of the run (docs/SPEC.md).
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
    static constexpr int kRelaxedIntervalMs = 100;
    void setRelaxed(bool relaxed);
    bool isRunning() const { return m_timer.isActive(); }
    void markOnScreen();               // now: the window's first frame has been painted
    bool isOnScreen() const { return m_onScreenNs >= 0; }

    LagStats stats() const;            // over every sample since start()
    int sampleCount() const { return int(m_count); }
    // For the live views: samples due after markOnScreen() only.
    double recentMaxMs() const;        // the worst lag in the last ~250 ms
    double recentPercentile(double p, int lastSamples) const;   // cheap: sorts a bounded window
    double maxOnScreenMs() const { return m_maxOnScreen; }
    static constexpr int kRecent = 1024;
    double maxMs() const { return m_max; }
    static double percentile(std::vector<double> samples, double p);   // nearest rank; any order
    // p50, p99, max and the count of a set of samples in ms (the benchmarks' frame and step times).
    static LagStats summarize(std::vector<double> samples);

Q_SIGNALS:
    void sampled(double lagMs, bool onScreen);   // onScreen: due after markOnScreen()

private:
    static double nearestRank(const std::vector<double> &sorted, double p);   // sorted, not empty
    void onTimeout();
    void record(double lagMs, bool onScreen);
    static int bucketOf(double lagMs);
    static double valueOf(int bucket);

    static constexpr int kBuckets = 1500;   // 0.01 ms × 1.01^1500 ≈ 30 s

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_expectedNs = 0;
    int m_intervalMs = kIntervalMs;
    double m_max = 0;
    qint64 m_onScreenNs = -1;          // on m_clock; -1 until markOnScreen()
    double m_maxOnScreen = 0;
    qint64 m_count = 0;
    int m_over16 = 0, m_over50 = 0;
    std::vector<quint32> m_histogram = std::vector<quint32>(kBuckets, 0);
    std::vector<double> m_recent;      // a ring of the last kRecent samples on screen
    std::size_t m_recentNext = 0;
};

} // namespace glint
