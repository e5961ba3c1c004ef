#pragma once
// Lets one thread stop a long statement that another thread is running on its own connection, such
// as the full integrity check of a big catalog when Glint quits. SQLite's progress handler cannot do
// this: the check is one virtual-machine instruction, and the handler is only called between
// instructions. sqlite3_interrupt() is, and the check reads its flag at every page. A stop() that
// comes before the statement runs would be lost by sqlite3_interrupt() (it ignores a connection
// with nothing running), so the progress handler, called at the statement's first instructions,
// catches that case.
//
// Threads: attach() and detach() on the thread that owns the connection, around the statement;
// stop() from any thread, any number of times. A stop() before attach() takes effect at attach().
// Lifetime: detach() before the connection closes; sqlite3_interrupt() on a closed connection is
// undefined, and the mutex makes stop() and detach() exclusive.
#include <QSqlDatabase>
#include <atomic>
#include <mutex>

struct sqlite3;

namespace glint {

class StatementStop final {
    Q_DISABLE_COPY_MOVE(StatementStop)
public:
    StatementStop() = default;

    void attach(const QSqlDatabase &db);
    void detach();
    void stop();
    bool isStopped() const;

private:
    static int progress(void *self);

    std::mutex m_mutex;
    sqlite3 *m_handle = nullptr;   // between attach() and detach()
    std::atomic<bool> m_stopped{false};
};

// attach() in the constructor, detach() in the destructor.
class StatementStopScope final {
    Q_DISABLE_COPY_MOVE(StatementStopScope)
public:
    StatementStopScope(StatementStop *stop, const QSqlDatabase &db) : m_stop(stop)
    {
        if (m_stop)
            m_stop->attach(db);
    }
    ~StatementStopScope()
    {
        if (m_stop)
            m_stop->detach();
    }

private:
    StatementStop *const m_stop;
};

} // namespace glint
