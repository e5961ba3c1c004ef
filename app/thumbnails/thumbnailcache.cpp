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

void ThumbnailCache::setBox(QSize box)
{
    m_box = box;   // entries are judged when painted: nothing to walk here
}

bool ThumbnailCache::isSharp(const Entry &entry) const
{
    // Made for this size, or for one up to twice as big (a smaller tile shows it scaled down; beyond
    // that it is made again, smaller, to give the budget back).
    return entry.madeFor.isValid() && entry.madeFor.width() >= m_box.width() && entry.madeFor.width() <= 2 * m_box.width();
}

bool ThumbnailCache::hasSharp(const QString &key) const
{
    const Entry *entry = m_cache.object(key);
    return entry && isSharp(*entry);
}

QPixmap ThumbnailCache::find(const QString &key, bool *sharp) const
{
    const Entry *entry = m_cache.object(key);   // also marks it as just used
    if (entry) {
        m_painted.push_back(key);
        if (m_painted.size() > std::size_t(kKeptPainted))
            m_painted.pop_front();
    }
    if (sharp)
        *sharp = entry && isSharp(*entry);
    return entry ? entry->pixmap : QPixmap();
}

void ThumbnailCache::insert(const QString &key, const QImage &image, QSize original)
{
    // Fills the box in one direction: made for it. As big as the original: as sharp as it gets.
    const bool fills = image.width() + 1 >= m_box.width() || image.height() + 1 >= m_box.height();
    const bool whole = original.isValid() && image.width() >= original.width() && image.height() >= original.height();
    const bool sharp = fills || whole;
    if (!sharp && hasSharp(key))
        return;   // a stored thumbnail read again (a catalog block) never replaces a sharper re-decode
    store(key, image, sharp ? m_box : QSize());
}

void ThumbnailCache::store(const QString &key, const QImage &image, QSize madeFor)
{
    if (key.isEmpty() || image.isNull())
        return;
    // A 240-pixel thumbnail converts in microseconds: the only image work on this thread.
    auto *entry = new Entry{QPixmap::fromImage(image), madeFor};
    const int cost = costKb(entry->pixmap);
    // New thumbnails pour in while a run goes on and the screen stands still: least recently painted,
    // the tiles on screen would be the first out, and the next paint (a hover, a menu closing) would
    // show their placeholders until they are decoded again. So the last painted ones are marked as
    // used again, once per quarter of the budget inserted: they stay at the fresh end.
    m_insertedKb += cost;
    if (m_insertedKb > m_cache.maxCost() / 4) {
        m_insertedKb = 0;
        for (const QString &painted : m_painted)
            m_cache.object(painted);
    }
    m_cache.insert(key, entry, cost);
}

void ThumbnailCache::request(const QString &key, const QString &file)
{
    if (key.isEmpty() || file.isEmpty() || m_inFlight.contains(key) || hasSharp(key))
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
        if (m_inFlight.contains(key) || hasSharp(key))
            continue;
        m_inFlight.insert(key, 1);
        ++m_running;
        // Above the pipeline's decodes in the pool's queue (priority 1): a request comes from a paint,
        // so it is a tile on screen now. Below them, it waited for as long as a run went on (the
        // pipeline keeps the queue full of new images: a placeholder on screen for minutes at 100,000
        // images). At most `limit` at a time, so a run keeps going while the user scrolls back.
        auto promise = std::make_shared<QPromise<DecodedImage>>();
        QFuture<DecodedImage> decoded = promise->future();
        promise->start();
        m_pool->start([promise, file, box = m_box, freedesktop = m_freedesktop] {
            promise->addResult(freedesktop.decode(&ThumbnailDecoder::decodeNow, file, box, false));
            promise->finish();
        }, 1);
        // Made for the box it was asked at: if the slider moved meanwhile, the next paint asks again.
        whenReady(decoded, this, [this, key, box = m_box](const QFuture<DecodedImage> &done) {
            --m_running;
            m_inFlight.remove(key);
            const DecodedImage image = resultOr(done, DecodedImage());
            if (image.ok()) {
                store(key, image.thumbnail, box);
                Q_EMIT ready(key);
            } else if (Entry *entry = m_cache.object(key)) {
                entry->madeFor = box;   // the file is gone or broken: keep what is shown, stop asking
            }
            startMore();
        });
    }
}

} // namespace glint
