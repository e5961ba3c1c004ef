#include "core/catalog/catalogstore.h"
#include "core/util/sha256.h"

#include <QCoreApplication>
#include "core/catalog/catalogerror.h"
#include "core/catalog/catalogschema.h"
#include "core/catalog/catalogsql.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>
#include <QSqlQuery>

namespace glint {

// Prepared once per open: a batch of records runs the same few statements many times.
struct CatalogStore::Statements {
    explicit Statements(const QSqlDatabase &db)
        : pageFind(CatalogSql::prepare(db, QStringLiteral("SELECT id FROM pages WHERE url = ?")))
        , pageInsert(CatalogSql::prepare(db, QStringLiteral("INSERT INTO pages(url, host, first_seen) VALUES (?, ?, ?)")))
        , imageFind(CatalogSql::prepare(db, QStringLiteral("SELECT id, file, bytes FROM images WHERE sha256 = ?")))
        , imageInsert(CatalogSql::prepare(db, QStringLiteral(
              "INSERT INTO images(sha256, bytes, format, width, height, pixels, file, file_owned, added_at, url, host, page_id)"
              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")))
        , imageFile(CatalogSql::prepare(db, QStringLiteral("UPDATE images SET file = ?, file_owned = ? WHERE id = ?")))
        , fileUsed(CatalogSql::prepare(db, QStringLiteral("SELECT EXISTS (SELECT 1 FROM images WHERE file = ?)")))
        , fileImages(CatalogSql::prepare(db, QStringLiteral("SELECT id FROM images WHERE file = ?")))
        , thumbnailPut(CatalogSql::prepare(db, QStringLiteral("INSERT OR REPLACE INTO thumbnails(image_id, data) VALUES (?, ?)")))
        , sourceImage(CatalogSql::prepare(db, QStringLiteral("SELECT image_id FROM sources WHERE url = ?")))
        // A URL fetched again keeps one row. A failed refetch keeps the image the URL gave before:
        // the bytes are still catalogued, only the latest attempt failed.
        , sourcePut(CatalogSql::prepare(db, QStringLiteral(
              "INSERT INTO sources(url, page_id, image_id, status, error, http_status, fetched_at, etag, last_modified)"
              " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET"
              " page_id = coalesce(excluded.page_id, page_id), image_id = coalesce(excluded.image_id, image_id),"
              " status = excluded.status, error = excluded.error, http_status = excluded.http_status,"
              " fetched_at = excluded.fetched_at, etag = excluded.etag, last_modified = excluded.last_modified")))
        , textDelete(CatalogSql::prepare(db, QStringLiteral("DELETE FROM images_text WHERE rowid = ?")))
        , textInsert(CatalogSql::prepare(db, CatalogSchema::searchTextInsertSql()))
        // Qt's SQLite driver counts "?1" used twice as one value too few: each use is its own "?".
        // A slice's ids as one JSON array (json_each): one statement per step for the whole slice.
        , removeFind(CatalogSql::prepare(db, QStringLiteral(
              "SELECT file, page_id, file_owned, bytes FROM images WHERE id IN (SELECT value FROM json_each(?))"
              " UNION ALL SELECT NULL, page_id, NULL, NULL FROM sources WHERE image_id IN (SELECT value FROM json_each(?))")))
        , removeImage(CatalogSql::prepare(db, QStringLiteral("DELETE FROM images WHERE id IN (SELECT value FROM json_each(?))")))
        , removePage(CatalogSql::prepare(db, QStringLiteral(
              "DELETE FROM pages WHERE id = ? AND NOT EXISTS (SELECT 1 FROM sources WHERE page_id = pages.id)"
              " AND NOT EXISTS (SELECT 1 FROM images WHERE page_id = pages.id)")))
    {
    }

    QSqlQuery pageFind, pageInsert, imageFind, imageInsert, imageFile, fileUsed, fileImages, thumbnailPut, sourceImage, sourcePut,
        textDelete, textInsert, removeFind, removeImage, removePage;
};

namespace {

// One transaction, rolled back unless commit() was reached; the destructor never throws.
class Transaction final {
    Q_DISABLE_COPY_MOVE(Transaction)
public:
    explicit Transaction(const QSqlDatabase &db) : m_db(db)
    {
        // IMMEDIATE takes the write lock now: a transaction never fails half-way on a lock.
        CatalogSql::run(m_db, QStringLiteral("BEGIN IMMEDIATE"));
    }
    ~Transaction()
    {
        if (!m_done) {
            try {
                CatalogSql::run(m_db, QStringLiteral("ROLLBACK"));
            } catch (const CatalogError &) {
                // SQLite already rolled back (it does on some errors); the first error is reported.
            }
        }
    }
    void commit()
    {
        CatalogSql::run(m_db, QStringLiteral("COMMIT"));
        m_done = true;
    }

private:
    QSqlDatabase m_db;
    bool m_done = false;
};

QString hostOf(const QUrl &url)
{
    return url.isLocalFile() ? QString() : url.host().toLower();
}

// A null QString binds as SQL NULL; the text columns are NOT NULL and say "none" with ''.
QString text(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

QString text(const QByteArray &value)
{
    return text(QString::fromLatin1(value));
}

// The same file under two spellings (a symlinked folder, "a/../b") counts as the same file.
bool isSameFile(const QString &a, const QString &b)
{
    if (a == b)
        return true;
    const QString canonical = QFileInfo(a).canonicalFilePath();
    return !canonical.isEmpty() && canonical == QFileInfo(b).canonicalFilePath();
}

// Does `file` still hold the catalogued bytes? The size says no cheaply; a yes from the size is
// only believed after hashing when `sure` is asked for (before the only other copy is deleted).
bool holds(const QString &file, qint64 bytes, const QString &sha256, bool sure)
{
    const QFileInfo info(file);
    if (file.isEmpty() || !info.isFile() || info.size() != bytes)
        return false;
    if (!sure)
        return true;
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    Sha256 hash;
    return hash.addData(&f) && QString::fromLatin1(hash.hex()) == sha256;
}

} // namespace

CatalogStore::CatalogStore(const QString &connectionName) : m_name(connectionName) {}

CatalogStore::~CatalogStore()
{
    close();
}

CatalogOpenResult CatalogStore::open(const QString &path)
{
    close();
    m_path = path;
    try {
        const QFileInfo info(path);
        if (!info.absoluteDir().exists() && !QDir().mkpath(info.absolutePath()))
            throw CatalogError(QCoreApplication::translate("glint::Catalog", "Could not create the folder %1.").arg(QDir::toNativeSeparators(info.absolutePath())));
        m_db = CatalogSql::open(m_name, path, /*readOnly=*/false);
        CatalogSchema::configureWriter(m_db);
        CatalogSchema::migrate(m_db);
        m_sql = std::make_unique<Statements>(m_db);
    } catch (const CatalogError &error) {
        close();
        return {false, false, error.message()};
    }
    return {true, false, {}};
}

void CatalogStore::close()
{
    m_sql.reset();
    if (m_db.isValid()) {
        m_db = QSqlDatabase();
        CatalogSql::remove(m_name);
    }
}

void CatalogStore::requireOpen() const
{
    if (!m_sql)
        throw CatalogError(QCoreApplication::translate("glint::Catalog", "The catalog is not open."));
}

QList<CatalogInsertResult> CatalogStore::insert(const QList<CatalogRecord> &records)
{
    requireOpen();
    QList<CatalogInsertResult> results;
    results.reserve(records.size());
    Transaction transaction(m_db);
    for (const CatalogRecord &record : records) {
        // A savepoint per record: one bad record (a constraint, a missing hash) is undone alone.
        CatalogSql::run(m_db, QStringLiteral("SAVEPOINT record"));
        try {
            results.append(insertOne(record));
            CatalogSql::run(m_db, QStringLiteral("RELEASE record"));
        } catch (const CatalogError &error) {
            CatalogSql::run(m_db, QStringLiteral("ROLLBACK TO record"));
            CatalogSql::run(m_db, QStringLiteral("RELEASE record"));
            CatalogInsertResult failed;
            failed.error = error.message();
            results.append(failed);
        }
    }
    transaction.commit();
    return results;
}

QVariant CatalogStore::pageId(const QUrl &page, qint64 now)
{
    if (page.isEmpty())
        return CatalogSql::nullInteger();
    const QString url = CatalogSchema::urlText(page);
    CatalogSql::exec(m_sql->pageFind, {url});
    if (m_sql->pageFind.next()) {
        const qint64 id = m_sql->pageFind.value(0).toLongLong();
        m_sql->pageFind.finish();
        return id;
    }
    m_sql->pageFind.finish();
    CatalogSql::exec(m_sql->pageInsert, {url, text(hostOf(page)), now});
    const qint64 id = m_sql->pageInsert.lastInsertId().toLongLong();
    m_sql->pageInsert.finish();
    return id;
}

bool CatalogStore::isReferenced(const QString &file)
{
    CatalogSql::exec(m_sql->fileUsed, {file});
    const bool used = m_sql->fileUsed.next() && m_sql->fileUsed.value(0).toBool();
    m_sql->fileUsed.finish();
    return used;
}

CatalogInsertResult CatalogStore::insertOne(const CatalogRecord &record)
{
    if (record.url.isEmpty())
        throw CatalogError(QCoreApplication::translate("glint::Catalog", "A record without a URL cannot be catalogued."));
    const qint64 now = (record.fetchedAt.isValid() ? record.fetchedAt : QDateTime::currentDateTimeUtc()).toMSecsSinceEpoch();
    const QString url = CatalogSchema::urlText(record.url);
    const QVariant page = pageId(record.page, now);
    CatalogInsertResult result;

    if (record.ok) {
        if (record.sha256.size() != 64)
            throw CatalogError(QCoreApplication::translate("glint::Catalog", "The record of %1 has no SHA-256 of its bytes.").arg(url));
        const QString sha = QString::fromLatin1(record.sha256.toLower());
        CatalogSql::exec(m_sql->imageFind, {sha});
        if (m_sql->imageFind.next()) {
            result.imageId = m_sql->imageFind.value(0).toLongLong();
            const QString kept = m_sql->imageFind.value(1).toString();
            const qint64 keptBytes = m_sql->imageFind.value(2).toLongLong();
            m_sql->imageFind.finish();
            if (!record.file.isEmpty() && !isSameFile(record.file, kept)) {
                // Deleting the new copy leaves the kept one the only copy: be sure it holds the bytes
                // (a user may have edited it in place). Only then is the file read.
                const bool deletable = record.fileCreated && !isReferenced(record.file);
                if (!holds(kept, keptBytes, sha, deletable)) {
                    // The catalogued copy is gone or changed; this one takes its place.
                    CatalogSql::exec(m_sql->imageFile, {record.file, record.fileCreated ? 1 : 0, result.imageId});
                    m_sql->imageFile.finish();
                } else if (deletable) {
                    result.duplicateFile = record.file;   // Glint's own redundant copy
                }
            }
        } else {
            m_sql->imageFind.finish();
            const qint64 pixels = qint64(record.size.width()) * record.size.height();
            CatalogSql::exec(m_sql->imageInsert,
                             {sha, record.bytes, text(record.format.toLower()), record.size.width(), record.size.height(),
                              pixels, text(record.file), record.fileCreated ? 1 : 0, now, url, text(hostOf(record.url)), page});
            result.imageId = m_sql->imageInsert.lastInsertId().toLongLong();
            result.newImage = true;
            m_sql->imageInsert.finish();
        }
        if (!record.thumbnailJpeg.isEmpty()) {
            CatalogSql::exec(m_sql->thumbnailPut, {result.imageId, record.thumbnailJpeg});
            m_sql->thumbnailPut.finish();
        }
    }

    // Did this URL already lead to this image? Then the search text already holds it.
    qint64 previousImage = 0;
    CatalogSql::exec(m_sql->sourceImage, {url});
    if (m_sql->sourceImage.next())
        previousImage = m_sql->sourceImage.value(0).toLongLong();
    m_sql->sourceImage.finish();

    CatalogSql::exec(m_sql->sourcePut,
                     {url, page, result.imageId ? QVariant(result.imageId) : CatalogSql::nullInteger(),
                      record.ok ? QStringLiteral("ok") : QStringLiteral("failed"), text(record.error), record.httpStatus,
                      now, text(record.etag), text(record.lastModified)});
    m_sql->sourcePut.finish();

    if (result.imageId && (result.newImage || previousImage != result.imageId))
        refreshSearchText(result.imageId);
    if (result.imageId && previousImage && previousImage != result.imageId)
        refreshSearchText(previousImage);   // the URL now gives other bytes: it leaves the old text
    return result;
}

void CatalogStore::refreshSearchText(qint64 imageId)
{
    CatalogSql::exec(m_sql->textDelete, {imageId});
    m_sql->textDelete.finish();
    CatalogSql::exec(m_sql->textInsert, {imageId});
    m_sql->textInsert.finish();
}

CatalogRemoveResult CatalogStore::remove(const QList<qint64> &ids, QStringList *deletable)
{
    QList<RemovedFile> files;
    CatalogRemoveResult result = removeRows(ids, deletable ? &files : nullptr);
    if (deletable)
        sortOutFiles(files, &result, deletable);
    return result;
}

CatalogRemoveResult CatalogStore::removeRows(const QList<qint64> &ids, QList<RemovedFile> *gone)
{
    requireOpen();
    // The slice in one statement per step, not three per image: a statement per id (and Qt's cost
    // per call) made removing 2.9 times as slow as SQLite deleting the same rows as a set.
    QByteArray list = "[";
    for (qsizetype i = 0; i < ids.size(); ++i)
        list += (i > 0 ? "," : "") + QByteArray::number(ids.at(i));
    const QString idList = QString::fromLatin1(list + ']');
    Transaction transaction(m_db);
    QSet<qint64> pages;
    CatalogRemoveResult result;
    CatalogSql::exec(m_sql->removeFind, {idList, idList});
    while (m_sql->removeFind.next()) {
        const QVariant file = m_sql->removeFind.value(0);
        if (gone && !file.isNull() && !file.toString().isEmpty())
            gone->append({file.toString(), m_sql->removeFind.value(2).toInt() != 0, m_sql->removeFind.value(3).toLongLong()});
        if (!m_sql->removeFind.value(1).isNull())
            pages.insert(m_sql->removeFind.value(1).toLongLong());
    }
    m_sql->removeFind.finish();
    // Cascades to thumbnails and sources; the trigger removes the search text. Only the images
    // themselves count as changes (not what cascades), so this is how many there were.
    CatalogSql::exec(m_sql->removeImage, {idList});
    result.removed = m_sql->removeImage.numRowsAffected();
    m_sql->removeImage.finish();
    for (const qint64 page : std::as_const(pages)) {
        CatalogSql::exec(m_sql->removePage, {page});
        m_sql->removePage.finish();
    }
    transaction.commit();
    return result;
}

void CatalogStore::sortOutFiles(const QList<RemovedFile> &files, CatalogRemoveResult *result, QStringList *deletable)
{
    requireOpen();
    // After the rows went (this thread is the only writer, so nothing comes back in between):
    // "no remaining image refers to it" is then a question about the catalog as it now is.
    QSet<QString> seen;
    for (const RemovedFile &file : files) {
        if (seen.contains(file.file))
            continue;
        seen.insert(file.file);
        if (!QFileInfo::exists(file.file))
            continue;   // already gone: nothing to delete or to keep
        if (!file.owned || !holds(file.file, file.bytes, {}, false))
            ++result->filesNotOwned;
        else if (isReferenced(file.file))
            ++result->filesShared;
        else
            deletable->append(file.file);
    }
}

int CatalogStore::forgetDeletedFiles(const QStringList &files)
{
    requireOpen();
    QList<qint64> ids;
    for (const QString &file : files) {
        // A file put back at that path since (the user restored it, a download claimed the name)
        // keeps its rows: only a path that names nothing is forgotten.
        if (file.isEmpty() || QFileInfo::exists(file))
            continue;
        CatalogSql::exec(m_sql->fileImages, {file});
        while (m_sql->fileImages.next())
            ids << m_sql->fileImages.value(0).toLongLong();
        m_sql->fileImages.finish();
    }
    return ids.isEmpty() ? 0 : remove(ids, nullptr).removed;
}

void CatalogStore::vacuum()
{
    requireOpen();
    // VACUUM needs every statement of the connection reset: ours are (each is finished after use).
    CatalogSql::run(m_db, QStringLiteral("VACUUM"));
    CatalogSql::run(m_db, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
}

} // namespace glint
