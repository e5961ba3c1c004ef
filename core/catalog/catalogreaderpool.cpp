#include "core/catalog/catalogreaderpool.h"

#include <QCoreApplication>
#include "core/catalog/catalogschema.h"
#include "core/catalog/catalogsql.h"

#include <QThread>
#include <atomic>

namespace glint {
namespace {
std::atomic<quint64> g_nextPoolId{1};
}

CatalogReaderPool::ThreadConnection::~ThreadConnection()
{
    CatalogSql::remove(name);
}

CatalogReaderPool::CatalogReaderPool(int threads)
    : m_id(g_nextPoolId.fetch_add(1))
    , m_helpers(std::make_unique<QThreadPool>())
    , m_pool(std::make_unique<QThreadPool>())
{
    m_helpers->setMaxThreadCount(1);
    m_helpers->setObjectName(QStringLiteral("catalog-thumbnail-helper"));
    m_pool->setMaxThreadCount(threads);
    m_pool->setObjectName(QStringLiteral("catalog-readers"));
}

CatalogReaderPool::~CatalogReaderPool()
{
    // Destroying the pool joins its threads; each one deletes its ThreadConnection (closing it on
    // the thread that opened it) as it ends. Queued work that has not started still runs first, so
    // its promises finish instead of hanging.
    m_pool->waitForDone();
    m_pool.reset();
    m_helpers->waitForDone();   // a helper touches only its shared, reference-counted rows
}

void CatalogReaderPool::setPath(const QString &path)
{
    QMutexLocker lock(&m_lock);
    m_target.path = path;
    ++m_target.epoch;
}

CatalogReaderPool::Target CatalogReaderPool::currentTarget() const
{
    QMutexLocker lock(&m_lock);
    return m_target;
}

QSqlDatabase CatalogReaderPool::connection(const Target &target)
{
    if (target.path.isEmpty())
        throw CatalogError(QCoreApplication::translate("glint::Catalog", "The catalog is not open."));
    ThreadConnection *current = m_connections.hasLocalData() ? m_connections.localData() : nullptr;
    if (current && current->epoch == target.epoch)
        return QSqlDatabase::database(current->name, false);

    // setLocalData() deletes the previous object, which closes the connection to the old file.
    m_connections.setLocalData(nullptr);
    const QString name = QStringLiteral("glint-catalog-%1-reader-%2-%3")
                             .arg(m_id)
                             .arg(quintptr(QThread::currentThreadId()))
                             .arg(target.epoch);
    QSqlDatabase db = CatalogSql::open(name, target.path, /*readOnly=*/true);
    auto *made = new ThreadConnection{name, target.epoch};   // owned by m_connections from here
    m_connections.setLocalData(made);
    CatalogSchema::configureReader(db);
    return db;
}

} // namespace glint
