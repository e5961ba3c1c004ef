// The desktop's shared thumbnail cache (the freedesktop.org Thumbnail Managing Standard): a valid
// thumbnail that is big enough replaces the decode, a stale one is ignored and written again, and
// what Glint writes is what the standard asks for. Real files in temporary folders; XDG_CACHE_HOME
// points at one of them, so nothing touches the user's ~/.cache/thumbnails.
#include "core/imaging/freedesktopthumbnails.h"
#include "core/imaging/thumbnaildecoder.h"
#include "core/pipeline/pipeline.h"
#include "pipelinerig.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace glint;

namespace {

int modeOf(const QString &path)
{
    struct stat st {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? int(st.st_mode & 0777) : -1;
}

// What a file manager would have left: a thumbnail of another colour than the file, so that the test
// can tell which one the tile shows.
void writeForeignThumbnail(const QString &path, QSize size, const QByteArray &uri, qint64 mtime)
{
    QDir().mkpath(QFileInfo(path).path());
    QImage thumbnail(size, QImage::Format_RGB32);
    thumbnail.fill(Qt::red);
    thumbnail.setText(QStringLiteral("Thumb::URI"), QString::fromUtf8(uri));
    thumbnail.setText(QStringLiteral("Thumb::MTime"), QString::number(mtime));
    QVERIFY(thumbnail.save(path, "PNG"));
}

bool isMostly(const QImage &image, QColor colour)
{
    const QColor centre = image.pixelColor(image.width() / 2, image.height() / 2);
    return qAbs(centre.red() - colour.red()) < 40 && qAbs(centre.green() - colour.green()) < 40 && qAbs(centre.blue() - colour.blue()) < 40;
}

} // namespace

class TestFreedesktopThumbnails : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init();
    void theStandardFolderFollowsXdgCacheHome();
    void theUriIsPercentEncodedAsGLibWritesIt();
    void aValidThumbnailIsUsedInsteadOfDecoding();
    void aStaleThumbnailIsIgnoredAndWrittenAgain();
    void aThumbnailTooSmallForTheTileIsNotUsed();
    void writtenThumbnailsFollowTheStandard();
    void aSmallImageIsStoredAtItsOwnSize();
    void filesInsideTheCacheAreNeverThumbnailed();
    void aDisabledCacheOnlyDecodes();
    void aFileThatDoesNotDecodeGetsAFailMarkUntilItChanges();

private:
    QString makeImage(const QString &name, QSize size = {1000, 750}, QColor colour = Qt::blue);
    std::unique_ptr<QTemporaryDir> m_cacheHome;
    std::unique_ptr<QTemporaryDir> m_files;
};

void TestFreedesktopThumbnails::init()
{
    m_cacheHome = std::make_unique<QTemporaryDir>();
    m_files = std::make_unique<QTemporaryDir>();
    QVERIFY(m_cacheHome->isValid() && m_files->isValid());
    qputenv("XDG_CACHE_HOME", QFile::encodeName(m_cacheHome->path()));
}

QString TestFreedesktopThumbnails::makeImage(const QString &name, QSize size, QColor colour)
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(colour);
    const QString path = m_files->filePath(name);
    if (!image.save(path))
        return {};
    return path;
}

void TestFreedesktopThumbnails::theStandardFolderFollowsXdgCacheHome()
{
    QCOMPARE(FreedesktopThumbnails::standard().root(), m_cacheHome->filePath(QStringLiteral("thumbnails")));
    qputenv("XDG_CACHE_HOME", "relative/is/ignored");
    QCOMPARE(FreedesktopThumbnails::standard().root(), QDir::home().filePath(QStringLiteral(".cache/thumbnails")));
    QVERIFY(!FreedesktopThumbnails().isEnabled());
}

void TestFreedesktopThumbnails::theUriIsPercentEncodedAsGLibWritesIt()
{
    QCOMPARE(FreedesktopThumbnails::uriOf(QStringLiteral("/home/me/My Pictures/été;1.jpg")),
             QByteArray("file:///home/me/My%20Pictures/%C3%A9t%C3%A9%3B1.jpg"));
    // The example of the standard itself: md5 of the URI, hex, ".png".
    const FreedesktopThumbnails cache(QStringLiteral("/c/thumbnails"));
    QCOMPARE(cache.pathOf(QStringLiteral("/home/jens/photos/me.png"), 128),
             QStringLiteral("/c/thumbnails/normal/c6ee772d9e49320e97ec29a7eb5b1697.png"));
}

