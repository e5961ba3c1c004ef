// Writing to the catalog through its async API: records in, de-duplication by content, failures
// kept with their sources, removal with and without the files, and search text that stays data.
#include "core/catalog/catalog.h"
#include "catalogtestutil.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

using namespace glint;
using namespace glint::test;

class TestCatalogStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void insertedRecordsAreFoundWithTheirThumbnails();
    void sameBytesFromTwoUrlsAreOneImageWithTwoSources();
    void duplicateCopyIsDeletedOnlyWhenGlintCreatedIt_data();
    void duplicateCopyIsDeletedOnlyWhenGlintCreatedIt();
    void twoUserCopiesSurviveADownloadOfTheSameBytes();
    void failuresAreRecordedAsSources();
    void aBadRecordIsRejectedAlone();
    void removeKeepsOrDeletesTheFile_data();
    void removeKeepsOrDeletesTheFile();
    void removeDeletesASharedFileOnceNoRowRefersToIt();
    void forgettingDeletedFilesKeepsFilesThatExist();
    void searchTextIsNeverSql_data();
    void searchTextIsNeverSql();
    void vacuumKeepsEverything();

private:
    // A record whose file really holds its bytes ("image <n>", the content okRecord hashes).
    static CatalogRecord onDisk(int n, const QString &url, const QString &file, bool fileCreated)
    {
        CatalogRecord r = okRecord(n, url);
        r.file = file;
        r.fileCreated = fileCreated;
        r.bytes = content(n).size();
        QFile f(file);
        if (!f.exists() && (!f.open(QIODevice::WriteOnly | QIODevice::NewOnly) || f.write(content(n)) != r.bytes))
            qFatal("could not write %s", qPrintable(file));
        return r;
    }
    static QByteArray content(int n) { return QByteArray("image ") + QByteArray::number(n); }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Catalog> m_catalog;
    QString m_path;
};

void TestCatalogStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_path = m_dir->filePath(QStringLiteral("catalog.sqlite"));
    m_catalog = std::make_unique<Catalog>();
    const CatalogOpenResult opened = await(m_catalog->open(m_path));
    QVERIFY2(opened.ok, qPrintable(opened.message));
}

void TestCatalogStore::cleanup()
{
    m_catalog.reset();
    m_dir.reset();
}

void TestCatalogStore::insertedRecordsAreFoundWithTheirThumbnails()
{
    QList<CatalogRecord> records;
    for (int i = 0; i < 5; ++i)
        records << okRecord(i, QStringLiteral("http://example.com/a%1.jpg").arg(i), QStringLiteral("http://example.com/page.html"));
    const QList<CatalogInsertResult> results = await(m_catalog->insert(records));
    QCOMPARE(results.size(), 5);
    for (const CatalogInsertResult &r : results) {
        QVERIFY2(r.imageId > 0, qPrintable(r.error));
        QVERIFY(r.newImage);
        QVERIFY(r.error.isEmpty());
    }
    CatalogQuery query;
    query.sort = CatalogQuery::Sort::Oldest;
    const QList<CatalogImage> images = await(m_catalog->search(query));
    QCOMPARE(images.size(), 5);
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(images[i].url, records[i].url);
        QCOMPARE(images[i].host, QStringLiteral("example.com"));
        QCOMPARE(images[i].page, QUrl(QStringLiteral("http://example.com/page.html")));
        QCOMPARE(images[i].sha256, records[i].sha256);
        QCOMPARE(images[i].size, records[i].size);
        QCOMPARE(images[i].bytes, records[i].bytes);
        QCOMPARE(images[i].thumbnailJpeg, records[i].thumbnailJpeg);
        QCOMPARE(images[i].thumbnail.size(), QSize(32, 24));
    }
    const CatalogTotals totals = await(m_catalog->totals({}));
    QCOMPARE(totals.count, 5);
    QCOMPARE(totals.bytes, 1000 + 1001 + 1002 + 1003 + 1004);
    Peek peek(m_path);
    QCOMPARE(peek.value(QStringLiteral("SELECT count(*) FROM pages")).toInt(), 1);
}

