// The catalog file itself: a new one gets every table, index and setting; an older version is
// upgraded in place with its rows; and a file that is damaged or not ours is refused, byte for byte
// untouched, until the user asks to move it aside.
#include "core/catalog/catalog.h"
#include "core/catalog/catalogerror.h"
#include "core/catalog/catalogfilecheck.h"
#include "core/catalog/catalogschema.h"
#include "core/catalog/parkedrecords.h"
#include "core/catalog/statementstop.h"
#include "catalogtestutil.h"

#include <QDir>
#include <QSemaphore>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <atomic>

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
    void insertsDuringTheFullCheckAreParkedThenSaved();
    void aQuitDuringTheFullCheckKeepsTheParkedImagesForTheNextStart();
    void imagesParkedBeforeDamageWasFoundGoIntoTheNewCatalog();
    void parkedBatchesAreReadBackWholeOrSetAside();
    void aParkedCopyOfGlintsIsDeletedOnlyIfUnchanged_data();
    void aParkedCopyOfGlintsIsDeletedOnlyIfUnchanged();
    void foreignOrNewerFilesAreRefusedUntouched_data();
    void foreignOrNewerFilesAreRefusedUntouched();

private:
    // Holds a Catalog's full check after its quick stage until let go, or until the catalog closes.
    struct CheckGate {
        QSemaphore open;
        std::atomic<bool> reached{false};
        std::function<void(const StatementStop &)> pause()
        {
            return [this](const StatementStop &closing) {
                reached = true;
                while (!closing.isStopped() && !open.tryAcquire(1, 5)) {
                }
            };
        }
    };
    static QStringList parked(const QString &path) { return ParkedRecords::batches(path); }
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

// After an unclean end the full check reads every page (a minute at a million images). Writes used
// to wait behind it, so did Quit ("Saving the catalog…"), and a quit that stopped the check lost
// them. Now an insert meanwhile is parked on disk at once; the catalog file is not written until the
// check has passed, and then the parked images are saved into it.
void TestCatalogSchema::insertsDuringTheFullCheckAreParkedThenSaved()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    makeCatalog(path, 300);
    QVERIFY(QFile::remove(path + QLatin1String(".clean")));   // as after a crash
    const QByteArray before = snapshot(path);

    CheckGate gate;
    Catalog catalog;
    catalog.setFullCheckPause(gate.pause());
    QSignalSpy saved(&catalog, &Catalog::parkedRecordsSaved);
    const QFuture<CatalogOpenResult> opening = catalog.open(path);
    QTRY_VERIFY(gate.reached);
    QTRY_VERIFY(catalog.isReadable());   // searches need not wait for the check
    QVERIFY(catalog.isChecking());

    const QList<CatalogInsertResult> first = await(catalog.insert({okRecord(1001, QStringLiteral("http://example.com/a.jpg")),
                                                                   okRecord(1002, QStringLiteral("http://example.com/b.jpg"))}));
    QCOMPARE(first.size(), 2);
    QVERIFY(first[0].parked && first[1].parked);
    QCOMPARE(await(catalog.insert({okRecord(1003, QStringLiteral("http://example.com/c.jpg"))})).size(), 1);
    QCOMPARE(parked(path).size(), 2);
    // Other writes wait for the check, in order.
    const QList<qint64> ids = await(catalog.imageIds([] { CatalogQuery q; q.limit = 1; return q; }()));
    QCOMPARE(ids.size(), 1);
    const QFuture<CatalogRemoveResult> removing = catalog.remove(ids, /*deleteFiles=*/false);
    QTest::qWait(50);
    QVERIFY(!opening.isFinished());
    QVERIFY(!removing.isFinished());
    QCOMPARE(await(catalog.totals({})).count, 300);   // readers see the file as it was
    QCOMPARE(snapshot(path), before);                  // and nothing wrote to it

    gate.open.release();
    const CatalogOpenResult result = await(opening);
    QVERIFY2(result.ok, qPrintable(result.message));
    QCOMPARE(await(removing).removed, 1);
    QVERIFY(!catalog.isChecking());
    QVERIFY(parked(path).isEmpty());
    QTRY_COMPARE(saved.size(), 1);
    QCOMPARE(saved[0][0].toInt(), 3);
    QCOMPARE(await(catalog.totals({})).count, 302);
    CatalogQuery byUrl;
    byUrl.text = QStringLiteral("example.com/c.jpg");
    QCOMPARE(await(catalog.totals(byUrl)).count, 1);
    // Once open, inserts go straight in again.
    const QList<CatalogInsertResult> later = await(catalog.insert({okRecord(1004, QStringLiteral("http://example.com/d.jpg"))}));
    QVERIFY(!later[0].parked);
    QVERIFY(later[0].newImage);
}

