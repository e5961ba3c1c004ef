// The catalog file itself: a new one gets every table, index and setting; an older version is
// upgraded in place with its rows; and a file that is damaged or not ours is refused, byte for byte
// untouched, until the user asks to move it aside.
#include "core/catalog/catalog.h"
#include "core/catalog/catalogerror.h"
#include "core/catalog/catalogfilecheck.h"
#include "core/catalog/catalogschema.h"
#include "core/catalog/statementstop.h"
#include "catalogtestutil.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace glint;
using namespace glint::test;

class TestCatalogSchema : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void newCatalogHasEveryTableIndexAndSetting();
    void reopeningKeepsTheRows();
    void version1IsUpgradedWithItsRows();
    void version2IsUpgradedAndItsFilesAreNeverDeleted();
    void damagedFileIsReportedAndLeftUntouched_data();
    void damagedFileIsReportedAndLeftUntouched();
    void movingADamagedFileAsideStartsANewCatalog();
    void aCleanCloseIsMarkedAndTheMarkIsUsedOnce();
    void aFullCheckIsStoppedWhenTheCatalogCloses();
    void foreignOrNewerFilesAreRefusedUntouched_data();
    void foreignOrNewerFilesAreRefusedUntouched();

private:
    // The file and its write-ahead log as the user has them. A read-only look at a WAL-mode file
    // may create an empty -wal and a -shm index: neither holds any of the user's data.
    static QByteArray snapshot(const QString &path)
    {
        QByteArray all = fileSha256(path);
        const QString wal = path + QLatin1String("-wal");
        if (QFileInfo(wal).size() > 0)
            all += fileSha256(wal);
        return all;
    }
    // Version 1 as it shipped (CatalogSchema keeps the same frozen step), without rows.
    static QStringList version1()
    {
        return {
            QStringLiteral("CREATE TABLE pages (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, host TEXT NOT NULL DEFAULT '', first_seen INTEGER NOT NULL)"),
            QStringLiteral("CREATE TABLE images (id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, bytes INTEGER NOT NULL, format TEXT NOT NULL,"
                           " width INTEGER NOT NULL, height INTEGER NOT NULL, pixels INTEGER NOT NULL, file TEXT NOT NULL, added_at INTEGER NOT NULL,"
                           " url TEXT NOT NULL, host TEXT NOT NULL, page_id INTEGER REFERENCES pages(id) ON DELETE SET NULL)"),
            QStringLiteral("CREATE TABLE thumbnails (image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE, data BLOB NOT NULL)"),
            QStringLiteral("CREATE TABLE sources (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE, page_id INTEGER REFERENCES pages(id) ON DELETE SET NULL,"
                           " image_id INTEGER REFERENCES images(id) ON DELETE CASCADE, status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),"
                           " error TEXT NOT NULL DEFAULT '', http_status INTEGER NOT NULL DEFAULT 0, fetched_at INTEGER NOT NULL)"),
            QStringLiteral("CREATE INDEX images_added_at ON images(added_at)"),
            QStringLiteral("CREATE INDEX images_bytes ON images(bytes)"),
            QStringLiteral("CREATE INDEX images_pixels ON images(pixels)"),
            QStringLiteral("CREATE INDEX images_host ON images(host, added_at DESC)"),
            QStringLiteral("CREATE INDEX images_format ON images(format)"),
            QStringLiteral("CREATE INDEX images_page ON images(page_id)"),
            QStringLiteral("CREATE INDEX sources_image ON sources(image_id)"),
            QStringLiteral("CREATE INDEX sources_page ON sources(page_id)"),
            QStringLiteral("PRAGMA application_id = %1").arg(CatalogSchema::kApplicationId),
        };
    }
    // What version 2 added on top, as it shipped; the text index is filled by the rows' inserts
    // below, as the writer of version 2 did.
    static QStringList version2()
    {
        return version1() + QStringList{
            QStringLiteral("ALTER TABLE sources ADD COLUMN etag TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("ALTER TABLE sources ADD COLUMN last_modified TEXT NOT NULL DEFAULT ''"),
            QStringLiteral("DROP INDEX images_format"),
            QStringLiteral("CREATE INDEX images_format ON images(format, added_at)"),
            QStringLiteral("CREATE VIRTUAL TABLE images_text USING fts5(text, tokenize = 'trigram')"),
            QStringLiteral("CREATE TRIGGER images_text_delete AFTER DELETE ON images BEGIN DELETE FROM images_text WHERE rowid = old.id; END"),
        };
    }
    static void makeCatalog(const QString &path, int images)
    {
        Catalog catalog;
        QVERIFY(await(catalog.open(path)).ok);
        QList<CatalogRecord> records;
        for (int i = 0; i < images; ++i)
            records << okRecord(i, QStringLiteral("http://example.com/%1.jpg").arg(i));
        await(catalog.insert(records));
    }
};

