#include "core/catalog/catalog.h"

#include <QCoreApplication>
#include "core/catalog/catalogerror.h"
#include "core/catalog/catalogfilecheck.h"
#include "core/catalog/catalogreader.h"
#include "core/catalog/catalogreaderpool.h"
#include "core/catalog/catalogstore.h"
#include "core/catalog/parkedrecords.h"
#include "core/catalog/statementstop.h"
#include "core/util/backgroundpriority.h"

#include <QDir>
#include <QFile>
#include <QPromise>
#include <QThread>
#include <atomic>
#include <exception>

namespace glint {
namespace {
std::atomic<quint64> g_nextCatalog{1};

// Deletes the redundant copies CatalogStore::insert named, after its commit; a copy that cannot be
// deleted is not reported as deleted.
void deleteDuplicateCopies(QList<CatalogInsertResult> &results)
{
    for (CatalogInsertResult &result : results) {
        if (!result.duplicateFile.isEmpty() && !QFile::remove(result.duplicateFile))
            result.duplicateFile.clear();
    }
}
} // namespace

// An open whose full check runs on its own thread. `result` and `announced` are written by that
// thread and read by the writer after thread->wait().
struct Catalog::FullCheck {
    QString path;
    QString movedTo;
    std::shared_ptr<QPromise<CatalogOpenResult>> promise;
    std::unique_ptr<QThread> thread;
    CatalogOpenResult result;
    bool announced = false;
};

Catalog::Catalog(QObject *parent, int readerThreads)
    : QObject(parent)
    , m_readers(std::make_unique<CatalogReaderPool>(qMax(1, readerThreads)))
    , m_openStop(std::make_unique<StatementStop>())
    , m_writerThread(new QThread)
    , m_writerContext(new QObject)
{
    m_writerThread->setObjectName(QStringLiteral("catalog-writer"));
    m_writerContext->moveToThread(m_writerThread);
    m_writerThread->start();
    const QString name = QStringLiteral("glint-catalog-%1-writer").arg(g_nextCatalog.fetch_add(1));
    // The store is made by the first job on the writer thread, so its connection belongs there.
    // Writes are background work: the GUI thread never waits on them, and the full check of a big
    // file reads for seconds. At nice 10 they yield the CPU to the GUI thread and to the readers,
    // which answer what the user is looking at (searches during that check: docs/BENCHMARKS.md
    // section 17).
    QMetaObject::invokeMethod(m_writerContext, [this, name] {
        BackgroundPriority::applyToThisThread();
        m_store = new CatalogStore(name);
    }, Qt::QueuedConnection);
}

Catalog::~Catalog()
{
    // A full check still reading a big file would hold the close below for seconds; stopped, it
    // leaves no clean-close mark, so the next start checks again.
    m_openStop->stop();
    m_closing = true;
    // Jobs run in order: everything posted before this one (a last insert) still commits.
    QMetaObject::invokeMethod(
        m_writerContext,
        [this] {
            if (m_check)
                endCheck();   // stopped above: it ends at the next page it reads
            const bool clean = m_store->isOpen();
            const QString path = m_store->path();
            delete m_store;   // closes the connection on the thread that opened it
            m_store = nullptr;
            // The readers next (each pool thread closes its own connection after its running read;
            // the GUI thread is blocked in wait() below, so nothing starts another). The last
            // connection to close checkpoints the WAL into the file; only then does the clean-close
            // mark describe the file as it stays. No writer job is left to use the readers.
            m_readers.reset();
            if (clean)
                CatalogFileCheck::markCleanClose(path);
            QThread::currentThread()->quit();
        },
        Qt::QueuedConnection);
    m_writerThread->wait();
    delete m_writerContext;
    delete m_writerThread;
}

template <typename T>
QFuture<T> Catalog::write(std::function<T(CatalogStore &)> work, bool parkable)
{
    return writeReporting<T>([work = std::move(work)](CatalogStore &store, QPromise<T> &) { return work(store); }, parkable);
}

// As write(), with the promise handed to the work, which may report progress on it.
template <typename T>
QFuture<T> Catalog::writeReporting(std::function<T(CatalogStore &, QPromise<T> &)> work, bool parkable)
{
    auto promise = std::make_shared<QPromise<T>>();
    QFuture<T> future = promise->future();
    promise->start();
    post([this, promise, work = std::move(work)] {
        try {
            if constexpr (std::is_void_v<T>)
                work(*m_store, *promise);
            else
                promise->addResult(work(*m_store, *promise));
        } catch (...) {
            promise->setException(std::current_exception());
        }
        promise->finish();
    }, parkable);
    return future;
}

// Every write goes through here, in order. While an open's full check runs, a write waits in
// m_deferred, except an insert (`parkable`) with nothing waiting before it: that one runs and parks
// its records, so they are on disk at once and Quit need not wait for the check.
void Catalog::post(std::function<void()> job, bool parkable)
{
    QMetaObject::invokeMethod(
        m_writerContext,
        [this, job = std::move(job), parkable]() mutable {
            if (m_check && !(parkable && m_deferred.empty())) {
                m_deferred.push_back(std::move(job));
                return;
            }
            job();
        },
        Qt::QueuedConnection);
}

int Catalog::readersBusy() const
{
    return m_readers ? m_readers->busyThreads() : 0;
}

QFuture<CatalogOpenResult> Catalog::open(const QString &path)
{
    return openOnWriter(path, false);
}

QFuture<CatalogOpenResult> Catalog::moveAsideAndOpen(const QString &path)
{
    return openOnWriter(path, true);
}

QFuture<CatalogOpenResult> Catalog::openOnWriter(const QString &path, bool moveAside)
{
    m_path = path;
    m_readable = false;
    m_readers->setPath({});   // reads of the previous file stop here
    auto promise = std::make_shared<QPromise<CatalogOpenResult>>();
    QFuture<CatalogOpenResult> future = promise->future();
    promise->start();
    post([this, path, moveAside, promise, pause = m_checkPause] { beginOpen(path, moveAside, promise, pause); },
         /*parkable=*/false);
    return future;
}

// Writer thread. The quick stage of the check runs here; the full one, when the file needs it,
// on a thread of its own, and endCheck() completes the open.
void Catalog::beginOpen(const QString &path, bool moveAside, const std::shared_ptr<QPromise<CatalogOpenResult>> &promise,
                        const std::function<void(const StatementStop &)> &pause)
{
    m_store->close();
    m_parkPath.clear();
    m_readers->setPath({});   // an open() posted before this one may have set its own path
    QString movedTo;
    if (moveAside) {
        try {
            if (QFile::exists(path))
                movedTo = CatalogFileCheck::moveAside(path);
        } catch (const CatalogError &error) {
            completeOpen(path, {false, false, error.message()}, false, {}, *promise);
            return;
        }
    }
    // A file exactly as the last clean close left it needs no page-by-page check, nor does a new one.
    if (CatalogFileCheck::takeCleanClose(path) || CatalogFileCheck::isNew(path)) {
        bool announced = false;
        const CatalogOpenResult inspected = CatalogFileCheck::inspect(path, [&] {
            announce(path);
            announced = true;
        }, /*full=*/false);
        completeOpen(path, inspected, announced, movedTo, *promise);
        return;
    }
    // After an unclean end the check reads every page: a minute for a million images. On its own
    // thread, so that the writer can park inserts meanwhile (a quit then waits for nothing).
    m_parkPath = path;
    m_checking = true;
    m_check = std::make_unique<FullCheck>();
    FullCheck *check = m_check.get();
    check->path = path;
    check->movedTo = movedTo;
    check->promise = promise;
    StatementStop *closing = m_openStop.get();
    check->thread.reset(QThread::create([this, check, closing, pause] {
        BackgroundPriority::applyToThisThread();
        check->result = CatalogFileCheck::inspect(check->path, [this, check, closing, pause] {
            announce(check->path);
            check->announced = true;
            if (pause)
                pause(*closing);
        }, /*full=*/true, closing);
        // The writer outlives this thread: its last job (the destructor's) waits for it.
        QMetaObject::invokeMethod(m_writerContext, [this, check] {
            if (m_check.get() == check)
                endCheck();
        }, Qt::QueuedConnection);
    }));
    check->thread->setObjectName(QStringLiteral("catalog-check"));
    check->thread->start();
}

// Writer thread: the full check has ended (or was stopped): complete the open, then run the writes
// that waited for it, until one of them (another open) starts a check of its own.
void Catalog::endCheck()
{
    const std::unique_ptr<FullCheck> check = std::move(m_check);
    check->thread->wait();
    m_checking = false;
    completeOpen(check->path, check->result, check->announced, check->movedTo, *check->promise);
    while (!m_deferred.empty() && !m_check) {
        std::function<void()> job = std::move(m_deferred.front());
        m_deferred.pop_front();
        job();
    }
}

// Writer thread: `result` is the inspection's; on success the store opens the file and saves what
// was parked for it.
void Catalog::completeOpen(const QString &path, CatalogOpenResult result, bool announced, const QString &movedTo,
                           QPromise<CatalogOpenResult> &promise)
{
    if (result.ok)
        result = m_store->open(path);
    if (result.ok) {
        m_parkPath.clear();
        if (!announced)
            announce(path);
        if (const int saved = saveParked(path); saved > 0) {
            QMetaObject::invokeMethod(this, [this, saved] { Q_EMIT parkedRecordsSaved(saved); }, Qt::QueuedConnection);
        }
        if (!movedTo.isEmpty())
            result.message = QCoreApplication::translate("glint::Catalog", "The damaged catalog was moved to %1; a new catalog was started.")
                                 .arg(QDir::toNativeSeparators(movedTo));
    } else {
        // Stopped because the catalog is closing: the inserts still to come are parked for the
        // next open. Any other failure refuses them, as a closed catalog does.
        if (!result.stopped)
            m_parkPath.clear();
        m_readers->setPath({});
        unreadable(path);
    }
    promise.addResult(result);
    promise.finish();
}

// Writer or check thread. The events it posts are delivered in order and dropped with `this`.
void Catalog::announce(const QString &path)
{
    m_readers->setPath(path);
    QMetaObject::invokeMethod(this, [this, path] {
        if (path != m_path)
            return;   // another open was asked for meanwhile: it announces its own
        m_readable = true;
        Q_EMIT readable(path);
    }, Qt::QueuedConnection);
}

void Catalog::unreadable(const QString &path)
{
    QMetaObject::invokeMethod(this, [this, path] {
        if (path == m_path)
            m_readable = false;
    }, Qt::QueuedConnection);
}

// Writer thread, the store open on `path`: saves each parked batch in a transaction of its own,
// then deletes the batch (Glint's own file). A kill between the two saves the batch again at the
// next open, which updates its sources rather than adding images. A batch that cannot be read is
// set aside; a transaction that fails leaves its batch and the later ones for the next open.
int Catalog::saveParked(const QString &path)
{
    int saved = 0;
    for (const QString &batch : ParkedRecords::batches(path)) {
        QList<CatalogRecord> records;
        try {
            records = ParkedRecords::read(batch);
        } catch (const CatalogError &error) {
            qWarning("%s", qPrintable(error.message()));
            ParkedRecords::setAside(batch);
            continue;
        }
        try {
            QList<CatalogInsertResult> results = m_store->insert(records);
            deleteDuplicateCopies(results);
        } catch (const CatalogError &error) {
            qWarning("%s", qPrintable(error.message()));
            break;
        }
        QFile::remove(batch);
        saved += int(records.size());
    }
    return saved;
}

QFuture<QList<CatalogInsertResult>> Catalog::insert(const QList<CatalogRecord> &records)
{
    return write<QList<CatalogInsertResult>>([this, records](CatalogStore &store) {
        if (!m_parkPath.isEmpty()) {
            ParkedRecords::park(m_parkPath, records);
            CatalogInsertResult parked;
            parked.parked = true;
            return QList<CatalogInsertResult>(records.size(), parked);
        }
        QList<CatalogInsertResult> results = store.insert(records);
        // Only after the commit: a redundant copy of Glint's goes once the catalog points at the kept one.
        deleteDuplicateCopies(results);
        return results;
    }, /*parkable=*/true);
}

QFuture<CatalogRemoveResult> Catalog::remove(const QList<qint64> &ids, bool deleteFiles,
                                             std::shared_ptr<std::atomic<bool>> stop)
{
    return writeReporting<CatalogRemoveResult>([this, ids, deleteFiles, stop](CatalogStore &store, QPromise<CatalogRemoveResult> &promise) {
        // Slices, each its own transaction: removing a million images (and their 9 GB of stored
        // thumbnails) in one held the writer for minutes with nothing to show or stop.
        promise.setProgressRange(0, int(ids.size()));
        CatalogRemoveResult result;
        QList<CatalogStore::RemovedFile> files;
        for (qsizetype done = 0; done < ids.size(); done += kRemoveSlice) {
            if ((stop && stop->load()) || m_closing.load()) {
                result.stopped = true;
                break;
            }
            result.removed += store.removeRows(ids.mid(done, kRemoveSlice), deleteFiles ? &files : nullptr).removed;
            promise.setProgressValue(int(std::min<qsizetype>(ids.size(), done + kRemoveSlice)));
        }
        QStringList deletable;
        if (deleteFiles)
            store.sortOutFiles(files, &result, &deletable);
        for (const QString &file : std::as_const(deletable)) {
            if (QFile::remove(file))   // a file the user already deleted is not an error
                ++result.filesDeleted;
        }
        return result;
    });
}

QFuture<int> Catalog::forgetDeletedFiles(const QStringList &files)
{
    return write<int>([files](CatalogStore &store) { return store.forgetDeletedFiles(files); });
}

QFuture<void> Catalog::vacuum()
{
    return write<void>([](CatalogStore &store) { store.vacuum(); });
}

std::function<bool()> Catalog::staleTest(const QString &channel)
{
    if (channel.isEmpty())
        return {};
    auto &counter = m_channels[channel];
    if (!counter)
        counter = std::make_shared<std::atomic<quint64>>(0);
    const quint64 generation = counter->fetch_add(1) + 1;
    return [counter = counter, generation] { return counter->load(std::memory_order_relaxed) != generation; };
}

void Catalog::cancelChannel(const QString &channel)
{
    if (const auto counter = m_channels.value(channel))
        counter->fetch_add(1);
}

QFuture<QList<CatalogImage>> Catalog::search(const CatalogQuery &query, const QString &channel)
{
    const std::function<bool()> stale = staleTest(channel);
    QThreadPool *helpers = m_readers->thumbnailHelpers();
    return m_readers->run<QList<CatalogImage>>(
        [query, stale, helpers](const QSqlDatabase &db) { return CatalogReader::search(db, query, stale, helpers); }, stale);
}

QFuture<CatalogTotals> Catalog::totals(const CatalogQuery &query, const QString &channel)
{
    const std::function<bool()> stale = staleTest(channel);
    return m_readers->run<CatalogTotals>([query](const QSqlDatabase &db) { return CatalogReader::totals(db, query); },
                                         stale);
}

QFuture<QList<qint64>> Catalog::imageIds(const CatalogQuery &query, const QString &channel)
{
    const std::function<bool()> stale = staleTest(channel);
    return m_readers->run<QList<qint64>>(
        [query, stale](const QSqlDatabase &db) { return CatalogReader::imageIds(db, query, stale); }, stale);
}

QFuture<QHash<QUrl, CatalogImage>> Catalog::lookup(const QList<QUrl> &urls)
{
    QThreadPool *helpers = m_readers->thumbnailHelpers();
    return m_readers->run<QHash<QUrl, CatalogImage>>(
        [urls, helpers](const QSqlDatabase &db) { return CatalogReader::findByUrls(db, urls, helpers); });
}

} // namespace glint
