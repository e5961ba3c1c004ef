#pragma once
// Fusion, with each scroll bar's groove painted once per size and palette and then copied.
//
// Why: Fusion fills a scroll bar's groove with a gradient as tall as the bar, and Qt 6.4's raster
// engine cuts a gradient fill of 96 scan lines or more into parts for QThreadPool::globalInstance()
// and waits for them on the GUI thread. While images stream in, the gallery's scroll range grows
// and the bar is painted about ten times a second; with decoders on both cores each paint waited
// for pool threads to get a core (293 paints over 20,000 images: 60 ms of CPU, 139 ms of wall, 1,380
// waits; the worst one 8.8 ms — docs/BENCHMARKS.md section 30). A copy of a pixmap is never split.
// The groove is drawn by Fusion itself, so it looks exactly as before; the handle and the arrows
// are drawn over it by Fusion as usual.
//
// Threads: GUI thread (it paints). Ownership: QApplication::setStyle takes it; it owns its base.
#include <QProxyStyle>

namespace glint {

class GrooveCacheStyle final : public QProxyStyle {
    Q_OBJECT
public:
    explicit GrooveCacheStyle(QStyle *base);   // takes `base`

    void drawComplexControl(ComplexControl control, const QStyleOptionComplex *option, QPainter *painter,
                            const QWidget *widget = nullptr) const override;

    int groovesPainted() const { return m_groovesPainted; }   // by the base style (tests)

private:
    mutable int m_groovesPainted = 0;
};

} // namespace glint
