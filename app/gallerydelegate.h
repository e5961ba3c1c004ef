#pragma once
// Paints one gallery tile: the thumbnail (or a placeholder with download progress, or an error
// badge), the name and a detail line. Painting only: every thumbnail it draws was made elsewhere,
// and what every tile repeats (its card) it paints once and copies.
#include "core/imaging/thumbnaildecoder.h"

#include <QCache>
#include <QPixmap>
#include <QStaticText>
#include <QStyledItemDelegate>

#include <array>
#include <functional>

namespace glint {

class GalleryDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GalleryDelegate)
public:
    static constexpr QSize kImageArea = ThumbnailDecoder::kThumbnailBox;   // the default
    static constexpr int kPadding = 8;
    static constexpr int kCaptionHeight = 40;

    explicit GalleryDelegate(QObject *parent = nullptr) : QStyledItemDelegate(parent) {}

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    // The thumbnail's box in a tile (Preferences: thumbnail width); set before the view is shown.
    // Tiles change size at once (views relayout on sizeHintChanged); thumbnails larger than the area
    // are drawn scaled down, smaller ones at their own size.
    void setImageArea(QSize area)
    {
        m_imageArea = area;
        Q_EMIT sizeHintChanged(QModelIndex());
    }
    QSize imageArea() const { return m_imageArea; }

Q_SIGNALS:
    // Once, when the first real thumbnail (not a placeholder) has been painted.
    void firstThumbnailPainted();

private:
    void paintGroup(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index, const QRectF &card,
                    const QRect &imageRect) const;

    // What every tile repeats is painted once and then copied: the card (its rounded outline is a
    // stroke, the dearest part of a tile's paint: docs/BENCHMARKS.md §21) and the card behind a tile
    // without a thumbnail (waiting, or failed). That one is a gradient, and a gradient fill of its
    // ~180 scan lines is more than Qt 6.4's raster engine paints on the calling thread: it splits it
    // across QThreadPool::globalInstance() and waits, so the GUI thread slept until a pool thread got
    // a core, for every placeholder of a scroll while readers and decoders held both. A copy is one
    // blit on this thread. Each is made again when its size, pixel ratio or colours change.
    struct Art {
        QSize size;
        qreal dpr = 0;
        std::array<QRgb, 2> colors{};
        QPixmap pixmap;
    };
    static const QPixmap &remembered(Art &art, QSize size, qreal dpr, const std::array<QRgb, 2> &colors,
                                     const std::function<void(QPainter &, const QRectF &)> &paint);
    const QPixmap &cardArt(QSize tile, bool selected, bool hovered, const QPalette &palette, qreal dpr) const;
    const QPixmap &placeholderArt(bool failed, const QPalette &palette, qreal dpr) const;

    // The name and the detail line, elided to the tile's width and laid out once (QStaticText): with
    // the card a copy, eliding and shaping text was the dearest part left of a tile's paint. Kept for
    // the last kLinesKept lines painted: every tile of a large screen, twice over.
    void drawLine(QPainter *painter, const QRect &rect, const QString &text, const QFont &font, Qt::TextElideMode mode) const;
    static constexpr int kLinesKept = 1024;

    QSize m_imageArea = kImageArea;
    mutable bool m_paintedThumbnail = false;
    mutable Art m_cards[4];          // plain, hovered, selected, selected and hovered
    mutable Art m_placeholders[2];   // waiting, failed
    mutable QCache<QString, QStaticText> m_lines{kLinesKept};   // by width, elision, font and text
};

} // namespace glint
