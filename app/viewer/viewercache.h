#pragma once
// The viewer's decoded images: the current one and its prefetched neighbours, as QPixmaps within a
// byte budget (QCache, cost in bytes), least recently used first out. Keys name the file and the
// resolution ("<file>|1280x800", "<file>|full"), so a resized window never shows a stale size.
//
// Threads: GUI thread only (QPixmap). Ownership: owns its pixmaps; callers get implicitly shared
// copies, so an image evicted while on screen stays on screen. Lifetime: owned by the ViewerPage.
#include <QCache>
#include <QPixmap>
#include <QRect>
#include <QSize>
#include <QString>

namespace glint {

class ViewerCache final {
    Q_DISABLE_COPY_MOVE(ViewerCache)
public:
    static constexpr qint64 kDefaultBudgetBytes = 64LL * 1024 * 1024;

    ViewerCache() { m_cache.setMaxCost(kDefaultBudgetBytes); }

    static QString keyOf(const QString &file, QSize box);   // an empty box: full resolution
    static QString keyOf(const QString &file, QRect region, QSize size);   // a part, at a size

    void setBudget(qint64 bytes) { m_cache.setMaxCost(bytes); }
    qint64 budget() const { return m_cache.maxCost(); }
    qint64 bytesUsed() const { return m_cache.totalCost(); }
    bool contains(const QString &key) const { return m_cache.contains(key); }
    QPixmap find(const QString &key) const;
    // An image bigger than the whole budget is not kept (the caller still shows its copy).
    void insert(const QString &key, const QPixmap &pixmap);
    void clear() { m_cache.clear(); }

private:
    mutable QCache<QString, QPixmap> m_cache;
};

} // namespace glint