void TestCatalogSchema::newCatalogHasEveryTableIndexAndSetting()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("sub/folder/catalog.sqlite"));   // folders are made
    {
        Catalog catalog;
        const CatalogOpenResult result = await(catalog.open(path));
        QVERIFY2(result.ok, qPrintable(result.message));
        QVERIFY(result.message.isEmpty());
        QCOMPARE(await(catalog.totals({})).count, 0);
    }
    Peek peek(path);
    QCOMPARE(peek.value(QStringLiteral("PRAGMA user_version")).toInt(), CatalogSchema::kVersion);
    QCOMPARE(peek.value(QStringLiteral("PRAGMA application_id")).toInt(), CatalogSchema::kApplicationId);
    QCOMPARE(peek.value(QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
    const QStringList tables = peek.column(QStringLiteral("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"));
    for (const char *table : {"images", "images_text", "pages", "sources", "thumbnails"})
        QVERIFY2(tables.contains(QLatin1String(table)), table);
    const QStringList indexes = peek.column(QStringLiteral("SELECT name FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"));
    for (const char *index : {"images_added_at", "images_bytes", "images_pixels", "images_host", "images_format",
                              "images_page", "images_file", "sources_image", "sources_page"})
        QVERIFY2(indexes.contains(QLatin1String(index)), index);
    const QStringList sourceColumns = peek.column(QStringLiteral("SELECT name FROM pragma_table_info('sources')"));
    for (const char *column : {"url", "page_id", "image_id", "status", "error", "http_status", "fetched_at", "etag", "last_modified"})
        QVERIFY2(sourceColumns.contains(QLatin1String(column)), column);
    QVERIFY(peek.column(QStringLiteral("SELECT name FROM pragma_table_info('images')")).contains(QStringLiteral("file_owned")));
}

void TestCatalogSchema::reopeningKeepsTheRows()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    makeCatalog(path, 12);
    Catalog again;
    QSignalSpy readable(&again, &Catalog::readable);
    QVERIFY(await(again.open(path)).ok);
    QTRY_COMPARE(readable.count(), 1);   // before the full check, for a catalog already current
    QCOMPARE(readable.at(0).at(0).toString(), path);
    QCOMPARE(await(again.totals({})).count, 12);
    QCOMPARE(await(again.search({})).size(), 12);
}

