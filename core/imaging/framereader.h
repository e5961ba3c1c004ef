#pragma once
// The frames of an animated image (GIF, WebP, APNG), one at a time, for the viewer: QMovie would decode them
// on the GUI thread, this decodes each on the caller's thread (a decode-pool task) and says how long
// it stays on screen. It loops: after the last frame comes the first again.
//
// Threads: one thread at a time (the viewer never asks for a frame before the previous one came back);
// never the GUI thread — a call there is counted in GuiThreadWork like every decode. Ownership: shared
// by the viewer and the task decoding a frame (std::shared_ptr), so either may go first.
// Memory: every frame reserves its decode from the DecodeBudget, and fails with a sentence over it.
#include "core/util/failure.h"

#include <QImage>
#include <QSize>
#include <QString>
#include <memory>

class QImageReader;

namespace glint {
class ApngFrames;
}

namespace glint {

class FrameReader final {
    Q_DISABLE_COPY_MOVE(FrameReader)
public:
    static constexpr int kMinDelayMs = 20;       // as browsers: 0–10 ms means "as fast as allowed"
    static constexpr int kDefaultDelayMs = 100;

    struct Frame {
        QImage image;     // fits the box (never upscaled), RGB32 or ARGB32_Premultiplied
        int delayMs = kDefaultDelayMs;
        Failure failure;
        bool ok() const { return failure.isNone(); }
    };

    FrameReader(QString path, QSize box);
    ~FrameReader();

    Frame next();

private:
    Frame nextApng();
    Frame shown(QImage image, int delayMs) const;

    QString m_path;
    QSize m_box;
    std::unique_ptr<QImageReader> m_reader;
    std::unique_ptr<ApngFrames> m_apng;   // Qt's PNG handler sees only an APNG's still image
    bool m_opened = false;
    int m_read = 0;   // frames read since the reader was opened
};

} // namespace glint
