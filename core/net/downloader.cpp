#include "core/net/downloader.h"

#include "core/net/filesink.h"
#include "core/formats/contentsniffer.h"

#include <QElapsedTimer>
#include <QHash>
#include <QMimeDatabase>
#include <QNetworkAccessManager>
#include <QNetworkDiskCache>
#include <QRandomGenerator>
#include <QTimer>
#include <QDateTime>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QThread>

#include <deque>
#include <map>
#include <memory>

namespace glint {

namespace {

constexpr qsizetype kSniffBytes = ContentSniffer::kHeadBytes;
constexpr qint64 kProgressIntervalMs = 100;

QString sizeText(qint64 bytes)
{
    return QStringLiteral("%1 MB").arg(bytes / (1024 * 1024));
}

QString suffixForContentType(const QByteArray &contentType)
{
    const QString suffix = QMimeDatabase().mimeTypeForName(QString::fromLatin1(ContentSniffer::mainType(contentType))).preferredSuffix();
    return suffix.isEmpty() ? QStringLiteral("img") : suffix;
}

} // namespace

// Keeps large bodies out of the cache: a 100 MB original would evict everything else.
constexpr qint64 kReadBufferBytes = 1024 * 1024;

class BoundedDiskCache final : public QNetworkDiskCache {
public:
    using QNetworkDiskCache::QNetworkDiskCache;
    QIODevice *prepare(const QNetworkCacheMetaData &metaData) override
    {
        // Only answers that say how long they are, and are not long: without a Content-Length the
        // cache would buffer an endless body in memory until the size cap stops the download.
        for (const auto &[name, value] : metaData.rawHeaders()) {
            if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
                const qint64 length = value.toLongLong();
                return length > 0 && length <= kMaxCachedBytes ? QNetworkDiskCache::prepare(metaData) : nullptr;
            }
        }
        return nullptr;
    }
    static constexpr qint64 kMaxCachedBytes = 16LL * 1024 * 1024;
};

class NetWorker final : public QObject {
    Q_OBJECT
public:
    explicit NetWorker(const Downloader::Options &options) : m_options(options) {}

    void add(quint64 id, const DownloadRequest &request, int priority)
    {
        if (!m_manager) {
            m_manager = new QNetworkAccessManager(this);
            m_manager->setRedirectPolicy(QNetworkRequest::NoLessSafeRedirectPolicy);
            m_manager->setTransferTimeout(m_options.noDataTimeoutMs);
            if (!m_options.cacheDir.isEmpty()) {
                auto *cache = new BoundedDiskCache(m_manager);
                cache->setCacheDirectory(m_options.cacheDir);
                cache->setMaximumCacheSize(m_options.cacheBytes);
                m_manager->setCache(cache);
            }
        }
        auto job = std::make_unique<Job>(id, request);
        job->priority = priority;
        m_pending.push_back(std::move(job));
        startMore();
    }

    void cancel(quint64 id)
    {
        if (std::unique_ptr<Job> job = takePending(id)) {
            fail(*job, QStringLiteral("Cancelled"));
            return;
        }
        if (auto it = m_waiting.find(id); it != m_waiting.end()) {
            std::unique_ptr<Job> job = std::move(it->second);
            m_waiting.erase(it);
            fail(*job, QStringLiteral("Cancelled"));
            return;
        }
        if (Job *job = m_active.value(id))
            abortWith(*job, QStringLiteral("Cancelled"));
    }

    void cancelAll()
    {
        while (!m_pending.empty()) {
            std::unique_ptr<Job> job = std::move(m_pending.front());
            m_pending.pop_front();
            fail(*job, QStringLiteral("Cancelled"));
        }
        for (auto &[id, job] : m_waiting)
            fail(*job, QStringLiteral("Cancelled"));
        m_waiting.clear();
        const auto active = m_active.values();
        for (Job *job : active)
            abortWith(*job, QStringLiteral("Cancelled"));
    }

    void setPriority(quint64 id, int priority)
    {
        for (auto &job : m_pending) {
            if (job->id == id) {
                job->priority = priority;
                return;
            }
        }
        if (auto it = m_waiting.find(id); it != m_waiting.end())
            it->second->priority = priority;
    }

    void pauseAll()
    {
        m_paused = true;
        const auto active = m_active.values();
        for (Job *job : active) {
            job->requeue = true;
            job->sink.cancel();
            job->reply->abort();
        }
    }