void TestFreedesktopThumbnails::aValidThumbnailIsUsedInsteadOfDecoding()
{
    const QString file = makeImage(QStringLiteral("photo.jpg"));
    QVERIFY(!file.isEmpty());
    const FreedesktopThumbnails cache = FreedesktopThumbnails::standard();
    const qint64 mtime = QFileInfo(file).lastModified().toSecsSinceEpoch();
    writeForeignThumbnail(cache.pathOf(file, 256), {256, 192}, FreedesktopThumbnails::uriOf(file), mtime);

    // Through the pipeline, as a folder SOURCE is opened: no decode, the file manager's thumbnail.
    test::RigSettings settings;
    settings.downloadDir = m_files->filePath(QStringLiteral("unused"));
    settings.freedesktop = cache;
    test::PipelineRig rig(settings);
    QSignalSpy thumbnails(&rig.pipeline, &Pipeline::thumbnailReady);
    QSignalSpy idle(&rig.pipeline, &Pipeline::idle);
    const int decodesBefore = ThumbnailDecoder::decodeCount();
    const int hitsBefore = FreedesktopThumbnails::hits();
    rig.pipeline.addSource(m_files->path());
    QVERIFY(idle.wait(20000));
    QCOMPARE(ThumbnailDecoder::decodeCount(), decodesBefore);
    QCOMPARE(FreedesktopThumbnails::hits(), hitsBefore + 1);
    QCOMPARE(thumbnails.count(), 1);
    const QImage thumbnail = thumbnails.at(0).at(1).value<QImage>();
    QCOMPARE(thumbnail.size(), QSize(240, 180));   // fitted to the tile, not the 256 of the file
    QVERIFY(isMostly(thumbnail, Qt::red));
    const Item &item = rig.pipeline.items().at(0);
    QCOMPARE(item.state, Item::State::Done);
    QCOMPARE(item.size, QSize(1000, 750));   // from the original's header
    QCOMPARE(item.format, QByteArray("jpeg"));
    QVERIFY(!item.sha256.isEmpty());          // hashed as before: the catalog still knows the bytes
}

void TestFreedesktopThumbnails::aStaleThumbnailIsIgnoredAndWrittenAgain()
{
    const QString file = makeImage(QStringLiteral("photo.jpg"));
    const FreedesktopThumbnails cache = FreedesktopThumbnails::standard();
    const qint64 mtime = QFileInfo(file).lastModified().toSecsSinceEpoch();
    const QString path = cache.pathOf(file, 256);
    writeForeignThumbnail(path, {256, 192}, FreedesktopThumbnails::uriOf(file), mtime - 60);   // the file changed since

    const int decodesBefore = ThumbnailDecoder::decodeCount();
    const int writesBefore = FreedesktopThumbnails::writes();
    const DecodedImage decoded = cache.decode(&ThumbnailDecoder::decodeNow, file, {240, 180}, false);
    QVERIFY(decoded.ok());
    QCOMPARE(ThumbnailDecoder::decodeCount(), decodesBefore + 1);
    QCOMPARE(FreedesktopThumbnails::writes(), writesBefore + 1);
    QVERIFY(isMostly(decoded.thumbnail, Qt::blue));   // the file's own pixels
    QImage written;
    QVERIFY(written.load(path, "PNG"));
    QCOMPARE(written.text(QStringLiteral("Thumb::MTime")), QString::number(mtime));
    QVERIFY(isMostly(written, Qt::blue));

    // And the next time, it is used.
    const DecodedImage again = cache.decode(&ThumbnailDecoder::decodeNow, file, {240, 180}, false);
    QVERIFY(again.ok());
    QCOMPARE(ThumbnailDecoder::decodeCount(), decodesBefore + 1);

    // Another file at the same path is another file, whatever the thumbnail says.
    writeForeignThumbnail(path, {256, 192}, "file:///somewhere/else.jpg", mtime);
    QVERIFY(cache.find(file, {240, 180}, {1000, 750}).isNull());
}