void TestCatalogStore::sameBytesFromTwoUrlsAreOneImageWithTwoSources()
{
    const CatalogRecord a = okRecord(7, QStringLiteral("http://one.example/x.jpg"));
    const CatalogRecord b = okRecord(7, QStringLiteral("http://two.example/y.jpg"));
    const auto first = await(m_catalog->insert({a}));
    const auto second = await(m_catalog->insert({b}));
    QCOMPARE(first.at(0).imageId, second.at(0).imageId);
    QVERIFY(first.at(0).newImage);
    QVERIFY(!second.at(0).newImage);

    QCOMPARE(await(m_catalog->totals({})).count, 1);   // one tile
    Peek peek(m_path);
    QCOMPARE(peek.value(QStringLiteral("SELECT count(*) FROM images")).toInt(), 1);
    QCOMPARE(peek.value(QStringLiteral("SELECT count(*) FROM sources WHERE image_id IS NOT NULL")).toInt(), 2);
    // Both URLs find the one image, by search and by lookup.
    CatalogQuery byHost;
    byHost.text = QStringLiteral("two.example");
    QCOMPARE(await(m_catalog->search(byHost)).size(), 1);
    const auto found = await(m_catalog->lookup({a.url, b.url, QUrl(QStringLiteral("http://three.example/z.jpg"))}));
    QCOMPARE(found.size(), 2);
    QCOMPARE(found.value(b.url).id, first.at(0).imageId);
}

void TestCatalogStore::duplicateCopyIsDeletedOnlyWhenGlintCreatedIt_data()
{
    QTest::addColumn<bool>("created");       // the new copy was saved by Glint (a download)
    QTest::addColumn<QString>("kept");       // the catalogued copy: "intact", "edited", "missing"
    QTest::addColumn<bool>("staleRow");      // another image's row already names the new copy's path
    QTest::addColumn<bool>("deleted");       // the new copy is deleted
    QTest::addColumn<bool>("replaces");      // the catalog now points at the new copy
    QTest::newRow("Glint's download, kept copy intact: deleted") << true << "intact" << false << true << false;
    QTest::newRow("a user's file in the download folder: kept") << false << "intact" << false << false << false;
    QTest::newRow("Glint's download, kept copy edited in place (same size): takes its place")
        << true << "edited" << false << false << true;
    QTest::newRow("Glint's download, kept copy gone: takes its place") << true << "missing" << false << false << true;
    QTest::newRow("a user's file, kept copy gone: takes its place, still the user's") << false << "missing" << false << false << true;
    QTest::newRow("Glint's download still named by another row: kept") << true << "intact" << true << false << false;
}

void TestCatalogStore::duplicateCopyIsDeletedOnlyWhenGlintCreatedIt()
{
    QFETCH(bool, created);
    QFETCH(QString, kept);
    QFETCH(bool, staleRow);
    QFETCH(bool, deleted);
    QFETCH(bool, replaces);
    const QString downloads = m_dir->filePath(QStringLiteral("downloads"));
    QVERIFY(QDir().mkpath(downloads));
    const CatalogRecord a = onDisk(3, QStringLiteral("http://one.example/x.jpg"), downloads + QStringLiteral("/x.jpg"), true);
    QVERIFY(await(m_catalog->insert({a})).at(0).newImage);
    const CatalogRecord b = onDisk(3, QStringLiteral("http://two.example/x.jpg"), downloads + QStringLiteral("/x (2).jpg"), created);
    if (staleRow) {
        CatalogRecord stale = okRecord(8, QStringLiteral("http://old.example/gone.jpg"));
        stale.file = b.file;   // an older image whose file was once at this name
        stale.fileCreated = true;
        await(m_catalog->insert({stale}));
    }
    if (kept == QLatin1String("edited")) {
        QFile f(a.file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.write("IMAGE") == 5);   // same size, other bytes: only the hash can tell
    } else if (kept == QLatin1String("missing")) {
        QVERIFY(QFile::remove(a.file));
    }
    const QByteArray keptBefore = readAll(a.file);

    const CatalogInsertResult second = await(m_catalog->insert({b})).at(0);
    QVERIFY(!second.newImage);
    QCOMPARE(QFile::exists(b.file), !deleted);
    QCOMPARE(second.duplicateFile, deleted ? b.file : QString());
    if (!deleted)
        QCOMPARE(readAll(b.file), content(3));
    QCOMPARE(readAll(a.file), keptBefore);   // the kept (or edited) file is never touched
    CatalogQuery query;
    query.text = QStringLiteral("one.example");
    const QList<CatalogImage> images = await(m_catalog->search(query));
    QCOMPARE(images.size(), 1);
    QCOMPARE(images[0].file, replaces ? b.file : a.file);
    Peek peek(m_path);
    QCOMPARE(peek.value(QStringLiteral("SELECT file_owned FROM images WHERE id = %1").arg(images[0].id)).toInt(),
             replaces ? int(created) : 1);
}

