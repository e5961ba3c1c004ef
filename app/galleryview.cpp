#include "app/galleryview.h"

#include "app/openwith.h"

#include "app/droppedsources.h"
#include "app/galleryaccessible.h"
#include "app/gallerymodel.h"

#include <QAccessible>
#include <QApplication>
#include <QClipboard>
#include <QContextMenuEvent>
#include <QCursor>
#include <QDesktopServices>
#include <QDrag>
#include <QDragEnterEvent>
#include <QFileInfo>
#include <QMenu>
#include <QMimeData>
#include <QPainter>
#include <QRubberBand>
#include <QScrollBar>
#include <QStyleOptionRubberBand>
#include <QThreadPool>
#include <QWheelEvent>

namespace glint {

GalleryView::GalleryView(QWidget *parent) : QAbstractItemView(parent)
{
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);   // the columns always fit the width
    setMouseTracking(true);
    setAcceptDrops(true);
    setDragEnabled(true);   // tiles drag out as their saved originals (startDrag)
    setDragDropMode(QAbstractItemView::DragDrop);
    setDefaultDropAction(Qt::CopyAction);
    setDropIndicatorShown(false);
    setFrameShape(QFrame::NoFrame);
    viewport()->setAttribute(Qt::WA_Hover);
    m_bandScroll.setInterval(16);
    connect(&m_bandScroll, &QTimer::timeout, this, &GalleryView::scrollWhileBanding);
#if QT_CONFIG(accessibility)
    static const bool described = [] {
        QAccessible::installFactory(&GalleryAccessible::create);
        return true;
    }();
    Q_UNUSED(described);
#endif
}

// Items made for assistive technology name rows; when rows move they are made again. Nothing to
// do (and nothing is made) while no assistive technology listens.
void GalleryView::forgetAccessibleItems()
{
#if QT_CONFIG(accessibility)
    if (QAccessible::isActive()) {
        if (auto *described = dynamic_cast<GalleryAccessible *>(QAccessible::queryAccessibleInterface(this)))
            described->forgetItems();
    }
#endif
}

int GalleryView::rowCount() const
{
    return model() ? model()->rowCount(rootIndex()) : 0;
}

qint64 GalleryView::selectedCount() const
{
    qint64 count = 0;
    if (selectionModel()) {
        for (const QItemSelectionRange &range : selectionModel()->selection())
            count += range.height();   // one column: a range's rows are its tiles
    }
    return count;
}

bool GalleryView::updateGrid()
{
    QSize card;
    if (QAbstractItemDelegate *delegate = itemDelegate()) {
        card = delegate->sizeHint(QStyleOptionViewItem(), QModelIndex());   // Glint's delegates: one size
        if (card.isEmpty() && rowCount() > 0)
            card = delegate->sizeHint(QStyleOptionViewItem(), model()->index(0, 0, rootIndex()));
    }
    const TileGrid grid(card, viewport()->width() - 2, kMinGap);
    if (grid == m_grid)
        return false;
    m_grid = grid;
    return true;
}

QRect GalleryView::mirrored(QRect rect) const
{
    if (isRightToLeft())
        rect.moveLeft(viewport()->width() - rect.left() - rect.width());
    return rect;
}

// Content and viewport differ by the scroll offset in y, and by a mirror in x for right-to-left
// layouts (a mirror is its own inverse).
QRect GalleryView::toViewport(const QRect &content) const
{
    return mirrored(content).translated(0, -verticalOffset());
}

QRect GalleryView::toContent(const QRect &onScreen) const
{
    return mirrored(onScreen.normalized()).translated(0, verticalOffset());
}

QPoint GalleryView::toContent(QPoint onScreen) const
{
    const int x = isRightToLeft() ? viewport()->width() - 1 - onScreen.x() : onScreen.x();
    return {x, onScreen.y() + verticalOffset()};
}

QRect GalleryView::tileRect(int row) const
{
    return toViewport(m_grid.cardRect(row));
}

int GalleryView::verticalOffset() const
{
    return verticalScrollBar()->value();
}

Span GalleryView::visibleRows() const
{
    const int rows = rowCount();
    const int top = verticalOffset();
    return m_grid.rowsOf(m_grid.linesIn(top, top + viewport()->height() - 1, rows), rows);
}

QRect GalleryView::visualRect(const QModelIndex &index) const
{
    if (!index.isValid() || index.column() != 0 || index.parent() != rootIndex())
        return {};
    return tileRect(index.row());
}

