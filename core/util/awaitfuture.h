#pragma once
// co_await inContext(future, context): await a QFuture inside a C++20 coroutine that belongs to
// `context`, resuming on the context's thread, never after the context is gone.
//
//     const auto fetched = co_await inContext(downloader.fetch(request).result, this);
//     if (fetched.contextGone())
//         co_return;                        // `this` is being destroyed: touch nothing
//     const DownloadResult result = fetched.valueOr(cancelledDownload());
//
// Why not co_await the QFuture directly (QCoro 0.8)? Its watcher has no owner: the coroutine resumes
// when the future finishes even if the object it works for was destroyed meanwhile, and result() on a
// cancelled future has nothing to return. Here the watcher is tied to the context: the coroutine
// resumes exactly once — when the future finishes, or, if the context is destroyed first, right then
// with contextGone() true so that it can end without touching it. (A coroutine left suspended for ever
// would leak its frame.)
//
// With Delivery::InlineIfFinished (the blocking executor's) a future that is already finished does
// not suspend at all: the coroutine runs straight through, like the synchronous code it reads as.
// Otherwise it always suspends and resumes from the event loop, whatever the timing.
//
// takeInContext(future, context) is the same wait, but moves the value out of the future
// (QFuture::takeResult) instead of copying it: a QImage that a QPixmap is to adopt keeps one owner.
//
// co_await inContext(sender, &Sender::signal, context) waits for a signal the same way: it resumes
// once — when the signal is emitted (its arguments are not kept), when the sender is destroyed (from
// the event loop, never inside the sender's destructor), or, if the context is destroyed first,
// right then with contextGone().
//
// Threads: await on the context's thread; the future may finish, and the sender may emit, on any.
// Lifetime: every wait resumes exactly once, so a coroutine that owns nothing else never leaks its
// frame; suspendedWaits() counts the waits not resumed yet (tests check it returns to 0).
// Ownership: each wait's watcher (or guard object) belongs to the wait and is deleted when it ends.
// The coroutine's QCoro::Task belongs to the object it works for, as a member (never dropped, never a
// temporary with .then()): letting it go while the coroutine waits is fine, QCoro 0.8 then frees the
// frame when the coroutine returns.
#include "core/util/whenready.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QThread>
#include <atomic>
#include <coroutine>
#include <exception>
#include <memory>
#include <optional>

namespace glint {

namespace detail {
inline std::atomic<int> g_suspendedWaits{0};
} // namespace detail

// Waits suspended now, across all threads: a coroutine parked on one of them still owns its frame.
inline int suspendedWaits()
{
    return detail::g_suspendedWaits.load();
}

template <typename T>
class Awaited final {
public:
    Awaited(bool contextGone, std::optional<T> value, QString failure = {})
        : m_contextGone(contextGone), m_value(std::move(value)), m_failure(std::move(failure))
    {
    }
    bool contextGone() const { return m_contextGone; }
    bool hasValue() const { return m_value.has_value(); }
    T valueOr(T fallback) const { return m_value ? *m_value : std::move(fallback); }
    // Moves the value out (for a value that should keep one owner).
    T takeValueOr(T fallback) { return m_value ? std::move(*m_value) : std::move(fallback); }
    // Without a value: the exception's what(), or empty when the future was only cancelled.
    QString failure() const { return m_failure; }

private:
    bool m_contextGone;
    std::optional<T> m_value;   // empty: cancelled, or failed without a result
    QString m_failure;
};

// How a wait for a signal ended.
class SignalAwaited final {
public:
    enum class End { Emitted, SenderGone, ContextGone };
    explicit SignalAwaited(End end) : m_end(end) {}
    bool contextGone() const { return m_end == End::ContextGone; }
    bool emitted() const { return m_end == End::Emitted; }
    bool senderGone() const { return m_end == End::SenderGone; }

private:
    End m_end;
};

template <typename T>
class InContext final {
public:
    InContext(QFuture<T> future, QObject *context, Delivery delivery, bool take = false)
        : m_future(std::move(future)), m_context(context), m_delivery(delivery), m_take(take)
    {
    }

    bool await_ready() const
    {
        return m_delivery == Delivery::InlineIfFinished && m_context && m_future.isFinished()
            && m_context->thread() == QThread::currentThread();
    }

