#pragma once
// The one road every catalog statement takes to SQLite. It counts the call in GuiThreadWork (so a
// query that ever runs on the GUI thread shows up in the report) and turns failures into
// CatalogError, which lets transactions roll back with a single catch.
//
// User-supplied values only ever travel as bound values: the SQL text given here is always a
// constant of ours (or built from constants), never concatenated with user text.
//
// Threads: a connection belongs to the thread that opened it (Qt 6.4 cannot move one); call these
// on that thread only.
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <initializer_list>

struct sqlite3;

namespace glint {

class CatalogSql final {
public:
    // Opens a QSQLITE connection named `name` on the calling thread; a read-write connection
    // creates a missing file. Throws CatalogError when SQLite refuses the file.
    static QSqlDatabase open(const QString &name, const QString &path, bool readOnly);
    // Closes and forgets the connection; no QSqlQuery of it may still be alive.
    static void remove(const QString &name);

    // Prepares `sql` (a forward-only query: rows are read once, nothing is cached by Qt).
    static QSqlQuery prepare(const QSqlDatabase &db, const QString &sql);
    // Executes a prepared query with the values bound since prepare().
    static void exec(QSqlQuery &query);
    // Binds `values` positionally, then executes.
    static void exec(QSqlQuery &query, std::initializer_list<QVariant> values);
    // One-off statement without values (pragmas, DDL, BEGIN/COMMIT); returns the first column of
    // the first row, or an invalid QVariant when there is none.
    static QVariant run(const QSqlDatabase &db, const QString &sql);

    // The connection's own sqlite3 handle (Qt's SQLite driver shares the system's libsqlite3), for
    // what Qt does not offer: progress handlers and interrupts. Null for another driver.
    static sqlite3 *handle(const QSqlDatabase &db);

    // A bound SQL NULL of integer type (QVariant() would do too; this says what is meant).
    static QVariant nullInteger();
};

} // namespace glint
