#include "core/catalog/catalogschema.h"

#include <QCoreApplication>
#include "core/catalog/catalogerror.h"
#include "core/catalog/catalogsql.h"

#include <QStringList>

namespace glint {
namespace {

// What a search can find, per image: the file's name (not its folder: the download folder would
// match every row), the first source URL and its page, and every other source and page that gave
// the same bytes. Hosts are part of the URLs. One column, because a search looks at all of it.
//
// The basename is computed in SQL (rtrim() strips the trailing non-slash characters, leaving the
// folder) so that the migration and the writer build exactly the same text.
const char *const kSearchTextSelect = R"(
    SELECT i.id,
           substr(i.file, length(rtrim(i.file, replace(i.file, '/', ''))) + 1)
           || char(10) || i.url
           || coalesce(char(10) || (SELECT url FROM pages WHERE id = i.page_id), '')
           || coalesce((SELECT group_concat(char(10) || s.url || coalesce(char(10) || p.url, ''), '')
                          FROM sources s LEFT JOIN pages p ON p.id = s.page_id
                         WHERE s.image_id = i.id AND s.url <> i.url), '')
      FROM images i)";

// Version 1, frozen: never edit, add a step instead. (tst_catalog writes this same schema by hand to
// test the upgrade from it.)
const QStringList kStep1 = {
    QStringLiteral(R"(CREATE TABLE pages (
        id         INTEGER PRIMARY KEY,
        url        TEXT NOT NULL UNIQUE,
        host       TEXT NOT NULL DEFAULT '',
        first_seen INTEGER NOT NULL))"),
    // Dates are milliseconds since the epoch (UTC): compact, and they sort as numbers.
    // pixels = width * height is stored so that "most pixels" can use an index.
    // url/host/page_id repeat the first source so the gallery lists and sorts without a join.
    QStringLiteral(R"(CREATE TABLE images (
        id       INTEGER PRIMARY KEY,
        sha256   TEXT NOT NULL UNIQUE,
        bytes    INTEGER NOT NULL,
        format   TEXT NOT NULL,
        width    INTEGER NOT NULL,
        height   INTEGER NOT NULL,
        pixels   INTEGER NOT NULL,
        file     TEXT NOT NULL,
        added_at INTEGER NOT NULL,
        url      TEXT NOT NULL,
        host     TEXT NOT NULL,
        page_id  INTEGER REFERENCES pages(id) ON DELETE SET NULL))"),
    // Thumbnails live in their own table: a ~8 KB blob inside an images row would spread the rows
    // one per page, and every scan, count or sort that reads rows would drag the thumbnails along.
    QStringLiteral(R"(CREATE TABLE thumbnails (
        image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE,
        data     BLOB NOT NULL))"),
    // One row per URL: fetching it again updates the row. image_id is NULL for failures.
    QStringLiteral(R"(CREATE TABLE sources (
        id          INTEGER PRIMARY KEY,
        url         TEXT NOT NULL UNIQUE,
        page_id     INTEGER REFERENCES pages(id) ON DELETE SET NULL,
        image_id    INTEGER REFERENCES images(id) ON DELETE CASCADE,
        status      TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
        error       TEXT NOT NULL DEFAULT '',
        http_status INTEGER NOT NULL DEFAULT 0,
        fetched_at  INTEGER NOT NULL))"),
    // Each sort has an index whose order it can walk (rowid, the last key of every index, breaks
    // ties), so the first page of any sort is read without sorting a million rows.
    QStringLiteral("CREATE INDEX images_added_at ON images(added_at)"),
    QStringLiteral("CREATE INDEX images_bytes ON images(bytes)"),
    QStringLiteral("CREATE INDEX images_pixels ON images(pixels)"),
    QStringLiteral("CREATE INDEX images_host ON images(host, added_at DESC)"),
    QStringLiteral("CREATE INDEX images_format ON images(format)"),
    // Foreign keys need an index on the child side, or every delete scans the child table.
    QStringLiteral("CREATE INDEX images_page ON images(page_id)"),
    QStringLiteral("CREATE INDEX sources_image ON sources(image_id)"),
    QStringLiteral("CREATE INDEX sources_page ON sources(page_id)"),
    QStringLiteral("PRAGMA application_id = %1").arg(CatalogSchema::kApplicationId),
};

