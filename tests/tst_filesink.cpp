// FileSink against real files: it never overwrites, truncates or removes a file that is not its own
// (a user's file, a symlink, another FileSink's or another thread's), it claims names atomically
// with " (n)" on collisions, and its names are safe (bytes, characters, the extension the bytes say).
#include "core/formats/contentsniffer.h"
#include "core/net/contentdisposition.h"
#include "core/net/filesink.h"
#include "testhash.h"

#include <QBuffer>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

using namespace glint;
using namespace glint::test;

namespace {

QByteArray jpegBytes(int hue = 30)
{
    QImage image(40, 30, QImage::Format_RGB32);
    image.fill(QColor::fromHsv(hue, 200, 200));
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "JPEG", 90);
    return bytes;
}

// A 1×1 GIF (Qt reads GIF but cannot write it).
QByteArray gifBytes()
{
    return QByteArray::fromHex("474946383961010001008000000000" "00ffffff21f90401000000002c000000"
                               "00010001000002024401003b");
}

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::NewOnly) && f.write(bytes) == bytes.size();
}

// Every entry of the folder, hidden ones (temporaries) included.
QStringList entries(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

// Saves `bytes` in one go; returns the final name or an empty string.
QString save(const QString &dir, const QString &name, const QByteArray &bytes, const QByteArray &format = {})
{
    FileSink sink;
    if (!sink.open(dir, name, format) || !sink.write(bytes) || !sink.commit())
        return {};
    return sink.fileName();
}

} // namespace

class TestFileSink : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void savesTheBytesWithTheirHashAndUsualPermissions();
    void aUsersFileAtTheNameIsNeverOverwritten_data();
    void aUsersFileAtTheNameIsNeverOverwritten();
    void twoSinksSavingOneNameAtOnceGetTwoNames();
    void threadsSavingOneNameGetDistinctNames();
    void aThousandCollisionsContinueWhereTheLastEnded();
    void longNamesAreCutAtACharacterWithTheirExtension_data();
    void longNamesAreCutAtACharacterWithTheirExtension();
    void theNameInContentDisposition_data();
    void theNameInContentDisposition();
    void unsafeCharactersAreRemoved_data();
    void unsafeCharactersAreRemoved();
    void theExtensionComesFromTheBytes_data();
    void theExtensionComesFromTheBytes();
    void cancelLeavesNothing_data();
    void cancelLeavesNothing();
};

void TestFileSink::savesTheBytesWithTheirHashAndUsualPermissions()
{
    QTemporaryDir dir;
    const QByteArray bytes = jpegBytes();
    FileSink sink;
    QVERIFY(sink.open(dir.filePath(QStringLiteral("new/folder")), QStringLiteral("photo.jpg"), "jpeg"));
    QVERIFY(sink.fileName().isEmpty());   // nothing is claimed before commit()
    for (qsizetype at = 0; at < bytes.size(); at += 100)
        QVERIFY(sink.write(bytes.mid(at, 100)));
    QVERIFY2(sink.commit(), qPrintable(sink.errorString()));
    QCOMPARE(sink.fileName(), dir.filePath(QStringLiteral("new/folder/photo.jpg")));
    QCOMPARE(readAll(sink.fileName()), bytes);
    QCOMPARE(sink.sha256Hex(), sha256Hex(bytes));
    QCOMPARE(sink.size(), bytes.size());
    QCOMPARE(entries(dir.filePath(QStringLiteral("new/folder"))), QStringList{QStringLiteral("photo.jpg")});
    // Not a private temporary's 0600: the same permissions as any file the user's programs make.
    const QString plain = dir.filePath(QStringLiteral("plain"));
    QVERIFY(writeFile(plain, "x"));
    QCOMPARE(QFileInfo(sink.fileName()).permissions(), QFileInfo(plain).permissions());
}

void TestFileSink::aUsersFileAtTheNameIsNeverOverwritten_data()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("a regular file") << QStringLiteral("file");
    QTest::newRow("a symlink to a file elsewhere") << QStringLiteral("symlink");
    QTest::newRow("a dangling symlink") << QStringLiteral("dangling");
    QTest::newRow("a folder") << QStringLiteral("folder");
}

