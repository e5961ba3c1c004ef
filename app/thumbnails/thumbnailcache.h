#pragma once
// The thumbnails on screen, in one bounded cache shared by every gallery (this session, the Catalog
// tab): a byte budget of QPixmaps, least recently painted first out. Models hold no pixels, only a
// key per row; a tile whose pixmap was evicted is made again when it is painted — decoded from its
// file on the decode pool at low priority, most recently asked first — with a placeholder meanwhile.
// So memory is the budget, not the number of items: 100,000 items cost what the screen shows.
//
// Threads: GUI thread (QPixmap lives here); decodes run on the pool it is given, as QImage.
// Ownership: the pool is not owned and outlives the cache (Application owns both). Lifetime: a decode
// that finishes after the cache is gone is dropped (whenReady).
#include <QCache>
#include <QHash>
#include <QObject>
#include <QPixmap>
#include <QSize>
#include <QString>
#include <deque>

class QThreadPool;

namespace glint {

class ThumbnailCache final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ThumbnailCache)
public:
    static constexpr qint64 kDefaultBudgetBytes = 128LL * 1024 * 1024;
    static constexpr int kMaxWaiting = 256;   // requests beyond this (scrolled far past) are forgotten

    ThumbnailCache(QThreadPool *pool, QSize box, QObject *parent = nullptr);

    void setBudget(qint64 bytes);
    qint64 budget() const { return qint64(m_cache.maxCost()) * 1024; }
    qint64 bytesUsed() const { return qint64(m_cache.totalCost()) * 1024; }
    int count() const { return int(m_cache.count()); }

    // The pixmap for `key`, or a null pixmap. Never blocks.
    QPixmap find(const QString &key) const;
    // Fresh pixels from a decode the caller already has (a pipeline's thumbnail): converted here, once.
    void insert(const QString &key, const QImage &image);
    // Asks for `key` to be made again from `file` (a miss while painting). ready(key) follows.
    void request(const QString &key, const QString &file);

Q_SIGNALS:
    void ready(const QString &key);

private:
    void startMore();

    QThreadPool *m_pool;
    QSize m_box;
    mutable QCache<QString, QPixmap> m_cache;   // cost in KB
    std::deque<std::pair<QString, QString>> m_waiting;   // (key, file), newest at the back
    QHash<QString, int> m_inFlight;
    int m_running = 0;
};

} // namespace glint
