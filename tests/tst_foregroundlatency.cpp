// ForegroundLatency: the thread that asks gets the short time slice, and the threads it starts
// afterwards do not (they would otherwise preempt the GUI thread as eagerly as it preempts them).
// Read back from the kernel's own account, /proc/self/task/<tid>/sched ("se.slice", in ns).
#include "core/util/foregroundlatency.h"

#include <QFile>
#include <QTest>
#include <thread>

#if defined(__linux__)
#include <sys/syscall.h>
#include <unistd.h>
#endif

using namespace glint;

namespace {

// The thread's slice in ns as the kernel reports it, or -1 where it does not.
qint64 sliceOfThisThread()
{
#if defined(__linux__)
    QFile sched(QStringLiteral("/proc/self/task/%1/sched").arg(::syscall(SYS_gettid)));
    if (!sched.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : sched.readAll().split('\n')) {
        if (line.startsWith("se.slice"))
            return line.mid(line.indexOf(':') + 1).trimmed().toLongLong();
    }
#endif
    return -1;
}

} // namespace

class TestForegroundLatency : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theAskingThreadAloneGetsTheShortSlice()
    {
        qint64 asked = -1, child = -1, before = -1;
        bool granted = false;
        // On a thread of its own, so the test runner's main thread is left as it was.
        std::thread([&] {
            before = sliceOfThisThread();
            granted = ForegroundLatency::requestShortSlicesForThisThread();
            asked = sliceOfThisThread();
            std::thread([&] { child = sliceOfThisThread(); }).join();
        }).join();
        if (!granted || before < 0)
            QSKIP("this kernel takes no requested slice (before Linux 6.12) or does not report it");
        QCOMPARE(asked, qint64(ForegroundLatency::kSliceMicroseconds) * 1000);
        QCOMPARE(child, before);   // the default again: SCHED_FLAG_RESET_ON_FORK
    }
};

QTEST_GUILESS_MAIN(TestForegroundLatency)
#include "tst_foregroundlatency.moc"