// The case: two copies of one photo under different names in the download folder, opened
// in Glint (local files), then a download of the same bytes. Only Glint's own copy may go.
void TestCatalogStore::twoUserCopiesSurviveADownloadOfTheSameBytes()
{
    const QString downloads = m_dir->filePath(QStringLiteral("downloads"));
    QVERIFY(QDir().mkpath(downloads));
    const QString mine = downloads + QStringLiteral("/holiday.jpg");
    const QString copy = downloads + QStringLiteral("/holiday copy.jpg");
    const CatalogRecord first = onDisk(5, QUrl::fromLocalFile(mine).toString(), mine, false);
    const CatalogRecord second = onDisk(5, QUrl::fromLocalFile(copy).toString(), copy, false);
    const QByteArray before = fileSha256(mine);
    QCOMPARE(fileSha256(copy), before);
    const auto opened = await(m_catalog->insert({first, second}));
    QVERIFY(opened[1].duplicateFile.isEmpty());

    const CatalogRecord download = onDisk(5, QStringLiteral("http://example.com/holiday.jpg"),
                                          downloads + QStringLiteral("/holiday (2).jpg"), true);
    const auto fetched = await(m_catalog->insert({download}));
    QCOMPARE(fetched[0].imageId, opened[0].imageId);
    QCOMPARE(fetched[0].duplicateFile, download.file);   // Glint's own redundant copy went
    QVERIFY(!QFile::exists(download.file));
    QCOMPARE(fileSha256(mine), before);
    QCOMPARE(fileSha256(copy), before);
    QCOMPARE(QDir(downloads).entryList(QDir::Files | QDir::Hidden).size(), 2);
    QCOMPARE(await(m_catalog->search({})).at(0).file, mine);
}

void TestCatalogStore::failuresAreRecordedAsSources()
{
    const auto results = await(m_catalog->insert({failedRecord(QStringLiteral("http://example.com/missing.jpg"),
                                                               QStringLiteral("The server answered 404 Not Found"), 404),
                                                  okRecord(1, QStringLiteral("http://example.com/ok.jpg"))}));
    QCOMPARE(results.size(), 2);
    QCOMPARE(results[0].imageId, 0);
    QVERIFY(results[0].error.isEmpty());
    QVERIFY(results[1].imageId > 0);
    QCOMPARE(await(m_catalog->totals({})).count, 1);   // a failure is no tile
    Peek peek(m_path);
    QCOMPARE(peek.value(QStringLiteral("SELECT status || '|' || error || '|' || http_status FROM sources WHERE image_id IS NULL")).toString(),
             QStringLiteral("failed|The server answered 404 Not Found|404"));
}

void TestCatalogStore::aBadRecordIsRejectedAlone()
{
    CatalogRecord bad = okRecord(1, QStringLiteral("http://example.com/bad.jpg"));
    bad.sha256.clear();
    const auto results = await(m_catalog->insert({okRecord(2, QStringLiteral("http://example.com/a.jpg")), bad,
                                                  okRecord(3, QStringLiteral("http://example.com/b.jpg"))}));
    QCOMPARE(results.size(), 3);
    QVERIFY(results[0].imageId > 0);
    QVERIFY(!results[1].error.isEmpty());
    QVERIFY(results[2].imageId > 0);
    QCOMPARE(await(m_catalog->totals({})).count, 2);
}

void TestCatalogStore::removeKeepsOrDeletesTheFile_data()
{
    QTest::addColumn<bool>("deleteFiles");
    QTest::addColumn<bool>("created");        // Glint saved the file
    QTest::addColumn<QString>("other");       // what else refers to the file: "", "row" (another image)
    QTest::addColumn<bool>("changed");        // its size is no longer what Glint wrote
    QTest::addColumn<bool>("gone");           // the file is deleted
    QTest::newRow("catalog only") << false << true << "" << false << false;
    QTest::newRow("Glint's file, asked to delete: deleted") << true << true << "" << false << true;
    QTest::newRow("a user's file, asked to delete: kept") << true << false << "" << false << false;
    QTest::newRow("Glint's file another image refers to: kept") << true << true << "row" << false << false;
    QTest::newRow("Glint's file, since changed by the user: kept") << true << true << "" << true << false;
}