    void await_suspend(std::coroutine_handle<> coroutine)
    {
        auto resumed = std::make_shared<bool>(false);
        auto *watcher = new QFutureWatcher<T>();   // deleted below, whichever way the wait ends
        detail::g_suspendedWaits.fetch_add(1);
        auto resumeOnce = [resumed, watcher, coroutine] {
            if (*resumed)
                return;
            *resumed = true;
            watcher->disconnect();
            watcher->deleteLater();
            detail::g_suspendedWaits.fetch_sub(1);
            coroutine.resume();
        };
        if (!m_context) {
            resumeOnce();
            return;
        }
        // Receiver `m_context`: this slot never runs once the context is gone …
        QObject::connect(watcher, &QFutureWatcherBase::finished, m_context, resumeOnce);
        // … and this one runs exactly then: the coroutine learns it and ends.
        QObject::connect(m_context, &QObject::destroyed, watcher, resumeOnce, Qt::DirectConnection);
        watcher->setFuture(m_future);
    }

    Awaited<T> await_resume() const
    {
        if (!m_context)
            return {true, std::nullopt};
        if (m_future.isCanceled() || m_future.resultCount() == 0)
            return {false, std::nullopt, failureOf(m_future)};
        try {
            if (m_take) {
                QFuture<T> future = m_future;
                return {false, future.takeResult()};
            }
            return {false, m_future.result()};
        } catch (...) {
            return {false, std::nullopt, failureOf(m_future)};
        }
    }

private:
    // The finished future's exception as a sentence; empty when it was only cancelled.
    static QString failureOf(QFuture<T> future)
    {
        try {
            future.waitForFinished();   // finished already: returns at once, or rethrows what it stored
        } catch (const std::exception &e) {
            return QString::fromUtf8(e.what());
        } catch (...) {
            return QStringLiteral("?");
        }
        return {};
    }

    QFuture<T> m_future;
    QPointer<QObject> m_context;
    Delivery m_delivery;
    bool m_take;
};

template <typename T>
InContext<T> inContext(QFuture<T> future, QObject *context, Delivery delivery = Delivery::Queued)
{
    return InContext<T>(std::move(future), context, delivery);
}

template <typename T>
InContext<T> takeInContext(QFuture<T> future, QObject *context, Delivery delivery = Delivery::Queued)
{
    return InContext<T>(std::move(future), context, delivery, /*take=*/true);
}

template <typename Sender, typename Signal>
class SignalInContext final {
public:
    SignalInContext(Sender *sender, Signal signal, QObject *context)
        : m_sender(sender), m_signal(signal), m_context(context)
    {
    }

    bool await_ready() const { return !m_sender || !m_context; }

    void await_suspend(std::coroutine_handle<> coroutine)
    {
        auto resumed = std::make_shared<bool>(false);
        // The receiver of the three connections below: deleted (later) whichever way the wait ends,
        // which ends the other two.
        auto *guard = new QObject();
        SignalAwaited::End *end = &m_end;   // lives in the coroutine's frame until it is resumed
        detail::g_suspendedWaits.fetch_add(1);
        auto resumeOnce = [resumed, guard, coroutine, end](SignalAwaited::End how) {
            if (*resumed)
                return;
            *resumed = true;
            *end = how;
            guard->deleteLater();
            detail::g_suspendedWaits.fetch_sub(1);
            coroutine.resume();
        };
        QObject::connect(m_sender.data(), m_signal, guard, [resumeOnce] { resumeOnce(SignalAwaited::End::Emitted); });
        QObject::connect(m_sender.data(), &QObject::destroyed, guard,
                         [resumeOnce] { resumeOnce(SignalAwaited::End::SenderGone); }, Qt::QueuedConnection);
        // Right when the context goes, like the future's wait: the coroutine learns it and ends.
        QObject::connect(m_context.data(), &QObject::destroyed, guard,
                         [resumeOnce] { resumeOnce(SignalAwaited::End::ContextGone); }, Qt::DirectConnection);
    }

    SignalAwaited await_resume() const
    {
        if (!m_context)
            return SignalAwaited(SignalAwaited::End::ContextGone);
        if (!m_sender && m_end != SignalAwaited::End::Emitted)
            return SignalAwaited(SignalAwaited::End::SenderGone);
        return SignalAwaited(m_end);
    }

private:
    QPointer<Sender> m_sender;
    Signal m_signal;
    QPointer<QObject> m_context;
    SignalAwaited::End m_end = SignalAwaited::End::SenderGone;
};

template <typename Sender, typename Signal>
SignalInContext<Sender, Signal> inContext(Sender *sender, Signal signal, QObject *context)
{
    return SignalInContext<Sender, Signal>(sender, signal, context);
}

} // namespace glint