// Quit during the check: the catalog closes at once (the check is stopped), the parked images stay
// on disk, with the catalog file untouched, and the next start saves them once its check passed.
void TestCatalogSchema::aQuitDuringTheFullCheckKeepsTheParkedImagesForTheNextStart()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    makeCatalog(path, 300);
    QVERIFY(QFile::remove(path + QLatin1String(".clean")));
    const QByteArray before = snapshot(path);
    QFuture<CatalogOpenResult> opening;
    QFuture<QList<CatalogInsertResult>> lastInsert;
    {
        CheckGate gate;   // never let go: only the catalog's closing ends the pause
        Catalog catalog;
        catalog.setFullCheckPause(gate.pause());
        opening = catalog.open(path);
        QTRY_VERIFY(gate.reached);
        QVERIFY(await(catalog.insert({okRecord(2001, QStringLiteral("http://example.com/early.jpg"))}))[0].parked);
        // Posted right before the catalog goes, as the recorder's flush on Quit is.
        lastInsert = catalog.insert({okRecord(2002, QStringLiteral("http://example.com/last.jpg"))});
    }
    QVERIFY(opening.isFinished());
    QVERIFY(opening.result().stopped);
    QVERIFY(lastInsert.isFinished());
    QVERIFY(lastInsert.result()[0].parked);
    QCOMPARE(parked(path).size(), 2);
    QCOMPARE(snapshot(path), before);
    QVERIFY(!QFile::exists(path + QLatin1String(".clean")));   // the next start checks again

    Catalog again;
    QSignalSpy saved(&again, &Catalog::parkedRecordsSaved);
    QVERIFY(await(again.open(path)).ok);
    QCOMPARE(await(again.totals({})).count, 302);
    QVERIFY(parked(path).isEmpty());
    QTRY_COMPARE(saved.size(), 1);
    QCOMPARE(saved[0][0].toInt(), 2);
}

// The check finds damage after images were parked: they are not lost with the damaged file. When the
// user moves it aside, the new catalog starts with them.
void TestCatalogSchema::imagesParkedBeforeDamageWasFoundGoIntoTheNewCatalog()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    makeCatalog(path, 300);
    {
        QFile f(path);   // pages past the header and schema: the quick stage passes, the full one does not
        QVERIFY(f.open(QIODevice::ReadWrite));
        for (qint64 page = 6; page * 4096 < f.size(); page += 2) {
            f.seek(page * 4096 + 8);
            f.write(QByteArray(600, '\x5a'));
        }
    }
    const QByteArray before = snapshot(path);
    CheckGate gate;
    Catalog catalog;
    catalog.setFullCheckPause(gate.pause());
    const QFuture<CatalogOpenResult> opening = catalog.open(path);
    QTRY_VERIFY(gate.reached);
    QVERIFY(await(catalog.insert({okRecord(3001, QStringLiteral("http://example.com/kept.jpg"))}))[0].parked);
    gate.open.release();
    const CatalogOpenResult result = await(opening);
    QVERIFY2(result.damaged, qPrintable(result.message));
    QCOMPARE(snapshot(path), before);
    QCOMPARE(parked(path).size(), 1);
    // Refused now, as by any catalog that is not open: the recorder keeps them and says so.
    QVERIFY_THROWS_EXCEPTION(CatalogError, await(catalog.insert({okRecord(3002, QStringLiteral("http://example.com/late.jpg"))})));

    const CatalogOpenResult fresh = await(catalog.moveAsideAndOpen(path));
    QVERIFY2(fresh.ok, qPrintable(fresh.message));
    QCOMPARE(await(catalog.totals({})).count, 1);
    QVERIFY(parked(path).isEmpty());
}

