// The demo gallery's content is a pure function of the index: these tests pin that down, and check
// that every kind of image it serves really decodes as what its name says.
#include "core/demo/demogallery.h"

#include <QBuffer>
#include <QImageReader>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace glint;

class TestDemoGallery : public QObject {
    Q_OBJECT
private slots:
    void encodesWhatTheNameSays_data();
    void encodesWhatTheNameSays();
    void isDeterministic();
    void coversSizesAndFormats();
    void fileNamesRoundTrip_data();
    void fileNamesRoundTrip();
    void indexPageListsEveryImage();
};

void TestDemoGallery::encodesWhatTheNameSays_data()
{
    QTest::addColumn<int>("index");
    // One of each of the ten slots the gallery cycles through.
    for (int i = 0; i < 10; ++i)
        QTest::addRow("%s", qPrintable(DemoGallery::spec(i).fileName())) << i;
}

void TestDemoGallery::encodesWhatTheNameSays()
{
    QFETCH(int, index);
    const DemoImageSpec spec = DemoGallery::spec(index);
    const QByteArray bytes = DemoGallery::encode(spec);
    if (bytes.isEmpty() && spec.format == "webp")
        QSKIP("no WebP image plugin installed (qt6-image-formats-plugins)");
    QVERIFY(!bytes.isEmpty());

    QBuffer buffer;
    buffer.setData(bytes);
    QImageReader reader(&buffer);
    QCOMPARE(reader.format(), spec.format);
    QCOMPARE(reader.size(), spec.size);
    QVERIFY(spec.fileName().endsWith(spec.format == "jpeg" ? QStringLiteral(".jpg")
                                                            : QStringLiteral(".") + QString::fromLatin1(spec.format)));
    QCOMPARE(spec.mimeType(), QByteArray("image/" + spec.format));
}

void TestDemoGallery::isDeterministic()
{
    const DemoImageSpec spec = DemoGallery::spec(17);
    QCOMPARE(DemoGallery::render(spec), DemoGallery::render(spec));
    QVERIFY(DemoGallery::render(spec) != DemoGallery::render(DemoGallery::spec(27)));
}

void TestDemoGallery::coversSizesAndFormats()
{
    QSet<QByteArray> formats;
    int smallest = INT_MAX;
    int largest = 0;
    for (int i = 0; i < 100; ++i) {
        const DemoImageSpec s = DemoGallery::spec(i);
        formats.insert(s.format);
        const int pixels = s.size.width() * s.size.height();
        smallest = qMin(smallest, pixels);
        largest = qMax(largest, pixels);
    }
    QCOMPARE(formats, (QSet<QByteArray>{"jpeg", "png", "webp"}));
    QVERIFY(smallest <= 160 * 120);
    QVERIFY(largest >= 12'000'000);
}

void TestDemoGallery::fileNamesRoundTrip_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("index");
    QTest::newRow("first") << DemoGallery::spec(0).fileName() << 0;
    QTest::newRow("large index") << DemoGallery::spec(12345).fileName() << 12345;
    QTest::newRow("wrong size") << QStringLiteral("0000-1x1.jpg") << -1;
    QTest::newRow("wrong extension") << DemoGallery::spec(0).fileName().replace(QStringLiteral(".jpg"), QStringLiteral(".png")) << -1;
    QTest::newRow("path traversal") << QStringLiteral("../0000-1920x1080.jpg") << -1;
    QTest::newRow("empty") << QString() << -1;
    QTest::newRow("negative") << QStringLiteral("-001-1920x1080.jpg") << -1;
}

void TestDemoGallery::fileNamesRoundTrip()
{
    QFETCH(QString, name);
    QFETCH(int, index);
    QCOMPARE(DemoGallery::indexForFileName(name), index);
}

void TestDemoGallery::indexPageListsEveryImage()
{
    const QString html = QString::fromUtf8(DemoGallery::indexHtml(25));
    QVERIFY(html.contains(QStringLiteral("<title>Glint demo</title>")));
    static const QRegularExpression img(QStringLiteral("<img src=\"images/([^\"]+)\""));
    int n = 0;
    for (auto it = img.globalMatch(html); it.hasNext(); ++n)
        QCOMPARE(DemoGallery::indexForFileName(it.next().captured(1)), n);
    QCOMPARE(n, 25);
}

QTEST_MAIN(TestDemoGallery)
#include "tst_demogallery.moc"
