#pragma once
// Downloads over one QNetworkAccessManager that lives on a thread of its own, so that neither the
// network I/O, nor writing originals to disk, nor hashing them ever runs on the caller's (GUI)
// thread. Bodies stream into a FileSink (QSaveFile + SHA-256) as they arrive; memory does not grow
// with the file. A response that turns out to be a web page is kept in memory instead (capped) and
// handed back for parsing.
//
// Threads: create and call it from one thread (the GUI thread); its signals arrive on that thread.
// Cancel: cancel()/cancelAll() abort at once; the item then finishes with the error "Cancelled".
#include <QByteArray>
#include <QObject>
#include <QString>
#include <QUrl>
#include <atomic>

class QThread;

namespace glint {

struct DownloadRequest {
    QUrl url;
    QString saveDir;          // where an image is saved
    bool allowPage = false;   // an HTML answer is a page to parse, not an error

    explicit DownloadRequest(QUrl u = {}) : url(std::move(u)) {}
    DownloadRequest &saveTo(QString dir) { saveDir = std::move(dir); return *this; }
    DownloadRequest &acceptPage(bool on = true) { allowPage = on; return *this; }
};

struct DownloadResult {
    quint64 id = 0;
    QUrl url;                 // as requested
    QUrl finalUrl;            // after redirects: the base for a page's relative references
    bool ok = false;
    QString error;            // one sentence, when !ok
    int httpStatus = 0;
    QByteArray contentType;
    QByteArray etag;          // validators, kept in the catalog with the source
    QByteArray lastModified;
    bool isPage = false;
    QByteArray pageData;      // the page's bytes when isPage
    QString file;             // the saved original
    qint64 bytes = 0;
    QByteArray sha256;        // hex
};

class NetWorker;

class Downloader final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Downloader)
public:
    struct Options {
        int maxConnections = 8;
        int perHost = 6;
        int noDataTimeoutMs = 30000;
        qint64 maxImageBytes = 100LL * 1024 * 1024;
        qint64 maxPageBytes = 10LL * 1024 * 1024;
        int maxRetries = 3;
        int retryBaseMs = 1000;         // first backoff; doubles each time, ±25 % jitter
        int maxRetryAfterMs = 60000;    // a server's Retry-After is honoured up to this
        QString cacheDir;               // empty: no disk cache
        qint64 cacheBytes = 256LL * 1024 * 1024;
    };

    explicit Downloader(const Options &options, QObject *parent = nullptr);
    ~Downloader() override;   // aborts what runs; nothing is left half-written

    quint64 enqueue(const DownloadRequest &request, int priority = 0);
    void cancel(quint64 id);
    void cancelAll();
    // Higher goes first among those still queued (e.g. items visible in the gallery).
    void setPriority(quint64 id, int priority);
    // Pause stops what runs (it starts again from the beginning on resume) and starts nothing new.
    void pauseAll();
    void resumeAll();

Q_SIGNALS:
    void started(quint64 id);
    void requeued(quint64 id);   // paused while running: back in the queue
    void retrying(quint64 id, int attempt, int delayMs, const QString &reason);
    void progress(quint64 id, qint64 received, qint64 total);
    void finished(const glint::DownloadResult &result);

private:
    QThread *m_thread;
    NetWorker *m_worker;
    std::atomic<quint64> m_nextId{1};
};

} // namespace glint