void TestCatalogStore::removeKeepsOrDeletesTheFile()
{
    QFETCH(bool, deleteFiles);
    QFETCH(bool, created);
    QFETCH(QString, other);
    QFETCH(bool, changed);
    QFETCH(bool, gone);
    CatalogRecord a = onDisk(1, QStringLiteral("http://example.com/a.jpg"), m_dir->filePath(QStringLiteral("a.jpg")), created);
    a.page = QUrl(QStringLiteral("http://example.com/p.html"));
    QList<CatalogRecord> records = {a, okRecord(2, QStringLiteral("http://example.com/b.jpg")),
                                    okRecord(1, QStringLiteral("http://mirror.example/a.jpg"))};
    if (other == QLatin1String("row")) {
        // Another image whose file has the same name: a freed name that was reused.
        CatalogRecord reused = okRecord(3, QStringLiteral("http://example.com/c.jpg"));
        reused.file = a.file;
        reused.fileCreated = true;
        records << reused;
    }
    const auto ids = await(m_catalog->insert(records));
    if (changed) {
        QFile f(a.file);
        QVERIFY(f.open(QIODevice::Append));
        f.write(" edited");
    }
    const QByteArray before = readAll(a.file);
    const CatalogRemoveResult removed = await(m_catalog->remove({ids[0].imageId, 123456}, deleteFiles));
    QCOMPARE(removed.removed, 1);
    QCOMPARE(QFile::exists(a.file), !gone);
    if (!gone)
        QCOMPARE(readAll(a.file), before);
    QCOMPARE(removed.filesDeleted, gone ? 1 : 0);
    QCOMPARE(removed.filesNotOwned, deleteFiles && (!created || changed) ? 1 : 0);
    QCOMPARE(removed.filesShared, deleteFiles && created && !changed && other == QLatin1String("row") ? 1 : 0);
    const QList<CatalogImage> left = await(m_catalog->search({}));
    QCOMPARE(left.size(), records.size() - 2);
    QCOMPARE(left.last().id, ids[1].imageId);   // newest first: b was added before c
    Peek peek(m_path);
    QCOMPARE(peek.value(QStringLiteral("SELECT count(*) FROM sources")).toInt(), records.size() - 2);   // both sources of a went
    QCOMPARE(peek.value(QStringLiteral("SELECT count(*) FROM thumbnails")).toInt(), records.size() - 2);
    QCOMPARE(peek.value(QStringLiteral("SELECT count(*) FROM pages")).toInt(), 0);       // no longer used
    QCOMPARE(peek.value(QStringLiteral("SELECT count(*) FROM images_text")).toInt(), records.size() - 2);
    QCOMPARE(peek.value(QStringLiteral("PRAGMA foreign_key_check")), QVariant());
}

// Two images naming one file of Glint's: removing the first keeps it, removing the last deletes it;
// removing both at once deletes it once.
void TestCatalogStore::removeDeletesASharedFileOnceNoRowRefersToIt()
{
    const QString file = m_dir->filePath(QStringLiteral("shared.jpg"));
    CatalogRecord x = onDisk(1, QStringLiteral("http://example.com/x.jpg"), file, true);
    CatalogRecord y = okRecord(2, QStringLiteral("http://example.com/y.jpg"));
    y.file = file;
    y.bytes = x.bytes;
    y.fileCreated = true;
    const auto ids = await(m_catalog->insert({x, y}));
    CatalogRemoveResult first = await(m_catalog->remove({ids[0].imageId}, true));
    QCOMPARE(first.filesShared, 1);
    QVERIFY(QFile::exists(file));
    CatalogRemoveResult last = await(m_catalog->remove({ids[1].imageId}, true));
    QCOMPARE(last.filesDeleted, 1);
    QVERIFY(!QFile::exists(file));

    x = onDisk(1, QStringLiteral("http://example.com/x.jpg"), file, true);
    const auto again = await(m_catalog->insert({x, y}));
    const CatalogRemoveResult both = await(m_catalog->remove({again[0].imageId, again[1].imageId}, true));
    QCOMPARE(both.removed, 2);
    QCOMPARE(both.filesDeleted, 1);
    QCOMPARE(both.filesShared, 0);
    QVERIFY(!QFile::exists(file));
}

