// ThumbnailDecoder's hash: a file that another program is still writing or truncating while Glint reads
// it has no stable digest, and is refused with its own failure instead of being recorded with a wrong one.
#include "core/imaging/thumbnaildecoder.h"

#include <QCryptographicHash>
#include <QFile>
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

QTEST_MAIN(TestThumbnailDecoder)
#include "tst_thumbnaildecoder.moc"
