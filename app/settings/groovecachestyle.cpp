#include "app/settings/groovecachestyle.h"

#include <QPainter>
#include <QPixmap>
#include <QPixmapCache>
#include <QStyleOptionSlider>

namespace glint {

GrooveCacheStyle::GrooveCacheStyle(QStyle *base) : QProxyStyle(base) {}

void GrooveCacheStyle::drawComplexControl(ComplexControl control, const QStyleOptionComplex *option, QPainter *painter,
                                          const QWidget *widget) const
{
    const auto *bar = qstyleoption_cast<const QStyleOptionSlider *>(option);
    if (control != CC_ScrollBar || !bar || !(bar->subControls & SC_ScrollBarGroove) || option->rect.isEmpty()
        || proxy()->styleHint(SH_ScrollBar_Transient, option, widget)) {
        // A transient bar's groove depends on hover and fades: left to the base style.
        QProxyStyle::drawComplexControl(control, option, painter, widget);
        return;
    }
    // The groove depends on the bar's size, orientation, state and palette; not on the value.
    const qreal ratio = painter->device() ? painter->device()->devicePixelRatio() : 1.0;
    const QString key = QStringLiteral("glint-groove-%1x%2-%3-%4-%5-%6")
                            .arg(option->rect.width())
                            .arg(option->rect.height())
                            .arg(int(bar->orientation))
                            .arg(uint(option->state & (State_Enabled | State_Horizontal)))
                            .arg(option->palette.cacheKey())
                            .arg(ratio);
    QPixmap groove;
    if (!QPixmapCache::find(key, &groove)) {
        groove = QPixmap(option->rect.size() * ratio);
        groove.setDevicePixelRatio(ratio);
        // Opaque (Fusion's groove covers its whole rectangle), so that drawing it is a copy: a
        // pixmap with an alpha channel would be blended, and a blend is split like the gradient.
        groove.fill(option->palette.color(QPalette::Window));
        QStyleOptionSlider only = *bar;
        only.rect = QRect(QPoint(0, 0), option->rect.size());
        only.subControls = SC_ScrollBarGroove;
        only.activeSubControls = SC_None;
        QPainter p(&groove);
        QProxyStyle::drawComplexControl(control, &only, &p, widget);
        p.end();
        ++m_groovesPainted;
        QPixmapCache::insert(key, groove);
    }
    painter->drawPixmap(option->rect.topLeft(), groove);
    QStyleOptionSlider rest = *bar;
    rest.subControls &= ~SC_ScrollBarGroove;
    QProxyStyle::drawComplexControl(control, &rest, painter, widget);
}

} // namespace glint