QModelIndex GalleryView::indexAt(const QPoint &point) const
{
    const int row = m_grid.rowAt(toContent(point), rowCount());
    return row < 0 ? QModelIndex() : model()->index(row, 0, rootIndex());
}

void GalleryView::scrollTo(const QModelIndex &index, ScrollHint hint)
{
    if (!index.isValid() || m_grid.isNull())
        return;
    const int top = m_grid.lineTop(m_grid.lineOf(index.row()));
    const int line = m_grid.cell().height();
    const int height = viewport()->height();
    int value = verticalOffset();
    switch (hint) {
    case EnsureVisible:
        if (top < value)
            value = top;
        else if (top + line > value + height)
            value = top + line - height;
        break;
    case PositionAtTop:
        value = top;
        break;
    case PositionAtBottom:
        value = top + line - height;
        break;
    case PositionAtCenter:
        value = top - (height - line) / 2;
        break;
    }
    verticalScrollBar()->setValue(value);
}

QModelIndex GalleryView::moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers)
{
    const int rows = rowCount();
    if (rows == 0 || m_grid.isNull())
        return {};
    const QModelIndex current = currentIndex();
    if (!current.isValid())   // the first key: End goes to the end, any other to the first tile
        return model()->index(cursorAction == MoveEnd ? rows - 1 : 0, 0, rootIndex());
    const int columns = m_grid.columns();
    const int page = qMax(1, viewport()->height() / m_grid.cell().height()) * columns;
    const int lastLine = m_grid.lineOf(rows - 1);
    int row = current.row();
    switch (cursorAction) {
    case MoveLeft:
        row += isRightToLeft() ? 1 : -1;
        break;
    case MoveRight:
        row += isRightToLeft() ? -1 : 1;
        break;
    case MovePrevious:
        --row;
        break;
    case MoveNext:
        ++row;
        break;
    case MoveUp:
        if (row >= columns)
            row -= columns;
        break;
    case MoveDown:   // to the last tile when the line below is shorter
        if (m_grid.lineOf(row) < lastLine)
            row = qMin(row + columns, rows - 1);
        break;
    case MovePageUp:
        row = row - page >= 0 ? row - page : row % columns;
        break;
    case MovePageDown:
        row = row + page < rows ? row + page : qMax(row, qMin(rows - 1, lastLine * columns + row % columns));
        break;
    case MoveHome:
        row = 0;
        break;
    case MoveEnd:
        row = rows - 1;
        break;
    }
    return model()->index(qBound(0, row, rows - 1), 0, rootIndex());
}

QItemSelection GalleryView::selectionIn(const QRect &rect) const
{
    QItemSelection selection;
    const int rows = rowCount();
    const Span lines = m_grid.cardLinesIn(rect, rows);
    const Span columns = m_grid.cardColumnsIn(rect);
    if (lines.isEmpty() || columns.isEmpty())
        return selection;
    const auto select = [&](int first, int last) {
        if (first <= last)
            selection.append(QItemSelectionRange(model()->index(first, 0, rootIndex()), model()->index(last, 0, rootIndex())));
    };
    if (columns.size() == m_grid.columns()) {   // whole lines: one run of rows
        const Span run = m_grid.rowsOf(lines, rows);
        select(run.first, run.last);
        return selection;
    }
    for (int line = lines.first; line <= lines.last; ++line) {
        const int start = line * m_grid.columns();
        select(start + columns.first, qMin(rows - 1, start + columns.last));
    }
    return selection;
}

void GalleryView::setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command)
{
    if (!selectionModel() || m_grid.isNull())
        return;
    if (m_banding || state() == DragSelectingState || (rect.width() == 1 && rect.height() == 1)) {
        // What the rectangle covers on screen: a click, or a band.
        selectionModel()->select(selectionIn(toContent(rect)), command);
        return;
    }
    const int rows = rowCount();
    if (rows == 0)
        return;
    // Shift with a click or an arrow: every row from the anchor's to the new one's, in order,
    // as a list would (the two corners need not be on a card).
    const auto rowOfCell = [&](QPoint point) {
        const QPoint p = toContent(point);
        const int column = qBound(0, p.x() / m_grid.cell().width(), m_grid.columns() - 1);
        return qBound(0, qMax(0, p.y()) / m_grid.cell().height() * m_grid.columns() + column, rows - 1);
    };
    const int a = rowOfCell(rect.topLeft());
    const int b = rowOfCell(rect.bottomRight());
    QItemSelection selection;
    selection.append(QItemSelectionRange(model()->index(qMin(a, b), 0, rootIndex()), model()->index(qMax(a, b), 0, rootIndex())));
    selectionModel()->select(selection, command);
}

