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
#include <QFuture>
#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QThread>
#include "core/util/whenready.h"
#include <coroutine>
#include <memory>
#include <optional>

namespace glint {

template <typename T>
class Awaited final {
public:
    Awaited(bool contextGone, std::optional<T> value) : m_contextGone(contextGone), m_value(std::move(value)) {}
    bool contextGone() const { return m_contextGone; }
    bool hasValue() const { return m_value.has_value(); }
    T valueOr(T fallback) const { return m_value ? *m_value : std::move(fallback); }

private:
    bool m_contextGone;
    std::optional<T> m_value;   // empty: cancelled, or failed without a result
};

template <typename T>
class InContext final {
public:
    InContext(QFuture<T> future, QObject *context, Delivery delivery)
        : m_future(std::move(future)), m_context(context), m_delivery(delivery)
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
        auto resumeOnce = [resumed, watcher, coroutine] {
            if (*resumed)
                return;
            *resumed = true;
            watcher->disconnect();
            watcher->deleteLater();
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
            return {false, std::nullopt};
        try {
            return {false, m_future.result()};
        } catch (...) {
            return {false, std::nullopt};
        }
    }

private:
    QFuture<T> m_future;
    QPointer<QObject> m_context;
    Delivery m_delivery;
};

template <typename T>
InContext<T> inContext(QFuture<T> future, QObject *context, Delivery delivery = Delivery::Queued)
{
    return InContext<T>(std::move(future), context, delivery);
}

} // namespace glint
