#pragma once
// Paints one image with zoom and pan: fit (the default), fill, 1:1 or any scale in between, zoom
// about a point (the cursor), pan by drag or keys. It only paints pixmaps made elsewhere — the tile's
// thumbnail scaled up at first, then a sharp one — and says which resolution it needs (device pixels),
// so that the viewer can have exactly that decoded.
//
// Scale is in device pixels per original pixel, so a 1:1 view is sharp on a high-DPI screen too.
//
// Threads: GUI thread. Ownership: a child widget of the ViewerPage; holds implicitly shared pixmaps.
#include <QElapsedTimer>
#include <QPixmap>
#include <QPointF>
#include <QRect>
#include <QWidget>

class QPainter;

namespace glint {

class ImageCanvas final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImageCanvas)
public:
    enum class Mode { Fit, Fill, Actual, Custom };
    static constexpr double kMinScale = 0.02;
    static constexpr double kMaxScale = 32.0;

    explicit ImageCanvas(QWidget *parent = nullptr);

    // A new image: `fullSize` as displayed (may be unknown: then the pixmap's aspect is used). The
    // view goes back to fit.
    void setImage(QSize fullSize);
    void setFullSize(QSize fullSize);
    QSize fullSize() const { return m_fullSize; }
    // The best pixels so far; `preview` for an upscaled thumbnail (never counted as sharp).
    void setPixmap(const QPixmap &pixmap, bool preview);
    void clear();
    // A sharper part of the image over the rest (a very large image, zoomed in): `region` in full-size
    // coordinates. Dropped by a new image or pixmap.
    void setDetail(const QPixmap &pixmap, QRect region);
    bool hasDetail() const { return !m_detail.isNull(); }
    const QPixmap &detail() const { return m_detail; }
    // The part of the image on screen, in full-size coordinates.
    QRectF visibleRegion() const;
    const QPixmap &pixmap() const { return m_pixmap; }
    bool hasPixmap() const { return !m_pixmap.isNull(); }
    bool isPreview() const { return m_preview; }

    Mode mode() const { return m_mode; }
    void setMode(Mode mode);
    double scale() const;            // device pixels per original pixel, now
    double fitScale() const;
    void zoomBy(double factor, QPointF anchor);   // anchor in widget coordinates
    void zoomBy(double factor) { zoomBy(factor, rect().center()); }
    bool isZoomedIn() const;          // the image is larger than the window: keys and drags pan
    void panBy(QPointF deltaWidget);

    // The device-pixel area the window fits an image into (its whole size).
    QSize deviceBox() const;
    // The resolution the view needs now (device pixels), at most the full size.
    QSize neededSize() const;
    bool isSharp() const;             // the pixmap shown has the resolution the view needs

Q_SIGNALS:
    void painted();                   // at the end of every paint
    void viewChanged();               // scale or mode changed: maybe more pixels are needed
    void panned();                    // another part is on screen: maybe another region is needed
    void resizedBox(QSize deviceBox);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;

private:
    QSizeF effectiveFullSize() const;
    double scaleFor(Mode mode) const;
    QRectF imageRect() const;         // where the whole image lies, in widget coordinates
    void clampCenter();
    void drawPart(QPainter &painter, const QPixmap &pixmap, QRectF target, bool preview) const;

    QPixmap m_pixmap;
    QPixmap m_detail;
    QRect m_detailRegion;
    bool m_preview = true;
    QSize m_fullSize;
    Mode m_mode = Mode::Fit;
    double m_scale = 1.0;             // for Mode::Custom
    QPointF m_center;                 // the image point (original pixels) at the window's centre
    bool m_dragging = false;
    QPointF m_dragFrom;
};

} // namespace glint
