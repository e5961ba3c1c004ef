#include "app/responsiveness/responsivenesspanel.h"

#include "app/application.h"
#include "app/plural.h"
#include "app/responsiveness/heartbeat.h"
#include "app/responsiveness/timechart.h"
#include "core/catalog/catalog.h"
#include "core/imaging/thumbnaildecoder.h"
#include "core/pipeline/catalogrecorder.h"
#include "core/pipeline/pipeline.h"
#include "core/probe/lagprobe.h"
#include "core/probe/threadcputime.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>

namespace glint {

ResponsivenessPanel::ResponsivenessPanel(Application &app, QWidget *parent)
    : QDockWidget(tr("Responsiveness"), parent), m_app(app)
{
    setObjectName(QStringLiteral("responsiveness"));
    auto *body = new QWidget(this);
    auto *layout = new QVBoxLayout(body);
    auto *top = new QHBoxLayout;
    auto *heartbeat = new Heartbeat(body);
    top->addWidget(heartbeat, 0, Qt::AlignTop);
    m_summary = new QLabel(tr("Measuring…"), body);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    top->addWidget(m_summary, 1);
    layout->addLayout(top);

    m_lag = new TimeChart(tr("Event-loop lag"), tr("ms"), body);
    m_lag->addSeries(tr("p50"), QColor(46, 125, 50));
    m_lag->addSeries(tr("p99"), QColor(239, 108, 0));
    m_lag->addSeries(tr("max"), QColor(198, 40, 40));
    m_lag->setFloor(16);
    layout->addWidget(m_lag);
    m_input = new TimeChart(tr("Time to react"), tr("ms"), body);
    m_input->addSeries(tr("p50"), QColor(46, 125, 50));
    m_input->addSeries(tr("max"), QColor(198, 40, 40));
    m_input->setFloor(16);
    m_input->setToolTip(tr("Five times a second an event is posted to the window, as a click would be; this is the time "
                           "until it was handled and painted. The green dot at the top pulses with each one."));
    layout->addWidget(m_input);
    m_work = new TimeChart(tr("Work in flight"), tr("items"), body);
    m_work->addSeries(tr("queued"), QColor(120, 120, 120));
    m_work->addSeries(tr("downloading"), QColor(21, 101, 192));
    m_work->addSeries(tr("decoding"), QColor(106, 27, 154));
    m_work->addSeries(tr("saving"), QColor(0, 121, 107));
    layout->addWidget(m_work);
    m_threads = new TimeChart(tr("Threads busy"),
                              tr("threads"), body);
    m_threads->addSeries(tr("decode"), QColor(106, 27, 154));
    m_threads->addSeries(tr("read"), QColor(2, 136, 209));
    m_threads->addSeries(tr("encode"), QColor(249, 168, 37));
    m_threads->addSeries(tr("write"), QColor(0, 121, 107));
    m_threads->addSeries(tr("check"), QColor(117, 117, 117));
    m_threads->setFloor(app.decoder().threadCount());
    m_threads->setToolTip(plural(app.decoder().threadCount(),
                                 tr("Average threads at work: decoding images (a pool of 1 thread), reading the catalog, "
                                    "encoding thumbnails for the catalog, writing to it, and checking it after an "
                                    "unclean exit (images are parked beside it meanwhile)."),
                                 tr("Average threads at work: decoding images (a pool of %L1 threads), reading the catalog, "
                                    "encoding thumbnails for the catalog, writing to it, and checking it after an "
                                    "unclean exit (images are parked beside it meanwhile).")));
    m_work->setToolTip(tr("Images waiting for a connection, downloading, decoding, and finished ones on their way "
                          "into the catalog."));
    layout->addWidget(m_threads);
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
    m_demoAgain = new QPushButton(tr("Run the Demo Again"), body);
    m_demoAgain->setToolTip(tr("Fetches the demo gallery once more at new addresses, so that nothing comes from the "
                               "catalog or the cache: every image is downloaded and decoded again."));
    m_demoAgain->setVisible(app.options().demoCount > 0);
    m_demoAgain->setEnabled(app.canRunDemoAgain());
    connect(&app, &Application::demoReady, m_demoAgain, [this] { m_demoAgain->setEnabled(true); });
    connect(m_demoAgain, &QPushButton::clicked, &app, &Application::runDemoAgain);
    layout->addWidget(m_demoAgain, 0, Qt::AlignLeft);
    layout->addStretch(1);
    setWidget(body);

    m_lagThisSecond.reserve(256);
    connect(&app.lagProbe(), &LagProbe::sampled, this, [this](double lagMs, bool onScreen) {
        if (onScreen && m_lagThisSecond.size() < 4096)   // not the window's start: see LagProbe
            m_lagThisSecond.push_back(lagMs);
    });
    connect(heartbeat, &Heartbeat::sampled, this, [this](double ms) {
        if (m_inputThisSecond.size() < 64)
            m_inputThisSecond.push_back(ms);
    });
    m_threadSampler.setInterval(100);
    connect(&m_threadSampler, &QTimer::timeout, this, &ResponsivenessPanel::sampleThreads);
    m_clock.start();
    m_lastCpuMs = threadCpuMs();
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &ResponsivenessPanel::sampleSecond);
    m_tick.start();
}

