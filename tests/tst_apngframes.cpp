// Animated PNGs (issue 12): the frames are composed as the APNG specification says — blend over or
// replace, dispose to nothing, to the background or to the previous picture — the default image is
// skipped when it is not a frame, the loop starts again on a clear canvas, and a damaged file fails
// with a sentence instead of drawing outside its canvas. Also: FrameReader plays an APNG and
// ViewDecode calls it animated, where Qt's PNG handler sees one still image.
#include "core/imaging/apngframes.h"
#include "core/imaging/framereader.h"
#include "core/imaging/viewdecode.h"
#include "testapng.h"

#include <QBuffer>
#include <QFile>
#include <QImageReader>
#include <QTemporaryDir>
#include <QTest>

using namespace glint;

namespace {

const QColor kRed(255, 0, 0), kBlue(0, 0, 255), kGreen(0, 255, 0), kWhite(255, 255, 255), kYellow(255, 255, 0),
    kCyan(0, 255, 255), kClear(0, 0, 0, 0);

QColor at(const QImage &image, int x, int y)
{
    return image.pixelColor(x, y);
}

} // namespace

class TestApngFrames : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void framesAreComposedAsTheSpecificationSays();
    void theLoopStartsAgainOnAClearCanvas();
    void aDefaultImageOutsideTheAnimationIsSkipped();
    void animationIsToldByTheChunksNotTheHandler();
    void damagedFilesFailWithASentence_data();
    void damagedFilesFailWithASentence();
    void frameReaderPlaysAnApngOffItsBytes();

private:
    QTemporaryDir m_folder;
};

void TestApngFrames::framesAreComposedAsTheSpecificationSays()
{
    ApngFrames apng(test::fourFrameApng());
    QVERIFY2(apng.isValid(), qPrintable(apng.errorString()));
    QCOMPARE(apng.size(), QSize(16, 16));
    QCOMPARE(apng.frameCount(), 4);
    QImage frame;
    int delay = -1;

    QVERIFY(apng.next(&frame, &delay));
    QCOMPARE(frame.size(), QSize(16, 16));
    QCOMPARE(delay, 50);
    QCOMPARE(at(frame, 0, 0), kRed);
    QCOMPARE(at(frame, 15, 15), kRed);

    QVERIFY(apng.next(&frame, &delay));
    QCOMPARE(delay, 0);
    QCOMPARE(at(frame, 0, 0), kBlue);   // replaced
    QCOMPARE(at(frame, 7, 7), kBlue);
    QCOMPARE(at(frame, 8, 8), kRed);

    QVERIFY(apng.next(&frame, &delay));
    QCOMPARE(delay, 30);
    QCOMPARE(at(frame, 0, 0), kRed);     // frame 2 disposed to the previous picture
    QCOMPARE(at(frame, 9, 9), kGreen);   // blended over…
    QCOMPARE(at(frame, 13, 13), kRed);   // …so its transparent half lets the red through

    QVERIFY(apng.next(&frame, &delay));
    QCOMPARE(delay, 100);
    QCOMPARE(at(frame, 1, 1), kWhite);
    QCOMPARE(at(frame, 5, 5), kRed);
    QCOMPARE(at(frame, 9, 9), kClear);   // frame 3 disposed to the background: transparent
    QCOMPARE(at(frame, 13, 13), kClear);
    QCOMPARE(at(frame, 15, 0), kRed);
}

void TestApngFrames::theLoopStartsAgainOnAClearCanvas()
{
    ApngFrames apng(test::fourFrameApng());
    QImage first, frame;
    int delay = 0;
    QVERIFY(apng.next(&first, &delay));
    const QImage kept = first.copy();
    for (int i = 0; i < 3; ++i)
        QVERIFY(apng.next(&frame, &delay));
    QVERIFY(apng.next(&frame, &delay));
    QCOMPARE(frame, kept);
    QCOMPARE(first, kept);   // a frame handed out is not drawn over by the ones after it
}

