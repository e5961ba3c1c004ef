#include "app/viewer/vieweranimation.h"

#include "app/viewer/viewerloader.h"
#include "core/imaging/framereader.h"
#include "core/util/whenready.h"

#include <QPromise>
#include <QThreadPool>

namespace glint {

ViewerAnimation::ViewerAnimation(QThreadPool *pool, QObject *parent) : QObject(parent), m_pool(pool)
{
    m_due.setSingleShot(true);
    m_due.setTimerType(Qt::PreciseTimer);
    connect(&m_due, &QTimer::timeout, this, &ViewerAnimation::decodeNext);
}

ViewerAnimation::~ViewerAnimation() = default;

void ViewerAnimation::start(const QString &file, QSize box)
{
    stop();
    m_reader = std::make_shared<FrameReader>(file, box);
    m_framesShown = 0;
    decodeNext();
}

void ViewerAnimation::stop()
{
    ++m_generation;   // a frame in flight is dropped when it comes
    m_due.stop();
    m_reader.reset();
}

void ViewerAnimation::decodeNext()
{
    if (!m_reader || m_busy)
        return;
    m_busy = true;
    m_asked.start();
    auto promise = std::make_shared<QPromise<FrameReader::Frame>>();
    QFuture<FrameReader::Frame> future = promise->future();
    promise->start();
    m_pool->start([promise, reader = m_reader] {
        promise->addResult(reader->next());
        promise->finish();
    }, ViewerLoader::kPoolPriority);
    whenReady(future, this, [this, generation = m_generation](const QFuture<FrameReader::Frame> &done) {
        m_busy = false;
        if (generation != m_generation) {
            decodeNext();   // another image started meanwhile (or none: then this does nothing)
            return;
        }
        QFuture<FrameReader::Frame> finished = done;
        FrameReader::Frame decoded = !finished.isCanceled() && finished.resultCount() > 0 ? finished.takeResult() : FrameReader::Frame{};
        if (!decoded.ok() || decoded.image.isNull()) {
            stop();   // the still image stays on screen
            return;
        }
        ++m_framesShown;
        Q_EMIT frame(QPixmap::fromImage(std::move(decoded.image)));
        // Due when its delay is over, counted from when it was asked for: decoding ate into it.
        m_due.start(int(qMax<qint64>(0, decoded.delayMs - m_asked.elapsed())));
    });
}

} // namespace glint
