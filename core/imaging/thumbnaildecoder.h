#pragma once
// Turns an image file into a thumbnail, off the GUI thread.
//
// The decoder owns the decode pool (its own QThreadPool, so decoding never competes with Qt's global
// pool and can be sized apart); the executors run decode steps on it and callers come back to their
// thread with whenReady(). The static *Now() functions do the work in the calling thread; they count
// themselves in GuiThreadWork, so a call from the GUI thread is visible in the report.
//
// Hostile input: QImageReader's allocation limit bounds what a forged header can make us allocate,
// and every failure comes back as a readable error, never an exception or a crash.
#include "core/util/failure.h"

#include <QByteArray>
#include <QFuture>
#include <QImage>
#include <QSize>
#include <QString>
#include <QThreadPool>

#include <atomic>
#include <functional>

namespace glint {

struct DecodedImage {
    QImage thumbnail;     // fits the requested box, aspect kept, EXIF orientation applied
    QSize size;           // of the original as displayed (after orientation)
    QByteArray format;    // "jpeg", "png", "webp", … from the bytes
    Failure failure;      // Kind::None on success
    qint64 bytes = 0;     // file size (filled when hashing)
    QByteArray sha256;    // hex, when hashing was asked for

    bool ok() const { return failure.isNone(); }
};

class ThumbnailDecoder final {
    Q_DISABLE_COPY_MOVE(ThumbnailDecoder)
public:
    static constexpr QSize kThumbnailBox{240, 180};   // the gallery tile's image area: no scaling at paint time
    static constexpr int kAllocationLimitMb = 512;
    static constexpr qint64 kWholeReadBytes = 16 << 20;   // up to this, a file is read once and decoded from memory

    explicit ThumbnailDecoder(int threads = 0);   // 0: one per core
    ~ThumbnailDecoder();                          // drops queued work, waits for running decodes

    QThreadPool *pool() { return &m_pool; }
    int threadCount() const { return m_pool.maxThreadCount(); }

    // The fast path: QImageReader decodes straight to the thumbnail size (JPEG scales in the DCT).
    static DecodedImage decodeNow(const QString &path, QSize box = kThumbnailBox, bool hash = false);
    // What naive code does: decode the full image, then scale it. Used by --blocking.
    static DecodedImage decodeFullThenScaleNow(const QString &path, QSize box = kThumbnailBox, bool hash = false);
    static QSize fitted(QSize size, QSize box);
    // SHA-256 and size of the file into `out`; false with Kind::ChangedWhileRead when the file grew or
    // shrank while it was read (another program still writing it). `betweenChunks` runs after each
    // 1 MiB read: tests change the file there, deterministically.
    static bool hashNow(const QString &path, DecodedImage &out, const std::function<void()> &betweenChunks = {});
    // Images decoded by decodeNow/decodeFullThenScaleNow since the start, on any thread: what tests
    // count to prove a thumbnail came from somewhere else (FreedesktopThumbnails).
    static int decodeCount() { return s_decodes.load(); }

private:
    QThreadPool m_pool;
    static inline std::atomic<int> s_decodes{0};
};

} // namespace glint