void TestFileSink::aUsersFileAtTheNameIsNeverOverwritten()
{
    QFETCH(QString, kind);
    QTemporaryDir dir;
    const QString downloads = dir.filePath(QStringLiteral("downloads"));
    QVERIFY(QDir().mkpath(downloads));
    const QString target = downloads + QStringLiteral("/a.jpg");
    const QString elsewhere = dir.filePath(QStringLiteral("elsewhere.jpg"));
    const QByteArray users = "the user's own bytes";
    if (kind == QLatin1String("file")) {
        QVERIFY(writeFile(target, users));
    } else if (kind == QLatin1String("symlink")) {
        QVERIFY(writeFile(elsewhere, users));
        QVERIFY(QFile::link(elsewhere, target));
    } else if (kind == QLatin1String("dangling")) {
        QVERIFY(QFile::link(elsewhere, target));
    } else {
        QVERIFY(QDir().mkpath(target));
    }
    const QByteArray ours = jpegBytes();
    const QString saved = save(downloads, QStringLiteral("a.jpg"), ours, "jpeg");
    QCOMPARE(saved, downloads + QStringLiteral("/a (2).jpg"));
    QCOMPARE(readAll(saved), ours);
    if (kind == QLatin1String("file"))
        QCOMPARE(readAll(target), users);
    if (kind == QLatin1String("symlink")) {
        QCOMPARE(readAll(elsewhere), users);
        QCOMPARE(QFileInfo(target).symLinkTarget(), elsewhere);
    }
    if (kind == QLatin1String("dangling"))
        QVERIFY(!QFileInfo::exists(elsewhere));   // not created through the link either
    if (kind == QLatin1String("folder"))
        QVERIFY(QFileInfo(target).isDir());
}

void TestFileSink::twoSinksSavingOneNameAtOnceGetTwoNames()
{
    QTemporaryDir dir;
    const QByteArray first = jpegBytes(10), second = jpegBytes(200);
    FileSink a, b;
    QVERIFY(a.open(dir.path(), QStringLiteral("same.jpg"), "jpeg"));
    QVERIFY(b.open(dir.path(), QStringLiteral("same.jpg"), "jpeg"));
    QVERIFY(a.write(first));
    QVERIFY(b.write(second));
    QVERIFY(b.commit());
    QVERIFY(a.commit());
    QCOMPARE(b.fileName(), dir.filePath(QStringLiteral("same.jpg")));
    QCOMPARE(a.fileName(), dir.filePath(QStringLiteral("same (2).jpg")));
    QCOMPARE(readAll(a.fileName()), first);
    QCOMPARE(readAll(b.fileName()), second);
    QCOMPARE(entries(dir.path()).size(), 2);   // no temporary left
}

void TestFileSink::threadsSavingOneNameGetDistinctNames()
{
    QTemporaryDir dir;
    constexpr int kThreads = 4;
    constexpr int kEach = 50;
    std::atomic<int> failures{0};
    QList<QStringList> names(kThreads);
    QList<QThread *> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads << QThread::create([&, t] {
            for (int i = 0; i < kEach; ++i) {
                const QByteArray bytes = QByteArray::number(t * 1000 + i).repeated(50);
                FileSink sink;
                if (!sink.open(dir.path(), QStringLiteral("race.jpg")) || !sink.write(bytes) || !sink.commit()) {
                    ++failures;
                    continue;
                }
                names[t] << sink.fileName();
                if (readAll(sink.fileName()) != bytes)   // nobody wrote over it since
                    ++failures;
            }
        });
    }
    for (QThread *thread : threads)
        thread->start();
    for (QThread *thread : threads) {
        QVERIFY(thread->wait(60000));
        delete thread;
    }
    QCOMPARE(failures.load(), 0);
    QSet<QString> all;
    for (int t = 0; t < kThreads; ++t) {
        QCOMPARE(names[t].size(), kEach);
        for (int i = 0; i < kEach; ++i) {
            all.insert(names[t][i]);
            QCOMPARE(readAll(names[t][i]), QByteArray::number(t * 1000 + i).repeated(50));
        }
    }
    QCOMPARE(all.size(), kThreads * kEach);
    QCOMPARE(entries(dir.path()).size(), kThreads * kEach);
}

