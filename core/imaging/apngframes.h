#pragma once
// The frames of an animated PNG (APNG), composed as the specification says. Qt's PNG handler reads
// only the still "default image" of an APNG, and QMovie would decode on the GUI thread anyway; this
// splits the file into one small PNG per frame (the frame's IHDR, the shared palette and colour
// chunks, its fdAT data as IDAT), lets the PNG handler decode each, and draws it on the canvas with the
// frame's blend and dispose operations.
//
// Threads: one thread at a time, never the GUI thread (FrameReader calls it on the decode pool).
// Ownership: holds the file's bytes (an APNG is small next to its decoded frames) and one canvas.
// Hostile input: every length and offset is checked against the file and the canvas; a frame that
// does not fit fails the file with a sentence rather than drawing outside it.
#include <QByteArray>
#include <QImage>
#include <QList>
#include <QRect>
#include <QSize>
#include <QString>

class QIODevice;

namespace glint {

class ApngFrames final {
    Q_DISABLE_COPY_MOVE(ApngFrames)
public:
    static constexpr int kMaxFrames = 10000;

    // True when a PNG announces an animation (an acTL chunk before its image data). Reads chunk
    // headers only, seeking over their bodies: cheap on any file.
    static bool isAnimated(QIODevice &device);

    explicit ApngFrames(const QByteArray &file);

    bool isValid() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    QSize size() const { return m_canvasSize; }
    int frameCount() const { return int(m_frames.size()); }

    // The next composed frame (ARGB32_Premultiplied, the canvas size) and its delay; after the last
    // comes the first again. False with errorString() when a frame cannot be decoded.
    bool next(QImage *image, int *delayMs);

private:
    enum class Dispose { None, Background, Previous };
    enum class Blend { Source, Over };
    struct Frame {
        QRect rect;
        int delayMs = 0;
        Dispose dispose = Dispose::None;
        Blend blend = Blend::Source;
        QList<QByteArray> data;   // zlib stream pieces, as IDAT bodies
    };

    void parse(const QByteArray &file);
    QByteArray pngOf(const Frame &frame) const;
    bool fail(const QString &why);

    QByteArray m_ihdr;                 // the IHDR body (13 bytes)
    QList<QByteArray> m_sharedChunks;  // PLTE, tRNS, colour chunks: whole chunks, as in the file
    QList<Frame> m_frames;
    QSize m_canvasSize;
    QString m_error;

    QImage m_canvas;
    QImage m_saved;        // the region under a frame disposed to "previous"
    int m_next = 0;
};

} // namespace glint
