// TurnSlices runs a slice once however often it is asked, never in the asking call, and gives the
// event loop a turn between two slices: a zero timer ticks, and work posted by a slice is done,
// before the next slice. A cancelled slice, or one whose object is gone, never runs.
#include "core/util/turnslices.h"

#include <QTest>
#include <QTimer>
#include <memory>

using namespace glint;

class TestTurnSlices : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void askedThriceItRunsOnceAndLater();
    void betweenTwoSlicesTheEventLoopTakesATurn();
    void aCancelledSliceDoesNotRun();
    void aSliceDiesWithItsObject();
};

void TestTurnSlices::askedThriceItRunsOnceAndLater()
{
    int runs = 0;
    TurnSlices slices([&] {
        ++runs;
        return false;
    });
    slices.schedule();
    slices.schedule();
    slices.schedule();
    QCOMPARE(runs, 0);   // never inside the call that asks
    QVERIFY(slices.isScheduled());
    QTRY_COMPARE(runs, 1);
    QVERIFY(!slices.isScheduled());
    QTest::qWait(20);
    QCOMPARE(runs, 1);
}

void TestTurnSlices::betweenTwoSlicesTheEventLoopTakesATurn()
{
    constexpr int kSlices = 6;
    int ticks = 0;
    QTimer ticker;   // what a paint or a key press stands for: ready while the slices run
    ticker.setInterval(0);
    connect(&ticker, &QTimer::timeout, this, [&] { ++ticks; });
    ticker.start();
    QList<int> ticksAtSlice;
    QList<bool> postedDoneAtSlice;   // was the work posted by the slice before done by now?
    bool postedDone = true;
    TurnSlices slices([&] {
        ticksAtSlice << ticks;
        postedDoneAtSlice << postedDone;
        postedDone = false;
        QMetaObject::invokeMethod(this, [&] { postedDone = true; }, Qt::QueuedConnection);
        return ticksAtSlice.size() < kSlices;
    });
    slices.schedule();
    QTRY_COMPARE(ticksAtSlice.size(), kSlices);
    for (int i = 1; i < kSlices; ++i) {
        QVERIFY2(ticksAtSlice[i] > ticksAtSlice[i - 1], qPrintable(QStringLiteral("no timer between slices %1 and %2").arg(i - 1).arg(i)));
        QVERIFY2(postedDoneAtSlice[i], qPrintable(QStringLiteral("slice %1 ran before what slice %2 posted").arg(i).arg(i - 1)));
    }
    QTest::qWait(20);
    QCOMPARE(ticksAtSlice.size(), kSlices);   // false ended it
}

void TestTurnSlices::aCancelledSliceDoesNotRun()
{
    int runs = 0;
    TurnSlices slices([&] {
        ++runs;
        return false;
    });
    slices.schedule();
    slices.cancel();
    QVERIFY(!slices.isScheduled());
    QTest::qWait(20);
    QCOMPARE(runs, 0);
    slices.schedule();   // asked again, while the cancelled event may still be queued: once
    slices.cancel();
    slices.schedule();
    QTRY_COMPARE(runs, 1);
    QTest::qWait(20);
    QCOMPARE(runs, 1);
}

void TestTurnSlices::aSliceDiesWithItsObject()
{
    auto ran = std::make_shared<bool>(false);
    auto slices = std::make_unique<TurnSlices>([ran] {
        *ran = true;
        return false;
    });
    slices->schedule();
    slices.reset();
    QTest::qWait(20);
    QVERIFY(!*ran);
}

QTEST_GUILESS_MAIN(TestTurnSlices)
#include "tst_turnslices.moc"