void TestFileSink::aThousandCollisionsContinueWhereTheLastEnded()
{
    QTemporaryDir dir;
    QSet<QString> names;
    for (int i = 0; i < 1000; ++i) {
        const QString name = save(dir.path(), QStringLiteral("many.png"), QByteArray::number(i));
        QVERIFY(!name.isEmpty());
        names.insert(name);
    }
    QCOMPARE(names.size(), 1000);
    for (const QString &name : std::as_const(names))
        QVERIFY(QFileInfo::exists(name));
    QVERIFY(names.contains(dir.filePath(QStringLiteral("many.png"))));
    QVERIFY(names.contains(dir.filePath(QStringLiteral("many (1000).png"))));
    // The next collision starts where the last ended: a hole left low in the sequence is not
    // searched for again (that would be the scan from 1 each time).
    QVERIFY(QFile::remove(dir.filePath(QStringLiteral("many (5).png"))));
    QCOMPARE(save(dir.path(), QStringLiteral("many.png"), "next"), dir.filePath(QStringLiteral("many (1001).png")));
    // The plain name is still tried first.
    QVERIFY(QFile::remove(dir.filePath(QStringLiteral("many.png"))));
    QCOMPARE(save(dir.path(), QStringLiteral("many.png"), "again"), dir.filePath(QStringLiteral("many.png")));
}

void TestFileSink::longNamesAreCutAtACharacterWithTheirExtension_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("suffix");
    QTest::newRow("2-byte letters") << QString(150, QChar(0xE9)) + QStringLiteral(".jpg") << QStringLiteral(".jpg");
    QTest::newRow("3-byte letters") << QString(100, QChar(0x6F22)) + QStringLiteral(".png") << QStringLiteral(".png");
    QTest::newRow("4-byte emoji (surrogate pairs)") << QStringLiteral("\U0001F600").repeated(75) + QStringLiteral(".gif") << QStringLiteral(".gif");
    QTest::newRow("combining accents") << QStringLiteral("e\u0301").repeated(100) + QStringLiteral(".webp") << QStringLiteral(".webp");
    QTest::newRow("ASCII, odd length") << QString(301, QLatin1Char('a')) + QStringLiteral(".jpeg") << QStringLiteral(".jpeg");
}

void TestFileSink::longNamesAreCutAtACharacterWithTheirExtension()
{
    QFETCH(QString, name);
    QFETCH(QString, suffix);
    QVERIFY(QFile::encodeName(name).size() >= 300);
    const QString safe = FileSink::safeName(name);
    const QByteArray encoded = QFile::encodeName(safe);
    QVERIFY2(encoded.size() <= 255, qPrintable(QString::number(encoded.size())));
    QVERIFY(encoded.size() >= 240);   // cut, not emptied
    QVERIFY(safe.endsWith(suffix));
    QCOMPARE(QString::fromUtf8(encoded), safe);   // valid UTF-8: no half character
    const QString base = safe.chopped(suffix.size());
    QVERIFY(name.startsWith(base));
    // Cut between graphemes: the next character is not a combining mark of the last one kept.
    QVERIFY(name.at(base.size()).category() != QChar::Mark_NonSpacing);
    QVERIFY(!name.at(base.size()).isLowSurrogate());

    // And on disk, twice: the second name, with its " (2)", fits too.
    QTemporaryDir dir;
    const QString first = save(dir.path(), name, "one");
    const QString second = save(dir.path(), name, "two");
    QCOMPARE(first, dir.filePath(safe));
    QVERIFY(!second.isEmpty());
    QVERIFY(QFileInfo(second).fileName().endsWith(QStringLiteral(" (2)") + suffix));
    QVERIFY(QFile::encodeName(QFileInfo(second).fileName()).size() <= 255);
    QCOMPARE(readAll(first), QByteArray("one"));
    QCOMPARE(readAll(second), QByteArray("two"));
}

