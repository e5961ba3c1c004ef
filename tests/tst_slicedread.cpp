// SlicedRead gives the bytes readAll() gives, for any size around its slice, from where the file
// stands, and never more than the size the caller took when it opened the file.
#include "core/util/slicedread.h"

#include <QFile>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>

using namespace glint;

class TestSlicedRead : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsWhatReadAllReads_data();
    void readsWhatReadAllReads();
    void neverReadsPastTheSizeTakenAtOpen();
    void aFileThatShrankGivesWhatIsThere();

private:
    static QByteArray randomBytes(qint64 size)
    {
        QByteArray bytes(size, Qt::Uninitialized);
        QRandomGenerator generator(size);   // the same bytes on every run
        for (char &c : bytes)
            c = char(generator.generate());
        return bytes;
    }
    // Writes `bytes` through `out`, left open (and flushed) so that a test can still grow or cut the
    // file, and opens the same file as `in` for reading.
    static bool writeThenOpen(QFile &out, QFile &in, const QByteArray &bytes)
    {
        return out.open(QIODevice::WriteOnly) && out.write(bytes) == bytes.size() && out.flush()
            && in.open(QIODevice::ReadOnly);
    }
    QTemporaryDir m_dir;
};

void TestSlicedRead::readsWhatReadAllReads_data()
{
    QTest::addColumn<qint64>("size");
    QTest::addColumn<qint64>("from");
    const qint64 slice = SlicedRead::kSliceBytes;
    QTest::newRow("empty") << qint64(0) << qint64(0);
    QTest::newRow("one byte") << qint64(1) << qint64(0);
    QTest::newRow("a slice less one") << slice - 1 << qint64(0);
    QTest::newRow("a slice") << slice << qint64(0);
    QTest::newRow("a slice and one") << slice + 1 << qint64(0);
    QTest::newRow("a photo's size") << 15 * slice + 12345 << qint64(0);
    QTest::newRow("from a position") << 3 * slice + 17 << qint64(100);
}

void TestSlicedRead::readsWhatReadAllReads()
{
    QFETCH(qint64, size);
    QFETCH(qint64, from);
    const QByteArray bytes = randomBytes(size);
    QFile out(m_dir.filePath(QStringLiteral("file-%1").arg(size)));
    QFile in(out.fileName());
    QVERIFY(writeThenOpen(out, in, bytes));
    QVERIFY(in.seek(qMin(from, size)));
    QCOMPARE(SlicedRead::readAll(in, in.size()), bytes.mid(qMin(from, size)));
}

void TestSlicedRead::neverReadsPastTheSizeTakenAtOpen()
{
    const qint64 slice = SlicedRead::kSliceBytes;
    const QByteArray bytes = randomBytes(2 * slice + 5);
    QFile out(m_dir.filePath(QStringLiteral("growing")));
    QFile in(out.fileName());
    QVERIFY(writeThenOpen(out, in, bytes));
    const qint64 sizeAtOpen = in.size();
    out.write(randomBytes(slice));   // the file grows before it is read: a download still arriving
    out.flush();
    QCOMPARE(SlicedRead::readAll(in, sizeAtOpen), bytes);
}

void TestSlicedRead::aFileThatShrankGivesWhatIsThere()
{
    const qint64 slice = SlicedRead::kSliceBytes;
    const QByteArray bytes = randomBytes(3 * slice);
    QFile out(m_dir.filePath(QStringLiteral("shrinking")));
    QFile in(out.fileName());
    QVERIFY(writeThenOpen(out, in, bytes));
    const qint64 sizeAtOpen = in.size();
    QVERIFY(out.resize(slice + 9));   // truncated by someone else after the size was taken
    const QByteArray read = SlicedRead::readAll(in, sizeAtOpen);
    QCOMPARE(read, bytes.left(slice + 9));   // what is there; the caller's size check tells it changed
}

QTEST_GUILESS_MAIN(TestSlicedRead)
#include "tst_slicedread.moc"
