#pragma once
// The catalog's tables, and how a file of any older version is brought up to date.
//
// Versions live in PRAGMA user_version; each step runs in its own transaction, so a failed step
// leaves the file exactly at the version before it. A new catalog is made by running every step from
// 0, which keeps the upgrade path exercised by every test, not only by the migration test.
//
//   v1  images, thumbnails, sources, pages; indexes for the sorts; text search by LIKE
//   v2  sources.etag and sources.last_modified; a trigram full-text index over the searchable text;
//       images(format, added_at) instead of images(format)
//   v3  images.file_owned (1: Glint created the file, so it may delete it; old rows 0: never) and
//       an index on images(file), for "does another row still refer to this file?"
//
// PRAGMA application_id marks the file as ours, so that opening some other SQLite file by mistake is
// refused instead of "upgrading" it.
//
// Threads: call on the thread that owns the connection (the writer, or a reader for configureReader).
#include <QSqlDatabase>
#include <QString>
#include <QUrl>

namespace glint {

class CatalogSchema final {
public:
    static constexpr int kVersion = 3;
    static constexpr int kApplicationId = 0x476c6e74;   // "Glnt"

    // Connection settings (not stored in the file, except journal_mode=WAL which persists).
    static void configureWriter(const QSqlDatabase &db);
    static void configureReader(const QSqlDatabase &db);

    static int version(const QSqlDatabase &db);
    static int applicationId(const QSqlDatabase &db);
    // True when the file has no tables yet (a new or empty file).
    static bool isEmpty(const QSqlDatabase &db);

    // Runs every step from version(db) to kVersion. Throws CatalogError.
    static void migrate(const QSqlDatabase &db);

    // INSERT that (re)builds one image's row of the text index; bind the image id once. Delete the
    // old row first (DELETE FROM images_text WHERE rowid = ?).
    static QString searchTextInsertSql();

    // How a URL is stored and looked up: QUrl's pretty-decoded form, so that "café.jpg" is
    // searchable as typed while equal URLs still give equal text.
    static QString urlText(const QUrl &url) { return url.toString(); }
};

} // namespace glint