void TestCatalogSchema::version1IsUpgradedWithItsRows()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("old.sqlite"));
    {
        // Version 1 as it shipped, written by hand (CatalogSchema keeps the same frozen step).
        Peek old(path);
        const QStringList v1 = version1() + QStringList{
            QStringLiteral("INSERT INTO pages VALUES (1, 'http://old.example/gallery.html', 'old.example', 1000)"),
            QStringLiteral("INSERT INTO images VALUES (1, '%1', 5000, 'png', 640, 480, 307200, '/tmp/holiday.png', 2000,"
                           " 'http://old.example/holiday.png', 'old.example', 1)").arg(QString(QByteArray(64, 'a'))),
            QStringLiteral("INSERT INTO thumbnails VALUES (1, x'00')"),
            QStringLiteral("INSERT INTO sources VALUES (1, 'http://old.example/holiday.png', 1, 1, 'ok', '', 200, 2000)"),
            QStringLiteral("INSERT INTO sources VALUES (2, 'http://mirror.example/same.png', NULL, 1, 'ok', '', 200, 3000)"),
            QStringLiteral("PRAGMA user_version = 1"),
        };
        for (const QString &sql : v1)
            QVERIFY2(old.exec(sql), qPrintable(sql));
    }
    Catalog catalog;
    const CatalogOpenResult result = await(catalog.open(path));
    QVERIFY2(result.ok, qPrintable(result.message));
    // The text index was built from the old rows: every source, the page and the file name.
    for (const char *text : {"holiday", "mirror.example", "gallery.html", "HOLIDAY.PNG"}) {
        CatalogQuery query;
        query.text = QLatin1String(text);
        query.decodeThumbnails = false;
        const QList<CatalogImage> found = await(catalog.search(query));
        QCOMPARE(found.size(), 1);
        QCOMPARE(found[0].page, QUrl(QStringLiteral("http://old.example/gallery.html")));
    }
    Peek peek(path);
    QCOMPARE(peek.value(QStringLiteral("PRAGMA user_version")).toInt(), CatalogSchema::kVersion);
    QCOMPARE(peek.value(QStringLiteral("SELECT etag || '|' || last_modified FROM sources WHERE id = 1")).toString(), QStringLiteral("|"));
    QCOMPARE(peek.value(QStringLiteral("SELECT file_owned FROM images WHERE id = 1")).toInt(), 0);
    QCOMPARE(peek.value(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
}

// Version 2 did not record who made a file. Its rows come out of the upgrade as "not Glint's", so
// nothing catalogued before the upgrade is ever deleted — not by a duplicate, not by a removal.
void TestCatalogSchema::version2IsUpgradedAndItsFilesAreNeverDeleted()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("v2.sqlite"));
    const QString photo = dir.filePath(QStringLiteral("photo.jpg"));
    const QString again = dir.filePath(QStringLiteral("photo again.jpg"));
    for (const QString &file : {photo, again}) {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("image 1");
    }
    {
        Peek old(path);
        const QString sha = QString::fromLatin1(sha256Hex("image 1"));
        const QStringList v2 = version2() + QStringList{
            QStringLiteral("INSERT INTO images VALUES (1, '%1', 7, 'jpeg', 640, 480, 307200, '%2', 2000,"
                           " 'http://old.example/photo.jpg', 'old.example', NULL)").arg(sha, photo),
            QStringLiteral("INSERT INTO images VALUES (2, '%1', 7, 'jpeg', 640, 480, 307200, '%2', 2000,"
                           " 'http://old.example/again.jpg', 'old.example', NULL)").arg(QString(QByteArray(64, 'b')), again),
            QStringLiteral("INSERT INTO sources VALUES (1, 'http://old.example/photo.jpg', NULL, 1, 'ok', '', 200, 2000, '\"e1\"', '')"),
            QStringLiteral("INSERT INTO sources VALUES (2, 'http://old.example/again.jpg', NULL, 2, 'ok', '', 200, 2000, '', '')"),
            QStringLiteral("INSERT INTO images_text(rowid, text) VALUES (1, 'photo.jpg'), (2, 'photo again.jpg')"),
            QStringLiteral("PRAGMA user_version = 2"),
        };
        for (const QString &sql : v2)
            QVERIFY2(old.exec(sql), qPrintable(sql));
    }
    Catalog catalog;
    const CatalogOpenResult result = await(catalog.open(path));
    QVERIFY2(result.ok, qPrintable(result.message));
    {
        Peek peek(path);
        QCOMPARE(peek.value(QStringLiteral("PRAGMA user_version")).toInt(), CatalogSchema::kVersion);
        QCOMPARE(peek.value(QStringLiteral("SELECT count(*) FROM images WHERE file_owned = 0")).toInt(), 2);
        QCOMPARE(peek.value(QStringLiteral("SELECT etag FROM sources WHERE id = 1")).toString(), QStringLiteral("\"e1\""));
        QVERIFY(peek.column(QStringLiteral("SELECT name FROM sqlite_schema WHERE type = 'index'")).contains(QStringLiteral("images_file")));
        QCOMPARE(peek.value(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
    }
    CatalogQuery query;
    query.text = QStringLiteral("photo again");
    QCOMPARE(await(catalog.search(query)).size(), 1);

    // A new download of the same bytes: Glint's own copy goes, the old file stays.
    CatalogRecord download = okRecord(1, QStringLiteral("http://new.example/photo.jpg"));
    download.bytes = 7;
    download.file = dir.filePath(QStringLiteral("photo (2).jpg"));
    download.fileCreated = true;
    {
        QFile f(download.file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("image 1");
    }
    QCOMPARE(await(catalog.insert({download})).at(0).duplicateFile, download.file);
    QVERIFY(!QFile::exists(download.file));
    // Removing the old images with their files: the files are kept, and said to be kept.
    const CatalogRemoveResult removed = await(catalog.remove({1, 2}, true));
    QCOMPARE(removed.removed, 2);
    QCOMPARE(removed.filesDeleted, 0);
    QCOMPARE(removed.filesNotOwned, 2);
    QVERIFY(QFile::exists(photo));
    QVERIFY(QFile::exists(again));
}

void TestCatalogSchema::damagedFileIsReportedAndLeftUntouched_data()
{
    QTest::addColumn<QString>("damage");
    QTest::newRow("not a database at all") << QStringLiteral("garbage");
    QTest::newRow("pages overwritten") << QStringLiteral("overwrite");
    QTest::newRow("cut in half") << QStringLiteral("truncate");
}

void TestCatalogSchema::damagedFileIsReportedAndLeftUntouched()
{
    QFETCH(QString, damage);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    if (damage == QLatin1String("garbage")) {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(20000, 'x'));
    } else {
        makeCatalog(path, 300);
        QVERIFY(!QFile::exists(path + QLatin1String("-wal")) || QFileInfo(path + QLatin1String("-wal")).size() == 0);
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        const qint64 size = f.size();
        QVERIFY(size > 100000);
        if (damage == QLatin1String("overwrite")) {
            // Every other page from the third on: b-tree pages of every table get garbage.
            for (qint64 page = 2; page * 4096 < size; page += 2) {
                f.seek(page * 4096 + 8);
                f.write(QByteArray(600, '\x5a'));
            }
        } else {
            f.resize(size / 2);
        }
    }
    const QByteArray before = snapshot(path);
    // The clean-close mark of makeCatalog() does not match the changed file, so the full check runs;
    // the mark is Glint's own and is used up by the open.
    QStringList filesBefore = QDir(dir.path()).entryList(QDir::Files);
    filesBefore.removeAll(QStringLiteral("catalog.sqlite.clean"));

    Catalog catalog;
    const CatalogOpenResult result = await(catalog.open(path));
    QVERIFY(!result.ok);
    QVERIFY2(result.damaged, qPrintable(result.message));
    QVERIFY2(result.message.contains(QLatin1String("damaged")), qPrintable(result.message));
    QVERIFY(result.message.contains(QDir::toNativeSeparators(path)));
    // Searching a catalog that did not open fails cleanly, it does not read the damaged file.
    QVERIFY_THROWS_EXCEPTION(CatalogError, await(catalog.search({})));
    QCOMPARE(snapshot(path), before);
    QStringList filesAfter = QDir(dir.path()).entryList(QDir::Files);
    filesAfter.removeAll(QStringLiteral("catalog.sqlite-shm"));   // SQLite's shared-memory index
    if (!filesBefore.contains(QStringLiteral("catalog.sqlite-wal")))
        filesAfter.removeAll(QStringLiteral("catalog.sqlite-wal"));   // empty: checked by snapshot()
    QCOMPARE(filesAfter, filesBefore);
}

// Closing cleanly leaves "<catalog>.clean" describing the file; the next open takes it away before
// anything is written (a session that then crashes leaves none, so the one after checks every page),
// and its own clean close writes a new one.
void TestCatalogSchema::aCleanCloseIsMarkedAndTheMarkIsUsedOnce()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    const QString mark = path + QLatin1String(".clean");
    makeCatalog(path, 5);
    QVERIFY(QFile::exists(mark));
    QVERIFY(!QFile::exists(path + QLatin1String("-wal")));   // checkpointed before the mark was taken
    {
        Catalog again;
        QVERIFY(await(again.open(path)).ok);
        QVERIFY(!QFile::exists(mark));
        QCOMPARE(await(again.totals({})).count, 5);
    }
    QVERIFY(QFile::exists(mark));
    {
        Catalog damaged;   // a file that failed to open is not marked as cleanly closed
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.resize(f.size() / 2);
        f.close();
        QVERIFY(await(damaged.open(path)).damaged);
    }
    QVERIFY(!QFile::exists(mark));
}

