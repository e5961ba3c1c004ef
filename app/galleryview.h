#pragma once
#include "app/tilegrid.h"

#include <QAbstractItemView>
#include <QItemSelection>
#include <QPersistentModelIndex>
#include <QTimer>
#include <functional>

class QMenu;
class QMimeData;

namespace glint {

// The gallery: tiles of one size in a grid (TileGrid) that fills the width. It says when a paint
// has finished (for the input-latency probe) and shows a hint while it is empty; files, addresses,
// a web page's dragged images and image data dropped on it become sources (DroppedSources); tiles
// drag out as their saved originals; a tile's context menu opens, locates or copies its original;
// an activated tile opens the viewer (ViewerStack::attach).
//
// Its own view rather than a QListView: where a tile goes is arithmetic on its row, so new rows,
// removed rows, a resize or a zoom cost the same at 100 rows as at 100,000 (QListView lays every
// row out again after each batch of new rows), and a paint, a hit test or a rubber band touches
// only the rows on screen. Selection, keys, drags, editing and the delegate are QAbstractItemView's.
//
// Threads: GUI only. Ownership: the model, selection model and delegate as in any item view.
class GalleryView final : public QAbstractItemView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GalleryView)
public:
    static constexpr int kMinGap = 4;   // on each side of a card
    explicit GalleryView(QWidget *parent = nullptr);

    // The saved originals of `indexes` as files (text/uri-list) and their addresses (text), or null
    // when none has a file yet. The caller owns the result.
    static QMimeData *originalsOf(const QModelIndexList &indexes);

    int rowCount() const;   // the model's rows under the root (0 without a model)
    // How many tiles are selected: summed over the selection's ranges, so O(ranges), not O(tiles)
    // (select all over a million rows is one range).
    qint64 selectedCount() const;
    // The most tiles a copy or a drag carries as files. Each file is a row's data() on this thread,
    // and most of a big catalog selection has never been read: 705,000 held it for 415 ms.
    static constexpr qint64 kMostCarried = 10000;
    // The rows with a tile (even in part) on screen; empty when none. O(1).
    Span visibleRows() const;
    const TileGrid &grid() const { return m_grid; }
    // The sentence painted when there are no rows, asked at every such paint (a catalog search
    // says "searching" or "no match" from its model's state). Unset: how to add images.
    void setEmptyText(std::function<QString()> text) { m_emptyText = std::move(text); }

    QRect visualRect(const QModelIndex &index) const override;
    void scrollTo(const QModelIndex &index, ScrollHint hint = EnsureVisible) override;
    QModelIndex indexAt(const QPoint &point) const override;
    // A new size or number of columns: the grid is worked out again (O(1)), keeping the first tile
    // on screen in view. Item views call it (delayed) after a reset, a re-sort or a zoom.
    void doItemsLayout() override;
    void reset() override;
    // Letters typed into the gallery go to the window's filter or search field (textTyped). Qt's own
    // type-ahead asks every row's text in turn (QAbstractItemModel::match), an O(n) pass on the GUI
    // thread for each key: ~30 ms at 100,000 session rows, and every row of a million-image catalog
    // read to look at it.
    void keyboardSearch(const QString &search) override;

Q_SIGNALS:
    void painted();
    void sourcesDropped(const QStringList &sources);
    // Image bytes dropped without an address (an editor, a screenshot tool): to be saved as files.
    void imagesDropped(const QList<QByteArray> &images);
    // A tile's context menu, with the actions every gallery has, before it shows: add more to it.
    void tileMenuRequested(QMenu *menu, const QModelIndex &index);
    // Ctrl+wheel: larger (steps > 0) or smaller tiles.
    void zoomRequested(int steps);
    void resized();
    void textTyped(const QString &text);   // printable keys the view itself has no use for

protected:
    QModelIndex moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers modifiers) override;
    int horizontalOffset() const override { return 0; }
    int verticalOffset() const override;
    bool isIndexHidden(const QModelIndex &) const override { return false; }
    void setSelection(const QRect &rect, QItemSelectionModel::SelectionFlags command) override;
    QRegion visualRegionForSelection(const QItemSelection &selection) const override;
    void updateGeometries() override;

    // New or removed rows change only the scroll range, and repaint only if they are on screen or
    // above it: O(1) per batch.
    void rowsInserted(const QModelIndex &parent, int start, int end) override;
    void rowsAboutToBeRemoved(const QModelIndex &parent, int start, int end) override;
    // Repaints the changed tiles that are on screen, and nothing for the others: O(rows on screen).
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles = {}) override;

    // Tells assistive technology which tile has the keyboard (QAbstractItemView names no child).
    void currentChanged(const QModelIndex &current, const QModelIndex &previous) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void startDrag(Qt::DropActions supportedActions) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;

private:
    void forgetAccessibleItems();
    // The grid for the viewport's width and the delegate's tile size; true when it changed.
    bool updateGrid();
    // updateGrid() around `layOut` (the base class's update of the scroll range); when the grid
    // changed, the first tile that was on screen is put back at the top. True when it changed.
    template <typename LayOut>
    bool relayout(LayOut layOut);
    // Content coordinates (y = 0 at the first line, left to right) to the viewport's and back.
    QRect mirrored(QRect rect) const;   // x mirrored for right-to-left layouts
    QRect toViewport(const QRect &content) const;
    QRect toContent(const QRect &onScreen) const;
    QPoint toContent(QPoint onScreen) const;
    QRect tileRect(int row) const;   // a row's card, in viewport coordinates
    // The rows `rect` (content coordinates) meets with a card, as a selection.
    QItemSelection selectionIn(const QRect &rect) const;
    void setHover(const QModelIndex &index);
    void updateRubberBand(QPoint viewportPos);
    void scrollWhileBanding();

    TileGrid m_grid;
    std::function<QString()> m_emptyText;   // unset: the hint for adding images
    QPersistentModelIndex m_hover;
    // The rubber band, from a press on no tile: its corner where pressed (content coordinates), the
    // selection it adds to (with Ctrl or Shift) and where the mouse is now.
    bool m_banding = false;
    QPoint m_bandOrigin;
    QPoint m_bandPos;   // viewport coordinates
    QItemSelection m_bandBase;
    QRect m_bandRect;   // content coordinates, as last painted
    QTimer m_bandScroll;   // scrolls while the mouse is above or below the view during a band
};

} // namespace glint
