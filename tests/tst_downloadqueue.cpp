// The downloader's waiting line: its limits in all and per host, and new limits taking effect for
// what starts next (Preferences apply them while downloads run).
#include "core/net/downloadqueue.h"

#include <QTest>

using namespace glint;

class TestDownloadQueue : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void perHostAndTotalLimitsHold();
    void raisedLimitsStartMoreAtOnce();
    void loweredLimitsWaitForRunningJobs();
};

namespace {

// Takes every job the queue lets start now.
QList<quint64> takeAll(DownloadQueue &queue)
{
    QList<quint64> ids;
    while (const quint64 id = queue.takeNext())
        ids << id;
    return ids;
}

void fill(DownloadQueue &queue, const QString &host, quint64 from, int count)
{
    for (int i = 0; i < count; ++i)
        queue.push(from + quint64(i), host, 0);
}

} // namespace

void TestDownloadQueue::perHostAndTotalLimitsHold()
{
    DownloadQueue queue(5, 2);
    fill(queue, QStringLiteral("a.example"), 1, 10);
    fill(queue, QStringLiteral("b.example"), 100, 10);
    QCOMPARE(takeAll(queue), (QList<quint64>{1, 2, 100, 101}));   // two per host, though five in all
    QCOMPARE(queue.active(), 4);
}

void TestDownloadQueue::raisedLimitsStartMoreAtOnce()
{
    DownloadQueue queue(8, 2);
    fill(queue, QStringLiteral("a.example"), 1, 10);
    QCOMPARE(takeAll(queue).size(), 2);
    queue.setLimits(8, 6);
    QCOMPARE(takeAll(queue), (QList<quint64>{3, 4, 5, 6}));
    queue.setLimits(9, 16);
    QCOMPARE(takeAll(queue), (QList<quint64>{7, 8, 9}));   // now the total holds
    QCOMPARE(queue.active(), 9);
}

void TestDownloadQueue::loweredLimitsWaitForRunningJobs()
{
    DownloadQueue queue(8, 6);
    const QString host = QStringLiteral("a.example");
    fill(queue, host, 1, 10);
    QCOMPARE(takeAll(queue).size(), 6);
    queue.setLimits(8, 2);
    QVERIFY(takeAll(queue).isEmpty());
    // Running jobs end one by one; nothing new starts until the host is under its new limit.
    for (int i = 0; i < 4; ++i) {
        queue.release(host);
        QVERIFY(takeAll(queue).isEmpty());
    }
    queue.release(host);
    QCOMPARE(takeAll(queue), (QList<quint64>{7}));
    QCOMPARE(queue.active(), 2);
}

QTEST_GUILESS_MAIN(TestDownloadQueue)
#include "tst_downloadqueue.moc"
