#include "core/catalog/catalog.h"

#include <QCoreApplication>
#include "core/catalog/catalogerror.h"
#include "core/catalog/catalogfilecheck.h"
#include "core/catalog/catalogreader.h"
#include "core/catalog/catalogreaderpool.h"
#include "core/catalog/catalogstore.h"
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
}

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
QFuture<T> Catalog::write(std::function<T(CatalogStore &)> work)
{
    return writeReporting<T>([work = std::move(work)](CatalogStore &store, QPromise<T> &) { return work(store); });
}

// As write(), with the promise handed to the work, which may report progress on it.
template <typename T>
QFuture<T> Catalog::writeReporting(std::function<T(CatalogStore &, QPromise<T> &)> work)
{
    auto promise = std::make_shared<QPromise<T>>();
    QFuture<T> future = promise->future();
    promise->start();
    QMetaObject::invokeMethod(
        m_writerContext,
        [this, promise, work = std::move(work)] {
            try {
                if constexpr (std::is_void_v<T>)
                    work(*m_store, *promise);
                else
                    promise->addResult(work(*m_store, *promise));
            } catch (...) {
                promise->setException(std::current_exception());
            }
            promise->finish();
        },
        Qt::QueuedConnection);
    return future;
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
    CatalogReaderPool *readers = m_readers.get();
    // Runs on the writer thread; the destructor waits for that thread, so `this` is alive. The events
    // it posts are delivered in order and dropped with `this`.
    const auto announce = [this, readers, path] {
        readers->setPath(path);
        QMetaObject::invokeMethod(this, [this, path] {
            if (path != m_path)
                return;   // another open was asked for meanwhile: it announces its own
            m_readable = true;
            Q_EMIT readable(path);
        }, Qt::QueuedConnection);
    };
    const auto unreadable = [this, path] {
        QMetaObject::invokeMethod(this, [this, path] {
            if (path == m_path)
                m_readable = false;
        }, Qt::QueuedConnection);
    };
    StatementStop *stop = m_openStop.get();
    return write<CatalogOpenResult>([path, moveAside, readers, announce, unreadable, stop](CatalogStore &store) {
        store.close();
        readers->setPath({});   // an open() posted before this one may have set its own path
        QString movedTo;
        if (moveAside) {
            try {
                if (QFile::exists(path))
                    movedTo = CatalogFileCheck::moveAside(path);
            } catch (const CatalogError &error) {
                return CatalogOpenResult{false, false, error.message()};
            }
        }
        bool announced = false;
        CatalogOpenResult result = store.open(path, [&] {
            announce();
            announced = true;
        }, stop);
        if (!result.ok) {
            readers->setPath({});
            unreadable();
            return result;
        }
        if (!announced)
            announce();
        if (!movedTo.isEmpty())
            result.message = QCoreApplication::translate("glint::Catalog", "The damaged catalog was moved to %1; a new catalog was started.")
                                 .arg(QDir::toNativeSeparators(movedTo));
        return result;
    });
}

QFuture<QList<CatalogInsertResult>> Catalog::insert(const QList<CatalogRecord> &records)
{
    return write<QList<CatalogInsertResult>>([records](CatalogStore &store) {
        QList<CatalogInsertResult> results = store.insert(records);
        // Only after the commit: a redundant copy of Glint's goes once the catalog points at the kept one.
        for (CatalogInsertResult &result : results) {
            if (!result.duplicateFile.isEmpty() && !QFile::remove(result.duplicateFile))
                result.duplicateFile.clear();
        }
        return results;
    });
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