// A batch is read back only whole and of this format; anything else is set aside under another
// name, never deleted, and does not stop the open.
void TestCatalogSchema::parkedBatchesAreReadBackWholeOrSetAside()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    CatalogRecord record = okRecord(4001, QStringLiteral("http://example.com/ü space.jpg"), QStringLiteral("http://example.com/page"));
    record.etag = "\"abc\"";
    record.httpStatus = 200;
    ParkedRecords::park(path, {record, failedRecord(QStringLiteral("http://example.com/404.jpg"), QStringLiteral("Not found"), 404)});
    const QStringList batches = parked(path);
    QCOMPARE(batches.size(), 1);
    const QList<CatalogRecord> back = ParkedRecords::read(batches[0]);
    QCOMPARE(back.size(), 2);
    QCOMPARE(back[0].url, record.url);
    QCOMPARE(back[0].page, record.page);
    QCOMPARE(back[0].sha256, record.sha256);
    QCOMPARE(back[0].thumbnailJpeg, record.thumbnailJpeg);
    QCOMPARE(back[0].etag, record.etag);
    QCOMPARE(back[0].size, record.size);
    QVERIFY(back[0].fetchedAt.isValid());   // the time of parking, kept for the catalog
    QCOMPARE(back[1].httpStatus, 404);
    QVERIFY(!back[1].ok);

    QFile whole(batches[0]);
    QVERIFY(whole.open(QIODevice::ReadOnly));
    const QByteArray bytes = whole.readAll();
    whole.close();
    const QString cut = path + QLatin1String(".parked-0000000000001-1-000001");
    const QString foreign = path + QLatin1String(".parked-0000000000002-1-000001");
    for (const auto &[name, content] : {std::pair{cut, bytes.left(bytes.size() - 3)}, std::pair{foreign, QByteArray("not ours")}}) {
        QFile f(name);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    QCOMPARE(parked(path).size(), 3);
    QVERIFY_THROWS_EXCEPTION(CatalogError, ParkedRecords::read(cut));
    QVERIFY_THROWS_EXCEPTION(CatalogError, ParkedRecords::read(foreign));

    Catalog catalog;
    QVERIFY(await(catalog.open(path)).ok);   // a new catalog: no full check, the batches are saved at once
    QCOMPARE(await(catalog.totals({})).count, 1);
    QVERIFY(parked(path).isEmpty());
    QVERIFY(QFile::exists(cut + QLatin1String(".unreadable")));
    QVERIFY(QFile::exists(foreign + QLatin1String(".unreadable")));
}

// A parked download whose bytes the catalog already has is, once saved, a redundant copy of Glint's
// and goes, as it would have at once. If the file changed while parked (the user edited it before
// the next start), Glint no longer vouches for it and keeps it.
void TestCatalogSchema::aParkedCopyOfGlintsIsDeletedOnlyIfUnchanged_data()
{
    QTest::addColumn<bool>("edited");
    QTest::addColumn<bool>("deleted");
    QTest::newRow("unchanged: deleted as a duplicate") << false << true;
    QTest::newRow("edited after parking, same size: kept") << true << false;
}

void TestCatalogSchema::aParkedCopyOfGlintsIsDeletedOnlyIfUnchanged()
{
    QFETCH(bool, edited);
    QFETCH(bool, deleted);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    const QByteArray bytes = QByteArray("IMAGE BYTES ").repeated(100);
    const QString kept = dir.filePath(QStringLiteral("x.jpg"));
    const QString copy = dir.filePath(QStringLiteral("x (2).jpg"));
    for (const QString &file : {kept, copy}) {
        QFile f(file);
        QVERIFY(f.open(QIODevice::NewOnly));
        QCOMPARE(f.write(bytes), bytes.size());
    }
    const auto record = [&](const QString &url, const QString &file) {
        CatalogRecord r = okRecord(5, url);
        r.sha256 = sha256Hex(bytes);
        r.bytes = bytes.size();
        r.file = file;
        r.fileCreated = true;
        return r;
    };
    {
        Catalog catalog;
        QVERIFY(await(catalog.open(path)).ok);
        QVERIFY(await(catalog.insert({record(QStringLiteral("http://one.example/x.jpg"), kept)}))[0].newImage);
    }
    ParkedRecords::park(path, {record(QStringLiteral("http://two.example/x.jpg"), copy)});
    QByteArray copyBytes = bytes;
    if (edited) {
        QTest::qSleep(20);   // past the file system's clock tick
        QFile f(copy);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QCOMPARE(f.write("EDITS"), 5);
        copyBytes.replace(0, 5, "EDITS");
    }
    Catalog again;
    QVERIFY(await(again.open(path)).ok);
    QVERIFY(parked(path).isEmpty());
    QCOMPARE(QFile::exists(copy), !deleted);
    if (!deleted)
        QCOMPARE(readAll(copy), copyBytes);
    QCOMPARE(readAll(kept), bytes);
    CatalogQuery query;
    query.text = QStringLiteral("two.example");
    QCOMPARE(await(again.totals(query)).count, 1);   // its source is catalogued either way
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