QRegion GalleryView::visualRegionForSelection(const QItemSelection &selection) const
{
    QRegion region;
    const Span visible = visibleRows();
    for (const QItemSelectionRange &range : selection) {
        if (range.parent() != rootIndex())
            continue;
        for (int row = qMax(range.top(), visible.first), last = qMin(range.bottom(), visible.last); row <= last; ++row)
            region += tileRect(row);
    }
    return region;
}

void GalleryView::updateGeometries()
{
    const int height = viewport()->height();
    QScrollBar *bar = verticalScrollBar();
    bar->setPageStep(height);
    bar->setSingleStep(qMax(1, m_grid.cell().height() / 4));   // a wheel notch (3 steps): ¾ of a tile
    bar->setRange(0, qMax(0, m_grid.height(rowCount()) - height));
    horizontalScrollBar()->setRange(0, 0);
    QAbstractItemView::updateGeometries();
}

template <typename LayOut>
bool GalleryView::relayout(LayOut layOut)
{
    const int anchor = verticalOffset() > 0 ? visibleRows().first : -1;
    const bool changed = updateGrid();
    layOut();   // the scroll range for the new grid, before the anchor is scrolled to
    if (changed && anchor > 0)
        verticalScrollBar()->setValue(m_grid.lineTop(m_grid.lineOf(anchor)));
    return changed;
}

void GalleryView::doItemsLayout()
{
    forgetAccessibleItems();   // after a re-sort or a reset
    relayout([this] { QAbstractItemView::doItemsLayout(); });   // updateGeometries() and a repaint
}

void GalleryView::keyboardSearch(const QString &search)
{
    if (!search.isEmpty())
        Q_EMIT textTyped(search);
}

void GalleryView::reset()
{
    QAbstractItemView::reset();
    forgetAccessibleItems();
    m_hover = QPersistentModelIndex();
    updateGeometries();   // a reset lays nothing out by itself
    viewport()->update();
}

void GalleryView::resizeEvent(QResizeEvent *event)
{
    // Spread the columns over the whole width: as many cards as fit, each cell sharing the rest.
    // Cards keep their size; only the gaps grow. The first tile on screen stays on screen.
    if (relayout([this, event] { QAbstractItemView::resizeEvent(event); }))   // updateGeometries()
        viewport()->update();
    Q_EMIT resized();
}

void GalleryView::rowsInserted(const QModelIndex &parent, int start, int end)
{
    QAbstractItemView::rowsInserted(parent, start, end);
    if (parent != rootIndex())
        return;
    forgetAccessibleItems();
    if (m_grid.isNull())
        updateGrid();   // the first rows, for a delegate that sizes tiles by their data
    updateGeometries();
    const Span visible = visibleRows();
    if (!visible.isEmpty() && start <= visible.last)
        viewport()->update();   // tiles on screen moved, or new ones appeared
}

void GalleryView::rowsAboutToBeRemoved(const QModelIndex &parent, int start, int end)
{
    QAbstractItemView::rowsAboutToBeRemoved(parent, start, end);
    if (parent != rootIndex())
        return;
    forgetAccessibleItems();
    scheduleDelayedItemsLayout();   // the rows are still there now; once, whatever the number of removals
}

void GalleryView::dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (!topLeft.isValid() || !bottomRight.isValid() || topLeft == bottomRight) {
        QAbstractItemView::dataChanged(topLeft, bottomRight, roles);
        return;
    }
    // O(rows on screen) instead of O(rows changed): Cancel all changes 100,000 rows at once.
    const Span visible = visibleRows();
    const int first = qMax(topLeft.row(), visible.first);
    const int last = qMin(bottomRight.row(), visible.last);
    if (first <= last) {
        const QRect top = tileRect(first);
        const QRect bottom = tileRect(last);
        viewport()->update(m_grid.lineOf(first) == m_grid.lineOf(last)
                               ? top.united(bottom)
                               : QRect(0, top.top(), viewport()->width(), bottom.bottom() - top.top() + 1));
    }
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

