#include "app/viewer/imagecanvas.h"

#include <QMouseEvent>
#include <QPainter>
#include <cmath>

namespace glint {

ImageCanvas::ImageCanvas(QWidget *parent) : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);   // every pixel painted: nothing behind to draw first
    setFocusPolicy(Qt::NoFocus);             // keys go to the page
    setMinimumSize(64, 64);
}

void ImageCanvas::setImage(QSize fullSize)
{
    m_fullSize = fullSize;
    m_pixmap = QPixmap();
    m_detail = QPixmap();
    m_preview = true;
    m_mode = Mode::Fit;
    m_center = effectiveFullSize().isEmpty() ? QPointF() : QPointF(effectiveFullSize().width() / 2, effectiveFullSize().height() / 2);
    update();
}

void ImageCanvas::setFullSize(QSize fullSize)
{
    if (fullSize == m_fullSize || fullSize.isEmpty())
        return;
    m_fullSize = fullSize;
    clampCenter();
    update();
}

void ImageCanvas::setPixmap(const QPixmap &pixmap, bool preview)
{
    const bool unknownBefore = !m_fullSize.isValid() && m_pixmap.isNull();
    m_pixmap = pixmap;
    m_preview = preview;
    m_detail = QPixmap();
    if (unknownBefore)
        clampCenter();
    update();
}

void ImageCanvas::setDetail(const QPixmap &pixmap, QRect region)
{
    m_detail = pixmap;
    m_detailRegion = region;
    update();
}

QRectF ImageCanvas::visibleRegion() const
{
    const QRectF shown = imageRect();
    if (shown.isEmpty())
        return {};
    const double k = devicePixelRatioF() / scale();   // full-size pixels per widget unit
    const QRectF on = shown.intersected(QRectF(rect()));
    return QRectF((on.left() - shown.left()) * k, (on.top() - shown.top()) * k, on.width() * k, on.height() * k);
}

void ImageCanvas::clear()
{
    m_detail = QPixmap();
    m_pixmap = QPixmap();
    m_preview = true;
    update();
}

QSizeF ImageCanvas::effectiveFullSize() const
{
    if (m_fullSize.isValid() && !m_fullSize.isEmpty())
        return m_fullSize;
    if (!m_pixmap.isNull())
        return m_pixmap.size();
    return {};
}

QSize ImageCanvas::deviceBox() const
{
    const double dpr = devicePixelRatioF();
    return QSize(qRound(width() * dpr), qRound(height() * dpr));
}

double ImageCanvas::scaleFor(Mode mode) const
{
    const QSizeF full = effectiveFullSize();
    if (full.isEmpty())
        return 1.0;
    const QSize box = deviceBox();
    const double sx = box.width() / full.width();
    const double sy = box.height() / full.height();
    switch (mode) {
    case Mode::Fit:
        return qMin(1.0, qMin(sx, sy));   // small images stay at 1:1, as every viewer shows them
    case Mode::Fill:
        return qMax(sx, sy);
    case Mode::Actual:
        return 1.0;
    case Mode::Custom:
        return m_scale;
    }
    return 1.0;
}

double ImageCanvas::fitScale() const
{
    return scaleFor(Mode::Fit);
}

double ImageCanvas::scale() const
{
    return scaleFor(m_mode);
}

void ImageCanvas::setMode(Mode mode)
{
    m_mode = mode;
    const QSizeF full = effectiveFullSize();
    m_center = QPointF(full.width() / 2, full.height() / 2);
    clampCenter();
    update();
    Q_EMIT viewChanged();
}

QRectF ImageCanvas::imageRect() const
{
    const QSizeF full = effectiveFullSize();
    if (full.isEmpty())
        return {};
    const double dpr = devicePixelRatioF();
    const double s = scale();
    const QSizeF shown(full.width() * s / dpr, full.height() * s / dpr);
    double left = shown.width() <= width() ? (width() - shown.width()) / 2 : width() / 2.0 - m_center.x() * s / dpr;
    double top = shown.height() <= height() ? (height() - shown.height()) / 2 : height() / 2.0 - m_center.y() * s / dpr;
    // On whole device pixels: a sharp image then lands pixel for pixel, without resampling.
    left = std::round(left * dpr) / dpr;
    top = std::round(top * dpr) / dpr;
    return QRectF(QPointF(left, top), shown);
}

void ImageCanvas::clampCenter()
{
    const QSizeF full = effectiveFullSize();
    if (full.isEmpty())
        return;
    const double dpr = devicePixelRatioF();
    const double s = scale();
    const double halfW = width() / 2.0 * dpr / s;
    const double halfH = height() / 2.0 * dpr / s;
    m_center.setX(full.width() <= 2 * halfW ? full.width() / 2 : qBound(halfW, m_center.x(), full.width() - halfW));
    m_center.setY(full.height() <= 2 * halfH ? full.height() / 2 : qBound(halfH, m_center.y(), full.height() - halfH));
}

