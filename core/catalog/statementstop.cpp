#include "core/catalog/statementstop.h"

#include <QSqlDriver>
#include <QVariant>
#include <sqlite3.h>

namespace glint {

void StatementStop::attach(const QSqlDatabase &db)
{
    void *handle = nullptr;
    if (db.driver()) {
        // As Qt's documentation of QSqlDriver::handle() shows it for SQLite.
        const QVariant value = db.driver()->handle();
        if (value.isValid() && qstrcmp(value.typeName(), "sqlite3*") == 0)
            handle = *static_cast<sqlite3 *const *>(value.constData());
    }
    if (handle)
        sqlite3_progress_handler(static_cast<sqlite3 *>(handle), 1, &StatementStop::progress, this);
    const std::lock_guard lock(m_mutex);
    m_handle = handle;
}

void StatementStop::detach()
{
    const std::lock_guard lock(m_mutex);
    if (m_handle)
        sqlite3_progress_handler(static_cast<sqlite3 *>(m_handle), 0, nullptr, nullptr);
    m_handle = nullptr;
}

void StatementStop::stop()
{
    const std::lock_guard lock(m_mutex);
    m_stopped = true;
    if (m_handle)
        sqlite3_interrupt(static_cast<sqlite3 *>(m_handle));
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
