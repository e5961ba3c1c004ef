#pragma once
// Plays an animated GIF or WebP in the viewer with every frame decoded off the GUI thread (QMovie
// would decode on it): one FrameReader per image, one frame decoding at a time on the shared decode
// pool, the next one asked for when the current one is due, so a slow decode delays the animation
// instead of queueing frames.
//
// Threads: GUI thread; frames are decoded on the pool as QImage and become QPixmap here.
// Ownership: the pool is not owned (Application's) and outlives it; the reader is shared with the
// task decoding a frame. Lifetime: stop() or a new start() drops the frame in flight; a frame that
// comes back after the player is gone is dropped (whenReady).
#include <QElapsedTimer>
#include <QObject>
#include <QPixmap>
#include <QSize>
#include <QString>
#include <QTimer>
#include <memory>

class QThreadPool;

namespace glint {

class FrameReader;

class ViewerAnimation final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ViewerAnimation)
public:
    ViewerAnimation(QThreadPool *pool, QObject *parent = nullptr);
    ~ViewerAnimation() override;

    void start(const QString &file, QSize box);
    void stop();
    bool isPlaying() const { return m_reader != nullptr; }
    int framesShown() const { return m_framesShown; }

Q_SIGNALS:
    void frame(const QPixmap &pixmap);

private:
    void decodeNext();

    QThreadPool *m_pool;
    std::shared_ptr<FrameReader> m_reader;
    QTimer m_due;
    QElapsedTimer m_asked;
    quint64 m_generation = 0;
    bool m_busy = false;
    int m_framesShown = 0;
};

} // namespace glint
