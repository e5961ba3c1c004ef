#include "core/catalog/staleinterrupt.h"

#include <QSqlDriver>
#include <QVariant>
#include <sqlite3.h>

namespace glint {

StaleInterrupt::StaleInterrupt(const QSqlDatabase &db, std::function<bool()> isStale) : m_isStale(std::move(isStale))
{
    if (!m_isStale || !db.driver())
        return;
    // As Qt's documentation of QSqlDriver::handle() shows it for SQLite.
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return;
    m_handle = *static_cast<sqlite3 *const *>(handle.constData());
    if (m_handle)
        sqlite3_progress_handler(static_cast<sqlite3 *>(m_handle), kStepsBetweenChecks, &StaleInterrupt::check, this);
}

StaleInterrupt::~StaleInterrupt()
{
    if (m_handle)
        sqlite3_progress_handler(static_cast<sqlite3 *>(m_handle), 0, nullptr, nullptr);
}

int StaleInterrupt::check(void *self)
{
    auto *guard = static_cast<StaleInterrupt *>(self);
    if (!guard->m_interrupted && guard->m_isStale())
        guard->m_interrupted = true;
    return guard->m_interrupted ? 1 : 0;   // non-zero: SQLite stops the statement
}

} // namespace glint