// The session gallery deleted a.jpg and b.jpg; b.jpg was put back since (restored by the user): only
// a's rows go, with their sources; no file is touched.
void TestCatalogStore::forgettingDeletedFilesKeepsFilesThatExist()
{
    CatalogRecord a = onDisk(1, QStringLiteral("http://example.com/a.jpg"), m_dir->filePath(QStringLiteral("a.jpg")), true);
    CatalogRecord b = onDisk(2, QStringLiteral("http://example.com/b.jpg"), m_dir->filePath(QStringLiteral("b.jpg")), true);
    CatalogRecord c = onDisk(3, QStringLiteral("http://example.com/c.jpg"), m_dir->filePath(QStringLiteral("c.jpg")), true);
    const auto ids = await(m_catalog->insert({a, b, c}));
    QVERIFY(QFile::remove(a.file));
    const QByteArray restored = readAll(b.file);
    const int forgotten = await(m_catalog->forgetDeletedFiles({a.file, b.file, m_dir->filePath(QStringLiteral("never.jpg"))}));
    QCOMPARE(forgotten, 1);
    QCOMPARE(readAll(b.file), restored);
    QVERIFY(QFile::exists(c.file));
    const QList<CatalogImage> left = await(m_catalog->search({}));
    QCOMPARE(left.size(), 2);
    QCOMPARE(left.at(0).id, ids[2].imageId);
    QCOMPARE(left.at(1).id, ids[1].imageId);
    Peek peek(m_path);
    QCOMPARE(peek.value(QStringLiteral("SELECT count(*) FROM sources")).toInt(), 2);
    QCOMPARE(peek.value(QStringLiteral("SELECT count(*) FROM images_text")).toInt(), 2);
    QCOMPARE(await(m_catalog->forgetDeletedFiles({})), 0);
}

void TestCatalogStore::searchTextIsNeverSql_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("drop table") << QStringLiteral("'); DROP TABLE images;--");
    QTest::newRow("drop table, short") << QStringLiteral("';");
    QTest::newRow("or 1=1") << QStringLiteral("' OR 1=1 --");
    QTest::newRow("double quote") << QStringLiteral("\" OR \"\"=\"");
    QTest::newRow("fts syntax") << QStringLiteral("a* OR b NEAR(c)");
    QTest::newRow("like wildcards") << QStringLiteral("%_%");
    QTest::newRow("nul and newline") << QStringLiteral("x\nDELETE FROM sources;");
}

void TestCatalogStore::searchTextIsNeverSql()
{
    QFETCH(QString, text);
    QList<CatalogRecord> records;
    for (int i = 0; i < 10; ++i)
        records << okRecord(i, QStringLiteral("http://example.com/photo%1.jpg").arg(i));
    await(m_catalog->insert(records));
    CatalogQuery query;
    query.text = text;
    QCOMPARE(await(m_catalog->search(query)).size(), 0);
    QCOMPARE(await(m_catalog->totals(query)).count, 0);
    // The text also goes in as data: a URL holding it is stored and found literally.
    CatalogRecord sneaky = okRecord(99, QStringLiteral("http://example.com/q?x=") + QString::fromLatin1(QUrl::toPercentEncoding(text)));
    sneaky.page = QUrl(QStringLiteral("http://example.com/") + text);
    sneaky.error = text;
    QVERIFY(await(m_catalog->insert({sneaky})).at(0).imageId > 0);
    Peek peek(m_path);
    QCOMPARE(peek.value(QStringLiteral("SELECT count(*) FROM images")).toInt(), 11);
    QCOMPARE(peek.value(QStringLiteral("SELECT count(*) FROM sources")).toInt(), 11);
    QCOMPARE(peek.value(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
}

void TestCatalogStore::vacuumKeepsEverything()
{
    QList<CatalogRecord> records;
    for (int i = 0; i < 40; ++i)
        records << okRecord(i, QStringLiteral("http://example.com/%1.jpg").arg(i));
    const auto ids = await(m_catalog->insert(records));
    QList<qint64> half;
    for (int i = 0; i < 20; ++i)
        half << ids[i].imageId;
    QCOMPARE(await(m_catalog->remove(half, false)).removed, 20);
    await(m_catalog->vacuum());
    QCOMPARE(await(m_catalog->totals({})).count, 20);
    Peek peek(m_path);
    QCOMPARE(peek.value(QStringLiteral("PRAGMA freelist_count")).toInt(), 0);
}

QTEST_GUILESS_MAIN(TestCatalogStore)
#include "tst_catalogstore.moc"