// Text search: substring search over a million rows needs an index; LIKE '%x%' cannot use a B-tree
// and reads every row. Debian's SQLite (3.40) has FTS5 with the trigram tokenizer (3.34+), whose
// index answers any substring of three or more characters, case-insensitively. Shorter texts fall
// back to a scan (see CatalogFilter). The table keeps its own copy of the text (no external content)
// because that text is assembled from several tables.
const QStringList kStep2 = {
    QStringLiteral("ALTER TABLE sources ADD COLUMN etag TEXT NOT NULL DEFAULT ''"),
    QStringLiteral("ALTER TABLE sources ADD COLUMN last_modified TEXT NOT NULL DEFAULT ''"),
    // Filtering by format while showing the newest first is the common case; with (format) alone
    // SQLite would sort every matching row to find the first page.
    QStringLiteral("DROP INDEX images_format"),
    QStringLiteral("CREATE INDEX images_format ON images(format, added_at)"),
    QStringLiteral("CREATE VIRTUAL TABLE images_text USING fts5(text, tokenize = 'trigram')"),
    QString::fromLatin1(kSearchTextSelect).prepend(QStringLiteral("INSERT INTO images_text(rowid, text) ")),
    // A virtual table cannot take part in foreign keys; the trigger keeps it in step with images
    // whichever way a row goes.
    QStringLiteral(R"(CREATE TRIGGER images_text_delete AFTER DELETE ON images BEGIN
        DELETE FROM images_text WHERE rowid = old.id;
    END)"),
};

// Who made each image's file. Glint deletes only files it created itself (a download it saved),
// and only when no row refers to them any more; a user's files are read-only to it. Rows from
// before this step cannot say, so they get 0: never deleted, the safe default. The index answers
// "does any row still refer to this file?" without a scan.
const QStringList kStep3 = {
    QStringLiteral("ALTER TABLE images ADD COLUMN file_owned INTEGER NOT NULL DEFAULT 0"),
    QStringLiteral("CREATE INDEX images_file ON images(file)"),
};

const QStringList *const kSteps[] = {&kStep1, &kStep2, &kStep3};
static_assert(std::size(kSteps) == CatalogSchema::kVersion);

} // namespace

void CatalogSchema::configureWriter(const QSqlDatabase &db)
{
    // WAL: readers never block the writer nor each other, and a commit is one append.
    // synchronous=NORMAL in WAL mode cannot corrupt the file; a power cut may lose the last commits,
    // which the next run downloads again.
    const QString mode = CatalogSql::run(db, QStringLiteral("PRAGMA journal_mode = WAL")).toString();
    if (mode.compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        throw CatalogError(QCoreApplication::translate("glint::Catalog", "The catalog could not switch to write-ahead logging (journal mode is %1).").arg(mode));
    CatalogSql::run(db, QStringLiteral("PRAGMA synchronous = NORMAL"));
    CatalogSql::run(db, QStringLiteral("PRAGMA foreign_keys = ON"));
    // Without a limit the WAL file keeps its largest size forever after a big import.
    CatalogSql::run(db, QStringLiteral("PRAGMA journal_size_limit = 67108864"));
}

void CatalogSchema::configureReader(const QSqlDatabase &db)
{
    CatalogSql::run(db, QStringLiteral("PRAGMA foreign_keys = ON"));
    CatalogSql::run(db, QStringLiteral("PRAGMA cache_size = -16000"));   // 16 MB: the hot index pages
    CatalogSql::run(db, QStringLiteral("PRAGMA temp_store = MEMORY"));
}

int CatalogSchema::version(const QSqlDatabase &db)
{
    return CatalogSql::run(db, QStringLiteral("PRAGMA user_version")).toInt();
}

int CatalogSchema::applicationId(const QSqlDatabase &db)
{
    return CatalogSql::run(db, QStringLiteral("PRAGMA application_id")).toInt();
}

bool CatalogSchema::isEmpty(const QSqlDatabase &db)
{
    return CatalogSql::run(db, QStringLiteral("SELECT count(*) FROM sqlite_schema")).toInt() == 0;
}

void CatalogSchema::migrate(const QSqlDatabase &db)
{
    for (int from = version(db); from < kVersion; ++from) {
        // IMMEDIATE takes the write lock up front, so a step never fails half-way on a lock.
        CatalogSql::run(db, QStringLiteral("BEGIN IMMEDIATE"));
        try {
            for (const QString &sql : *kSteps[from])
                CatalogSql::run(db, sql);
            CatalogSql::run(db, QStringLiteral("PRAGMA user_version = %1").arg(from + 1));
            CatalogSql::run(db, QStringLiteral("COMMIT"));
        } catch (const CatalogError &error) {
            try {
                CatalogSql::run(db, QStringLiteral("ROLLBACK"));
            } catch (const CatalogError &) {
                // The original error is the one worth reporting.
            }
            throw CatalogError(QCoreApplication::translate("glint::Catalog", "The catalog could not be upgraded from version %1 to %2: %3")
                                   .arg(from).arg(from + 1).arg(error.message()));
        }
    }
}

QString CatalogSchema::searchTextInsertSql()
{
    return QStringLiteral("INSERT INTO images_text(rowid, text) %1 WHERE i.id = ?").arg(QString::fromLatin1(kSearchTextSelect));
}

} // namespace glint
