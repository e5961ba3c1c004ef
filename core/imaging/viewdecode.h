#pragma once
// Decodes one image for the viewer: at the size the window needs (device pixels), or at full
// resolution when the user zooms past that. The caller's thread does the work (a decode-pool thread);
// a call on the GUI thread is counted in GuiThreadWork, as every decode is.
//
// JPEG decodes at a reduced DCT scale through QImageReader::setScaledSize, so a 24 MP photo shown on a
// 1280×800 window costs a 1/4 or 1/8 decode, not a full one. The box is given as displayed (after EXIF
// orientation) and turned into the stored orientation before setScaledSize, which applies before the
// transform. Every decode reserves its memory from the shared DecodeBudget first and fails with a
// sentence (Failure::Kind::OverBudget) when it alone would be too big. SVG is rendered to fill the box
// (upscaled too: it is drawn, not decoded), and that rendered size is its fullSize.
//
// Threads: any (pool threads in practice). Cancel: `cancelled` is read before the header, before the
// pixels and by every read of the file while the decoder pulls it in (a few KB at a time), so a
// cancelled decode ends at its next read with Failure::Kind::Cancelled.
#include "core/util/failure.h"

#include <QByteArray>
#include <QImage>
#include <QRect>
#include <QSize>
#include <QString>
#include <atomic>

namespace glint {

struct ViewImage {
    QImage image;        // RGB32 or ARGB32_Premultiplied: becomes a QPixmap without a conversion
    QSize fullSize;      // of the original as displayed (after orientation)
    QByteArray format;
    bool full = false;   // decoded at full resolution
    bool animated = false;   // more than one frame (GIF, WebP): FrameReader plays it
    QRect region;            // decodeRegionNow: the part of the image decoded, in full-size coordinates
    Failure failure;

    bool ok() const { return failure.isNone(); }
};

class ViewDecode final {
public:
    // `box`: the device-pixel area to fit (aspect kept, never upscaled); an empty box: full resolution.
    static ViewImage decodeNow(const QString &path, QSize box, const std::atomic<bool> *cancelled = nullptr);
    // Only `region` (full-size coordinates, as displayed) at `size` device pixels: what a zoomed-in
    // window shows of a very large image, without decoding or holding the rest (QImageReader's clip
    // rectangle). An image turned by its EXIF orientation is decoded whole instead (region empty).
    static ViewImage decodeRegionNow(const QString &path, QRect region, QSize size, const std::atomic<bool> *cancelled = nullptr);
};

} // namespace glint
