#pragma once
#include <QListView>

namespace glint {

// The gallery: a QListView in icon mode. It says when a paint has finished (for the input-latency
// probe) and shows a hint while it is empty; files and URLs dropped on it become sources. An
// activated tile opens the viewer (ViewerStack::attach).
class GalleryView final : public QListView {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GalleryView)
public:
    static constexpr int kMinGap = 4;   // on each side of a card
    explicit GalleryView(QWidget *parent = nullptr);

Q_SIGNALS:
    void painted();
    void sourcesDropped(const QStringList &sources);
    void resized();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
};

} // namespace glint
