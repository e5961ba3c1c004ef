#include "app/galleryview.h"

#include "app/openwith.h"

#include "app/droppedsources.h"
#include "app/gallerymodel.h"

#include <QAccessible>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QDesktopServices>
#include <QDrag>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QMenu>
#include <QMimeData>
#include <QPainter>
#include <QThreadPool>
#include <QWheelEvent>

namespace glint {

GalleryView::GalleryView(QWidget *parent) : QListView(parent)
{
    // A wrapping list rather than IconMode: IconMode keeps a position per item and lays all of them
    // out again on each batch of new rows (30 ms per 500 rows at 100,000 items, measured), while a
    // wrapping list of uniform items computes a row from its index (8 ms per batch at 100,000).
    setViewMode(QListView::ListMode);
    setFlow(QListView::LeftToRight);
    setWrapping(true);
    setResizeMode(QListView::Adjust);
    setUniformItemSizes(true);
    setSpacing(6);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setMouseTracking(true);
    setAcceptDrops(true);
    setDragEnabled(true);   // tiles drag out as their saved originals (startDrag)
    setDragDropMode(QAbstractItemView::DragDrop);
    setDefaultDropAction(Qt::CopyAction);
    setDropIndicatorShown(false);
    setFrameShape(QFrame::NoFrame);
    viewport()->setAttribute(Qt::WA_Hover);
}

void GalleryView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (!topLeft.isValid() || !bottomRight.isValid() || bottomRight.row() - topLeft.row() < kWideChangeRows) {
        QAbstractItemView::dataChanged(topLeft, bottomRight, roles);
        return;
    }
    // O(1) instead of O(rows): the paint that follows draws only the visible tiles either way.
    viewport()->update();
#if QT_CONFIG(accessibility)
    if (QAccessible::isActive()) {
        QAccessibleTableModelChangeEvent event(this, QAccessibleTableModelChangeEvent::DataChanged);
        event.setFirstRow(topLeft.row());
        event.setFirstColumn(topLeft.column());
        event.setLastRow(bottomRight.row());
        event.setLastColumn(bottomRight.column());
        QAccessible::updateAccessibility(&event);
    }
#endif
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
    // Tiles dragged within Glint are not new sources.
    if (event->source() != this && DroppedSources::offers(event->mimeData()))
        event->acceptProposedAction();
    else
        event->ignore();
}

void GalleryView::dragMoveEvent(QDragMoveEvent *event)
{
    if (event->source() != this)
        event->acceptProposedAction();
    else
        event->ignore();
}

void GalleryView::dropEvent(QDropEvent *event)
{
    if (event->source() == this) {
        event->ignore();
        return;
    }
    const DroppedSources dropped = DroppedSources::from(event->mimeData());
    event->acceptProposedAction();
    if (!dropped.sources.isEmpty())
        Q_EMIT sourcesDropped(dropped.sources);
    if (!dropped.images.isEmpty())
        Q_EMIT imagesDropped(dropped.images);
}

QMimeData *GalleryView::originalsOf(const QModelIndexList &indexes)
{
    QList<QUrl> files;
    QStringList addresses;
    for (const QModelIndex &index : indexes) {
        const QString file = index.data(GalleryModel::FileRole).toString();
        if (!file.isEmpty())
            files << QUrl::fromLocalFile(file);
        const QUrl url = index.data(GalleryModel::UrlRole).toUrl();
        if (url.isValid())
            addresses << (url.isLocalFile() ? url.toLocalFile() : url.toString());
    }
    if (files.isEmpty())
        return nullptr;
    auto *mime = new QMimeData;
    mime->setUrls(files);   // a file manager copies them, another program opens them
    mime->setText(addresses.join(QLatin1Char('\n')));
    return mime;
}

void GalleryView::startDrag(Qt::DropActions)
{
    QMimeData *mime = originalsOf(selectedIndexes());
    if (!mime)
        return;
    auto *drag = new QDrag(this);
    drag->setMimeData(mime);
    const QPixmap tile = currentIndex().data(Qt::DecorationRole).value<QPixmap>();
    if (!tile.isNull())
        drag->setPixmap(tile.scaled(96, 96, Qt::KeepAspectRatio, Qt::SmoothTransformation));
    drag->exec(Qt::CopyAction, Qt::CopyAction);
}

void GalleryView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers().testFlag(Qt::ControlModifier)) {
        const int steps = event->angleDelta().y() / 120;
        if (steps != 0)
            Q_EMIT zoomRequested(steps);
        event->accept();
        return;
    }
    QListView::wheelEvent(event);
}

// popup(), not exec(): no nested event loop while the menu is open.
void GalleryView::contextMenuEvent(QContextMenuEvent *event)
{
    const QModelIndex index = indexAt(event->pos());
    if (!index.isValid())
        return;
    if (!selectionModel()->isSelected(index))
        setCurrentIndex(index);
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    const QString file = index.data(GalleryModel::FileRole).toString();
    const QUrl url = index.data(GalleryModel::UrlRole).toUrl();
    if (!file.isEmpty()) {
        menu->addAction(tr("Open with the System's Viewer"), this,
                        [file] { QDesktopServices::openUrl(QUrl::fromLocalFile(file)); });
        // The list is read from the desktop's files on a worker; the submenu fills when it comes.
        OpenWith::addMenu(menu, file, QThreadPool::globalInstance());
        menu->addAction(tr("Open Containing Folder"), this,
                        [file] { QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(file).absolutePath())); });
        menu->addAction(tr("Copy File"), this, [this] {
            if (QMimeData *mime = originalsOf(selectedIndexes()))
                QApplication::clipboard()->setMimeData(mime);
        });
    }
    if (url.isValid() && !url.isLocalFile())
        menu->addAction(tr("Copy Address"), this, [url] { QApplication::clipboard()->setText(url.toString()); });
    Q_EMIT tileMenuRequested(menu, index);
    if (menu->isEmpty()) {
        delete menu;
        return;
    }
    menu->popup(event->globalPos());
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