void GalleryView::currentChanged(const QModelIndex &current, const QModelIndex &previous)
{
    QAbstractItemView::currentChanged(current, previous);
#if QT_CONFIG(accessibility)
    if (QAccessible::isActive() && current.isValid() && hasFocus()) {
        QAccessibleEvent event(this, QAccessible::Focus);
        event.setChild(current.row());   // GalleryAccessible's items are rows
        QAccessible::updateAccessibility(&event);
    }
#endif
}

void GalleryView::paintEvent(QPaintEvent *event)
{
    QPainter painter(viewport());
    const QRect area = event->rect();
    const int rows = rowCount();
    const int offset = verticalOffset();
    // Only the lines the paint needs: the same few dozen tiles at 100 rows or 100,000.
    const Span paint = m_grid.rowsOf(m_grid.linesIn(area.top() + offset, area.bottom() + offset, rows), rows);
    if (!paint.isEmpty()) {
        QStyleOptionViewItem option;
        initViewItemOption(&option);
        const QStyle::State plain = option.state;
        const QModelIndex current = currentIndex();
        const bool focus = (hasFocus() || viewport()->hasFocus()) && current.isValid();
        QItemSelectionModel *selection = selectionModel();
        for (int row = paint.first; row <= paint.last; ++row) {
            option.rect = tileRect(row);
            if (!option.rect.intersects(area))
                continue;
            const QModelIndex index = model()->index(row, 0, rootIndex());
            option.state = plain;
            if (selection && selection->isSelected(index))
                option.state |= QStyle::State_Selected;
            if (!(model()->flags(index) & Qt::ItemIsEnabled))
                option.state &= ~QStyle::State_Enabled;
            option.palette.setCurrentColorGroup(option.state & QStyle::State_Enabled ? QPalette::Normal : QPalette::Disabled);
            if (focus && index == current)
                option.state |= QStyle::State_HasFocus;
            if (index == m_hover)
                option.state |= QStyle::State_MouseOver;
            itemDelegateForIndex(index)->paint(&painter, option, index);
        }
    }
    if (m_banding && !m_bandRect.isEmpty()) {
        QStyleOptionRubberBand band;
        band.initFrom(this);
        band.shape = QRubberBand::Rectangle;
        band.opaque = false;
        band.rect = toViewport(m_bandRect).intersected(viewport()->rect().adjusted(-8, -8, 8, 8));
        painter.save();
        style()->drawControl(QStyle::CE_RubberBand, &band, &painter);
        painter.restore();
    }
    if (rows == 0) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        QFont font = this->font();
        font.setPointSizeF(font.pointSizeF() * 1.3);
        painter.setFont(font);
        painter.drawText(viewport()->rect(), Qt::AlignCenter,
                         m_emptyText ? m_emptyText()
                                     : tr("Paste the address of an image or a web page above,\nor drop files and folders here."));
    }
    Q_EMIT painted();
}

void GalleryView::setHover(const QModelIndex &index)
{
    if (index == m_hover)
        return;
    if (m_hover.isValid())
        viewport()->update(visualRect(m_hover));
    m_hover = index;
    if (index.isValid())
        viewport()->update(visualRect(index));
}

// Scrolled under a still mouse, the tile under it changes without a hover event.
void GalleryView::scrollContentsBy(int dx, int dy)
{
    QAbstractItemView::scrollContentsBy(dx, dy);
    if (m_hover.isValid() || viewport()->underMouse())
        setHover(viewport()->underMouse() ? indexAt(viewport()->mapFromGlobal(QCursor::pos())) : QModelIndex());
}

bool GalleryView::viewportEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::HoverEnter:
    case QEvent::HoverMove:
        setHover(indexAt(static_cast<QHoverEvent *>(event)->position().toPoint()));
        break;
    case QEvent::HoverLeave:
    case QEvent::Leave:
        setHover({});
        break;
    default:
        break;
    }
    return QAbstractItemView::viewportEvent(event);
}

// A press on no tile starts a rubber band: the tiles it covers are selected as it grows, added
// to the selection with Ctrl or Shift. QAbstractItemView selects only from a press on a tile.
void GalleryView::mousePressEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (event->button() != Qt::LeftButton || indexAt(pos).isValid() || !selectionModel()
        || selectionMode() != QAbstractItemView::ExtendedSelection) {
        QAbstractItemView::mousePressEvent(event);
        return;
    }
    m_banding = true;
    m_bandOrigin = toContent(pos);
    m_bandPos = pos;
    m_bandRect = QRect();
    const bool adding = event->modifiers() & (Qt::ControlModifier | Qt::ShiftModifier);
    m_bandBase = adding ? selectionModel()->selection() : QItemSelection();
    if (!adding)
        selectionModel()->clearSelection();
    event->accept();
}

