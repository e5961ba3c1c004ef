#include "core/net/downloader.h"

#include "core/net/boundeddiskcache.h"
#include "core/net/downloadqueue.h"
#include "core/net/retrypolicy.h"
#include "core/net/transfer.h"

#include <QHash>
#include <QNetworkAccessManager>
#include <QPromise>
#include <QThread>
#include <QTimer>
#include <memory>

namespace glint {

// The coordinator on the network thread: jobs wait in the DownloadQueue, run as Transfers, and on a
// transient failure wait out the RetryPolicy's delay before queueing again.
class NetWorker final : public QObject {
    Q_OBJECT
public:
    explicit NetWorker(const Downloader::Options &options)
        : m_options(options), m_queue(qMax(1, options.maxConnections), qMax(1, options.perHost))
    {
        m_retry.maxRetries = options.maxRetries;
        m_retry.baseMs = options.retryBaseMs;
        m_retry.maxRetryAfterMs = options.maxRetryAfterMs;
        m_limits.maxImageBytes = options.maxImageBytes;
        m_limits.maxPageBytes = options.maxPageBytes;
        m_limits.noDataTimeoutMs = options.noDataTimeoutMs;
        m_headStartTimer.setSingleShot(true);
        connect(&m_headStartTimer, &QTimer::timeout, this, &NetWorker::endHeadStart);
    }

    ~NetWorker() override
    {
        // Runs on the network thread as it ends: whatever is left ends cancelled, never half-written.
        cancelAll();
    }

    // Made as the thread starts, while the window is still being built on the GUI thread: the
    // first request would otherwise pay for the manager, its HTTP thread and its first connection.
    void warmUp() { ensureManager(); }

    // `start` false: more are coming in the same message (a batch); the caller calls startBatch() once
    // they are all queued, so that the batch's best job, not its first, is the one that starts.
    void add(quint64 id, const DownloadRequest &request, int priority, std::shared_ptr<QPromise<DownloadResult>> promise,
             bool start = true)
    {
        ensureManager();
        Job &job = m_jobs[id];
        job.request = request;
        job.priority = priority;
        job.promise = std::move(promise);
        m_queue.push(id, request.url.host(), priority);
        if (start)
            startMore();
    }

    // `announce` false: a download that was only queued ends in its future alone, without a
    // finished() signal (a bulk cancel: the caller knows what it cancelled). A running one always
    // announces its end, through onTransferFinished.
    void cancel(quint64 id, bool announce = true)
    {
        auto it = m_jobs.find(id);
        if (it == m_jobs.end())
            return;
        if (it->transfer) {
            it->transfer->abort(Failure(Failure::Kind::Cancelled));   // ends through onTransferFinished
            return;
        }
        m_queue.remove(id);   // queued, or waiting for a retry
        finish(id, failed(id, Failure(Failure::Kind::Cancelled)), announce);
    }

    void cancelAll()
    {
        const QList<quint64> ids = m_jobs.keys();
        for (const quint64 id : ids)
            cancel(id, false);
    }

    void setPriority(quint64 id, int priority)
    {
        auto it = m_jobs.find(id);
        if (it == m_jobs.end())
            return;
        it->priority = priority;
        m_queue.setPriority(id, priority);
    }

    void setLimits(const Downloader::Options &o)
    {
        m_options.maxConnections = o.maxConnections;
        m_options.perHost = o.perHost;
        m_options.noDataTimeoutMs = o.noDataTimeoutMs;
        m_options.maxImageBytes = o.maxImageBytes;
        m_options.maxRetries = o.maxRetries;
        m_options.headStartMs = o.headStartMs;
        m_queue.setLimits(o.maxConnections, o.perHost);
        m_retry.maxRetries = o.maxRetries;
        m_limits.maxImageBytes = o.maxImageBytes;
        m_limits.noDataTimeoutMs = o.noDataTimeoutMs;
        if (m_manager)
            m_manager->setTransferTimeout(o.noDataTimeoutMs);
        startMore();   // a raised limit starts what waited for it
    }