void TestApngFrames::aDefaultImageOutsideTheAnimationIsSkipped()
{
    ApngFrames apng(test::hiddenDefaultApng());
    QVERIFY2(apng.isValid(), qPrintable(apng.errorString()));
    QCOMPARE(apng.frameCount(), 2);
    QImage frame;
    int delay = 0;
    QVERIFY(apng.next(&frame, &delay));
    QCOMPARE(at(frame, 3, 3), kYellow);
    QVERIFY(apng.next(&frame, &delay));
    QCOMPARE(at(frame, 3, 3), kCyan);
    QCOMPARE(delay, 100);
}

void TestApngFrames::animationIsToldByTheChunksNotTheHandler()
{
    QByteArray bytes = test::fourFrameApng();
    QBuffer buffer(&bytes);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    QVERIFY(ApngFrames::isAnimated(buffer));
    QCOMPARE(buffer.pos(), 0);   // left where it was
    QImageReader reader(&buffer, "png");
    QVERIFY(!(reader.supportsAnimation() && reader.imageCount() > 1));   // why the chunks are asked

    QByteArray still;
    QBuffer stillBuffer(&still);
    QVERIFY(stillBuffer.open(QIODevice::WriteOnly));
    QVERIFY(QImage(4, 4, QImage::Format_RGB32).save(&stillBuffer, "PNG"));
    stillBuffer.close();
    QVERIFY(stillBuffer.open(QIODevice::ReadOnly));
    QVERIFY(!ApngFrames::isAnimated(stillBuffer));

    const QString path = m_folder.filePath(QStringLiteral("four.png"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(test::fourFrameApng());
    file.close();
    const ViewImage viewed = ViewDecode::decodeNow(path, QSize(64, 64));
    QVERIFY(viewed.ok());
    QVERIFY(viewed.animated);
}

void TestApngFrames::damagedFilesFailWithASentence_data()
{
    QTest::addColumn<QByteArray>("bytes");
    const QByteArray good = test::fourFrameApng();
    QTest::newRow("cut inside a frame") << good.left(good.size() - 60);
    QTest::newRow("only the signature") << good.left(8);
    QTest::newRow("not a PNG") << QByteArray("GIF89a and so on");
    // The second frame's x offset (16 bytes into its fcTL body) moved past the canvas.
    QByteArray outside = good;
    const qsizetype second = outside.indexOf("fcTL", outside.indexOf("fcTL") + 4);
    outside[second + 4 + 12 + 3] = char(12);
    QTest::newRow("a frame outside the canvas") << outside;
    QByteArray noFrames = good;
    noFrames.replace("fcTL", "xxxx");
    QTest::newRow("an animation header and no frames") << noFrames;
}

void TestApngFrames::damagedFilesFailWithASentence()
{
    QFETCH(QByteArray, bytes);
    ApngFrames apng(bytes);
    QImage frame;
    int delay = 0;
    bool ok = apng.isValid();
    for (int i = 0; ok && i < 8; ++i)
        ok = apng.next(&frame, &delay);
    QVERIFY(!ok);
    QVERIFY(!apng.errorString().isEmpty());
}

void TestApngFrames::frameReaderPlaysAnApngOffItsBytes()
{
    const QString path = m_folder.filePath(QStringLiteral("played.png"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(test::fourFrameApng());
    file.close();
    FrameReader reader(path, QSize(8, 8));   // smaller than the canvas: scaled to fit
    const QColor expected[] = {kRed, kBlue, kRed, kWhite, kRed};
    for (const QColor &colour : expected) {
        const FrameReader::Frame frame = reader.next();
        QVERIFY2(frame.ok(), qPrintable(frame.failure.describe()));
        QCOMPARE(frame.image.size(), QSize(8, 8));
        QCOMPARE(frame.image.pixelColor(0, 0), colour);
        QVERIFY(frame.delayMs >= FrameReader::kMinDelayMs);
    }
}

QTEST_GUILESS_MAIN(TestApngFrames)
#include "tst_apngframes.moc"
