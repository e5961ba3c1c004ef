#pragma once
// Stops a read statement the moment its result is no longer wanted. A search the user has typed past,
// or the totals of one, would otherwise run to its end — a count over a million rows takes seconds —
// and hold one of the two reader threads while the search that is wanted waits behind it. While a
// StaleInterrupt lives, SQLite calls back every few thousand virtual-machine steps; when `isStale`
// says so, the statement ends with SQLITE_INTERRUPT (CatalogSql throws, the pool drops the result).
//
// Threads: made and destroyed on the reader thread that owns the connection, around one piece of work.
// Lifetime: `isStale` is copied; what it refers to must outlive the guard. Ownership: borrows the
// connection's sqlite3 handle, which Qt's SQLite driver shares with the system's libsqlite3.
#include <QSqlDatabase>
#include <functional>

struct sqlite3;

namespace glint {

class StaleInterrupt final {
    Q_DISABLE_COPY_MOVE(StaleInterrupt)
public:
    static constexpr int kStepsBetweenChecks = 4000;   // well under a millisecond of SQLite work

    StaleInterrupt(const QSqlDatabase &db, std::function<bool()> isStale);
    ~StaleInterrupt();

    bool interrupted() const { return m_interrupted; }

private:
    static int check(void *self);

    sqlite3 *m_handle = nullptr;
    const std::function<bool()> m_isStale;
    bool m_interrupted = false;
};

} // namespace glint
