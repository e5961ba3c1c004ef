#include "core/probe/lagprobe.h"

#include <algorithm>
#include <cmath>

namespace glint {

LagProbe::LagProbe(QObject *parent) : QObject(parent)
{
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &LagProbe::onTimeout);
}

void LagProbe::start()
{
    std::fill(m_histogram.begin(), m_histogram.end(), 0);
    m_recent.clear();
    m_recent.reserve(kRecent);
    m_recentNext = 0;
    m_count = 0;
    m_over16 = m_over50 = 0;
    m_max = 0;
    m_onScreenNs = -1;
    m_maxOnScreen = 0;
    m_clock.start();
    m_expectedNs = qint64(m_intervalMs) * 1000000;
    m_timer.start(m_intervalMs);
}

void LagProbe::markOnScreen()
{
    if (m_onScreenNs < 0 && m_clock.isValid())
        m_onScreenNs = m_clock.nsecsElapsed();
}

void LagProbe::stop()
{
    m_timer.stop();
}

void LagProbe::setRelaxed(bool relaxed)
{
    const int interval = relaxed ? kRelaxedIntervalMs : kIntervalMs;
    if (interval == m_intervalMs)
        return;
    // The pipeline goes idle at the end of the work that held the loop (in blocking mode, the whole
    // run in one call): the firing due meanwhile has not run yet, and restarting the timer would drop
    // it with its lateness — the gauge showed no freeze after a blocking run. It is a sample first.
    if (m_timer.isActive() && m_clock.nsecsElapsed() > m_expectedNs)
        onTimeout();
    m_intervalMs = interval;
    if (m_timer.isActive()) {
        m_expectedNs = m_clock.nsecsElapsed() + qint64(interval) * 1000000;
        m_timer.start(interval);
    }
}

void LagProbe::onTimeout()
{
    // Lateness against the moment this firing was due. The next one is due an interval after this
    // one actually fired, so one long stall is one late sample, not a burst of catch-up samples.
    // A firing due before the first frame and run after it (the frame held the loop) timed the start.
    const qint64 now = m_clock.nsecsElapsed();
    const double lagMs = std::max<qint64>(0, now - m_expectedNs) / 1e6;
    const bool onScreen = m_onScreenNs >= 0 && m_expectedNs >= m_onScreenNs;
    m_expectedNs = now + qint64(m_intervalMs) * 1000000;
    record(lagMs, onScreen);
    Q_EMIT sampled(lagMs, onScreen);
}

int LagProbe::bucketOf(double lagMs)
{
    if (lagMs <= 0.01)
        return 0;
    return std::clamp(int(std::ceil(std::log(lagMs / 0.01) / std::log(1.01))), 0, kBuckets - 1);
}

double LagProbe::valueOf(int bucket)
{
    return 0.01 * std::pow(1.01, bucket);   // the bucket's upper bound
}

void LagProbe::record(double lagMs, bool onScreen)
{
    ++m_histogram[std::size_t(bucketOf(lagMs))];
    ++m_count;
    m_over16 += lagMs > 16.0;
    m_over50 += lagMs > 50.0;
    m_max = std::max(m_max, lagMs);
    if (!onScreen)
        return;
    m_maxOnScreen = std::max(m_maxOnScreen, lagMs);
    if (m_recent.size() < std::size_t(kRecent)) {
        m_recent.push_back(lagMs);
    } else {
        m_recent[m_recentNext] = lagMs;
        m_recentNext = (m_recentNext + 1) % std::size_t(kRecent);
    }
}

LagStats LagProbe::summarize(std::vector<double> samples)
{
    LagStats stats;
    stats.samples = int(samples.size());
    if (samples.empty())
        return stats;
    std::sort(samples.begin(), samples.end());   // once, for both ranks
    stats.p50 = nearestRank(samples, 50);
    stats.p99 = nearestRank(samples, 99);
    stats.max = samples.back();
    return stats;
}

double LagProbe::percentile(std::vector<double> samples, double p)
{
    if (samples.empty())
        return 0;
    std::sort(samples.begin(), samples.end());
    return nearestRank(samples, p);
}

double LagProbe::nearestRank(const std::vector<double> &sorted, double p)
{
    // Nearest-rank percentile: the smallest sample with at least p % of samples at or below it.
    const auto rank = std::size_t(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

LagStats LagProbe::stats() const
{
    LagStats s;
    s.samples = int(m_count);
    if (m_count == 0)
        return s;
    // Nearest rank over the histogram; never above the exact maximum.
    auto rankValue = [&](double p) {
        const qint64 rank = std::max<qint64>(1, qint64(std::ceil(p / 100.0 * double(m_count))));
        qint64 seen = 0;
        for (int b = 0; b < kBuckets; ++b) {
            seen += m_histogram[std::size_t(b)];
            if (seen >= rank)
                return std::min(b == 0 ? 0.0 : valueOf(b), m_max);
        }
        return m_max;
    };
    s.p50 = rankValue(50);
    s.p99 = rankValue(99);
    s.max = m_max;
    s.over16 = m_over16;
    s.over50 = m_over50;
    return s;
}

// The ring in time order, newest last.
static std::vector<double> inOrder(const std::vector<double> &ring, std::size_t next)
{
    std::vector<double> out;
    out.reserve(ring.size());
    out.insert(out.end(), ring.begin() + qsizetype(next), ring.end());
    out.insert(out.end(), ring.begin(), ring.begin() + qsizetype(next));
    return out;
}

double LagProbe::recentMaxMs() const
{
    const std::vector<double> recent = inOrder(m_recent, m_recentNext);
    const std::size_t window = std::size_t(std::max(1, 250 / m_intervalMs));
    const std::size_t from = recent.size() > window ? recent.size() - window : 0;
    return recent.empty() ? 0 : *std::max_element(recent.begin() + qsizetype(from), recent.end());
}

double LagProbe::recentPercentile(double p, int lastSamples) const
{
    const std::vector<double> recent = inOrder(m_recent, m_recentNext);
    const std::size_t n = std::min<std::size_t>(recent.size(), std::size_t(std::max(0, lastSamples)));
    return percentile(std::vector<double>(recent.end() - qsizetype(n), recent.end()), p);
}

} // namespace glint
