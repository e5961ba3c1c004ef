// The coroutine waits (core/util/awaitfuture.h): a coroutine that belongs to an object resumes exactly
// once — with the value, with a failure, or, when its object is destroyed mid-wait, right then and
// only to end — and its frame is freed in every case (LeakSanitizer, under scripts/sanitize, checks
// what the counters below cannot). The same for a wait on a signal, including a sender that goes.
#include "core/util/awaitfuture.h"

#include <QCoro/QCoroTask>
#include <QException>
#include <QPromise>
#include <QTest>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>
#include <memory>

using namespace glint;

namespace {

// Lives in a coroutine's frame: its destructor says the frame was freed.
struct FrameProbe {
    explicit FrameProbe(int *alive) : m_alive(alive) { ++*m_alive; }
    ~FrameProbe() { --*m_alive; }
    Q_DISABLE_COPY_MOVE(FrameProbe)
    int *m_alive;
};

class Owner final : public QObject {
    Q_OBJECT
public:
    Q_DISABLE_COPY_MOVE(Owner)
    Owner() = default;
    void touch() { ++touched; }   // what a coroutine that resumed on a dead owner would call
    int touched = 0;
Q_SIGNALS:
    void ping(int value);
};

struct Log {
    int frames = 0;      // FrameProbes alive
    int resumed = 0;     // waits that came back
    int gone = 0;        // … with contextGone()
    int ended = 0;       // coroutines that reached their end
    int value = -1;
    QString failure;
};

// Written as Glint's flows are: the future in a named local, the check right after the co_await.
QCoro::Task<> awaitValue(Owner *owner, QFuture<int> future, Log *log)
{
    FrameProbe probe(&log->frames);
    const auto got = co_await inContext(future, owner);
    ++log->resumed;
    if (got.contextGone()) {
        ++log->gone;
        co_return;
    }
    owner->touch();
    log->value = got.valueOr(-2);
    log->failure = got.failure();
    ++log->ended;
}

QCoro::Task<> awaitSignal(Owner *context, Owner *sender, Log *log, SignalAwaited::End *how)
{
    FrameProbe probe(&log->frames);
    const auto got = co_await inContext(sender, &Owner::ping, context);
    ++log->resumed;
    if (got.contextGone()) {
        ++log->gone;
        *how = SignalAwaited::End::ContextGone;
        co_return;
    }
    context->touch();
    *how = got.emitted() ? SignalAwaited::End::Emitted : SignalAwaited::End::SenderGone;
    ++log->ended;
}

class Failed final : public QException {
public:
    void raise() const override { throw *this; }
    Failed *clone() const override { return new Failed(*this); }
    const char *what() const noexcept override { return "it broke"; }
};

} // namespace

class TestAwaitFuture : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void init() { QCOMPARE(suspendedWaits(), 0); }
    void cleanup() { QTRY_COMPARE(suspendedWaits(), 0); }
    void aFinishedFutureResumesWithItsValueFromTheEventLoop();
    void aFailedFutureGivesItsSentence();
    void anOwnerDestroyedMidWaitEndsTheCoroutineAtOnce();
    void anOwnerDestroyedMidWaitWhileAWorkerStillRuns();
    void anOwnedTaskDestroyedFirstStillFreesItsFrame();
    void aSignalResumesOnce();
    void aSenderDestroyedMidWaitResumesFromTheEventLoop();
    void aContextDestroyedMidSignalWaitEndsTheCoroutine();
};

void TestAwaitFuture::aFinishedFutureResumesWithItsValueFromTheEventLoop()
{
    Owner owner;
    Log log;
    QPromise<int> promise;
    promise.start();
    promise.addResult(7);
    promise.finish();
    QCoro::Task<> task = awaitValue(&owner, promise.future(), &log);
    QCOMPARE(log.resumed, 0);   // queued delivery: never inside the call that started it
    QCOMPARE(suspendedWaits(), 1);
    QTRY_COMPARE(log.ended, 1);
    QCOMPARE(log.value, 7);
    QCOMPARE(owner.touched, 1);
    QVERIFY(task.isReady());
}

void TestAwaitFuture::aFailedFutureGivesItsSentence()
{
    Owner owner;
    Log log;
    QPromise<int> promise;
    promise.start();
    promise.setException(Failed());
    promise.finish();
    QCoro::Task<> task = awaitValue(&owner, promise.future(), &log);
    QTRY_COMPARE(log.ended, 1);
    QCOMPARE(log.value, -2);
    QCOMPARE(log.failure, QStringLiteral("it broke"));
}

