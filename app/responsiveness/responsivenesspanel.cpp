#include "app/responsiveness/responsivenesspanel.h"

#include "app/application.h"
#include "app/responsiveness/timechart.h"
#include "core/pipeline/pipeline.h"
#include "core/probe/lagprobe.h"
#include "core/probe/threadcputime.h"

#include <QCheckBox>
#include <QLabel>
#include <QVBoxLayout>
#include <algorithm>

namespace glint {

ResponsivenessPanel::ResponsivenessPanel(Application &app, QWidget *parent)
    : QDockWidget(tr("Responsiveness"), parent), m_app(app)
{
    setObjectName(QStringLiteral("responsiveness"));
    auto *body = new QWidget(this);
    auto *layout = new QVBoxLayout(body);
    m_summary = new QLabel(tr("Measuring…"), body);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    layout->addWidget(m_summary);

    m_lag = new TimeChart(tr("Event-loop lag"), tr("ms"), body);
    m_lag->addSeries(tr("p50"), QColor(46, 125, 50));
    m_lag->addSeries(tr("p99"), QColor(239, 108, 0));
    m_lag->addSeries(tr("max"), QColor(198, 40, 40));
    m_lag->setFloor(16);
    layout->addWidget(m_lag);
    m_work = new TimeChart(tr("Work in flight"), tr("items"), body);
    m_work->addSeries(tr("queued"), QColor(120, 120, 120));
    m_work->addSeries(tr("downloading"), QColor(21, 101, 192));
    m_work->addSeries(tr("decoding"), QColor(106, 27, 154));
    layout->addWidget(m_work);
    m_throughput = new TimeChart(tr("Throughput"), QString(), body);
    m_throughput->addSeries(tr("images/s"), QColor(0, 131, 143));
    m_throughput->addSeries(tr("MB/s"), QColor(93, 64, 55));
    m_throughput->addSeries(tr("GUI thread busy %"), QColor(198, 40, 40));
    layout->addWidget(m_throughput);

    m_blocking = new QCheckBox(tr("Do the work on the GUI thread (a demonstration: the window will freeze)"), body);
    m_blocking->setToolTip(tr("The same pipeline, its next steps run on the GUI thread instead of on workers. "
                              "Watch the lag chart when you turn it off again."));
    m_blocking->setChecked(app.isBlocking());
    connect(m_blocking, &QCheckBox::toggled, &app, &Application::setBlocking);
    connect(&app, &Application::blockingChanged, m_blocking, &QCheckBox::setChecked);
    layout->addWidget(m_blocking);
    layout->addStretch(1);
    setWidget(body);

    m_lagThisSecond.reserve(256);
    connect(&app.lagProbe(), &LagProbe::sampled, this, [this](double lagMs) {
        if (m_lagThisSecond.size() < 4096)
            m_lagThisSecond.push_back(lagMs);
    });
    m_clock.start();
    m_lastCpuMs = threadCpuMs();
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &ResponsivenessPanel::sampleSecond);
    m_tick.start();
}

void ResponsivenessPanel::sampleSecond()
{
    const qint64 now = m_clock.elapsed();
    const double seconds = std::max(0.001, double(now - m_lastTickMs) / 1000.0);
    m_lastTickMs = now;

    std::vector<double> lag;
    lag.swap(m_lagThisSecond);
    m_lagThisSecond.reserve(256);
    // A second in which the loop was blocked longer than a second has one late sample: the tick itself.
    lag.push_back(std::max(0.0, (seconds - 1.0) * 1000.0));
    const double p50 = LagProbe::percentile(lag, 50);
    const double p99 = LagProbe::percentile(lag, 99);
    const double max = *std::max_element(lag.begin(), lag.end());
    m_lag->addPoint({p50, p99, max}, max > 50);
    m_recentP99.push_back(max);
    if (m_recentP99.size() > 10)
        m_recentP99.erase(m_recentP99.begin());

    const Pipeline &pipeline = m_app.pipeline();
    m_work->addPoint({double(pipeline.count(Item::State::Queued)), double(pipeline.count(Item::State::Downloading)),
                      double(pipeline.count(Item::State::Decoding))});
    const int done = pipeline.count(Item::State::Done);
    const qint64 bytes = pipeline.bytesDownloaded();
    const double cpu = threadCpuMs();
    const double busy = std::clamp((cpu - m_lastCpuMs) / (seconds * 1000.0) * 100.0, 0.0, 100.0);
    m_throughput->addPoint({std::max(0, done - m_lastDone) / seconds, double(std::max<qint64>(0, bytes - m_lastBytes)) / seconds / 1e6,
                            busy});
    m_lastDone = done;
    m_lastBytes = bytes;
    m_lastCpuMs = cpu;

    const double worst = *std::max_element(m_recentP99.begin(), m_recentP99.end());
    const QString verdict = worst <= 16
        ? tr("<b style='color:#2e7d32'>The window answered within %L1 ms</b> over the last %L2 s: smooth.")
        : worst <= 100 ? tr("<b style='color:#ef6c00'>The window was up to %L1 ms late</b> over the last %L2 s: you may feel it.")
                       : tr("<b style='color:#c62828'>The window froze for up to %L1 ms</b> over the last %L2 s.");
    m_summary->setText(verdict.arg(qRound(worst)).arg(m_recentP99.size())
                       + QStringLiteral("<br>")
                       + tr("The GUI thread was busy %L1 % of the last second; %L2 images are on their way.")
                             .arg(qRound(busy))
                             .arg(pipeline.count(Item::State::Queued) + pipeline.count(Item::State::Downloading)
                                  + pipeline.count(Item::State::Decoding)));
}

} // namespace glint
