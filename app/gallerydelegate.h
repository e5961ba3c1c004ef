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
    static constexpr QSize kImageArea = ThumbnailDecoder::kThumbnailBox;
    static constexpr int kPadding = 8;
    static constexpr int kCaptionHeight = 40;

    explicit GalleryDelegate(QObject *parent = nullptr) : QStyledItemDelegate(parent) {}

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

Q_SIGNALS:
    // Once, when the first real thumbnail (not a placeholder) has been painted.
    void firstThumbnailPainted();

private:
    mutable bool m_paintedThumbnail = false;
};

} // namespace glint