void TestFreedesktopThumbnails::aThumbnailTooSmallForTheTileIsNotUsed()
{
    const QString file = makeImage(QStringLiteral("photo.jpg"));
    const FreedesktopThumbnails cache = FreedesktopThumbnails::standard();
    const qint64 mtime = QFileInfo(file).lastModified().toSecsSinceEpoch();
    writeForeignThumbnail(cache.pathOf(file, 128), {128, 96}, FreedesktopThumbnails::uriOf(file), mtime);
    const int decodesBefore = ThumbnailDecoder::decodeCount();
    const DecodedImage decoded = cache.decode(&ThumbnailDecoder::decodeNow, file, {240, 180}, false);
    QCOMPARE(ThumbnailDecoder::decodeCount(), decodesBefore + 1);
    QVERIFY(isMostly(decoded.thumbnail, Qt::blue));
    QVERIFY(QFileInfo::exists(cache.pathOf(file, 256)));   // the size that fits a tile, written for next time
    // ... while a smaller tile takes the normal one.
    const DecodedImage small = cache.decode(&ThumbnailDecoder::decodeNow, file, {120, 90}, false);
    QCOMPARE(ThumbnailDecoder::decodeCount(), decodesBefore + 1);
    QVERIFY(isMostly(small.thumbnail, Qt::red));
    QCOMPARE(small.thumbnail.size(), QSize(120, 90));
}

void TestFreedesktopThumbnails::writtenThumbnailsFollowTheStandard()
{
    const QString file = makeImage(QStringLiteral("tall photo.jpg"), {600, 900});
    const FreedesktopThumbnails cache = FreedesktopThumbnails::standard();
    const DecodedImage decoded = cache.decode(&ThumbnailDecoder::decodeNow, file, {480, 360}, false);
    QVERIFY(decoded.ok());
    QCOMPARE(decoded.thumbnail.size(), QSize(240, 360));   // the tile's copy

    const QString path = cache.pathOf(file, 512);   // 480 wide tiles: x-large
    QCOMPARE(QFileInfo(path).fileName(),
             QString::fromLatin1(QCryptographicHash::hash(FreedesktopThumbnails::uriOf(file), QCryptographicHash::Md5).toHex()) + QStringLiteral(".png"));
    QImageReader reader(path);
    QCOMPARE(reader.format(), QByteArray("png"));
    const QImage written = reader.read();
    QCOMPARE(written.size(), QSize(341, 512));   // the long side is the standard's size
    QCOMPARE(written.text(QStringLiteral("Thumb::URI")), QString::fromUtf8(FreedesktopThumbnails::uriOf(file)));
    QVERIFY(written.text(QStringLiteral("Thumb::URI")).startsWith(QStringLiteral("file:///")));
    QCOMPARE(written.text(QStringLiteral("Thumb::MTime")), QString::number(QFileInfo(file).lastModified().toSecsSinceEpoch()));
    QCOMPARE(written.text(QStringLiteral("Thumb::Size")), QString::number(QFileInfo(file).size()));
    QCOMPARE(written.text(QStringLiteral("Thumb::Image::Width")), QStringLiteral("600"));
    QCOMPARE(written.text(QStringLiteral("Thumb::Image::Height")), QStringLiteral("900"));
    QCOMPARE(written.text(QStringLiteral("Thumb::Image::Mimetype")), QStringLiteral("image/jpeg"));
    QCOMPARE(written.text(QStringLiteral("Software")), QStringLiteral("Glint"));
    QCOMPARE(modeOf(path), 0600);
    QCOMPARE(modeOf(QFileInfo(path).path()), 0700);
    QCOMPARE(modeOf(cache.root()), 0700);
    // Written atomically: nothing but the thumbnail is left in the folder.
    QCOMPARE(QDir(QFileInfo(path).path()).entryList(QDir::Files | QDir::Hidden), QStringList{QFileInfo(path).fileName()});
}

void TestFreedesktopThumbnails::aSmallImageIsStoredAtItsOwnSize()
{
    const QString file = makeImage(QStringLiteral("icon.png"), {100, 80});
    const FreedesktopThumbnails cache = FreedesktopThumbnails::standard();
    const DecodedImage first = cache.decode(&ThumbnailDecoder::decodeNow, file, {240, 180}, false);
    QVERIFY(first.ok());
    QImage written;
    QVERIFY(written.load(cache.pathOf(file, 256), "PNG"));
    QCOMPARE(written.size(), QSize(100, 80));   // never enlarged
    const int decodesBefore = ThumbnailDecoder::decodeCount();
    const DecodedImage again = cache.decode(&ThumbnailDecoder::decodeNow, file, {240, 180}, false);
    QCOMPARE(again.thumbnail.size(), QSize(100, 80));
    QCOMPARE(ThumbnailDecoder::decodeCount(), decodesBefore);
}

