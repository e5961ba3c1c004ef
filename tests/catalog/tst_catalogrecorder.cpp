// The recorder between a real pipeline and a real catalog: every finished item is catalogued with
// its thumbnail, equal bytes become one image, and flush() leaves nothing behind — all without a
// query or an encode on the GUI thread.
#include "core/catalog/catalog.h"
#include "core/http/httpserver.h"
#include "core/pipeline/catalogrecorder.h"
#include "core/pipeline/pipeline.h"
#include "core/probe/guithreadwork.h"
#include "catalogtestutil.h"
#include "pipelinerig.h"

#include <QBuffer>
#include <QDir>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace glint;
using namespace glint::test;

class TestCatalogRecorder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { GuiThreadWork::reset(); }
    void finishedItemsAreCataloguedWithThumbnails();
    void thumbnailsKeepTheirAlpha();
    void aRefusedBatchIsKeptAndSavedLater();
    void aDownloadNeverDeletesTheUsersCopies();
};

void TestCatalogRecorder::finishedItemsAreCataloguedWithThumbnails()
{
    QTemporaryDir folder;
    for (int i = 0; i < 5; ++i) {
        QImage image(300 + 40 * i, 200, QImage::Format_RGB32);
        image.fill(QColor::fromHsv(i * 60, 200, 200));
        QVERIFY(image.save(folder.filePath(QStringLiteral("img%1.png").arg(i))));
    }
    QVERIFY(QFile::copy(folder.filePath(QStringLiteral("img0.png")), folder.filePath(QStringLiteral("copy-of-0.png"))));

    QTemporaryDir dir;
    Catalog catalog;
    catalog.open(dir.filePath(QStringLiteral("catalog.sqlite")));
    test::RigSettings options;
    options.downloadDir = dir.filePath(QStringLiteral("downloads"));
    test::PipelineRig rig(options);
    Pipeline &pipeline = rig.pipeline;
    CatalogRecorder recorder(&pipeline, &catalog);
    QSignalSpy idle(&pipeline, &Pipeline::idle);
    pipeline.addSource(folder.path());
    QVERIFY(idle.wait(30000));
    QVERIFY(finishes(recorder.flush()));
    QCOMPARE(recorder.pending(), 0);

    CatalogQuery query;
    query.sort = CatalogQuery::Sort::Smallest;
    const QList<CatalogImage> images = await(catalog.search(query));
    QCOMPARE(images.size(), 5);   // six files, five contents
    for (const CatalogImage &image : images) {
        QVERIFY(image.url.isLocalFile());
        QVERIFY(image.host.isEmpty());
        QVERIFY(QFile::exists(image.file));   // a user's own file is never deleted as a duplicate
        QCOMPARE(image.format, QByteArray("png"));
        QVERIFY(!image.thumbnail.isNull());
        QVERIFY(image.thumbnailJpeg.startsWith("\xff\xd8"));   // JPEG: no alpha to keep
        QCOMPARE(fileSha256(image.file), image.sha256);
    }
    CatalogQuery copy;
    copy.text = QStringLiteral("copy-of-0");
    QCOMPARE(await(catalog.search(copy)).size(), 1);
    QCOMPARE(GuiThreadWork::count(GuiThreadWork::Kind::Query), 0);
    QCOMPARE(GuiThreadWork::count(GuiThreadWork::Kind::Decode), 0);
}

void TestCatalogRecorder::thumbnailsKeepTheirAlpha()
{
    QImage opaque(64, 48, QImage::Format_RGB32);
    opaque.fill(Qt::red);
    QImage clear(64, 48, QImage::Format_ARGB32);
    clear.fill(QColor(0, 0, 255, 100));
    QVERIFY(CatalogRecorder::encodeThumbnail(opaque).startsWith("\xff\xd8"));
    const QByteArray png = CatalogRecorder::encodeThumbnail(clear);
    QVERIFY(png.startsWith("\x89PNG"));
    QVERIFY(QImage::fromData(png).hasAlphaChannel());
    QVERIFY(CatalogRecorder::encodeThumbnail({}).isEmpty());
}

