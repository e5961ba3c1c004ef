// ThumbnailDecoder's hash: a file that another program is still writing or truncating while Glint reads
// it has no stable digest, and is refused with its own failure instead of being recorded with a wrong one.
#include "core/imaging/thumbnaildecoder.h"
#include "core/imaging/cancelledreads.h"
#include "core/imaging/viewdecode.h"
#include "core/util/sha256.h"
#include "core/util/slicedread.h"

#include <QCryptographicHash>
#include <QFile>
#include <QImage>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QtConcurrent>
#include <atomic>
#include <thread>
#include <QTemporaryDir>
#include <QTest>

using namespace glint;

class TestThumbnailDecoder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void stableFileHashes();
    void changedWhileHashed_data();
    void changedWhileHashed();
    void decodeWithHashFillsDigestAndSize();
    void aFileOfManySlicesIsDecodedAndHashedWhole();
    void aViewDecodeCancelledMidwayWarnsAboutNothing();

private:
    QTemporaryDir m_dir;
    QString write(const QString &name, const QByteArray &bytes);
};

static const QByteArray kBytes(3 * 1024 * 1024 + 17, 'g');   // more than one 1 MiB chunk

QString TestThumbnailDecoder::write(const QString &name, const QByteArray &bytes)
{
    QFile file(m_dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
        return {};
    return file.fileName();
}

void TestThumbnailDecoder::stableFileHashes()
{
    const QString path = write(QStringLiteral("stable.bin"), kBytes);
    DecodedImage out;
    QVERIFY(ThumbnailDecoder::hashNow(path, out));
    QCOMPARE(out.bytes, kBytes.size());
    QCOMPARE(out.sha256, QCryptographicHash::hash(kBytes, QCryptographicHash::Sha256).toHex());
}

void TestThumbnailDecoder::changedWhileHashed_data()
{
    QTest::addColumn<qint64>("newSize");
    QTest::newRow("grows") << qint64(kBytes.size() + 4096);
    QTest::newRow("truncated") << qint64(1024 * 1024 + 5);
    QTest::newRow("truncated to nothing") << qint64(0);
}

void TestThumbnailDecoder::changedWhileHashed()
{
    QFETCH(qint64, newSize);
    const QString path = write(QStringLiteral("changing.bin"), kBytes);
    DecodedImage out;
    bool changed = false;
    const bool ok = ThumbnailDecoder::hashNow(path, out, [&] {
        if (changed)
            return;
        changed = true;
        QVERIFY(QFile::resize(path, newSize));   // another program, mid-read
    });
    QVERIFY(changed);
    QVERIFY(!ok);
    QCOMPARE(out.failure.kind(), Failure::Kind::ChangedWhileRead);
    QVERIFY(out.sha256.isEmpty());
    QVERIFY(!out.failure.describe().isEmpty());
}

// The decode entry point hashes through the same check when asked to.
void TestThumbnailDecoder::decodeWithHashFillsDigestAndSize()
{
    QImage image(64, 48, QImage::Format_RGB32);
    image.fill(Qt::blue);
    const QString path = m_dir.filePath(QStringLiteral("image.png"));
    QVERIFY(image.save(path));
    const DecodedImage good = ThumbnailDecoder::decodeNow(path, ThumbnailDecoder::kThumbnailBox, true);
    QVERIFY2(good.ok(), qPrintable(good.failure.describe()));
    QCOMPARE(good.size, QSize(64, 48));
    QVERIFY(!good.sha256.isEmpty());
}

// A file bigger than SlicedRead's slice (a photo) is read in several calls: the digest is the whole
// file's, and the picture decodes to the bottom row.
void TestThumbnailDecoder::aFileOfManySlicesIsDecodedAndHashedWhole()
{
    QImage image(700, 500, QImage::Format_RGB32);   // noise: ~1 MB as PNG, four slices
    QRandomGenerator generator(7);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            image.setPixel(x, y, generator.generate() | 0xff000000u);
    for (int x = 0; x < image.width(); ++x)
        image.setPixel(x, image.height() - 1, qRgb(255, 0, 0));   // the last row red
    const QString path = m_dir.filePath(QStringLiteral("noise.png"));
    QVERIFY(image.save(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray bytes = file.readAll();
    QVERIFY(bytes.size() > 3 * SlicedRead::kSliceBytes);

    const DecodedImage decoded = ThumbnailDecoder::decodeNow(path, QSize(700, 500), true);
    QVERIFY2(decoded.ok(), qPrintable(decoded.failure.describe()));
    QCOMPARE(decoded.size, QSize(700, 500));
    QCOMPARE(decoded.bytes, bytes.size());
    QCOMPARE(decoded.sha256, Sha256::hash(bytes).toHex());
    QCOMPARE(decoded.thumbnail.pixel(350, 499), qRgb(255, 0, 0));
}

QTEST_MAIN(TestThumbnailDecoder)
// The viewer stops a decode the user moved past by failing its reads; the JPEG handler would then warn
// "Corrupt JPEG data: premature end of data segment" about a photo that is fine. Cancelled partway
// through a big JPEG's decode, nothing is said. (A cancel that lands before the decode starts or after
// it ends proves nothing; the loop tries until one lands inside.)
void TestThumbnailDecoder::aViewDecodeCancelledMidwayWarnsAboutNothing()
{
    CancelledReads::install();
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.jpg"));
    QImage big(4000, 3000, QImage::Format_RGB32);
    for (int y = 0; y < big.height(); ++y) {
        auto *line = reinterpret_cast<QRgb *>(big.scanLine(y));
        for (int x = 0; x < big.width(); ++x)
            line[x] = qRgb((x * 7 + y * 13) & 255, (x * y) & 255, (x ^ y) & 255);   // detail: a long decode
    }
    QVERIFY(big.save(path, "JPEG", 95));
    QTest::failOnWarning(QRegularExpression(QStringLiteral("JPEG")));
    bool landedMidway = false;
    for (int attempt = 0; attempt < 20 && !landedMidway; ++attempt) {
        std::atomic<bool> cancelled{false};
        QElapsedTimer clock;
        clock.start();
        QFuture<ViewImage> decoding = QtConcurrent::run([&] { return ViewDecode::decodeNow(path, QSize(), &cancelled); });
        std::this_thread::sleep_for(std::chrono::milliseconds(5 + 5 * attempt));
        cancelled = true;
        const ViewImage result = decoding.result();
        landedMidway = result.failure.kind() == Failure::Kind::Cancelled && clock.elapsed() > 5;
        if (!result.failure.isNone())
            QCOMPARE(result.failure.kind(), Failure::Kind::Cancelled);
    }
    if (!landedMidway)
        QSKIP("no cancel landed inside a decode on this machine");
}

#include "tst_thumbnaildecoder.moc"
