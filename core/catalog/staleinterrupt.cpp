#include "core/catalog/staleinterrupt.h"

#include "core/catalog/catalogsql.h"

#include <sqlite3.h>

namespace glint {

StaleInterrupt::StaleInterrupt(const QSqlDatabase &db, std::function<bool()> isStale) : m_isStale(std::move(isStale))
{
    if (!m_isStale)
        return;
    m_handle = CatalogSql::handle(db);
    if (m_handle)
        sqlite3_progress_handler(m_handle, kStepsBetweenChecks, &StaleInterrupt::check, this);
}

StaleInterrupt::~StaleInterrupt()
{
    if (m_handle)
        sqlite3_progress_handler(m_handle, 0, nullptr, nullptr);
}

int StaleInterrupt::check(void *self)
{
    auto *guard = static_cast<StaleInterrupt *>(self);
    if (!guard->m_interrupted && guard->m_isStale())
        guard->m_interrupted = true;
    return guard->m_interrupted ? 1 : 0;   // non-zero: SQLite stops the statement
}

} // namespace glint