void TestCatalogRecorder::aRefusedBatchIsKeptAndSavedLater()
{
    // A second program holds the catalog's write lock for longer than every try (SQLITE_BUSY): the
    // records are kept and reported, and saved once the user retries after the lock is gone.
    QTemporaryDir folder;
    QImage image(120, 90, QImage::Format_RGB32);
    image.fill(Qt::darkGreen);
    QVERIFY(image.save(folder.filePath(QStringLiteral("a.png"))));
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("catalog.sqlite"));
    Catalog catalog;
    QVERIFY(await(catalog.open(path)).ok);
    {
        QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other"));
        other.setDatabaseName(path);
        QVERIFY(other.open());
        QSqlQuery lock(other);
        QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));

        test::RigSettings options;
        options.downloadDir = dir.filePath(QStringLiteral("downloads"));
        test::PipelineRig rig(options);
        CatalogRecorder recorder(&rig.pipeline, &catalog);
        QSignalSpy failed(&recorder, &CatalogRecorder::failed);
        QSignalSpy idle(&rig.pipeline, &Pipeline::idle);
        rig.pipeline.addSource(folder.path());
        QVERIFY(idle.wait(30000));
        QVERIFY(finishes(recorder.flush(), 60000));   // every try, then the flush settles
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.at(0).at(1).toInt(), 1);
        QCOMPARE(recorder.unsaved(), 1);

        QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        lock.finish();
        recorder.retryUnsaved();
        QCOMPARE(recorder.unsaved(), 0);
        QVERIFY(finishes(recorder.flush(), 30000));
        QCOMPARE(failed.count(), 1);
    }
    QSqlDatabase::removeDatabase(QStringLiteral("other"));
    QCOMPARE(await(catalog.search(CatalogQuery{})).size(), 1);
}

// The case end to end: two copies of one photo under different names in the download
// folder, opened in Glint, then a download of the same bytes. The duplicate clean-up may delete only
// the copy Glint just saved; the user's two files stay, byte for byte.
void TestCatalogRecorder::aDownloadNeverDeletesTheUsersCopies()
{
    QImage image(320, 200, QImage::Format_RGB32);
    image.fill(QColor(20, 140, 220));
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(image.save(&buffer, "PNG"));
    QTemporaryDir downloads;
    const QStringList users = {downloads.filePath(QStringLiteral("holiday.png")), downloads.filePath(QStringLiteral("holiday copy.png"))};
    for (const QString &file : users) {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly) && f.write(png) == png.size());
    }

    HttpServer server;
    server.route(QStringLiteral("/holiday.png"), [png](const HttpRequest &) {
        return QtFuture::makeReadyFuture(HttpResponse::ok(png, "image/png"));
    });
    QSignalSpy listening(&server, &HttpServer::listening);
    server.start();
    QVERIFY(listening.wait(5000));

    QTemporaryDir dir;
    Catalog catalog;
    catalog.open(dir.filePath(QStringLiteral("catalog.sqlite")));
    test::RigSettings options;
    options.downloadDir = downloads.path();
    test::PipelineRig rig(options);
    Pipeline &pipeline = rig.pipeline;
    CatalogRecorder recorder(&pipeline, &catalog);
    QSignalSpy idle(&pipeline, &Pipeline::idle);
    QSignalSpy recorded(&recorder, &CatalogRecorder::recorded);
    pipeline.addSource(downloads.path());
    QVERIFY(idle.wait(30000));
    QVERIFY(finishes(recorder.flush()));
    QCOMPARE(pipeline.items().size(), 2);
    for (const Item &item : pipeline.items())
        QVERIFY(!item.fileCreated);

    pipeline.addSource(server.baseUrl().resolved(QUrl(QStringLiteral("/holiday.png"))).toString());
    QVERIFY(idle.wait(30000));
    QVERIFY(finishes(recorder.flush()));
    QCOMPARE(pipeline.items().size(), 3);
    const Item &download = pipeline.items().at(2);
    QCOMPARE(download.state, Item::State::Done);
    QVERIFY(download.fileCreated);
    QCOMPARE(download.file, downloads.filePath(QStringLiteral("holiday (2).png")));   // never over the user's name
    QString deleted;
    for (const QList<QVariant> &signal : std::as_const(recorded)) {
        for (const CatalogInsertResult &result : signal.at(0).value<QList<CatalogInsertResult>>())
            deleted += result.duplicateFile;
    }
    QCOMPARE(deleted, download.file);   // only Glint's own copy
    for (const QString &file : users)
        QCOMPARE(fileSha256(file), sha256Hex(png));
    QCOMPARE(QDir(downloads.path()).entryList(QDir::Files | QDir::Hidden), (QStringList{QStringLiteral("holiday copy.png"), QStringLiteral("holiday.png")}));
    QCOMPARE(await(catalog.totals({})).count, 1);
}

QTEST_MAIN(TestCatalogRecorder)
#include "tst_catalogrecorder.moc"
