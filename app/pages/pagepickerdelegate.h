#pragma once
// A picker tile: the gallery's tile (GalleryDelegate paints it) with a check box in its corner;
// an unchecked tile is dimmed so the choice reads at a glance. Painting only.
#include "app/gallerydelegate.h"

#include <QStyledItemDelegate>

namespace glint {

class PagePickerDelegate final : public QStyledItemDelegate {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PagePickerDelegate)
public:
    explicit PagePickerDelegate(QObject *parent = nullptr) : QStyledItemDelegate(parent), m_tile(this) {}

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        return m_tile.sizeHint(option, index);
    }

private:
    GalleryDelegate m_tile;
};

} // namespace glint