void ImageCanvas::zoomBy(double factor, QPointF anchor)
{
    const QSizeF full = effectiveFullSize();
    if (full.isEmpty())
        return;
    const double dpr = devicePixelRatioF();
    const double before = scale();
    const double after = qBound(kMinScale, before * factor, kMaxScale);
    // The image point under the anchor stays under it.
    const QRectF shown = imageRect();
    const QPointF point = (anchor - shown.topLeft()) * dpr / before;
    m_mode = Mode::Custom;
    m_scale = after;
    const QPointF left = anchor - point * after / dpr;   // the image's new top-left
    m_center = (QPointF(width() / 2.0, height() / 2.0) - left) * dpr / after;
    clampCenter();
    update();
    Q_EMIT viewChanged();
}

bool ImageCanvas::isZoomedIn() const
{
    const QRectF shown = imageRect();
    return shown.width() > width() + 0.5 || shown.height() > height() + 0.5;
}

void ImageCanvas::panBy(QPointF deltaWidget)
{
    m_center -= deltaWidget * devicePixelRatioF() / scale();
    clampCenter();
    update();
    Q_EMIT panned();
}

QSize ImageCanvas::neededSize() const
{
    const QSizeF full = effectiveFullSize();
    if (full.isEmpty())
        return deviceBox();
    const double s = qMin(1.0, scale());   // never more than the original has
    return QSize(qMax(1, int(std::ceil(full.width() * s - 0.01))), qMax(1, int(std::ceil(full.height() * s - 0.01))));
}

bool ImageCanvas::isSharp() const
{
    if (m_pixmap.isNull() || m_preview)
        return false;
    if (!m_detail.isNull()) {
        // The detail covers what is on screen at the scale shown (a pixel of rounding either way).
        const QRectF visible = visibleRegion().adjusted(1, 1, -1, -1);
        const double detailScale = double(m_detail.width()) / m_detailRegion.width();
        if (QRectF(m_detailRegion).contains(visible) && detailScale * 1.02 >= qMin(1.0, scale()))
            return true;
    }
    const QSize needed = neededSize();
    // Decoders round their scaled sizes their own way: a pixel short is as sharp.
    return m_pixmap.width() + 2 >= needed.width() && m_pixmap.height() + 2 >= needed.height();
}

void ImageCanvas::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), QColor(24, 24, 24));
    if (!m_pixmap.isNull()) {
        const QRectF shown = imageRect();
        drawPart(painter, m_pixmap, shown, m_preview);
        if (!m_detail.isNull()) {
            const double k = shown.width() / effectiveFullSize().width();   // widget units per full-size pixel
            drawPart(painter, m_detail,
                     QRectF(shown.left() + m_detailRegion.x() * k, shown.top() + m_detailRegion.y() * k,
                            m_detailRegion.width() * k, m_detailRegion.height() * k), false);
        }
    }
    painter.end();
    Q_EMIT painted();
}

void ImageCanvas::drawPart(QPainter &painter, const QPixmap &pixmap, QRectF target, bool preview) const
{
    const double dpr = devicePixelRatioF();
    const double ratio = target.width() * dpr / pixmap.width();   // screen pixels per pixmap pixel
    if (!preview && std::abs(ratio - 1.0) * pixmap.width() < 2.5) {
        target.setSize(QSizeF(pixmap.size()) / dpr);   // a pixel's rounding apart: blit as it is
        painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    } else {
        // Smooth while the pixmap is scaled a little; from 2× up, show the pixels as they are.
        painter.setRenderHint(QPainter::SmoothPixmapTransform, preview || ratio < 2.0);
    }
    // Only the part on screen: a zoomed-in full-resolution image costs the window's area, not its own.
    const QRectF visible = target.intersected(QRectF(rect()));
    if (visible.isEmpty())
        return;
    const double sx = pixmap.width() / target.width();
    const double sy = pixmap.height() / target.height();
    const QRectF source((visible.left() - target.left()) * sx, (visible.top() - target.top()) * sy,
                        visible.width() * sx, visible.height() * sy);
    painter.drawPixmap(visible, pixmap, source);
}

void ImageCanvas::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    clampCenter();
    Q_EMIT resizedBox(deviceBox());
}

void ImageCanvas::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton && isZoomedIn()) {
        m_dragging = true;
        m_dragFrom = event->position();
        setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QWidget::mousePressEvent(event);
}

void ImageCanvas::mouseMoveEvent(QMouseEvent *event)
{
    if (m_dragging) {
        panBy(event->position() - m_dragFrom);
        m_dragFrom = event->position();
        event->accept();
        return;
    }
    setCursor(isZoomedIn() ? Qt::OpenHandCursor : Qt::ArrowCursor);
    QWidget::mouseMoveEvent(event);
}

void ImageCanvas::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_dragging && event->button() == Qt::LeftButton) {
        m_dragging = false;
        setCursor(isZoomedIn() ? Qt::OpenHandCursor : Qt::ArrowCursor);
        event->accept();
        return;
    }
    QWidget::mouseReleaseEvent(event);
}

} // namespace glint
