#pragma once
// Paints one gallery tile: the thumbnail (or a placeholder with download progress, or an error
// badge), the name and a detail line. Painting only — every pixmap it draws was made elsewhere.
#include "core/imaging/thumbnaildecoder.h"

#include <QPixmap>
#include <QStyledItemDelegate>

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

    // The card behind a tile without a thumbnail (waiting, or failed): a rounded gradient drawn once
    // per size, palette and pixel ratio, then copied. Filled directly, its ~180 scan lines of
    // gradient spans are more than Qt 6.4's raster engine paints on the calling thread: it splits
    // them across QThreadPool::globalInstance() and waits, so the GUI thread slept until a pool
    // thread got a core, on every placeholder of a scroll while readers and decoders held both
    // (docs/BENCHMARKS.md §21). A copy of a pixmap is not split.
    const QPixmap &placeholder(bool failed, const QPalette &palette, qreal dpr) const;

    struct Placeholder {
        QSize size;
        qreal dpr = 0;
        QRgb from = 0;
        QRgb to = 0;
        QPixmap pixmap;
    };

    QSize m_imageArea = kImageArea;
    mutable bool m_paintedThumbnail = false;
    mutable Placeholder m_placeholders[2];   // waiting, failed
};

} // namespace glint
