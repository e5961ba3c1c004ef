#include "app/galleryview.h"

#include "app/gallerymodel.h"

#include <QDragEnterEvent>
#include <QMimeData>
#include <QPainter>

namespace glint {

GalleryView::GalleryView(QWidget *parent) : QListView(parent)
{
    setViewMode(QListView::IconMode);
    setResizeMode(QListView::Adjust);
    setMovement(QListView::Static);
    setUniformItemSizes(true);
    setSpacing(6);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setMouseTracking(true);
    setAcceptDrops(true);
    setDropIndicatorShown(false);
    setFrameShape(QFrame::NoFrame);
    viewport()->setAttribute(Qt::WA_Hover);
}

void GalleryView::paintEvent(QPaintEvent *event)
{
    QListView::paintEvent(event);
    if (!model() || model()->rowCount() == 0) {
        QPainter painter(viewport());
        painter.setPen(palette().color(QPalette::PlaceholderText));
        QFont font = this->font();
        font.setPointSizeF(font.pointSizeF() * 1.3);
        painter.setFont(font);
        painter.drawText(viewport()->rect(), Qt::AlignCenter,
                         tr("Paste the address of an image or a web page above,\nor drop files and folders here."));
    }
    Q_EMIT painted();
}

void GalleryView::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls() || event->mimeData()->hasText())
        event->acceptProposedAction();
}

void GalleryView::dragMoveEvent(QDragMoveEvent *event)
{
    event->acceptProposedAction();
}

void GalleryView::dropEvent(QDropEvent *event)
{
    QStringList sources;
    for (const QUrl &url : event->mimeData()->urls())
        sources << (url.isLocalFile() ? url.toLocalFile() : url.toString());
    if (sources.isEmpty())
        sources = event->mimeData()->text().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    event->acceptProposedAction();
    Q_EMIT sourcesDropped(sources);
}

} // namespace glint

namespace glint {

void GalleryView::resizeEvent(QResizeEvent *event)
{
    // Spread the columns over the whole width instead of leaving a strip on the right: as many
    // cards as fit, each grid cell sharing the rest. Cards keep their size; only the gaps grow.
    if (itemDelegate() && model()) {
        const QSize card = itemDelegate()->sizeHint(QStyleOptionViewItem(), QModelIndex());
        const int width = viewport()->width() - 2;
        const int columns = qMax(1, width / (card.width() + 2 * kMinGap));
        const QSize grid(qMax(card.width() + 2 * kMinGap, width / columns), card.height() + 2 * kMinGap);
        if (grid != gridSize())
            setGridSize(grid);
    }
    QListView::resizeEvent(event);
    Q_EMIT resized();
}

} // namespace glint