void GalleryView::mouseMoveEvent(QMouseEvent *event)
{
    if (!m_banding) {
        QAbstractItemView::mouseMoveEvent(event);
        return;
    }
    m_bandPos = event->position().toPoint();
    updateRubberBand(m_bandPos);
    const bool outside = m_bandPos.y() < 0 || m_bandPos.y() >= viewport()->height();
    if (outside && !m_bandScroll.isActive())
        m_bandScroll.start();
    else if (!outside)
        m_bandScroll.stop();
    event->accept();
}

void GalleryView::mouseReleaseEvent(QMouseEvent *event)
{
    if (!m_banding) {
        QAbstractItemView::mouseReleaseEvent(event);
        return;
    }
    m_banding = false;
    m_bandScroll.stop();
    viewport()->update(toViewport(m_bandRect).adjusted(-2, -2, 2, 2));
    m_bandRect = QRect();
    m_bandBase = QItemSelection();
    event->accept();
}

void GalleryView::updateRubberBand(QPoint viewportPos)
{
    const QRect band = QRect(m_bandOrigin, toContent(viewportPos)).normalized();
    const QRect old = m_bandRect;
    m_bandRect = band;
    QItemSelection selection = m_bandBase;
    selection.merge(selectionIn(band), QItemSelectionModel::Select);
    selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
    viewport()->update(toViewport(old.united(band)).adjusted(-2, -2, 2, 2));
}

// While the mouse is above or below the view with a band, the view scrolls (faster the farther
// the mouse is) and the band follows.
void GalleryView::scrollWhileBanding()
{
    const int height = viewport()->height();
    const int beyond = m_bandPos.y() < 0 ? m_bandPos.y() : m_bandPos.y() >= height ? m_bandPos.y() - height + 1 : 0;
    if (!m_banding || beyond == 0) {
        m_bandScroll.stop();
        return;
    }
    const int step = qBound(4, qAbs(beyond) / 2, 96);
    verticalScrollBar()->setValue(verticalOffset() + (beyond < 0 ? -step : step));
    updateRubberBand(m_bandPos);
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
    if (selectedCount() > kMostCarried)
        return;   // see kMostCarried; the tile menu says why
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
    QAbstractItemView::wheelEvent(event);
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
        // What Enter and a double click do, first and in bold, as a file manager shows its default.
        QAction *view = menu->addAction(tr("View"), this, [this, tile = QPersistentModelIndex(index)] {
            if (tile.isValid())
                Q_EMIT activated(tile);
        });
        view->setShortcut(QKeySequence(Qt::Key_Enter));   // shown, as a reminder; Enter is the view's own key
        menu->setDefaultAction(view);
        menu->addAction(tr("Open with the System's Viewer"), this,
                        [file] { QDesktopServices::openUrl(QUrl::fromLocalFile(file)); });
        // The list is read from the desktop's files on a worker; the submenu fills when it comes.
        OpenWith::addMenu(menu, file, QThreadPool::globalInstance());
        menu->addAction(tr("Open Containing Folder"), this,
                        [file] { QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(file).absolutePath())); });
        QAction *copy = menu->addAction(tr("Copy File"), this, [this] {
            if (QMimeData *mime = originalsOf(selectedIndexes()))
                QApplication::clipboard()->setMimeData(mime);
        });
        if (selectedCount() > kMostCarried) {   // O(ranges); see kMostCarried
            copy->setText(tr("Copy Files (Select %L1 or Fewer)").arg(kMostCarried));
            copy->setEnabled(false);
        }
    }
    if (url.isValid() && !url.isLocalFile())
        menu->addAction(tr("Copy Address"), this, [url] { QApplication::clipboard()->setText(url.toString()); });
    // Where it was found: back to the page for its context, its neighbours, its author.
    const QUrl page = index.data(GalleryModel::PageRole).toUrl();
    if (page.isValid() && !page.isLocalFile()) {
        menu->addAction(tr("Open Page in Browser"), this, [page] { QDesktopServices::openUrl(page); });
        menu->addAction(tr("Copy Page Address"), this, [page] { QApplication::clipboard()->setText(page.toString()); });
    }
    Q_EMIT tileMenuRequested(menu, index);
    if (menu->isEmpty()) {
        delete menu;
        return;
    }
    menu->popup(event->globalPos());
}

} // namespace glint
