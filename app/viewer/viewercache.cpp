#include "app/viewer/viewercache.h"

namespace glint {

QString ViewerCache::keyOf(const QString &file, QSize box)
{
    return box.isEmpty() ? file + QStringLiteral("|full")
                         : QStringLiteral("%1|%2x%3").arg(file).arg(box.width()).arg(box.height());
}

QString ViewerCache::keyOf(const QString &file, QRect region, QSize size)
{
    return QStringLiteral("%1|%2,%3,%4x%5@%6x%7").arg(file).arg(region.x()).arg(region.y()).arg(region.width())
        .arg(region.height()).arg(size.width()).arg(size.height());
}

QPixmap ViewerCache::find(const QString &key) const
{
    const QPixmap *pixmap = m_cache.object(key);
    return pixmap ? *pixmap : QPixmap();
}

void ViewerCache::insert(const QString &key, const QPixmap &pixmap)
{
    const qint64 cost = qint64(pixmap.width()) * pixmap.height() * qMax(1, pixmap.depth()) / 8;
    if (pixmap.isNull() || cost > m_cache.maxCost())
        return;
    m_cache.insert(key, new QPixmap(pixmap), qMax<qint64>(1, cost));
}

} // namespace glint