    void resumeAll()
    {
        m_paused = false;
        startMore();
    }

Q_SIGNALS:
    void started(quint64 id);
    void requeued(quint64 id);
    void retrying(quint64 id, int attempt, int delayMs, const QString &reason);
    void progress(quint64 id, qint64 received, qint64 total);
    void finished(const glint::DownloadResult &result);

private:
    struct Job {
        Job(quint64 i, DownloadRequest r) : id(i), request(std::move(r)) {}
        quint64 id;
        DownloadRequest request;
        int priority = 0;
        int attempt = 0;        // retries so far
        bool requeue = false;   // aborted by pauseAll(): goes back to the queue
        QNetworkReply *reply = nullptr;
        QString host;
        bool decided = false;
        bool isPage = false;
        QByteArray head;        // the first bytes, for sniffing the format
        QByteArray page;
        FileSink sink;
        QString failure;        // set when we aborted on purpose; wins over the reply's error
        qint64 received = 0;
        QElapsedTimer sinceProgress;

        void resetTransfer()
        {
            reply = nullptr;
            decided = isPage = requeue = false;
            head.clear();
            page.clear();
            sink.cancel();
            failure.clear();
            received = 0;
        }
    };

    std::unique_ptr<Job> takePending(quint64 id)
    {
        for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
            if ((*it)->id == id) {
                std::unique_ptr<Job> job = std::move(*it);
                m_pending.erase(it);
                return job;
            }
        }
        return nullptr;
    }

    // The highest priority first, first come first served among equals, within the global and
    // per-host limits.
    void startMore()
    {
        while (!m_paused && m_active.size() < m_options.maxConnections) {
            auto best = m_pending.end();
            for (auto it = m_pending.begin(); it != m_pending.end(); ++it) {
                if (m_perHost.value((*it)->request.url.host()) >= m_options.perHost)
                    continue;
                if (best == m_pending.end() || (*it)->priority > (*best)->priority)
                    best = it;
            }
            if (best == m_pending.end())
                return;
            std::unique_ptr<Job> job = std::move(*best);
            m_pending.erase(best);
            launch(std::move(job));
        }
    }

    void launch(std::unique_ptr<Job> owned)
    {
        Job *job = owned.release();
        job->host = job->request.url.host();
        QNetworkRequest request(job->request.url);
        request.setMaximumRedirectsAllowed(10);
        request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Glint/" GLINT_VERSION));
        request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::PreferNetwork);
        job->reply = m_manager->get(request);
        // Back-pressure: without a bound QNAM's HTTP thread reads the socket as fast as loopback
        // delivers and queues it all for us, so a fast endless body costs hundreds of MB before the
        // size cap sees it. With it, memory per download stays at this bound whatever the file.
        job->reply->setReadBufferSize(kReadBufferBytes);
        m_active.insert(job->id, job);
        m_perHost[job->host] += 1;
        job->sinceProgress.start();
        connect(job->reply, &QNetworkReply::metaDataChanged, this, [this, job] { onMetaData(*job); });
        connect(job->reply, &QNetworkReply::readyRead, this, [this, job] { onReadyRead(*job); });
        connect(job->reply, &QNetworkReply::finished, this, [this, job] { onFinished(job); });
        Q_EMIT started(job->id);
    }

    // Refuse at once what announces itself as too large, before a byte of the body arrives.
    void onMetaData(Job &job)
    {
        const int status = job.reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const qint64 declared = job.reply->header(QNetworkRequest::ContentLengthHeader).toLongLong();
        const qint64 cap = job.request.allowPage ? qMax(m_options.maxImageBytes, m_options.maxPageBytes) : m_options.maxImageBytes;
        if (status < 300 && declared > cap)
            abortWith(job, tooLarge());
    }

    QString tooLarge() const
    {
        return QStringLiteral("Larger than the %1 limit").arg(sizeText(m_options.maxImageBytes));
    }

    void onReadyRead(Job &job)
    {
        if (!job.failure.isEmpty() || job.requeue)
            return;
        const int status = job.reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status >= 300) {
            job.reply->readAll();   // an error page: not ours to keep
            return;
        }
        const QByteArray data = job.reply->readAll();
        if (data.isEmpty())
            return;
        if (job.head.size() < kSniffBytes)
            job.head += data.left(kSniffBytes - job.head.size());
        if (!job.decided && !decide(job))
            return;
        job.received += data.size();
        if (job.isPage) {
            if (job.received > m_options.maxPageBytes)
                return abortWith(job, QStringLiteral("The page is larger than the %1 limit").arg(sizeText(m_options.maxPageBytes)));
            job.page += data;
        } else {
            if (job.received > m_options.maxImageBytes)
                return abortWith(job, tooLarge());
            if (!job.sink.write(data))
                return abortWith(job, job.sink.errorString());
        }
        if (job.sinceProgress.elapsed() >= kProgressIntervalMs) {
            job.sinceProgress.restart();
            Q_EMIT progress(job.id, job.received, job.reply->header(QNetworkRequest::ContentLengthHeader).toLongLong());
        }
    }

    // On the first bytes: a page to parse, or an original to save?
    bool decide(Job &job)
    {
        job.decided = true;
        const QByteArray contentType = job.reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        job.isPage = job.request.allowPage && ContentSniffer::classify(contentType, job.head) == ContentSniffer::Kind::Page;
        if (job.isPage)
            return true;
        const QString name = FileSink::sanitizedName(job.request.url.fileName(), suffixForContentType(contentType));
        if (!job.sink.open(job.request.saveDir, name, ContentSniffer::imageFormat(job.head))) {   // the suffix from the bytes
            abortWith(job, job.sink.errorString());
            return false;
        }
        return true;
    }

    void abortWith(Job &job, const QString &message)
    {
        job.failure = message;
        job.sink.cancel();
        job.reply->abort();
    }

    void onFinished(Job *job)
    {
        std::unique_ptr<Job> owned(job);
        m_active.remove(job->id);
        if (--m_perHost[job->host] <= 0)
            m_perHost.remove(job->host);
        QNetworkReply *reply = job->reply;
        reply->deleteLater();
        if (job->requeue) {
            job->resetTransfer();
            Q_EMIT requeued(job->id);
            m_pending.push_front(std::move(owned));
            startMore();
            return;
        }
        if (job->failure.isEmpty() && reply->error() == QNetworkReply::NoError)
            onReadyRead(*job);   // whatever arrived with the final signal

        DownloadResult result;
        result.id = job->id;
        result.url = job->request.url;
        result.finalUrl = reply->url();
        result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
        result.etag = reply->rawHeader("ETag");
        result.lastModified = reply->rawHeader("Last-Modified");
        result.error = job->failure.isEmpty() ? errorFor(*reply) : job->failure;
        if (result.error.isEmpty())
            completeBody(*job, result);
        result.ok = result.error.isEmpty();
        if (!result.ok)
            job->sink.cancel();
        if (!result.ok && job->failure.isEmpty() && isTransient(*reply) && job->attempt < m_options.maxRetries) {
            scheduleRetry(std::move(owned), retryDelayMs(*reply, job->attempt), result.error);
            startMore();
            return;
        }
        Q_EMIT finished(result);
        startMore();
    }

    static bool isTransient(const QNetworkReply &reply)
    {
        const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status == 408 || status == 429 || status >= 500)
            return true;
        if (status >= 400)
            return false;
        switch (reply.error()) {
        case QNetworkReply::OperationCanceledError:   // the transfer timeout: ours are marked `failure`
        case QNetworkReply::TimeoutError:
        case QNetworkReply::RemoteHostClosedError:
        case QNetworkReply::ConnectionRefusedError:
        case QNetworkReply::TemporaryNetworkFailureError:
        case QNetworkReply::NetworkSessionFailedError:
        case QNetworkReply::UnknownNetworkError:
        case QNetworkReply::ProxyTimeoutError:
            return true;
        default:
            return false;
        }
    }

    // Retry-After when the server sent one (seconds or an HTTP date), else exponential backoff
    // with jitter, so a crowd of failed downloads does not come back at the same instant.
    int retryDelayMs(const QNetworkReply &reply, int attempt) const
    {
        const QByteArray retryAfter = reply.rawHeader("Retry-After").trimmed();
        if (!retryAfter.isEmpty()) {
            bool isNumber = false;
            const qint64 seconds = retryAfter.toLongLong(&isNumber);
            qint64 ms = -1;
            if (isNumber) {
                ms = seconds * 1000;
            } else {
                const QDateTime when = QDateTime::fromString(QString::fromLatin1(retryAfter), Qt::RFC2822Date);
                if (when.isValid())
                    ms = QDateTime::currentDateTimeUtc().msecsTo(when);
            }
            if (ms >= 0)
                return int(qMin<qint64>(ms, m_options.maxRetryAfterMs));
        }
        const double base = double(m_options.retryBaseMs) * double(1 << qMin(attempt, 10));
        const double jitter = 0.75 + 0.5 * QRandomGenerator::global()->generateDouble();
        return int(base * jitter);
    }

    void scheduleRetry(std::unique_ptr<Job> job, int delayMs, const QString &reason)
    {
        const quint64 id = job->id;
        job->attempt += 1;
        job->resetTransfer();
        Q_EMIT retrying(id, job->attempt, delayMs, reason);
        m_waiting.emplace(id, std::move(job));
        QTimer::singleShot(delayMs, this, [this, id] {
            auto it = m_waiting.find(id);
            if (it == m_waiting.end())
                return;   // cancelled while waiting
            m_pending.push_front(std::move(it->second));
            m_waiting.erase(it);
            startMore();
        });
    }

    void completeBody(Job &job, DownloadResult &result)
    {
        if (!job.decided) {
            result.error = QStringLiteral("The server sent an empty answer");
            return;
        }
        if (job.isPage) {
            result.isPage = true;
            result.pageData = std::move(job.page);
            return;
        }
        if (ContentSniffer::imageFormat(job.head).isEmpty()) {
            const QByteArray type = ContentSniffer::mainType(result.contentType);
            result.error = QStringLiteral("Not an image (the server sent %1)")
                               .arg(type.isEmpty() ? QStringLiteral("something else") : QString::fromLatin1(type));
            return;
        }
        if (!job.sink.commit()) {
            result.error = job.sink.errorString();
            return;
        }
        result.file = job.sink.fileName();
        result.bytes = job.sink.size();
        result.sha256 = job.sink.sha256Hex();
    }

    QString errorFor(const QNetworkReply &reply) const
    {
        const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status >= 400) {
            const QString reason = reply.attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
            return QStringLiteral("The server answered %1 %2").arg(status).arg(reason).trimmed();
        }
        switch (reply.error()) {
        case QNetworkReply::NoError:
            return {};
        case QNetworkReply::OperationCanceledError:
            // Our own aborts set `failure`; an abort we did not ask for is the transfer timeout.
            return QStringLiteral("No data for %1 s — gave up").arg(m_options.noDataTimeoutMs / 1000.0);
        case QNetworkReply::TooManyRedirectsError:
            return QStringLiteral("Too many redirects (loop?)");
        case QNetworkReply::InsecureRedirectError:
            return QStringLiteral("Refused a redirect from HTTPS to plain HTTP");
        case QNetworkReply::ConnectionRefusedError:
            return QStringLiteral("The server refused the connection");
        case QNetworkReply::HostNotFoundError:
            return QStringLiteral("Unknown host %1").arg(reply.request().url().host());
        case QNetworkReply::RemoteHostClosedError:
            return QStringLiteral("The server closed the connection before the download finished");
        case QNetworkReply::ProtocolUnknownError:
            return QStringLiteral("Only http and https addresses can be downloaded");
        default:
            return QStringLiteral("Download failed: %1").arg(reply.errorString());
        }
    }

    void fail(const Job &job, const QString &message)
    {
        DownloadResult result;
        result.id = job.id;
        result.url = job.request.url;
        result.error = message;
        Q_EMIT finished(result);
    }

    Downloader::Options m_options;
    QNetworkAccessManager *m_manager = nullptr;
    std::deque<std::unique_ptr<Job>> m_pending;
    std::map<quint64, std::unique_ptr<Job>> m_waiting;   // between a failure and its retry
    QHash<quint64, Job *> m_active;
    QHash<QString, int> m_perHost;
    bool m_paused = false;
};

