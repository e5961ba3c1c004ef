#include "app/application.h"

#include "app/settings/preferences.h"
#include "app/settings/theme.h"
#include "app/thumbnails/thumbnailcache.h"
#include "core/catalog/catalog.h"
#include "core/demo/demoserver.h"
#include "core/demo/faultroutes.h"
#include "core/imaging/decodebudget.h"
#include "core/imaging/freedesktopthumbnails.h"
#include "core/imaging/thumbnaildecoder.h"
#include "core/net/downloader.h"
#include "core/pipeline/catalogrecorder.h"
#include "core/pipeline/executor.h"
#include "core/pipeline/pipeline.h"
#include "core/probe/lagprobe.h"
#include "core/util/whenready.h"

#include <QDir>
#include <QStandardPaths>

namespace glint {
namespace {

Downloader::Options downloaderOptions(const Options &o)
{
    Downloader::Options d;
    d.maxConnections = o.maxConnections;
    d.perHost = qMin(o.perHost, o.maxConnections);
    d.noDataTimeoutMs = o.noDataTimeoutMs;
    d.maxRetries = o.retries;
    d.maxImageBytes = o.maxImageBytes;
    // Conditional requests and cached answers for what was fetched before; bounded in size.
    d.cacheDir = QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).filePath(QStringLiteral("http"));
    return d;
}

// The desktop's thumbnail cache, as Preferences ask, but never in a --bench run: a second run over
// the same folder would read what the first wrote, and the figures would stop measuring decoding.
FreedesktopThumbnails freedesktopCache(const Options &o, bool wanted)
{
    return wanted && o.benchReport.isEmpty() ? FreedesktopThumbnails::standard() : FreedesktopThumbnails();
}

} // namespace

Application::Application(const Options &options, QObject *parent)
    : QObject(parent), m_options(options),
      m_settings(Preferences::openSettings(options.settingsFile)),
      m_lagProbe(std::make_unique<LagProbe>()),
      m_catalog(std::make_unique<Catalog>()),
      m_decoder(std::make_unique<ThumbnailDecoder>(options.decodeThreads)),
      m_async(std::make_unique<AsyncExecutor>(m_decoder->pool())),
      m_blocking(std::make_unique<BlockingExecutor>()),
      m_downloader(std::make_unique<Downloader>(downloaderOptions(options)))
{
    DecodeBudget::setLimit(options.decodeBudgetBytes);
    Pipeline::Options session;
    session.downloadDir = options.downloads;
    session.thumbnailBox = options.thumbnailBox;
    session.freedesktop = freedesktopCache(options, options.freedesktopThumbnails);
    m_pipeline = std::make_unique<Pipeline>(session, *m_downloader,
                                            options.blocking ? static_cast<Executor &>(*m_blocking) : *m_async);
    m_pipeline->setCatalog(m_catalog.get());   // what was fetched before comes from the catalog, not the network
    m_recorder = std::make_unique<CatalogRecorder>(m_pipeline.get(), m_catalog.get());
    m_thumbnails = std::make_unique<ThumbnailCache>(m_decoder->pool(), session.thumbnailBox);
    m_thumbnails->setBudget(options.thumbnailCacheBytes);
    m_thumbnails->setFreedesktopThumbnails(session.freedesktop);
    connect(m_pipeline.get(), &Pipeline::idle, this, &Application::checkIdle);
    // The gauge samples 250 times a second while there is work, ten times a second at rest (a --bench
    // run measures at full rate throughout, as the report contract says).
    if (options.benchReport.isEmpty()) {
        connect(m_pipeline.get(), &Pipeline::idle, this, [this] { m_lagProbe->setRelaxed(true); });
        connect(m_pipeline.get(), &Pipeline::itemsAdded, this, [this] { m_lagProbe->setRelaxed(false); });
    }
    if (options.demoCount > 0) {
        m_demo = std::make_unique<DemoServer>(options.demoCount);
        m_demo->http()->setLatencyMs(options.demoLatencyMs);
        m_demo->http()->setRateKBps(options.demoRateKBps);
        if (options.demoFaults)
            FaultRoutes::install(*m_demo->http());
    }
}

Application::~Application()
{
    // The order of the header comment, written out: each step may use what the next ones own.
    m_thumbnails.reset();
    m_recorder.reset();
    m_pipeline.reset();
    m_downloader.reset();
    m_async.reset();
    m_blocking.reset();
    m_decoder.reset();
    m_catalog.reset();
    m_demo.reset();
    m_lagProbe.reset();
}

void Application::runDemoAgain()
{
    if (canRunDemoAgain())
        m_pipeline->addSource(m_demo->rerunUrl(++m_demoRuns).toString());
}