// What a server may say (RFC 6266, and what servers send in practice); the name only, never a path.
void TestFileSink::theNameInContentDisposition_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("expected");
    QTest::newRow("quoted") << QByteArray("attachment; filename=\"sunset.jpg\"") << QStringLiteral("sunset.jpg");
    QTest::newRow("token") << QByteArray("inline; filename=sunset.jpg") << QStringLiteral("sunset.jpg");
    QTest::newRow("any case, extra spaces") << QByteArray("Attachment ;  FileName = \"X.JPG\" ") << QStringLiteral("X.JPG");
    QTest::newRow("extended wins, after") << QByteArray("attachment; filename=\"plain.jpg\"; filename*=UTF-8''Caf%C3%A9%20au%20lait.jpg")
                                          << QStringLiteral("Café au lait.jpg");
    QTest::newRow("extended wins, before") << QByteArray("attachment; filename*=utf-8''a%20b.png; filename=\"c.png\"") << QStringLiteral("a b.png");
    QTest::newRow("extended Latin-1") << QByteArray("attachment; filename*=iso-8859-1'fr'%E9t%E9.jpg") << QStringLiteral("été.jpg");
    QTest::newRow("unknown charset: the plain one") << QByteArray("attachment; filename*=koi8-r''%C1.jpg; filename=\"plain.jpg\"")
                                                    << QStringLiteral("plain.jpg");
    QTest::newRow("bad UTF-8: the plain one") << QByteArray("attachment; filename*=UTF-8''%FF%FE.jpg; filename=p.jpg") << QStringLiteral("p.jpg");
    QTest::newRow("escapes and a ';' inside quotes") << QByteArray("attachment; filename=\"a\\\"b;c.jpg\"") << QStringLiteral("a\"b;c.jpg");
    QTest::newRow("raw UTF-8 bytes") << QByteArray("attachment; filename=\"caf\xc3\xa9.jpg\"") << QStringLiteral("café.jpg");
    QTest::newRow("raw Latin-1 bytes") << QByteArray("attachment; filename=\"caf\xe9.jpg\"") << QStringLiteral("café.jpg");
    QTest::newRow("a path") << QByteArray("attachment; filename=\"../../etc/passwd\"") << QStringLiteral("passwd");
    QTest::newRow("a Windows path") << QByteArray("attachment; filename=\"C:\\\\Users\\\\me\\\\pic.jpg\"") << QStringLiteral("pic.jpg");
    QTest::newRow("no name") << QByteArray("inline") << QString();
    QTest::newRow("an empty name") << QByteArray("attachment; filename=\"\"") << QString();
    QTest::newRow("no header") << QByteArray() << QString();
    QTest::newRow("unterminated quote") << QByteArray("attachment; filename=\"half.jpg") << QStringLiteral("\"half.jpg");
}

void TestFileSink::theNameInContentDisposition()
{
    QFETCH(QByteArray, header);
    QFETCH(QString, expected);
    QCOMPARE(ContentDisposition::fileName(header), expected);
}

void TestFileSink::unsafeCharactersAreRemoved_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    QTest::newRow("control characters") << QStringLiteral("a\x01" "b\nc\td\x7f" "e.jpg") << QStringLiteral("abcde.jpg");
    QTest::newRow("path separators") << QStringLiteral("../../etc/passwd") << QStringLiteral("_.._etc_passwd");
    QTest::newRow("backslash and FAT-reserved") << QStringLiteral("a\\b:c*d?e\"f<g>h|i.png") << QStringLiteral("a_b_c_d_e_f_g_h_i.png");
    QTest::newRow("leading dots") << QStringLiteral("...hidden.png") << QStringLiteral("hidden.png");
    QTest::newRow("trailing dots and spaces") << QStringLiteral("  photo.jpg. . ") << QStringLiteral("photo.jpg");
    QTest::newRow("bidi override") << QStringLiteral("photo\u202Egpj.exe") << QStringLiteral("photogpj.exe");
    QTest::newRow("line separator") << QStringLiteral("a\u2028b.gif") << QStringLiteral("ab.gif");
    QTest::newRow("nothing left") << QStringLiteral("\x01\x02..") << QStringLiteral("image");
    QTest::newRow("dot dot") << QStringLiteral("..") << QStringLiteral("image");
    QTest::newRow("spaces and unicode kept") << QStringLiteral("Café au lait 2.jpg") << QStringLiteral("Café au lait 2.jpg");
}

