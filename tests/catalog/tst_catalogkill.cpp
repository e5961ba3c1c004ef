// SIGKILL in the middle of inserts and file writes, again and again on the same catalog: the file
// must pass PRAGMA integrity_check, reopen, and no half-written file may carry its final name.
#include "core/catalog/catalog.h"
#include "catalogtestutil.h"
#include "killeecontent.h"

#include <QDir>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

using namespace glint;
using namespace glint::test;

class TestCatalogKill : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedMidWriteLeavesASoundCatalog_data();
    void killedMidWriteLeavesASoundCatalog();

private:
    QTemporaryDir m_dir;   // one catalog for every row: each kill lands on the previous ones' file
};

void TestCatalogKill::killedMidWriteLeavesASoundCatalog_data()
{
    QTest::addColumn<int>("round");
    for (int round = 1; round <= 6; ++round)
        QTest::newRow(qPrintable(QStringLiteral("kill %1").arg(round))) << round;
}

void TestCatalogKill::killedMidWriteLeavesASoundCatalog()
{
    QFETCH(int, round);
    const QString catalogPath = m_dir.filePath(QStringLiteral("catalog.sqlite"));
    const QString downloads = m_dir.filePath(QStringLiteral("downloads"));
    const int firstN = round * 100000;

    QProcess killee;
    killee.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    killee.start(QStringLiteral(KILLEE_BINARY), {catalogPath, downloads, QString::number(firstN)});
    QVERIFY(killee.waitForStarted(10000));
    QVERIFY(killee.waitForReadyRead(10000));
    QCOMPARE(killee.readLine().trimmed(), QByteArray("running"));
    const int delayMs = QRandomGenerator::global()->bounded(200, 801);
    QTest::qWait(delayMs);
    QCOMPARE(killee.state(), QProcess::Running);   // it was still working when killed
    ::kill(pid_t(killee.processId()), SIGKILL);
    QVERIFY(killee.waitForFinished(10000));
    QCOMPARE(killee.exitStatus(), QProcess::CrashExit);

    {
        Peek peek(catalogPath);
        QCOMPARE(peek.value(QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
        QCOMPARE(peek.value(QStringLiteral("PRAGMA foreign_key_check")), QVariant());
    }
    Catalog catalog;
    const CatalogOpenResult opened = await(catalog.open(catalogPath));
    QVERIFY2(opened.ok, qPrintable(opened.message));

    // Every file under a final name is complete; temporaries of QSaveFile may remain beside them.
    const QRegularExpression finalName(QStringLiteral("^img(\\d+)\\.bin$"));
    int complete = 0;
    for (const QString &name : QDir(downloads).entryList(QDir::Files | QDir::Hidden)) {
        const QRegularExpressionMatch m = finalName.match(name);
        if (!m.hasMatch())
            continue;
        const QByteArray expected = killeeContent(m.captured(1).toInt());
        QVERIFY(expected.size() >= 64 * 1024);
        QCOMPARE(fileSha256(QDir(downloads).filePath(name)), sha256Hex(expected));
        ++complete;
    }
    // Every catalogued image has its complete file (the record is committed after the file).
    CatalogQuery all;
    all.limit = 1000000;
    all.decodeThumbnails = false;
    const QList<CatalogImage> images = await(catalog.search(all));
    for (const CatalogImage &image : images)
        QCOMPARE(fileSha256(image.file), image.sha256);
    QVERIFY(complete >= images.size());
    // The killee catalogues each file right after saving it, four at a time: at most the files of
    // one unfinished batch (and the one being written) can be missing from the catalog.
    QVERIFY2(complete - images.size() <= 4 * round, qPrintable(QStringLiteral("%1 files, %2 catalogued").arg(complete).arg(images.size())));
    QVERIFY2(images.size() > 0 || round > 1, "the killee should have catalogued something in 200 ms");
    qInfo("round %d: killed after %d ms; %d complete files, %lld catalogued", round, delayMs, complete,
          qint64(images.size()));
}

QTEST_GUILESS_MAIN(TestCatalogKill)
#include "tst_catalogkill.moc"