    // The head start: a batch that finds every connection idle (a page's images, just scanned) starts
    // its best job alone and the rest once it has ended, or after Options::headStartMs. Six transfers
    // begun together share the CPU, the server and the link six ways, so the first image would arrive
    // when all six do; alone, it arrives in a sixth of that time and its thumbnail is the first thing
    // the user sees. The rest of the run waits at most the head start: on loopback ~5 ms once; on a
    // slow server the full 50 ms once per batch, for no gain (docs/BENCHMARKS.md section 25).
    void startBatch()
    {
        if (m_queue.active() == 0 && m_queue.queued() > 1 && m_options.headStartMs > 0 && !m_headStart) {
            m_headStart = m_queue.takeNext();
            if (m_headStart) {
                startJob(m_headStart);
                m_headStartTimer.start(m_options.headStartMs);
                return;
            }
        }
        startMore();
    }

    void pauseAll()
    {
        m_queue.setPaused(true);
        for (Job &job : m_jobs) {
            if (job.transfer)
                job.transfer->abortToRequeue();
        }
    }

    void resumeAll()
    {
        m_queue.setPaused(false);
        startMore();
    }

Q_SIGNALS:
    void started(quint64 id);
    void requeued(quint64 id);
    void retrying(quint64 id, int attempt, int delayMs, const glint::Failure &reason);
    void progress(quint64 id, qint64 received, qint64 total);
    void finished(const glint::DownloadResult &result);

private:
    struct Job {
        DownloadRequest request;
        int priority = 0;
        int attempt = 0;                 // retries so far
        Transfer *transfer = nullptr;    // while running
        std::shared_ptr<QPromise<DownloadResult>> promise;
    };

    void ensureManager()
    {
        if (m_manager)
            return;
        m_manager = new QNetworkAccessManager(this);
        m_manager->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
        m_manager->setTransferTimeout(m_options.noDataTimeoutMs);
        if (!m_options.cacheDir.isEmpty()) {
            auto *cache = new BoundedDiskCache(m_manager);
            cache->setCacheDirectory(m_options.cacheDir);
            cache->setMaximumCacheSize(m_options.cacheBytes);
            m_manager->setCache(cache);
            // Qt learns the cache's size by walking its folder at the first insert, which is the
            // first page a run fetches; here, at start, it is off the way to the first thumbnail.
            cache->cacheSize();
        }
    }

    void startMore()
    {
        if (m_headStart)
            return;   // see startBatch()
        while (const quint64 id = m_queue.takeNext())
            startJob(id);
    }

    void startJob(quint64 id)
    {
        Job &job = m_jobs[id];
        job.transfer = new Transfer(id, job.request, m_limits, this);
        connect(job.transfer, &Transfer::progress, this,
                [this, id](qint64 received, qint64 total) { Q_EMIT progress(id, received, total); });
        connect(job.transfer, &Transfer::finished, this, [this, id] { onTransferFinished(id); });
        job.transfer->start(*m_manager);
        Q_EMIT started(id);
    }

    void endHeadStart()
    {
        m_headStart = 0;
        m_headStartTimer.stop();
        startMore();
    }

    void onTransferFinished(quint64 id)
    {
        auto it = m_jobs.find(id);
        if (it == m_jobs.end())
            return;
        Transfer *transfer = std::exchange(it->transfer, nullptr);
        transfer->deleteLater();
        m_queue.release(transfer->host());
        if (m_headStart == id) {
            m_headStart = 0;   // the startMore() below starts the rest
            m_headStartTimer.stop();
        }
        if (transfer->wasRequeued()) {
            Q_EMIT requeued(id);
            m_queue.push(id, transfer->host(), it->priority, true);
            startMore();
            return;
        }
        const DownloadResult result = transfer->result();
        if (!result.ok() && m_retry.shouldRetry(result.failure, it->attempt)) {
            scheduleRetry(id, m_retry.delayMs(it->attempt, transfer->retryAfter()), result.failure);
            startMore();
            return;
        }
        finish(id, result);
        startMore();
    }

    void scheduleRetry(quint64 id, int delayMs, const Failure &reason)
    {
        Job &job = m_jobs[id];
        job.attempt += 1;
        Q_EMIT retrying(id, job.attempt, delayMs, reason);
        QTimer::singleShot(delayMs, this, [this, id] {
            auto it = m_jobs.find(id);
            if (it == m_jobs.end() || it->transfer)
                return;   // cancelled while waiting
            m_queue.push(id, it->request.url.host(), it->priority, true);
            startMore();
        });
    }

    DownloadResult failed(quint64 id, const Failure &why) const
    {
        DownloadResult result;
        result.id = id;
        result.url = m_jobs.value(id).request.url;
        result.failure = why;
        return result;
    }

