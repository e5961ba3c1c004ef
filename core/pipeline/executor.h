#pragma once
// Where the pipeline's steps run: the one seam between Glint and its demonstration of the anti-pattern.
//
// The pipeline describes each step the same way whatever the mode: "decode this file", "scan this
// page", "list this folder" (run), "wait for this download / catalog lookup" (adopt). It never asks
// which executor it has. Continuations go through whenReady() with the executor's delivery(): the
// blocking executor's InlineIfFinished runs a handler at once when its future is already finished, so
// a whole SOURCE is done inside the slot that got it; the async executor's Queued always comes back
// through the event loop.
//
//   AsyncExecutor    runs steps on a worker pool; adopted futures stay as they are.
//   BlockingExecutor runs steps inline on the calling (GUI) thread and waits there for adopted
//                    futures, counting each wait in GuiThreadWork — the window freezes for the run.
//
// Threads: call from the pipeline's thread. Lifetime: owned by Application (or a test), outliving every
// pipeline that uses it; the tasks it runs hold no pointer to it.
#include "core/imaging/thumbnaildecoder.h"
#include "core/util/whenready.h"

#include <QFuture>
#include <QPromise>
#include <QThreadPool>
#include <functional>
#include <memory>
#include <type_traits>

namespace glint {

class Executor {
public:
    using DecodeFunction = DecodedImage (*)(const QString &path, QSize box, bool hash);

    virtual ~Executor() = default;

    // For reports and the window's title; the pipeline itself never asks.
    virtual bool isBlocking() const = 0;
    // How a thumbnail is made here: scaled inside the decoder (async), or as naive code does it — the
    // full image decoded, then scaled (blocking). A plain function: tasks never point at the executor.
    virtual DecodeFunction decodeFunction() const = 0;
    // How continuations of this executor's futures come back: queued (async, the same whatever the
    // timing), or at once when the future is finished already (blocking: one SOURCE in one go).
    Delivery delivery() const { return isBlocking() ? Delivery::InlineIfFinished : Delivery::Queued; }

    // A step's own work, on a worker or inline. The future has the work's result.
    template <typename F>
    auto run(F &&work) -> QFuture<std::invoke_result_t<F>>
    {
        using R = std::invoke_result_t<F>;
        auto promise = std::make_shared<QPromise<R>>();
        QFuture<R> future = promise->future();
        schedule([promise, work = std::forward<F>(work)]() mutable {
            promise->start();
            if constexpr (std::is_void_v<R>)
                work();
            else
                promise->addResult(work());
            promise->finish();
        });
        return future;
    }

    // A step that delivers several results as it goes (a folder listing in batches): `work` gets the
    // promise, adds results and checks isCanceled(). Cancel it through the returned future.
    template <typename T, typename F>
    QFuture<T> stream(F &&work)
    {
        auto promise = std::make_shared<QPromise<T>>();
        QFuture<T> future = promise->future();
        promise->start();
        schedule([promise, work = std::forward<F>(work)]() mutable {
            if (!promise->isCanceled())
                work(*promise);
            promise->finish();
        });
        return future;
    }

    // Work another service already started (a download, a catalog lookup).
    template <typename T>
    QFuture<T> adopt(QFuture<T> future)
    {
        settle([future]() mutable {
            // A future that failed rethrows here; the failure stays in it for the continuation
            // (resultOr), as in async mode. Let through, it left the caller's coroutine and was lost.
            try {
                future.waitForFinished();
            } catch (...) {
            }
        });
        return future;
    }

protected:
    virtual void schedule(std::function<void()> task) = 0;
    virtual void settle(const std::function<void()> &wait) = 0;
};

class AsyncExecutor final : public Executor {
public:
    explicit AsyncExecutor(QThreadPool *pool) : m_pool(pool) {}
    bool isBlocking() const override { return false; }
    DecodeFunction decodeFunction() const override { return &ThumbnailDecoder::decodeNow; }

protected:
    void schedule(std::function<void()> task) override { m_pool->start(std::move(task)); }
    void settle(const std::function<void()> &) override {}

private:
    QThreadPool *m_pool;
};

class BlockingExecutor final : public Executor {
public:
    bool isBlocking() const override { return true; }
    DecodeFunction decodeFunction() const override { return &ThumbnailDecoder::decodeFullThenScaleNow; }

protected:
    void schedule(std::function<void()> task) override { task(); }
    void settle(const std::function<void()> &wait) override;
};

} // namespace glint