// Glint quitting while the full check of a big catalog still reads it (seconds at a million
// images): the check stops instead of holding the exit. It only reads, so the file is as it was; the
// result says so without calling the file damaged; and no clean-close mark is left, so the next open
// checks every page again.
void TestCatalogSchema::aFullCheckIsStoppedWhenTheCatalogCloses()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    const QString mark = path + QLatin1String(".clean");
    makeCatalog(path, 300);
    QVERIFY(QFile::remove(mark));   // as after a crash: the next open runs the full check
    const QByteArray before = snapshot(path);

    StatementStop stop;
    stop.stop();   // before the check starts: SQLite's own interrupt would ignore it
    const CatalogOpenResult stopped = CatalogFileCheck::inspect(path, {}, /*full=*/true, &stop);
    QVERIFY(!stopped.ok);
    QVERIFY(stopped.stopped);
    QVERIFY(!stopped.damaged);
    QVERIFY2(stopped.message.contains(QLatin1String("stopped")), qPrintable(stopped.message));
    QCOMPARE(snapshot(path), before);
    QVERIFY(CatalogFileCheck::inspect(path).ok);   // unstopped, the same file passes

    QFuture<CatalogOpenResult> opening;
    {
        Catalog closing;
        opening = closing.open(path);
    }   // destroyed at once: the check is stopped, or had already passed
    QVERIFY(opening.isFinished());
    const CatalogOpenResult result = opening.result();
    QVERIFY2(result.ok || result.stopped, qPrintable(result.message));
    QVERIFY(!result.damaged);
    if (result.stopped) {
        QVERIFY(!QFile::exists(mark));
        QCOMPARE(snapshot(path), before);
    }
    Catalog again;
    QVERIFY(await(again.open(path)).ok);
    QCOMPARE(await(again.totals({})).count, 300);
}