void ResponsivenessPanel::showEvent(QShowEvent *event)
{
    QDockWidget::showEvent(event);
    m_threadSampler.start();
}

void ResponsivenessPanel::hideEvent(QHideEvent *event)
{
    QDockWidget::hideEvent(event);
    m_threadSampler.stop();
}

void ResponsivenessPanel::sampleThreads()
{
    m_threadSums[0] += m_app.decoder().pool()->activeThreadCount();
    m_threadSums[1] += m_app.catalog().readersBusy();
    m_threadSums[2] += m_app.recorder().encodersBusy();
    m_threadSums[3] += std::min(1, m_app.recorder().batchesInserting());   // one writer thread
    m_threadSums[4] += m_app.catalog().isChecking() ? 1 : 0;
    ++m_threadSamples;
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
    const LagStats second = LagProbe::summarize(std::move(lag));
    const double max = second.max;
    m_lag->addPoint({second.p50, second.p99, max}, max > 50);
    m_recentMax.push_back(max);
    if (m_recentMax.size() > 10)
        m_recentMax.erase(m_recentMax.begin());

    std::vector<double> input;
    input.swap(m_inputThisSecond);
    const LagStats inputSecond = LagProbe::summarize(std::move(input));
    const double inputMax = inputSecond.max;
    m_input->addPoint({inputSecond.p50, inputMax}, inputMax > 50);
    if (inputSecond.samples > 0) {
        m_recentInput.push_back(inputMax);
        if (m_recentInput.size() > 10)
            m_recentInput.erase(m_recentInput.begin());
    }

    const Pipeline &pipeline = m_app.pipeline();
    m_work->addPoint({double(pipeline.count(Item::State::Queued)), double(pipeline.count(Item::State::Downloading)),
                      double(pipeline.count(Item::State::Decoding)), double(m_app.recorder().pending())});
    if (m_threadSamples > 0) {
        m_threads->addPoint({m_threadSums[0] / m_threadSamples, m_threadSums[1] / m_threadSamples,
                             m_threadSums[2] / m_threadSamples, m_threadSums[3] / m_threadSamples,
                             m_threadSums[4] / m_threadSamples});
    }
    std::fill(std::begin(m_threadSums), std::end(m_threadSums), 0.0);
    m_threadSamples = 0;
    const int done = pipeline.count(Item::State::Done);
    const qint64 bytes = pipeline.bytesDownloaded();
    const double cpu = threadCpuMs();
    const double busy = std::clamp((cpu - m_lastCpuMs) / (seconds * 1000.0) * 100.0, 0.0, 100.0);
    m_throughput->addPoint({std::max(0, done - m_lastDone) / seconds, double(std::max<qint64>(0, bytes - m_lastBytes)) / seconds / 1e6,
                            busy});
    m_lastDone = done;
    m_lastBytes = bytes;
    m_lastCpuMs = cpu;

    const double worst = *std::max_element(m_recentMax.begin(), m_recentMax.end());
    const QString verdict = worst <= 16
        ? tr("<b style='color:#2e7d32'>The window answered within %L1 ms</b> over the last %L2 s: smooth.")
        : worst <= 100 ? tr("<b style='color:#ef6c00'>The window was up to %L1 ms late</b> over the last %L2 s: you may feel it.")
                       : tr("<b style='color:#c62828'>The window froze for up to %L1 ms</b> over the last %L2 s.");
    const QString react = m_recentInput.empty()
        ? QString()
        : QStringLiteral("<br>")
            + tr("A click would have been answered within %L1 ms.")
                  .arg(std::max(1, int(std::ceil(*std::max_element(m_recentInput.begin(), m_recentInput.end())))));
    m_summary->setText(verdict.arg(qRound(worst)).arg(m_recentMax.size()) + react
                       + QStringLiteral("<br>")
                       + tr("The GUI thread was busy %L1 % of the last second; %L2 images are on their way.")
                             .arg(qRound(busy))
                             .arg(pipeline.count(Item::State::Queued) + pipeline.count(Item::State::Downloading)
                                  + pipeline.count(Item::State::Decoding)));
}

} // namespace glint
