#pragma once
// Paints one gallery tile: the thumbnail (or a placeholder with download progress, or an error
// badge), the name and a detail line. Painting only — every pixmap it draws was made elsewhere.
#include "core/imaging/thumbnaildecoder.h"

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

    QSize m_imageArea = kImageArea;
    mutable bool m_paintedThumbnail = false;
};

} // namespace glint
