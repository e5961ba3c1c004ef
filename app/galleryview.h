#pragma once
#include <QListView>

class QMenu;
class QMimeData;

namespace glint {

// The gallery: a QListView in icon mode. It says when a paint has finished (for the input-latency
// probe) and shows a hint while it is empty; files, addresses, a web page's dragged images and image
// data dropped on it become sources (DroppedSources); tiles drag out as their saved originals; a
// tile's context menu opens, locates or copies its original; an activated tile opens the viewer
// (ViewerStack::attach).
class GalleryView final : public QListView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GalleryView)
public:
    static constexpr int kMinGap = 4;   // on each side of a card
    explicit GalleryView(QWidget *parent = nullptr);

    // The saved originals of `indexes` as files (text/uri-list) and their addresses (text), or null
    // when none has a file yet. The caller owns the result.
    static QMimeData *originalsOf(const QModelIndexList &indexes);

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

protected:
    // Tiles have one size (uniform items), so a change of their data never moves them: repaint the
    // tiles, without QListView's relayout of every row (Qt 6.4 lays all rows out again after each
    // dataChanged — with 5,000 items, 4,700 full layouts in one run: O(n²)). A change of more rows
    // than a screen holds (Cancel all, a retry of every failure) repaints the viewport: Qt would
    // measure the rect of every row in the range to find what to repaint (100,000 visualRect calls,
    // two thirds of Cancel all's time at 100,000 queued downloads).
    static constexpr int kWideChangeRows = 512;
    void dataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles = {}) override;
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void startDrag(Qt::DropActions supportedActions) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
};

} // namespace glint
