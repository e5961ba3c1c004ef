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
    void duplicateCopyInTheDownloadFolderIsDeleted_data();
    void duplicateCopyInTheDownloadFolderIsDeleted();
    void failuresAreRecordedAsSources();
    void aBadRecordIsRejectedAlone();
    void removeKeepsOrDeletesTheFile_data();
    void removeKeepsOrDeletesTheFile();
    void searchTextIsNeverSql_data();
    void searchTextIsNeverSql();
    void vacuumKeepsEverything();

private:
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

void TestCatalogStore::duplicateCopyInTheDownloadFolderIsDeleted_data()
{
    QTest::addColumn<bool>("inDownloadFolder");
    QTest::newRow("in the download folder: deleted") << true;
    QTest::newRow("elsewhere (a user's file): kept") << false;
}

void TestCatalogStore::duplicateCopyInTheDownloadFolderIsDeleted()
{
    QFETCH(bool, inDownloadFolder);
    const QString downloads = m_dir->filePath(QStringLiteral("downloads"));
    const QString elsewhere = m_dir->filePath(QStringLiteral("elsewhere"));
    QVERIFY(QDir().mkpath(downloads) && QDir().mkpath(elsewhere));
    m_catalog->setDownloadFolder(downloads);
    const auto write = [](const QString &path) {
        QFile f(path);
        return f.open(QIODevice::WriteOnly) && f.write("image 3") == 7;
    };
    CatalogRecord a = okRecord(3, QStringLiteral("http://one.example/x.jpg"));
    a.file = downloads + QStringLiteral("/x.jpg");
    CatalogRecord b = okRecord(3, QStringLiteral("http://two.example/x.jpg"));
    b.file = (inDownloadFolder ? downloads : elsewhere) + QStringLiteral("/x (2).jpg");
    QVERIFY(write(a.file) && write(b.file));
    await(m_catalog->insert({a}));
    const auto second = await(m_catalog->insert({b}));
    QCOMPARE(QFile::exists(a.file), true);
    QCOMPARE(QFile::exists(b.file), !inDownloadFolder);
    QCOMPARE(second.at(0).duplicateFile, inDownloadFolder ? b.file : QString());
    const QList<CatalogImage> images = await(m_catalog->search({}));
    QCOMPARE(images.size(), 1);
    QCOMPARE(images[0].file, a.file);
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
    QTest::newRow("catalog only") << false;
    QTest::newRow("with the file") << true;
}

void TestCatalogStore::removeKeepsOrDeletesTheFile()
{
    QFETCH(bool, deleteFiles);
    CatalogRecord a = okRecord(1, QStringLiteral("http://example.com/a.jpg"), QStringLiteral("http://example.com/p.html"));
    a.file = m_dir->filePath(QStringLiteral("a.jpg"));
    QFile f(a.file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("image 1");
    f.close();
    const CatalogRecord other = okRecord(2, QStringLiteral("http://example.com/b.jpg"));
    const auto ids = await(m_catalog->insert({a, other, okRecord(1, QStringLiteral("http://mirror.example/a.jpg"))}));
    QCOMPARE(await(m_catalog->remove({ids[0].imageId, 123456}, deleteFiles)), 1);
    QCOMPARE(QFile::exists(a.file), !deleteFiles);
    const QList<CatalogImage> left = await(m_catalog->search({}));
    QCOMPARE(left.size(), 1);
    QCOMPARE(left[0].id, ids[1].imageId);
    Peek peek(m_path);
    QCOMPARE(peek.value(QStringLiteral("SELECT count(*) FROM sources")).toInt(), 1);     // both sources of a went
    QCOMPARE(peek.value(QStringLiteral("SELECT count(*) FROM thumbnails")).toInt(), 1);
    QCOMPARE(peek.value(QStringLiteral("SELECT count(*) FROM pages")).toInt(), 0);       // no longer used
    QCOMPARE(peek.value(QStringLiteral("SELECT count(*) FROM images_text")).toInt(), 1);
    QCOMPARE(peek.value(QStringLiteral("PRAGMA foreign_key_check")), QVariant());
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
    QCOMPARE(await(m_catalog->remove(half, false)), 20);
    await(m_catalog->vacuum());
    QCOMPARE(await(m_catalog->totals({})).count, 20);
    Peek peek(m_path);
    QCOMPARE(peek.value(QStringLiteral("PRAGMA freelist_count")).toInt(), 0);
}

QTEST_GUILESS_MAIN(TestCatalogStore)
#include "tst_catalogstore.moc"