void TestCatalogSchema::movingADamagedFileAsideStartsANewCatalog()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(9000, '\x01'));
    }
    const QByteArray before = fileSha256(path);
    Catalog catalog;
    QVERIFY(await(catalog.open(path)).damaged);
    const CatalogOpenResult fresh = await(catalog.moveAsideAndOpen(path));
    QVERIFY2(fresh.ok, qPrintable(fresh.message));
    const QStringList aside = QDir(dir.path()).entryList({QStringLiteral("catalog.sqlite.damaged-*")}, QDir::Files);
    QCOMPARE(aside.size(), 1);
    QCOMPARE(fileSha256(dir.filePath(aside[0])), before);
    QVERIFY(fresh.message.contains(aside[0]));
    await(catalog.insert({okRecord(1, QStringLiteral("http://example.com/1.jpg"))}));
    QCOMPARE(await(catalog.totals({})).count, 1);
}

void TestCatalogSchema::foreignOrNewerFilesAreRefusedUntouched_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<QString>("expected");
    QTest::newRow("another app's SQLite file") << QStringLiteral("CREATE TABLE notes (text TEXT)") << QStringLiteral("not a Glint catalog");
    QTest::newRow("a newer catalog") << QStringLiteral("PRAGMA application_id = %1; CREATE TABLE images (x); PRAGMA user_version = 99")
                                            .arg(CatalogSchema::kApplicationId)
                                     << QStringLiteral("newer version of Glint");
}

void TestCatalogSchema::foreignOrNewerFilesAreRefusedUntouched()
{
    QFETCH(QString, sql);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("other.sqlite"));
    {
        Peek other(path);
        for (const QString &statement : sql.split(QLatin1Char(';')))
            QVERIFY(other.exec(statement));
    }
    const QByteArray before = snapshot(path);
    Catalog catalog;
    const CatalogOpenResult result = await(catalog.open(path));
    QVERIFY(!result.ok);
    QVERIFY(!result.damaged);
    QVERIFY2(result.message.contains(expected), qPrintable(result.message));
    QCOMPARE(snapshot(path), before);
}

QTEST_GUILESS_MAIN(TestCatalogSchema)
#include "tst_catalogschema.moc"
