#pragma once
// whenReady(future, context, handler): run `handler(future)` on `context`'s thread once `future` is
// finished (with a result, failed or cancelled), and never after `context` is gone.
//
// Why not QFuture::then(context, …)? In Qt 6.4 a `.then(context)` continuation whose context is
// destroyed before the future finishes asserts in debug builds (Q_ASSERT(context) in
// qfuture_impl.h) and is silently dropped in release builds. Here the watcher is a child of
// `context`: when the context dies, the watcher dies with it and the handler is never called.
//
// Delivery::Queued (the default) always comes back through the event loop, even for a future that is
// already finished: the caller's code after whenReady() runs first, whatever the timing. Only the
// blocking executor asks for Delivery::InlineIfFinished (its futures are finished when they are made):
// the handler then runs at once, which is how the blocking mode does a whole SOURCE in one go.
#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QThread>
#include <type_traits>
#include <utility>

namespace glint {

enum class Delivery { Queued, InlineIfFinished };

template <typename T, typename Handler>
void whenReady(const QFuture<T> &future, QObject *context, Handler &&handler, Delivery delivery = Delivery::Queued)
{
    if (delivery == Delivery::InlineIfFinished && future.isFinished() && context->thread() == QThread::currentThread()) {
        std::forward<Handler>(handler)(future);
        return;
    }
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, handler = std::forward<Handler>(handler)]() mutable {
                         watcher->deleteLater();
                         handler(watcher->future());
                     });
    watcher->setFuture(future);
}

// The result of a finished future, or `fallback` when it was cancelled or failed without one.
template <typename T>
T resultOr(const QFuture<T> &future, T fallback)
{
    if (future.isCanceled() || future.resultCount() == 0)
        return fallback;
    try {
        return future.result();
    } catch (...) {
        return fallback;
    }
}

} // namespace glint

namespace glint {

// For futures with several results (a folder listed in batches): `onResults(future, begin, end)` as
// results arrive, then `onDone()`, on `context`'s thread and never after it is gone. With
// Delivery::InlineIfFinished, a future already finished delivers everything at once, inline.
template <typename T, typename OnResults, typename OnDone>
void whenResults(const QFuture<T> &future, QObject *context, OnResults onResults, OnDone onDone,
                 Delivery delivery = Delivery::Queued)
{
    if (delivery == Delivery::InlineIfFinished && future.isFinished() && context->thread() == QThread::currentThread()) {
        if (future.resultCount() > 0)
            onResults(future, 0, future.resultCount());
        onDone();
        return;
    }
    auto *watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::resultsReadyAt, context,
                     [watcher, onResults](int begin, int end) { onResults(watcher->future(), begin, end); });
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, onDone]() mutable {
        watcher->deleteLater();
        onDone();
    });
    watcher->setFuture(future);
}

} // namespace glint

namespace glint {

// The common case of whenReady: `onResult(value)` when the future has a result; `onFailure(message)`
// when it failed with an exception (its what()) or ended cancelled (an empty message). Either runs on
// `context`'s thread, never after it is gone.
template <typename T, typename OnResult, typename OnFailure>
void whenResult(const QFuture<T> &future, QObject *context, OnResult onResult, OnFailure onFailure)
{
    whenReady(future, context, [onResult = std::move(onResult), onFailure = std::move(onFailure)](const QFuture<T> &done) mutable {
        QString failure;   // empty: cancelled
        try {
            if constexpr (std::is_void_v<T>) {
                if (!done.isCanceled()) {
                    QFuture<T> finished = done;
                    finished.waitForFinished();   // finished already: rethrows a stored exception
                    onResult();
                    return;
                }
            } else if (!done.isCanceled() && done.resultCount() > 0) {
                onResult(done.result());
                return;
            }
        } catch (const std::exception &e) {
            failure = QString::fromUtf8(e.what());
        } catch (...) {
            failure = QStringLiteral("?");
        }
        onFailure(failure);
    });
}

} // namespace glint