void TestFreedesktopThumbnails::filesInsideTheCacheAreNeverThumbnailed()
{
    const FreedesktopThumbnails cache = FreedesktopThumbnails::standard();
    const QString file = makeImage(QStringLiteral("photo.jpg"));
    QVERIFY(cache.decode(&ThumbnailDecoder::decodeNow, file, {240, 180}, false).ok());
    const QString thumbnail = cache.pathOf(file, 256);
    QVERIFY(cache.isInsideCache(thumbnail));
    const int writesBefore = FreedesktopThumbnails::writes();
    const DecodedImage decoded = cache.decode(&ThumbnailDecoder::decodeNow, thumbnail, {240, 180}, false);
    QVERIFY(decoded.ok());
    QCOMPARE(FreedesktopThumbnails::writes(), writesBefore);
    QVERIFY(!QFileInfo::exists(cache.pathOf(thumbnail, 256)));
}

void TestFreedesktopThumbnails::aDisabledCacheOnlyDecodes()
{
    const QString file = makeImage(QStringLiteral("photo.jpg"));
    const FreedesktopThumbnails disabled;
    const DecodedImage decoded = disabled.decode(&ThumbnailDecoder::decodeNow, file, {240, 180}, true);
    QVERIFY(decoded.ok());
    QCOMPARE(decoded.thumbnail.size(), QSize(240, 180));
    QVERIFY(!QFileInfo::exists(m_cacheHome->filePath(QStringLiteral("thumbnails"))));
}

// The standard's fail/ folder: a file whose bytes do not decode is not read again until it changes,
// and the item still says why. A file that is only missing gets no mark.
void TestFreedesktopThumbnails::aFileThatDoesNotDecodeGetsAFailMarkUntilItChanges()
{
    const QString file = m_files->filePath(QStringLiteral("broken.jpg"));
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("these bytes are no image at all");
    }
    const FreedesktopThumbnails cache = FreedesktopThumbnails::standard();
    const DecodedImage first = cache.decode(&ThumbnailDecoder::decodeNow, file, {240, 180}, true);
    QVERIFY(!first.ok());
    const QString mark = cache.failPathOf(file);
    QVERIFY2(mark.contains(QStringLiteral("/thumbnails/fail/glint-1/")), qPrintable(mark));
    QImage written;
    QVERIFY(written.load(mark, "PNG"));
    QCOMPARE(written.text(QStringLiteral("Thumb::URI")).toUtf8(), FreedesktopThumbnails::uriOf(file));
    QCOMPARE(written.text(QStringLiteral("Thumb::MTime")), QString::number(QFileInfo(file).lastModified().toSecsSinceEpoch()));
    QCOMPARE(QFileInfo(mark).permissions() & (QFile::ReadOther | QFile::ReadGroup), QFileDevice::Permissions());

    // Again: the same failure from the mark, the file not decoded.
    const int decodesBefore = ThumbnailDecoder::decodeCount();
    const int failHitsBefore = FreedesktopThumbnails::failHits();
    const DecodedImage again = cache.decode(&ThumbnailDecoder::decodeNow, file, {240, 180}, true);
    QCOMPARE(again.failure.kind(), first.failure.kind());
    QCOMPARE(again.failure.describe(), first.failure.describe());
    QCOMPARE(ThumbnailDecoder::decodeCount(), decodesBefore);
    QCOMPARE(FreedesktopThumbnails::failHits(), failHitsBefore + 1);

    // The file changed since (now an image): the mark no longer counts.
    QImage image(64, 48, QImage::Format_RGB32);
    image.fill(Qt::blue);
    QVERIFY(QFile::remove(file));
    QVERIFY(image.save(file, "JPEG"));
    {
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(QDateTime::currentDateTime().addSecs(120), QFileDevice::FileModificationTime));
    }
    QVERIFY(cache.knownFailure(file).isNone());
    const DecodedImage fixed = cache.decode(&ThumbnailDecoder::decodeNow, file, {240, 180}, true);
    QVERIFY(fixed.ok());
    QVERIFY2(!QFileInfo::exists(mark), "a mark outlived by its file is removed once the file decodes");

    // A missing file is about this moment, not about its bytes: no mark.
    const QString missing = m_files->filePath(QStringLiteral("missing.jpg"));
    QVERIFY(!cache.decode(&ThumbnailDecoder::decodeNow, missing, {240, 180}, true).ok());
    QVERIFY(!QFileInfo::exists(cache.failPathOf(missing)));
}

QTEST_GUILESS_MAIN(TestFreedesktopThumbnails)
#include "tst_freedesktopthumbnails.moc"
