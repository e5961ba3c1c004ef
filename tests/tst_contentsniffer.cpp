// ContentSniffer: page or image is decided from the bytes, and a declared HTML type is not overruled by
// a textual guess.
#include "core/formats/contentsniffer.h"
#include "core/formats/imagefiles.h"

#include <QBuffer>
#include <QImage>
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

QTEST_MAIN(TestContentSniffer)
#include "tst_contentsniffer.moc"
