#pragma once
// The viewer: one image of a gallery at a time, over the gallery's own model (its order and filter),
// opened on a tile and closed back to it. The thumbnail the tile shows is painted at once, scaled up;
// the sharp image follows from a decode at the window's size (ViewerLoader); the full resolution only
// when zoomed past it. Neighbours are prefetched — two ahead in the direction of travel, one behind —
// into a small byte-bounded cache, so flipping at a steady pace is instant.
//
// Animated GIF and WebP play with their frames decoded on the pool (ViewerAnimation).
// Items still downloading show their progress and appear when ready; failed ones show their sentence
// and a Retry button (retryRequested). I toggles the information; the context menu has the actions.
//
// Threads: GUI thread. Ownership: owns its canvas, overlays, loader and cache; the model and the pool
// are not owned (the model is the gallery's, the pool Application's decode pool) and must outlive the
// page's use of them — close() or a new open() lets go of a model, and a model that is destroyed or
// reset while shown closes the viewer. Lifetime: decodes finishing after the page is gone are dropped.
#include "app/viewer/viewercache.h"

#include <QPersistentModelIndex>
#include <QPixmap>
#include <QPointer>
#include <QHash>
#include <QSet>
#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class QAbstractItemModel;
class QLabel;
class QMenu;
class QProgressBar;
class QPushButton;
class QThreadPool;

namespace glint {

class Failure;
class ImageCanvas;
class ViewerAnimation;
class ViewerLoader;

class ViewerPage final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ViewerPage)
public:
    static constexpr int kAhead = 2;    // prefetched in the direction of travel
    static constexpr int kBehind = 1;
    // Zoomed past the window, an image larger than this decoded whole is decoded a region at a time:
    // what is on screen and a quarter of it around, at the scale shown.
    static constexpr qint64 kRegionAboveBytes = 64LL * 1024 * 1024;   // 16 MP
    // Steps closer together than this are a held key: only the image on screen is decoded until the
    // steps pause, so that the one the last key leads to has the decode threads to itself.
    static constexpr int kHeldKeyMs = 75;   // a key held down repeats every 25–40 ms; a pace of 100 ms is not held

    explicit ViewerPage(QThreadPool *decodePool, QWidget *parent = nullptr);
    ~ViewerPage() override;

    void open(const QModelIndex &index);   // the model is index.model()
    void close();                          // closed(current) follows
    bool isOpen() const { return m_model != nullptr; }
    QModelIndex current() const { return m_current; }

    void step(int delta);                  // next (+1) / previous (-1), within the model's rows
    void goToRow(int row);

    ImageCanvas *canvas() const { return m_canvas; }
    ViewerLoader *loader() const { return m_loader; }
    ViewerAnimation *animation() const { return m_animation; }
    ViewerCache &cache() { return m_cache; }
    bool isInfoVisible() const;
    QString statusText() const;             // what the status overlay says (progress or error)
    // Where the viewer is, in words for the window's status bar: "cat-04.jpg — 5 of 41"; empty when
    // closed. captionChanged() follows every step and every change in the number of images.
    QString caption() const;
    // The keys a newcomer needs first, for the status bar beside the caption.
    static QString keyHint();
    bool isRetryVisible() const;
    // Delete (the key and the menu) only where the gallery can do it safely (ViewerStack::attach).
    void setDeleteEnabled(bool enabled) { m_deleteEnabled = enabled; }
    QString fullResolutionFailure() const { return m_fullFailure; }   // why zooming shows no more detail
    bool isSlideshowRunning() const { return m_slideshow.isActive(); }

Q_SIGNALS:
    void closed(const QModelIndex &current);
    void retryRequested(const QModelIndex &index);
    void deleteRequested(const QModelIndex &index);
    void fullScreenRequested(bool fullScreen);
    // After every paint: which row is on screen, and whether at the resolution the view needs.
    void framePainted(int row, bool sharp);
    void captionChanged(const QString &caption);

protected:
    bool event(QEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;

private:
    void buildActions();
    void setModel(QAbstractItemModel *model);
    void showCurrent();
    void requestDecodes();
    void onReady(const QString &key, const QPixmap &pixmap, QSize fullSize, const QByteArray &format, bool animated,
                 QRect region);
    void onFailed(const QString &key, const Failure &failure);
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void updateStatus();
    void updateInfo();
    void updateCaption();                   // captionChanged() when caption() says something new
    void layoutOverlays();
    void flash(const QString &message);
    bool isDone(const QModelIndex &index) const;
    QString fileOf(const QModelIndex &index) const;
    QString screenKey() const;
    QString fullKey() const;
    void startSlideshow(int seconds);
    void copyImage();
    void copyAddress();
    void openFolder();
    void openExternally();

    ImageCanvas *m_canvas;
    ViewerCache m_cache;
    ViewerLoader *m_loader;
    ViewerAnimation *m_animation;
    QSet<QString> m_animatedFiles;          // decoded and found to have several frames
    QHash<QString, QSize> m_decodedSizes;   // file → its full size as a decode found it (SVG: as rendered)
    QWidget *m_statusBox;
    QLabel *m_statusText;
    QProgressBar *m_progress;
    QPushButton *m_retry;
    QLabel *m_info;
    QLabel *m_flash;
    QTimer m_flashTimer;
    QTimer m_slideshow;
    QTimer m_prefetchAfterPause;
    QElapsedTimer m_sinceStep;
    QPointer<QAbstractItemModel> m_model;
    QList<QMetaObject::Connection> m_modelConnections;
    QPersistentModelIndex m_current;
    QString m_currentFile;
    int m_shownState = -1;
    int m_direction = 1;
    int m_wheelDelta = 0;
    QByteArray m_format;                    // from the decode, when the model does not say
    QString m_caption;                      // as last announced
    QString m_fullFailure;                  // why the full resolution is not shown, if it is not
    QString m_decodeFailure;                // why the image could not be decoded at all
    QString m_regionKey;                    // the region of the current image wanted last
    int m_slideshowSeconds = 3;
    bool m_deleteEnabled = false;
};

} // namespace glint
