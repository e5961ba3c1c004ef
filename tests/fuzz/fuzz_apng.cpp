// libFuzzer target for the animated-PNG splitter: random bytes as a file, parsed, then up to a loop
// and a half of frames composed. Besides crashes and sanitizer reports it checks what FrameReader relies
// on: a frame is the canvas's size, and a file that fails says why.
#include "core/imaging/apngframes.h"

#include "fuzzrequire.h"

#include <QBuffer>
#include <QImage>

#include <cstdint>

namespace {

void require(bool condition, const char *what)
{
    glint::fuzz::require(condition, "fuzz_apng", what);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace glint;
    QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::ReadOnly);
        ApngFrames::isAnimated(buffer);
        require(buffer.pos() == 0, "isAnimated leaves the device where it was");
    }
    ApngFrames apng(bytes);
    if (!apng.isValid()) {
        require(!apng.errorString().isEmpty(), "an invalid file says why");
        return 0;
    }
    // Big canvases are allowed (FrameReader reserves them from the decode budget) but slow to fuzz.
    if (qint64(apng.size().width()) * apng.size().height() > 1024 * 1024)
        return 0;
    const int frames = qMin(apng.frameCount() * 3 / 2 + 1, 64);
    for (int i = 0; i < frames; ++i) {
        QImage image;
        int delay = -1;
        if (!apng.next(&image, &delay)) {
            require(!apng.errorString().isEmpty(), "a frame that fails says why");
            break;
        }
        require(image.size() == apng.size(), "every frame is the canvas's size");
        require(delay >= 0, "a delay is never negative");
    }
    return 0;
}
