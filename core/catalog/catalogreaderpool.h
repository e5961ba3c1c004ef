#pragma once
// Runs read statements on a small QThreadPool of its own, each thread with its own read-only
// connection. Qt 6.4 cannot move a connection between threads, so a connection is opened lazily by
// the thread that uses it (named after the pool and the thread) and closed by that thread when it
// ends: idle threads expire after 30 s, and the destructor ends them all.
//
// Threads: run() and setPath() may be called from any thread. Work runs on a pool thread and its
// future resolves there; continue it with `whenReady(future, context, …)` to come back. Cancelling a future (or a true
// `isStale`) before the work starts skips it; while it runs, its statement is interrupted
// (StaleInterrupt); after it ran, the result is dropped and the future
// ends cancelled, so its continuations never see a result.
// Ownership: owned by Catalog; its destructor waits for the reads that are running.
#include "core/catalog/catalogerror.h"
#include "core/catalog/staleinterrupt.h"

#include <QFuture>
#include <QMutex>
#include <QPromise>
#include <QSqlDatabase>
#include <QString>
#include <QThreadPool>
#include <QThreadStorage>
#include <exception>
#include <functional>
#include <memory>

namespace glint {

class CatalogReaderPool final {
    Q_DISABLE_COPY_MOVE(CatalogReaderPool)
public:
    explicit CatalogReaderPool(int threads = 2);
    ~CatalogReaderPool();

    int busyThreads() const { return m_pool->activeThreadCount(); }   // reads running now
    // One thread that a read may hand half of its stored thumbnails to (StoredThumbnails), when it
    // is free. Glint's own: never QThreadPool::globalInstance(), which Qt's painting uses.
    QThreadPool *thumbnailHelpers() const { return m_helpers.get(); }
    // The file to read; empty: reads fail with "not open". Threads reconnect at their next task.
    void setPath(const QString &path);

    template <typename T>
    QFuture<T> run(std::function<T(const QSqlDatabase &)> work, std::function<bool()> isStale = {})
    {
        auto promise = std::make_shared<QPromise<T>>();
        QFuture<T> future = promise->future();
        promise->start();
        const Target target = currentTarget();
        m_pool->start([this, promise, work = std::move(work), isStale = std::move(isStale), target] {
            const auto stale = [&] { return promise->isCanceled() || (isStale && isStale()); };
            if (!stale()) {
                try {
                    const QSqlDatabase db = connection(target);
                    const StaleInterrupt interrupt(db, stale);   // a stale read stops mid-statement
                    T value = work(db);
                    if (!stale())
                        promise->addResult(std::move(value));
                } catch (...) {
                    promise->setException(std::current_exception());
                }
            }
            if (stale())
                promise->future().cancel();
            promise->finish();
        });
        return future;
    }

private:
    struct Target {
        QString path;
        quint64 epoch = 0;
    };
    // One thread's connection; deleted by QThreadStorage on that same thread when it ends.
    struct ThreadConnection {
        QString name;
        quint64 epoch = 0;
        ~ThreadConnection();
    };

    Target currentTarget() const;
    QSqlDatabase connection(const Target &target);   // on a pool thread; throws CatalogError

    const quint64 m_id;
    mutable QMutex m_lock;
    Target m_target;
    QThreadStorage<ThreadConnection *> m_connections;
    std::unique_ptr<QThreadPool> m_helpers;
    std::unique_ptr<QThreadPool> m_pool;   // declared last: its threads end before the storage goes
};

} // namespace glint
