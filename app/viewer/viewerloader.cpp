#include "app/viewer/viewerloader.h"

#include "app/viewer/viewercache.h"
#include "core/imaging/viewdecode.h"
#include "core/util/awaitfuture.h"

#include <QPromise>
#include <QRunnable>
#include <QThreadPool>

namespace glint {

QString ViewerLoader::Request::key() const
{
    return region.isValid() ? ViewerCache::keyOf(file, region, box) : ViewerCache::keyOf(file, box);
}

ViewerLoader::ViewerLoader(QThreadPool *pool, ViewerCache *cache, QObject *parent)
    : QObject(parent), m_pool(pool), m_cache(cache)
{
}

ViewerLoader::~ViewerLoader()
{
    // Decodes still queued never start; running ones end unheard: each decode() coroutine resumes as we
    // go (contextGone) and ends without touching us.
    for (Running &running : m_running)
        takeBack(running);
}

bool ViewerLoader::takeBack(Running &running)
{
    running.flags->cancelled.store(true);
    // Only while it has not started: after that the pool may have deleted it already. tryTake gives
    // the task back to us (autoDelete or not); deleting it ends its promise cancelled.
    if (running.flags->started.load() || !m_pool->tryTake(running.task))
        return false;
    delete running.task;
    return true;
}

bool ViewerLoader::isWanted(const QString &key) const
{
    for (const Request &request : m_wanted) {
        if (request.key() == key)
            return true;
    }
    return false;
}

void ViewerLoader::setWanted(const QList<Request> &wanted)
{
    m_wanted.clear();
    for (const Request &request : wanted) {
        if (!request.file.isEmpty() && !m_cache->contains(request.key()))
            m_wanted << request;
    }
    for (auto it = m_running.begin(); it != m_running.end();) {
        if (isWanted(it.key())) {
            // Wanted again: if it was cancelled meanwhile, it comes back cancelled and starts again.
            it->wanted = true;
            ++it;
            continue;
        }
        // Not started yet: take it back, and its slot is free at once for what is wanted now.
        if (takeBack(*it)) {
            it = m_running.erase(it);
            continue;
        }
        it->wanted = false;   // running: it stops at its next read; whatever comes is dropped
        ++it;
    }
    startMore();
}

void ViewerLoader::startMore()
{
    // Let go of the Tasks of decodes that ended. (A decode that calls this is still running: its
    // Task goes next time, or with the loader.)
    std::erase_if(m_decodes, [](const auto &entry) { return entry.second.isReady(); });
    for (const Request &request : std::as_const(m_wanted)) {
        if (m_running.size() >= kMaxInFlight)
            break;
        const QString key = request.key();
        if (m_running.contains(key) || m_cache->contains(key))
            continue;
        auto flags = std::make_shared<Flags>();
        auto promise = std::make_shared<QPromise<ViewImage>>();
        QFuture<ViewImage> future = promise->future();
        promise->start();
        QRunnable *task = QRunnable::create([promise, flags, file = request.file, box = request.box, region = request.region] {
            flags->started.store(true);
            promise->addResult(region.isValid() ? ViewDecode::decodeRegionNow(file, region, box, &flags->cancelled)
                                                : ViewDecode::decodeNow(file, box, &flags->cancelled));
            promise->finish();
        });
        const quint64 id = m_nextId++;
        m_running.insert(key, Running{id, task, flags, true});
        m_peakInFlight = qMax(m_peakInFlight, int(m_running.size()));
        m_pool->start(task, kPoolPriority);
        m_decodes.emplace(id, decode(key, id, future));
    }
}

// One decode, told in order: it runs on the pool; back here, it is shown if it is still wanted, and
// its slot goes to what is wanted next. Being taken back or cancelled ("the last key wins") happens
// outside, in setWanted: here it only shows as an entry gone, or not wanted, or a cancelled result.
QCoro::Task<> ViewerLoader::decode(QString key, quint64 id, QFuture<ViewImage> future)
{
    // Taken, not copied: the image's pixels then have one owner and become the pixmap's as they are.
    auto done = co_await takeInContext(future, this);
    if (done.contextGone())
        co_return;   // the loader is being destroyed: its destructor flagged or took back the task
    // A task taken back was erased already: its cancelled promise finds no entry.
    const auto it = m_running.constFind(key);
    if (it == m_running.cend() || it->id != id)
        co_return;
    const bool wanted = it->wanted;
    m_running.erase(it);
    ViewImage result = done.takeValueOr(ViewImage{});
    if (result.ok() && result.image.isNull())
        result.failure = Failure(Failure::Kind::Cancelled);   // ended without a result
    // Done with, whatever the outcome — a failure is not tried again and again, and an image too
    // big for the cache is not decoded again while it is on screen — unless it was cancelled
    // and is wanted again (the user came back to it): then it starts again below.
    if (!result.failure.is(Failure::Kind::Cancelled) || !isWanted(key))
        m_wanted.removeIf([&key](const Request &request) { return request.key() == key; });
    if (wanted) {
        if (result.ok()) {
            // RGB32 / ARGB32_Premultiplied and moved: the raster pixmap adopts the pixels.
            const QPixmap pixmap = QPixmap::fromImage(std::move(result.image));
            m_cache->insert(key, pixmap);
            Q_EMIT ready(key, pixmap, result.fullSize, result.format, result.animated, result.region);
        } else if (!result.failure.is(Failure::Kind::Cancelled)) {
            Q_EMIT failed(key, result.failure);
        }
    }
    startMore();
}

} // namespace glint