void TestAwaitFuture::anOwnerDestroyedMidWaitEndsTheCoroutineAtOnce()
{
    auto owner = std::make_unique<Owner>();
    Log log;
    auto promise = std::make_unique<QPromise<int>>();
    promise->start();
    QCoro::Task<> task = awaitValue(owner.get(), promise->future(), &log);
    QCOMPARE(log.frames, 1);
    owner.reset();
    // Resumed inside the owner's destruction, only to end: nothing after the check ran.
    QCOMPARE(log.resumed, 1);
    QCOMPARE(log.gone, 1);
    QCOMPARE(log.ended, 0);
    QCOMPARE(log.frames, 0);   // the frame is freed (the task is still held: it is done)
    QVERIFY(task.isReady());
    QCOMPARE(suspendedWaits(), 0);
    // The future finishing later reaches nothing.
    promise->addResult(1);
    promise->finish();
    QTest::qWait(20);
    QCOMPARE(log.resumed, 1);
}

void TestAwaitFuture::anOwnerDestroyedMidWaitWhileAWorkerStillRuns()
{
    QThreadPool pool;
    auto owner = std::make_unique<Owner>();
    Log log;
    auto release = std::make_shared<std::atomic<bool>>(false);
    QFuture<int> work = QtConcurrent::run(&pool, [release] {
        while (!release->load())
            QThread::msleep(1);
        return 3;
    });
    QCoro::Task<> task = awaitValue(owner.get(), work, &log);
    owner.reset();
    release->store(true);
    pool.waitForDone();
    QTest::qWait(20);   // the worker's finish and the watcher's queued events come and go
    QCOMPARE(log.resumed, 1);
    QCOMPARE(log.gone, 1);
    QCOMPARE(log.frames, 0);
}

void TestAwaitFuture::anOwnedTaskDestroyedFirstStillFreesItsFrame()
{
    // The order of a member Task: the owner's members go first, then QObject's destroyed() resumes the
    // detached coroutine, which ends and frees itself.
    auto owner = std::make_unique<Owner>();
    Log log;
    QPromise<int> promise;
    promise.start();
    {
        QCoro::Task<> task = awaitValue(owner.get(), promise.future(), &log);
    }
    QCOMPARE(log.frames, 1);   // detached, still suspended
    owner.reset();
    QCOMPARE(log.gone, 1);
    QCOMPARE(log.frames, 0);
    promise.finish();
}

void TestAwaitFuture::aSignalResumesOnce()
{
    Owner context;
    Owner sender;
    Log log;
    auto how = SignalAwaited::End::ContextGone;
    QCoro::Task<> task = awaitSignal(&context, &sender, &log, &how);
    QCOMPARE(suspendedWaits(), 1);
    Q_EMIT sender.ping(1);
    QCOMPARE(log.resumed, 1);
    QCOMPARE(how, SignalAwaited::End::Emitted);
    Q_EMIT sender.ping(2);   // the wait is over: nothing happens
    QCOMPARE(log.resumed, 1);
    QCOMPARE(log.frames, 0);
}

void TestAwaitFuture::aSenderDestroyedMidWaitResumesFromTheEventLoop()
{
    Owner context;
    auto sender = std::make_unique<Owner>();
    Log log;
    auto how = SignalAwaited::End::ContextGone;
    QCoro::Task<> task = awaitSignal(&context, sender.get(), &log, &how);
    sender.reset();
    QCOMPARE(log.resumed, 0);   // never inside the sender's destructor
    QTRY_COMPARE(log.resumed, 1);
    QCOMPARE(how, SignalAwaited::End::SenderGone);
    QCOMPARE(log.frames, 0);
}

void TestAwaitFuture::aContextDestroyedMidSignalWaitEndsTheCoroutine()
{
    auto context = std::make_unique<Owner>();
    Owner sender;
    Log log;
    auto how = SignalAwaited::End::Emitted;
    QCoro::Task<> task = awaitSignal(context.get(), &sender, &log, &how);
    context.reset();
    QCOMPARE(log.gone, 1);
    QCOMPARE(how, SignalAwaited::End::ContextGone);
    QCOMPARE(log.frames, 0);
    Q_EMIT sender.ping(3);
    QCOMPARE(log.resumed, 1);
}

QTEST_MAIN(TestAwaitFuture)
#include "tst_awaitfuture.moc"
