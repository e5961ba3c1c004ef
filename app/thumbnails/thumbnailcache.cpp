#include "app/thumbnails/thumbnailcache.h"

#include "core/imaging/thumbnaildecoder.h"
#include "core/util/whenready.h"

#include <QThreadPool>
#include <QPromise>
#include <memory>

namespace glint {
namespace {

int costKb(const QPixmap &pixmap)
{
    return qMax(1, int(qint64(pixmap.width()) * pixmap.height() * pixmap.depth() / 8 / 1024));
}

} // namespace

ThumbnailCache::ThumbnailCache(QThreadPool *pool, QSize box, QObject *parent)
    : QObject(parent), m_pool(pool), m_box(box)
{
    setBudget(kDefaultBudgetBytes);
}

void ThumbnailCache::setBudget(qint64 bytes)
{
    m_cache.setMaxCost(int(qMax<qint64>(1024, bytes / 1024)));
}

QPixmap ThumbnailCache::find(const QString &key) const
{
    const QPixmap *pixmap = m_cache.object(key);   // also marks it as just used
    return pixmap ? *pixmap : QPixmap();
}

void ThumbnailCache::insert(const QString &key, const QImage &image)
{
    if (key.isEmpty() || image.isNull())
        return;
    // A 240-pixel thumbnail converts in microseconds: the only image work on this thread.
    auto *pixmap = new QPixmap(QPixmap::fromImage(image));
    m_cache.insert(key, pixmap, costKb(*pixmap));
}

void ThumbnailCache::request(const QString &key, const QString &file)
{
    if (key.isEmpty() || file.isEmpty() || m_inFlight.contains(key) || m_cache.contains(key))
        return;
    m_waiting.emplace_back(key, file);
    if (m_waiting.size() > std::size_t(kMaxWaiting))
        m_waiting.pop_front();   // the oldest ask: scrolled far past by now
    startMore();
}

void ThumbnailCache::startMore()
{
    // A few at a time, newest first: what the user looks at now, not what flew by.
    const int limit = qMax(1, m_pool->maxThreadCount());
    while (m_running < limit && !m_waiting.empty()) {
        auto [key, file] = std::move(m_waiting.back());
        m_waiting.pop_back();
        if (m_inFlight.contains(key) || m_cache.contains(key))
            continue;
        m_inFlight.insert(key, 1);
        ++m_running;
        // Below the pipeline's decodes in the pool's queue (priority -1): new images first, scroll-back second.
        auto promise = std::make_shared<QPromise<DecodedImage>>();
        QFuture<DecodedImage> decoded = promise->future();
        promise->start();
        m_pool->start([promise, file, box = m_box] {
            promise->addResult(ThumbnailDecoder::decodeNow(file, box));
            promise->finish();
        }, -1);
        whenReady(decoded, this, [this, key](const QFuture<DecodedImage> &done) {
            --m_running;
            m_inFlight.remove(key);
            const DecodedImage image = resultOr(done, DecodedImage());
            if (image.ok()) {
                insert(key, image.thumbnail);
                Q_EMIT ready(key);
            }
            startMore();
        });
    }
}

} // namespace glint
