#pragma once
// The thumbnails on screen, in one bounded cache shared by every gallery (this session, the Catalog
// tab): a byte budget of QPixmaps, least recently painted first out. Models hold no pixels, only a
// key per row; a tile whose pixmap was evicted is made again when it is painted — decoded from its
// file on the decode pool ahead of the images a run has still to decode (it is on screen), a few at
// a time, most recently asked first — with a placeholder meanwhile.
// So memory is the budget, not the number of items: 100,000 items cost what the screen shows.
//
// The tile size can change while Glint runs (the slider, Ctrl+wheel): setBox() makes every pixmap
// made for another size "not sharp". find() still returns it (the tile shows it scaled at once) and
// says so; the model then asks for it again, so only tiles that are painted — the visible ones, the
// most recently painted first — are decoded again at the new size, in the background, and a bigger
// tile costs more of the same byte budget, never more memory. Re-decodes go through the desktop's
// thumbnail cache (FreedesktopThumbnails) when it is set: a bigger size a file manager made already
// costs no decode.
//
// Threads: GUI thread (QPixmap lives here); decodes run on the pool it is given, as QImage.
// Ownership: the pool is not owned and outlives the cache (Application owns both). Lifetime: a decode
// that finishes after the cache is gone is dropped (whenReady).
#include "core/imaging/freedesktopthumbnails.h"

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

    // The size thumbnails are made for from now on (the tile's image area).
    void setBox(QSize box);
    QSize box() const { return m_box; }
    // Where re-decodes look first and write to (disabled by default).
    void setFreedesktopThumbnails(const FreedesktopThumbnails &cache) { m_freedesktop = cache; }

    // The pixmap for `key`, or a null pixmap. Never blocks. `sharp` (optional) is false when there is
    // none or it was made for another tile size: ask for it again with request().
    QPixmap find(const QString &key, bool *sharp = nullptr) const;
    // Fresh pixels from a decode the caller already has (a pipeline's thumbnail): converted here, once.
    // `original`, the image's own size, tells a small image (sharp at any size) from one decoded for
    // a smaller tile; without it, an image smaller than the box is made again once when painted.
    void insert(const QString &key, const QImage &image, QSize original = {});
    // Asks for `key` to be made from `file` (a miss, or not sharp, while painting). ready(key) follows.
    void request(const QString &key, const QString &file);
    // Whether a pixmap sharp at the current tile size is cached for `key` (so a read that would
    // bring its pixels again need not decode them). Marks it as just used, as find() does.
    bool hasSharp(const QString &key) const;

Q_SIGNALS:
    void ready(const QString &key);

private:
    struct Entry {
        QPixmap pixmap;
        QSize madeFor;   // the box it is sharp for; invalid: not known
    };
    void startMore();
    void store(const QString &key, const QImage &image, QSize madeFor);
    bool isSharp(const Entry &entry) const;

    QThreadPool *m_pool;
    QSize m_box;
    FreedesktopThumbnails m_freedesktop;
    mutable QCache<QString, Entry> m_cache;   // cost in KB
    std::deque<std::pair<QString, QString>> m_waiting;   // (key, file), newest at the back
    static constexpr int kKeptPainted = 256;    // the keys last found (painted), kept fresh (store)
    mutable std::deque<QString> m_painted;      // newest at the back
    int m_insertedKb = 0;                       // since they were last marked as used
    QHash<QString, int> m_inFlight;
    int m_running = 0;
};

} // namespace glint