    void finish(quint64 id, const DownloadResult &result, bool announce = true)
    {
        const Job job = m_jobs.take(id);
        if (job.promise) {
            job.promise->addResult(result);
            job.promise->finish();
        }
        if (announce)
            Q_EMIT finished(result);
    }

    Downloader::Options m_options;
    Transfer::Limits m_limits;
    RetryPolicy m_retry;
    DownloadQueue m_queue;
    QNetworkAccessManager *m_manager = nullptr;
    QHash<quint64, Job> m_jobs;   // queued, running or waiting for a retry
    quint64 m_headStart = 0;      // the job that runs alone for now, or 0
    QTimer m_headStartTimer{this};   // a child: it moves to the network thread with us
};

Downloader::Downloader(const Options &options, QObject *parent)
    : QObject(parent), m_options(options), m_thread(new QThread(this)), m_worker(new NetWorker(options))
{
    qRegisterMetaType<glint::DownloadResult>();
    qRegisterMetaType<glint::Failure>();
    m_thread->setObjectName(QStringLiteral("glint-net"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &NetWorker::started, this, &Downloader::started);
    connect(m_worker, &NetWorker::requeued, this, &Downloader::requeued);
    connect(m_worker, &NetWorker::retrying, this, &Downloader::retrying);
    connect(m_worker, &NetWorker::progress, this, &Downloader::progress);
    connect(m_worker, &NetWorker::finished, this, &Downloader::finished);
    m_thread->start();
    QMetaObject::invokeMethod(m_worker, &NetWorker::warmUp, Qt::QueuedConnection);
}

Downloader::~Downloader()
{
    // The worker is deleted on its own thread as it finishes (cancelling what is left), then joined.
    m_thread->quit();
    m_thread->wait();
}

Downloader::Ticket Downloader::fetch(const DownloadRequest &request, int priority)
{
    Ticket ticket;
    ticket.id = m_nextId++;
    auto promise = std::make_shared<QPromise<DownloadResult>>();
    promise->start();
    ticket.result = promise->future();
    QMetaObject::invokeMethod(m_worker, [w = m_worker, id = ticket.id, request, priority, promise] {
        w->add(id, request, priority, promise);
    });
    return ticket;
}

quint64 Downloader::enqueue(const DownloadRequest &request, int priority)
{
    const quint64 id = m_nextId++;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, id, request, priority] { w->add(id, request, priority, nullptr); });
    return id;
}

quint64 Downloader::enqueue(const QList<DownloadRequest> &requests, const QList<int> &priorities)
{
    Q_ASSERT(requests.size() == priorities.size());
    const quint64 first = m_nextId.fetch_add(quint64(requests.size()));
    QMetaObject::invokeMethod(m_worker, [w = m_worker, first, requests, priorities] {
        for (qsizetype i = 0; i < requests.size(); ++i)
            w->add(first + quint64(i), requests[i], priorities[i], nullptr, false);
        w->startBatch();
    });
    return first;
}

void Downloader::setPriority(quint64 id, int priority)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, id, priority] { w->setPriority(id, priority); });
}

void Downloader::setPriorities(const QList<std::pair<quint64, int>> &changes)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, changes] {
        for (const auto &[id, priority] : changes)
            w->setPriority(id, priority);
    });
}

void Downloader::pauseAll()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->pauseAll(); });
}

void Downloader::setLimits(const Options &limits)
{
    m_options.maxConnections = limits.maxConnections;
    m_options.perHost = limits.perHost;
    m_options.noDataTimeoutMs = limits.noDataTimeoutMs;
    m_options.maxImageBytes = limits.maxImageBytes;
    m_options.maxRetries = limits.maxRetries;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, limits] { w->setLimits(limits); });
}

void Downloader::resumeAll()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->resumeAll(); });
}

void Downloader::cancel(quint64 id)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, id] { w->cancel(id); });
}

void Downloader::cancel(const QList<quint64> &ids)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, ids] {
        for (const quint64 id : ids)
            w->cancel(id, false);
    });
}

void Downloader::cancel(QHash<quint64, int> &&idsToRows)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, ids = std::move(idsToRows)] {
        for (auto it = ids.keyBegin(); it != ids.keyEnd(); ++it)
            w->cancel(*it, false);
    });
}

void Downloader::cancelAll()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->cancelAll(); });
}

// Calls posted to one object run in the order they were posted: this one runs after the earlier ones.
void Downloader::afterEarlierCalls(std::function<void()> then)
{
    QMetaObject::invokeMethod(m_worker, std::move(then));
}

} // namespace glint

#include "downloader.moc"
