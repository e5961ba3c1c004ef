// Sha256 (libcrypto) gives the digests QCryptographicHash gives, in pieces or at once, from bytes or
// from a device, so that catalogs made before and after the switch agree.
#include "core/util/sha256.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QTest>

using namespace glint;

class TestSha256 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void knownVectors_data();
    void knownVectors();
    void piecesDevicesAndQtAgree();
};

void TestSha256::knownVectors_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("hex");
    QTest::newRow("empty") << QByteArray() << QByteArray("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    QTest::newRow("abc") << QByteArray("abc") << QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    QTest::newRow("two blocks") << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                                << QByteArray("248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

void TestSha256::knownVectors()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, hex);
    QCOMPARE(Sha256::hash(input).toHex(), hex);
}

void TestSha256::piecesDevicesAndQtAgree()
{
    QByteArray data(3 * 1024 * 1024 + 333, Qt::Uninitialized);
    QRandomGenerator generator(42);
    for (char &c : data)
        c = char(generator.generate());
    const QByteArray expected = QCryptographicHash::hash(data, QCryptographicHash::Sha256);

    Sha256 pieces;
    for (qsizetype at = 0; at < data.size(); at += 65537)
        pieces.addData(QByteArrayView(data).sliced(at, qMin<qsizetype>(65537, data.size() - at)));
    QCOMPARE(pieces.result(), expected);
    QCOMPARE(pieces.result(), expected);   // asking twice changes nothing
    QCOMPARE(pieces.hex(), expected.toHex());

    QBuffer buffer(&data);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    Sha256 fromDevice;
    QVERIFY(fromDevice.addData(&buffer));
    QCOMPARE(fromDevice.result(), expected);

    fromDevice.reset();
    fromDevice.addData(QByteArrayView("abc"));
    QCOMPARE(fromDevice.hex(), QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
}

QTEST_MAIN(TestSha256)
#include "tst_sha256.moc"
