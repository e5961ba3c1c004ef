#include "core/catalog/catalogsql.h"

#include <QCoreApplication>
#include "core/catalog/catalogerror.h"
#include "core/probe/guithreadwork.h"

#include <QSqlDriver>
#include <QSqlError>
#include <sqlite3.h>

namespace glint {
namespace {

QString describe(const QSqlError &error)
{
    // driverText is SQLite's own sentence ("database disk image is malformed"); Qt's text around
    // it ("Unable to execute statement") adds nothing a user can act on.
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    return text.trimmed();
}

} // namespace

QSqlDatabase CatalogSql::open(const QString &name, const QString &path, bool readOnly)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
    if (!db.isValid())
        throw CatalogError(QCoreApplication::translate("glint::Catalog", "The SQLite driver of Qt is missing (package libqt6sql6-sqlite)."));
    db.setDatabaseName(path);
    // The busy timeout covers the short moments a checkpoint holds a lock; in WAL mode readers and
    // the single writer otherwise never wait for each other.
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000");
    if (readOnly)
        options += QStringLiteral(";QSQLITE_OPEN_READONLY");
    db.setConnectOptions(options);
    GuiThreadWork::note(GuiThreadWork::Kind::Query);
    if (!db.open()) {
        const QString why = describe(db.lastError());
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        throw CatalogError(QCoreApplication::translate("glint::Catalog", "Could not open the catalog %1: %2").arg(path, why));
    }
    return db;
}

void CatalogSql::remove(const QString &name)
{
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

QSqlQuery CatalogSql::prepare(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql)) {
        // SQLite reads the schema at the first prepare: a damaged file often shows up here.
        const QSqlError error = query.lastError();
        throw CatalogError(QCoreApplication::translate("glint::Catalog", "The catalog could not prepare a statement: %1").arg(describe(error)),
                           error.nativeErrorCode().toInt());
    }
    return query;
}

void CatalogSql::exec(QSqlQuery &query)
{
    GuiThreadWork::note(GuiThreadWork::Kind::Query);
    if (!query.exec()) {
        const QSqlError error = query.lastError();
        throw CatalogError(describe(error), error.nativeErrorCode().toInt());
    }
}

void CatalogSql::exec(QSqlQuery &query, std::initializer_list<QVariant> values)
{
    int i = 0;
    for (const QVariant &value : values)
        query.bindValue(i++, value);
    exec(query);
}

QVariant CatalogSql::run(const QSqlDatabase &db, const QString &sql)
{
    QSqlQuery query = prepare(db, sql);
    exec(query);
    QVariant first;
    if (query.next())
        first = query.value(0);
    // A pragma's row left unread keeps the statement active, and an active statement blocks
    // COMMIT's lock release, VACUUM and WAL checkpoints.
    query.finish();
    return first;
}

sqlite3 *CatalogSql::handle(const QSqlDatabase &db)
{
    if (!db.driver())
        return nullptr;
    // As Qt's documentation of QSqlDriver::handle() shows it for SQLite.
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

QVariant CatalogSql::nullInteger()
{
    return QVariant(QMetaType::fromType<qint64>());
}

} // namespace glint
