#pragma once
// The thumbnail size slider of the status bar; Ctrl+wheel over a gallery moves it too (stepBy).
// The tiles follow it live (resized(), for every move: only the painting changes), and once it has
// rested for kSettleMs, settled() says the size to decode thumbnails at. Dragging it from end to end
// therefore asks for one re-decode of what is on screen, not one per step.
//
// Threads: GUI. Ownership: a QWidget in its parent's tree (the status bar). Lifetime: the debounce
// timer is a member; nothing outlives the widget.
#include <QTimer>
#include <QWidget>

class QSlider;

namespace glint {

class TileSizeSlider final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TileSizeSlider)
public:
    static constexpr int kSettleMs = 250;

    // Widths of the tile's image area in pixels, `width` the one to start at.
    TileSizeSlider(int minWidth, int maxWidth, int width, QWidget *parent = nullptr);

    int tileWidth() const;
    void setTileWidth(int width);   // as if the user moved it (clamped): resized(), then settled()
    void stepBy(int steps);         // a tenth of the range per step (Ctrl+wheel)
    QSlider *slider() const { return m_slider; }

Q_SIGNALS:
    void resized(int width);   // at every move
    void settled(int width);   // kSettleMs after the last move, when the width differs from the last settled one

private:
    QSlider *m_slider;
    QTimer m_settle;
    int m_settled;
};

} // namespace glint