Downloader::Downloader(const Options &options, QObject *parent)
    : QObject(parent), m_thread(new QThread(this)), m_worker(new NetWorker(options))
{
    m_thread->setObjectName(QStringLiteral("glint-net"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &NetWorker::started, this, &Downloader::started);
    connect(m_worker, &NetWorker::requeued, this, &Downloader::requeued);
    connect(m_worker, &NetWorker::retrying, this, &Downloader::retrying);
    connect(m_worker, &NetWorker::progress, this, &Downloader::progress);
    connect(m_worker, &NetWorker::finished, this, &Downloader::finished);
    m_thread->start();
}

Downloader::~Downloader()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->cancelAll(); });
    m_thread->quit();
    m_thread->wait();   // shutdown only: aborting replies and dropping temporaries is quick
}

quint64 Downloader::enqueue(const DownloadRequest &request, int priority)
{
    const quint64 id = m_nextId++;
    QMetaObject::invokeMethod(m_worker, [w = m_worker, id, request, priority] { w->add(id, request, priority); });
    return id;
}

void Downloader::setPriority(quint64 id, int priority)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, id, priority] { w->setPriority(id, priority); });
}

void Downloader::pauseAll()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->pauseAll(); });
}

void Downloader::resumeAll()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->resumeAll(); });
}

void Downloader::cancel(quint64 id)
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker, id] { w->cancel(id); });
}

void Downloader::cancelAll()
{
    QMetaObject::invokeMethod(m_worker, [w = m_worker] { w->cancelAll(); });
}

} // namespace glint

#include "downloader.moc"
