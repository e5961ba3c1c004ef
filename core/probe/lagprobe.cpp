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
    m_samples.clear();
    m_max = 0;
    m_samples.reserve(16384);
    m_clock.start();
    m_expectedNs = qint64(kIntervalMs) * 1000000;
    m_timer.start();
}

void LagProbe::stop()
{
    m_timer.stop();
}

void LagProbe::onTimeout()
{
    // Lateness against the moment this firing was due. The next one is due an interval after this
    // one actually fired, so one long stall is one late sample, not a burst of catch-up samples.
    const qint64 now = m_clock.nsecsElapsed();
    const double lagMs = std::max<qint64>(0, now - m_expectedNs) / 1e6;
    m_expectedNs = now + qint64(kIntervalMs) * 1000000;
    m_samples.push_back(lagMs);
    m_max = std::max(m_max, lagMs);
    Q_EMIT sampled(lagMs);
}

double LagProbe::percentile(std::vector<double> sorted, double p)
{
    if (sorted.empty())
        return 0;
    std::sort(sorted.begin(), sorted.end());
    // Nearest-rank percentile: the smallest sample with at least p % of samples at or below it.
    const auto rank = std::size_t(std::ceil(p / 100.0 * double(sorted.size())));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

LagStats LagProbe::stats() const
{
    LagStats s;
    s.samples = int(m_samples.size());
    if (m_samples.empty())
        return s;
    std::vector<double> sorted = m_samples;
    std::sort(sorted.begin(), sorted.end());
    s.p50 = percentile(sorted, 50);
    s.p99 = percentile(sorted, 99);
    s.max = sorted.back();
    for (double v : m_samples) {
        s.over16 += v > 16.0;
        s.over50 += v > 50.0;
    }
    return s;
}

double LagProbe::recentMaxMs() const
{
    const std::size_t window = 250 / kIntervalMs;
    const std::size_t from = m_samples.size() > window ? m_samples.size() - window : 0;
    return m_samples.empty() ? 0 : *std::max_element(m_samples.begin() + qsizetype(from), m_samples.end());
}

} // namespace glint

namespace glint {
double LagProbe::recentPercentile(double p, int lastSamples) const
{
    const std::size_t n = std::min<std::size_t>(m_samples.size(), std::size_t(std::max(0, lastSamples)));
    return percentile(std::vector<double>(m_samples.end() - qsizetype(n), m_samples.end()), p);
}
} // namespace glint