void Application::start()
{
    m_lagProbe->start();
    if (m_demo) {
        m_demoPending = true;
        connect(m_demo.get(), &DemoServer::ready, this, [this](const QUrl &index) {
            m_demoServed = true;
            Q_EMIT demoReady(index);
            m_demoSources = {index.toString()};
            if (m_options.demoFaults)
                m_demoSources << index.resolved(QUrl(QStringLiteral("/faults/index.html"))).toString();
            if (m_sourcesStarted)
                addDemoSources();   // else startSources() does, once the catalog can answer
        });
        connect(m_demo.get(), &DemoServer::failed, this, [this](const QString &message) {
            m_demoPending = false;
            Q_EMIT demoFailed(message);
            checkIdle();
        });
        m_demo->start();
    }
    // SOURCEs wait until the catalog can answer lookups (its quick check passed), or until opening it
    // failed: a lookup that ran before would miss and fetch again what is already there.
    connect(m_catalog.get(), &Catalog::readable, this, &Application::startSources);
    whenReady(m_catalog->open(m_options.catalog), this, [this](const QFuture<CatalogOpenResult> &opened) {
        CatalogOpenResult result;
        if (opened.resultCount() > 0 && !opened.isCanceled()) {
            try {
                result = opened.result();
            } catch (const std::exception &e) {
                result.message = tr("The catalog could not be opened: %1").arg(QString::fromUtf8(e.what()));
            }
        }
        Q_EMIT catalogOpened(result);
        startSources();
    });
    m_started = true;
    checkIdle();
}

void Application::startSources()
{
    if (m_sourcesStarted)
        return;
    m_sourcesStarted = true;
    for (const QString &source : std::as_const(m_options.sources))
        m_pipeline->addSource(source);
    if (!m_demoSources.isEmpty())
        addDemoSources();
    checkIdle();
}

// The demo's pages are SOURCEs like any other: they too wait for the catalog (startSources), so that
// what it already holds comes from it instead of being fetched again. Pending until then.
void Application::addDemoSources()
{
    m_demoPending = false;
    for (const QString &source : std::exchange(m_demoSources, {}))
        m_pipeline->addSource(source);
    checkIdle();
}

std::unique_ptr<Pipeline> Application::makePreviewPipeline(const QString &downloadDir) const
{
    Pipeline::Options preview;
    preview.downloadDir = downloadDir;
    return std::make_unique<Pipeline>(preview, *m_downloader, *m_async);
}

QThreadPool *Application::decodePool() const
{
    return m_decoder->pool();
}

void Application::applyPreferences(const Preferences &preferences)
{
    // The settings Preferences::appliesLive() names; the others wait for the next start. A value the
    // command line gave holds for this run.
    const auto given = [this](const char *option) { return m_options.given.contains(QLatin1String(option)); };
    if (!given("downloads"))
        m_pipeline->setDownloadDir(preferences.downloadDir);
    // Network limits, for the downloads that start next.
    Downloader::Options limits = m_downloader->options();
    if (!given("max-connections"))
        limits.maxConnections = preferences.maxConnections;
    if (!given("per-host"))
        limits.perHost = preferences.perHost;
    limits.perHost = qMin(limits.perHost, limits.maxConnections);
    if (!given("timeout"))
        limits.noDataTimeoutMs = preferences.timeoutSeconds * 1000;
    limits.maxRetries = preferences.retries;
    limits.maxImageBytes = qint64(preferences.maxImageMB) * 1024 * 1024;
    m_downloader->setLimits(limits);
    DecodeBudget::setLimit(qint64(preferences.decodeBudgetMB) * 1024 * 1024);
    m_thumbnails->setBudget(qint64(preferences.thumbnailCacheMB) * 1024 * 1024);
    const FreedesktopThumbnails freedesktop = freedesktopCache(m_options, preferences.freedesktopThumbnails);
    m_pipeline->setFreedesktopThumbnails(freedesktop);
    m_thumbnails->setFreedesktopThumbnails(freedesktop);
    applyTheme(preferences.theme);
}

void Application::setThumbnailBox(QSize box)
{
    m_pipeline->setThumbnailBox(box);
    m_thumbnails->setBox(box);
}

void Application::setBlocking(bool blocking)
{
    if (blocking == isBlocking())
        return;
    m_pipeline->setExecutor(blocking ? static_cast<Executor &>(*m_blocking) : *m_async);
    Q_EMIT blockingChanged(blocking);
}

bool Application::isBlocking() const
{
    return m_pipeline->executor().isBlocking();
}

bool Application::isIdle() const
{
    const bool sourcesPending = !m_sourcesStarted && !m_options.sources.isEmpty();
    return m_started && !m_demoPending && !sourcesPending && m_pipeline->isIdle();
}

void Application::checkIdle()
{
    if (isIdle())
        Q_EMIT allWorkDone();
}

} // namespace glint
