#include "core/catalog/catalogfilecheck.h"

#include <QCoreApplication>
#include "core/catalog/catalogerror.h"
#include "core/catalog/catalogschema.h"
#include "core/catalog/catalogsql.h"
#include "core/catalog/filestamp.h"
#include "core/catalog/statementstop.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSqlQuery>
#include <QStringList>
#include <atomic>
#include <optional>

namespace glint {
namespace {

std::atomic<int> g_nextCheck{1};

constexpr int kSqliteCorrupt = 11;
constexpr int kSqliteNotADatabase = 26;

const char *const kCompanions[] = {"-wal", "-shm", "-journal"};

bool isDamageCode(int code)
{
    const int primary = code & 0xff;   // extended codes keep the primary code in the low byte
    return primary == kSqliteCorrupt || primary == kSqliteNotADatabase;
}

CatalogOpenResult damaged(const QString &path, const QString &why)
{
    return {false, true,
            QCoreApplication::translate("glint::Catalog", "The catalog %1 is damaged (%2). It was left untouched: you can move it aside "
                           "and start a new catalog, or keep it and try to recover it with SQLite tools.")
                .arg(QDir::toNativeSeparators(path), why)};
}

CatalogOpenResult refused(const QString &message)
{
    return {false, false, message};
}

// Runs the checks on an open read-only connection; throws CatalogError from SQLite.
CatalogOpenResult check(const QSqlDatabase &db, const QString &path, const std::function<void()> &readable, bool full,
                        StatementStop *stop)
{
    // Quick stage: the header and the schema. isEmpty() reads sqlite_schema, so a damaged first
    // page or schema fails here already.
    const QString shown = QDir::toNativeSeparators(path);
    const int appId = CatalogSchema::applicationId(db);
    if ((appId != 0 && appId != CatalogSchema::kApplicationId) || (appId == 0 && !CatalogSchema::isEmpty(db)))
        return refused(QCoreApplication::translate("glint::Catalog", "%1 is an SQLite file but not a Glint catalog. It was left untouched.").arg(shown));
    const int version = CatalogSchema::version(db);
    if (version > CatalogSchema::kVersion)
        return refused(QCoreApplication::translate("glint::Catalog", "The catalog %1 was made by a newer version of Glint (catalog version %2, "
                                      "this version reads up to %3). It was left untouched.")
                           .arg(shown).arg(version).arg(CatalogSchema::kVersion));
    if (readable && version == CatalogSchema::kVersion)
        readable();
    if (!full)
        return {true, false, {}};

    // Full stage: quick_check verifies every page, record and free list (all but index contents),
    // in time linear in the file size, and reads only. Its first rows say what is wrong. At a
    // million images it takes many seconds: a catalog closing meanwhile (Glint quitting) stops it
    // rather than waiting for it.
    const StatementStopScope scope(stop, db);
    const auto stopped = [stop] { return stop && stop->isStopped(); };
    QStringList problems;
    try {
        QSqlQuery q = CatalogSql::prepare(db, QStringLiteral("PRAGMA quick_check(3)"));
        CatalogSql::exec(q);
        while (q.next())
            problems << q.value(0).toString();
        q.finish();
    } catch (const CatalogError &) {
        if (!stopped())
            throw;
    }
    if (problems == QStringList{QStringLiteral("ok")})
        return {true, false, {}};
    // A check stopped part way says nothing about the file: never "damaged".
    if (stopped()) {
        CatalogOpenResult result{false, false,
                                 QCoreApplication::translate("glint::Catalog", "The check of the catalog %1 was stopped because the catalog was "
                                                             "closed; the next start checks it again.").arg(shown)};
        result.stopped = true;
        return result;
    }
    return damaged(path, problems.join(QLatin1String("; ")));
}

} // namespace

CatalogOpenResult CatalogFileCheck::inspect(const QString &path, const std::function<void()> &readable, bool full,
                                            StatementStop *stop)
{
    const QFileInfo info(path);
    if (info.exists() && !info.isFile())
        return refused(QCoreApplication::translate("glint::Catalog", "%1 is not a file.").arg(QDir::toNativeSeparators(path)));
    if (isNew(path))
        return {true, false, {}};   // nothing to lose

    const QString name = QStringLiteral("glint-catalog-check-%1").arg(g_nextCheck.fetch_add(1));
    CatalogOpenResult result;
    try {
        const QSqlDatabase db = CatalogSql::open(name, path, /*readOnly=*/true);
        result = check(db, path, readable, full, stop);
    } catch (const CatalogError &error) {
        result = isDamageCode(error.sqliteCode())
            ? damaged(path, error.message())
            : refused(QCoreApplication::translate("glint::Catalog", "The catalog %1 could not be read: %2").arg(QDir::toNativeSeparators(path), error.message()));
    }
    CatalogSql::remove(name);
    return result;
}

bool CatalogFileCheck::isNew(const QString &path)
{
    const QFileInfo info(path);
    return !info.exists() || (info.isFile() && info.size() == 0 && !QFileInfo::exists(path + QLatin1String("-wal")));
}

namespace {

QString cleanMarkPath(const QString &path)
{
    return path + QLatin1String(".clean");
}

// What the mark compares, for the catalog and its -wal: their FileStamps, so a file edited, restored
// or replaced since the mark no longer matches.
QByteArray fileState(const QString &path)
{
    QByteArray state;
    for (const QString &file : {path, path + QLatin1String("-wal")}) {
        const std::optional<FileStamp> stamp = FileStamp::of(file);
        if (!stamp) {
            state += "none\n";
            continue;
        }
        state += QByteArray::number(stamp->inode) + ' ' + QByteArray::number(stamp->size) + ' '
            + QByteArray::number(stamp->changedNs / 1000000000) + '.' + QByteArray::number(stamp->changedNs % 1000000000) + '\n';
    }
    return state;
}

} // namespace

void CatalogFileCheck::markCleanClose(const QString &path)
{
    if (path.isEmpty() || !QFileInfo::exists(path))
        return;
    QSaveFile mark(cleanMarkPath(path));
    if (mark.open(QIODevice::WriteOnly)) {
        mark.write(fileState(path));
        mark.commit();
    }
}

bool CatalogFileCheck::takeCleanClose(const QString &path)
{
    QFile mark(cleanMarkPath(path));
    if (!mark.open(QIODevice::ReadOnly))
        return false;
    const QByteArray recorded = mark.read(4096);
    mark.close();
    // Gone before anything writes: if this session ends badly, the next one checks everything.
    const bool removed = mark.remove();
    return removed && !recorded.isEmpty() && recorded == fileState(path);
}

QString CatalogFileCheck::moveAside(const QString &path)
{
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    const auto taken = [](const QString &base) {
        if (QFileInfo::exists(base))
            return true;
        for (const char *companion : kCompanions)
            if (QFileInfo::exists(base + QLatin1String(companion)))
                return true;
        return false;
    };
    QString target = QStringLiteral("%1.damaged-%2").arg(path, stamp);
    for (int n = 2; taken(target); ++n)
        target = QStringLiteral("%1.damaged-%2-%3").arg(path, stamp).arg(n);

    if (!QFile::rename(path, target))
        throw CatalogError(QCoreApplication::translate("glint::Catalog", "Could not move the damaged catalog %1 aside.").arg(QDir::toNativeSeparators(path)));
    // The companions hold part of the moved file's content (a -wal may carry its last commits):
    // they go with it, and the new catalog starts without them.
    for (const char *companion : kCompanions) {
        const QString from = path + QLatin1String(companion);
        if (QFileInfo::exists(from) && !QFile::rename(from, target + QLatin1String(companion)))
            throw CatalogError(QCoreApplication::translate("glint::Catalog", "Could not move %1 aside.").arg(QDir::toNativeSeparators(from)));
    }
    return target;
}

} // namespace glint
