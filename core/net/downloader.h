#pragma once
// Downloads over one QNetworkAccessManager that lives on a thread of its own, so that neither the
// network I/O, nor writing originals to disk, nor hashing them ever runs on the caller's (GUI)
// thread. One per process (Application builds it): one network stack, one disk cache, one set of
// limits for every pipeline and dialog.
//
// Roles, one file each: DownloadQueue (limits, priorities, pause), Transfer (one GET: caps, sniffing,
// the sink, the length check), RetryPolicy (what is tried again, when), Failure (what went wrong, as a
// type). This class is the facade and its worker the coordinator.
//
// Threads: create and call it from one thread (the GUI thread); its signals arrive on that thread.
// Each download's future resolves on the network thread: continue it with whenReady(future, context).
// Cancel: cancel()/cancelAll() abort at once; the download then ends with Failure::Kind::Cancelled.
// Lifetime: the destructor aborts what runs and joins the network thread (aborting is immediate);
// futures still pending end cancelled.
#include "core/net/downloadtypes.h"

#include <QFuture>
#include <QList>
#include <QObject>
#include <QString>
#include <atomic>
#include <functional>

class QThread;

namespace glint {

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
        // A batch that arrives while nothing runs starts with its best job alone, for up to this long
        // or until it ends, then fills every connection (0: no head start). See NetWorker::startBatch.
        int headStartMs = 50;
    };

    explicit Downloader(const Options &options, QObject *parent = nullptr);
    ~Downloader() override;

    struct Ticket {
        quint64 id = 0;
        QFuture<DownloadResult> result;   // always resolves with a result unless the downloader is destroyed first
    };
    // Queues a download; higher `priority` goes first among those still queued.
    Ticket fetch(const DownloadRequest &request, int priority = 0);
    // The same for a caller that takes every result from finished() (the pipeline, in async mode): no
    // promise and no future are made. Each made on the caller's thread and freed on the network thread
    // when the download ended put its small blocks back into the caller's malloc arena, and after
    // Cancel all of 100,000 queued downloads the GUI thread's next large allocation sorted them all
    // (glibc's malloc_consolidate): a 26 ms stop, measured.
    quint64 enqueue(const DownloadRequest &request, int priority = 0);
    // Many in one message to the network thread (a page's images, a bulk retry); their ids are
    // consecutive from the one returned. `priorities` has one per request. A batch that finds nothing
    // running starts its highest-priority request alone first (Options::headStartMs).
    quint64 enqueue(const QList<DownloadRequest> &requests, const QList<int> &priorities);
    void cancel(quint64 id);
    // In bulk: each future ends at once with a Cancelled result, but a download that was only queued
    // sends no finished() (the caller knows what it cancelled: Cancel all of 100,000 queued downloads
    // would otherwise post 100,000 results to its thread). Running ones announce their end.
    void cancel(const QList<quint64> &ids);
    // The same for the keys of a map that its caller gives up (the pipeline's download id → row, on
    // Cancel all): the network thread walks it and frees it, so the caller's thread pays O(1) for
    // 100,000 downloads instead of ~3 ms to copy their ids into a list.
    void cancel(QHash<quint64, int> &&idsToRows);
    void cancelAll();
    // Runs `then` on the network thread once every call made before this one (from this thread) has
    // taken effect there: after a cancel, that download writes nothing more and its temporary is gone.
    // Whoever removes the folder a cancelled download was saving into waits for this, or the download
    // could make the folder again (FileSink::open makes a missing folder) on its next bytes. Never runs
    // if the Downloader is destroyed first.
    void afterEarlierCalls(std::function<void()> then);
    void setPriority(quint64 id, int priority);
    void setPriorities(const QList<std::pair<quint64, int>> &changes);
    // Pause stops what runs (it starts again from the beginning on resume) and starts nothing new.
    void pauseAll();
    void resumeAll();
    // Changes maxConnections, perHost, noDataTimeoutMs, maxImageBytes and maxRetries (the other fields
    // are ignored): for downloads that start from now on; running ones keep the limits they started with.
    void setLimits(const Options &limits);
    const Options &options() const { return m_options; }

Q_SIGNALS:
    void started(quint64 id);
    void requeued(quint64 id);   // paused while running: back in the queue
    void retrying(quint64 id, int attempt, int delayMs, const glint::Failure &reason);
    void progress(quint64 id, qint64 received, qint64 total);
    void finished(const glint::DownloadResult &result);

private:
    Options m_options;
    QThread *m_thread;
    NetWorker *m_worker;
    std::atomic<quint64> m_nextId{1};
};

} // namespace glint
