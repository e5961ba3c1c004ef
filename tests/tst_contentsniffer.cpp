// ContentSniffer: page or image is decided from the bytes, and a declared HTML type is not overruled by
// a textual guess.
#include "core/formats/contentsniffer.h"
#include "core/formats/imagefiles.h"
#include "core/imaging/thumbnaildecoder.h"

#include <QBuffer>
#include <QImage>
#include <QTemporaryDir>
#include <QTest>

using namespace glint;

class TestContentSniffer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void looksLikeHtml_data();
    void looksLikeHtml();
    void classify_data();
    void classify();
    void suffixes();
    void everyFormatQtReads_data();
    void everyFormatQtReads();
    void emptyIconIsNotAnImage();
};

static QByteArray encoded(const char *format)
{
    QImage image(8, 8, QImage::Format_RGB32);
    image.fill(Qt::red);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, format);
    return bytes;
}

void TestContentSniffer::looksLikeHtml_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<bool>("html");
    QTest::newRow("doctype") << QByteArray("  <!DOCTYPE html><html>") << true;
    QTest::newRow("html") << QByteArray("<HTML lang=en>") << true;
    QTest::newRow("comment") << QByteArray("<!-- x -->") << true;
    QTest::newRow("png") << QByteArray("\x89PNG\r\n\x1a\n") << false;
    QTest::newRow("json") << QByteArray("{\"a\": 1}") << false;
}

void TestContentSniffer::looksLikeHtml()
{
    QFETCH(QByteArray, head);
    QFETCH(bool, html);
    QCOMPARE(ContentSniffer::looksLikeHtml(head), html);
}

void TestContentSniffer::classify_data()
{
    QTest::addColumn<QByteArray>("contentType");
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<int>("kind");
    const int image = int(ContentSniffer::Kind::Image), page = int(ContentSniffer::Kind::Page),
              other = int(ContentSniffer::Kind::Other);
    QTest::newRow("jpeg declared") << QByteArray("image/jpeg") << encoded("JPEG") << image;
    QTest::newRow("png posing as html") << QByteArray("text/html") << encoded("PNG") << image;
    QTest::newRow("html") << QByteArray("text/html; charset=utf-8") << QByteArray("<!doctype html><p>") << page;
    QTest::newRow("xhtml with <?xml") << QByteArray("application/xhtml+xml")
                                      << QByteArray("<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">") << page;
    QTest::newRow("html that starts <?xml ... <svg") << QByteArray("text/html")
                                                     << QByteArray("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>") << page;
    QTest::newRow("html that starts with a comment") << QByteArray("text/html") << QByteArray("<!-- generated -->\n<html>") << page;
    QTest::newRow("undeclared html") << QByteArray() << QByteArray("<html><body>") << page;
    QTest::newRow("svg as image") << QByteArray("image/svg+xml")
                                  << QByteArray("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"4\" height=\"4\"/>") << image;
    QTest::newRow("json") << QByteArray("application/json") << QByteArray("{\"a\": 1}") << other;
}

void TestContentSniffer::classify()
{
    QFETCH(QByteArray, contentType);
    QFETCH(QByteArray, head);
    QFETCH(int, kind);
    QCOMPARE(int(ContentSniffer::classify(contentType, head)), kind);
}

void TestContentSniffer::suffixes()
{
    for (const char *name : {"a.jpg", "b.JPEG", "c.png", "d.gif", "e.webp", "f.bmp", "g.ico", "h.mpo", "i.ppm", "j.dib", "k.apng"})
        QVERIFY2(ImageFiles::hasImageSuffix(QString::fromLatin1(name)), name);
    QVERIFY(!ImageFiles::hasImageSuffix(QStringLiteral("notes.txt")));
    QCOMPARE(ImageFiles::suffixForFormat("jpeg"), QStringLiteral("jpg"));
    QCOMPARE(ImageFiles::suffixForFormat("gif"), QStringLiteral("gif"));
}

// An uncompressed 24-bit TGA, 4 × 3, with the TGA 2.0 footer that Qt's handler requires. Its first bytes
// (00 00 02 00) are also what a cursor (.cur) header starts with.
static QByteArray tga()
{
    QByteArray bytes(18, '\0');
    bytes[2] = 2;                       // uncompressed true colour
    bytes[12] = 4;                      // width
    bytes[14] = 3;                      // height
    bytes[16] = 24;                     // bits per pixel
    for (int i = 0; i < 4 * 3; ++i)
        bytes.append("\x00\x00\xff", 3);   // BGR red
    bytes.append(QByteArray(8, '\0'));
    bytes.append("TRUEVISION-XFILE.", 17);
    bytes.append('\0');
    return bytes;
}

// A cursor is an icon file whose type field says 2.
static QByteArray cursor()
{
    QByteArray bytes = encoded("ICO");
    bytes[2] = 2;
    return bytes;
}

void TestContentSniffer::everyFormatQtReads_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArray>("format");
    QTest::newRow("tga") << QStringLiteral("a.tga") << tga() << QByteArray("tga");
    QTest::newRow("tga without its suffix") << QStringLiteral("a.img") << tga() << QByteArray("tga");
    QTest::newRow("ico") << QStringLiteral("a.ico") << encoded("ICO") << QByteArray("ico");
    QTest::newRow("cur") << QStringLiteral("a.cur") << cursor() << QByteArray("ico");
    QTest::newRow("ppm") << QStringLiteral("a.ppm") << encoded("PPM") << QByteArray("ppm");
    QTest::newRow("bmp as dib") << QStringLiteral("a.dib") << encoded("BMP") << QByteArray("bmp");
    QTest::newRow("webp") << QStringLiteral("a.webp") << encoded("WEBP") << QByteArray("webp");
    QTest::newRow("tiff") << QStringLiteral("a.tif") << encoded("TIFF") << QByteArray("tiff");
}

// From the bytes alone (a download) and from a file (a folder), each is an image that decodes.
void TestContentSniffer::everyFormatQtReads()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArray, format);
    QVERIFY(!bytes.isEmpty());
    const QByteArray sniffed = ContentSniffer::imageFormat(bytes);
    QVERIFY2(sniffed == format || (format == "ico" && sniffed == "cur"), sniffed.constData());
    QCOMPARE(int(ContentSniffer::classify("application/octet-stream", bytes)), int(ContentSniffer::Kind::Image));
    if (QFileInfo(name).suffix() != QLatin1String("img"))
        QVERIFY2(ImageFiles::hasImageSuffix(name), qPrintable(name));

    QTemporaryDir dir;
    QFile file(dir.filePath(name));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
    file.close();
    const DecodedImage decoded = ThumbnailDecoder::decodeNow(file.fileName());
    QVERIFY2(!decoded.thumbnail.isNull(), qPrintable(decoded.failure.describe()));
    QVERIFY(decoded.format == format || (format == "ico" && decoded.format == "cur"));
}

// A cursor header with an empty directory is not an icon: without a TGA header it is nothing.
void TestContentSniffer::emptyIconIsNotAnImage()
{
    QByteArray bytes(64, '\0');
    bytes[2] = 2;
    QCOMPARE(ContentSniffer::imageFormat(bytes), QByteArray());
}

QTEST_MAIN(TestContentSniffer)
#include "tst_contentsniffer.moc"