void TestFileSink::unsafeCharactersAreRemoved()
{
    QFETCH(QString, name);
    QFETCH(QString, expected);
    QCOMPARE(FileSink::safeName(name), expected);
    QTemporaryDir dir;
    QCOMPARE(save(dir.path(), name, "x"), dir.filePath(expected));
    QCOMPARE(entries(dir.path()), QStringList{expected});
}

void TestFileSink::theExtensionComesFromTheBytes_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("expected");
    QTest::newRow("x.html holding a GIF") << QStringLiteral("x.html") << gifBytes() << QStringLiteral("x.gif");
    QTest::newRow("photo.JPG holding a JPEG") << QStringLiteral("photo.JPG") << jpegBytes() << QStringLiteral("photo.JPG");
    QTest::newRow("photo.jpeg holding a JPEG") << QStringLiteral("photo.jpeg") << jpegBytes() << QStringLiteral("photo.jpeg");
    QTest::newRow("a.png holding a JPEG") << QStringLiteral("a.png") << jpegBytes() << QStringLiteral("a.jpg");
    QTest::newRow("no extension") << QStringLiteral("download") << gifBytes() << QStringLiteral("download.gif");
    QTest::newRow("a dot that is no extension") << QStringLiteral("photo.2024") << jpegBytes() << QStringLiteral("photo.2024.jpg");
    QTest::newRow("unknown bytes: the name stays") << QStringLiteral("notes.txt") << QByteArray("plain text") << QStringLiteral("notes.txt");
}

void TestFileSink::theExtensionComesFromTheBytes()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, expected);
    const QByteArray format = ContentSniffer::imageFormat(bytes);
    QTemporaryDir dir;
    const QString saved = save(dir.path(), name, bytes, format);
    QCOMPARE(saved, dir.filePath(expected));
    QCOMPARE(readAll(saved), bytes);
}

void TestFileSink::cancelLeavesNothing_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("cancel()") << QStringLiteral("cancel");
    QTest::newRow("destroyed without commit()") << QStringLiteral("destroy");
    QTest::newRow("open() again") << QStringLiteral("reopen");
}

void TestFileSink::cancelLeavesNothing()
{
    QFETCH(QString, how);
    QTemporaryDir dir;
    QVERIFY(writeFile(dir.filePath(QStringLiteral("mine.jpg")), "user"));
    {
        FileSink sink;
        QVERIFY(sink.open(dir.path(), QStringLiteral("mine.jpg"), "jpeg"));
        QVERIFY(sink.write(jpegBytes()));
        QCOMPARE(entries(dir.path()).size(), 2);   // the user's file and the hidden temporary
        if (how == QLatin1String("cancel")) {
            sink.cancel();
            QVERIFY(!sink.commit());
            QVERIFY(sink.fileName().isEmpty());
        } else if (how == QLatin1String("reopen")) {
            QVERIFY(sink.open(dir.filePath(QStringLiteral("other")), QStringLiteral("x.jpg")));
            sink.cancel();
        }
    }
    QCOMPARE(entries(dir.path()), QStringList{QStringLiteral("mine.jpg")} + (how == QLatin1String("reopen") ? QStringList{QStringLiteral("other")} : QStringList{}));
    QCOMPARE(readAll(dir.filePath(QStringLiteral("mine.jpg"))), QByteArray("user"));
    if (how == QLatin1String("reopen"))
        QVERIFY(entries(dir.filePath(QStringLiteral("other"))).isEmpty());
}

QTEST_GUILESS_MAIN(TestFileSink)
#include "tst_filesink.moc"
