#include "app/pages/pagepickerdelegate.h"

#include <QApplication>
#include <QPainter>

namespace glint {

void PagePickerDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    m_tile.paint(painter, option, index);
    const bool checked = index.data(Qt::CheckStateRole).toInt() == Qt::Checked;
    if (!checked) {
        painter->save();
        QColor veil = option.palette.color(QPalette::Window);
        veil.setAlpha(150);
        painter->fillRect(QRectF(option.rect).adjusted(3, 3, -3, -3), veil);
        painter->restore();
    }
    QStyleOptionViewItem box(option);
    box.rect = QRect(option.rect.topLeft() + QPoint(GalleryDelegate::kPadding + 4, GalleryDelegate::kPadding + 4), QSize(20, 20));
    box.state = (option.state & QStyle::State_Enabled) | (checked ? QStyle::State_On : QStyle::State_Off);
    box.features |= QStyleOptionViewItem::HasCheckIndicator;
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawPrimitive(QStyle::PE_IndicatorItemViewItemCheck, &box, painter, widget);
}

} // namespace glint
