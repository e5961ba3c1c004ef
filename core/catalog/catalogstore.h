#pragma once
// The writer's side of the catalog: the one read-write connection and every statement that changes
// the file. Each public call is one transaction; nothing is ever written outside a transaction.
//
// Threads: lives on the writer thread and is used only there (Catalog creates and deletes it there).
// Not thread-safe; Qt 6.4 connections cannot leave the thread that opened them.
#include "core/catalog/catalogtypes.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <memory>

namespace glint {

class CatalogStore final {
    Q_DISABLE_COPY_MOVE(CatalogStore)
public:
    explicit CatalogStore(const QString &connectionName);
    ~CatalogStore();

    // Opens a file the caller has already inspected (CatalogFileCheck, Catalog::open) for writing
    // and upgrades its schema.
    CatalogOpenResult open(const QString &path);
    void close();
    bool isOpen() const { return m_db.isOpen(); }
    QString path() const { return m_path; }   // the last path given to open(), even when it failed

    // One transaction for the whole list; a record that fails is rolled back alone (savepoint) and
    // reported in its result. Throws CatalogError when the transaction as a whole fails (nothing of
    // it is kept). Files are never touched here: duplicateFile only names a redundant copy that the
    // caller may delete after the commit — one Glint created (fileCreated), that is not the kept
    // file, that no row refers to, while the kept file still holds the bytes (read and hashed here,
    // only in that case). A kept file that is gone or changed is replaced by the record's.
    QList<CatalogInsertResult> insert(const QList<CatalogRecord> &records);
    // Deletes images with their sources, thumbnails and search text, and pages no longer used.
    // With `deletable`, it receives the removed images' files that the caller may delete after the
    // commit: those Glint created (file_owned), still of the size it wrote, and referred to by no
    // remaining image. The others are counted in the result (filesNotOwned, filesShared).
    CatalogRemoveResult remove(const QList<qint64> &ids, QStringList *deletable);
    // The two halves of remove(), for a removal made of several transactions (Catalog::remove
    // takes a big one a slice at a time): the rows, in one transaction, adding their files to
    // `files`; then, once every slice has gone, which of those files may be deleted.
    struct RemovedFile {
        QString file;
        bool owned = false;
        qint64 bytes = 0;
    };
    CatalogRemoveResult removeRows(const QList<qint64> &ids, QList<RemovedFile> *files);
    void sortOutFiles(const QList<RemovedFile> &files, CatalogRemoveResult *result, QStringList *deletable);
    // Removes the images whose file is one of `files` and no longer exists (deleted from the session
    // gallery, outside the catalog tab), so no row points at nothing. Touches no file. Returns how
    // many images went.
    int forgetDeletedFiles(const QStringList &files);
    // Rebuilds the file without free pages, then truncates the WAL. Outside any transaction.
    void vacuum();

    // For tests and tools that fill a catalog quickly: the raw connection of this thread.
    QSqlDatabase database() const { return m_db; }

private:
    struct Statements;
    CatalogInsertResult insertOne(const CatalogRecord &record);
    bool isReferenced(const QString &file);
    QVariant pageId(const QUrl &page, qint64 now);
    void refreshSearchText(qint64 imageId);
    void requireOpen() const;

    const QString m_name;
    QSqlDatabase m_db;
    std::unique_ptr<Statements> m_sql;   // prepared once per open; must die before the connection
    QString m_path;
};

} // namespace glint
