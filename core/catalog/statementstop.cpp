#include "core/catalog/statementstop.h"

#include "core/catalog/catalogsql.h"

#include <sqlite3.h>

namespace glint {

void StatementStop::attach(const QSqlDatabase &db)
{
    sqlite3 *const handle = CatalogSql::handle(db);
    if (handle)
        sqlite3_progress_handler(handle, 1, &StatementStop::progress, this);
    const std::lock_guard lock(m_mutex);
    m_handle = handle;
}

void StatementStop::detach()
{
    const std::lock_guard lock(m_mutex);
    if (m_handle)
        sqlite3_progress_handler(m_handle, 0, nullptr, nullptr);
    m_handle = nullptr;
}

void StatementStop::stop()
{
    const std::lock_guard lock(m_mutex);
    m_stopped = true;
    if (m_handle)
        sqlite3_interrupt(m_handle);
}

bool StatementStop::isStopped() const
{
    return m_stopped.load();
}

int StatementStop::progress(void *self)
{
    return static_cast<StatementStop *>(self)->m_stopped.load() ? 1 : 0;   // non-zero: SQLite stops the statement
}

} // namespace glint
