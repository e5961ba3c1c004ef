#pragma once
// The demo gallery's content: which image sits at each index, how it looks, and the index page.
// Everything here is a pure function of its arguments (deterministic: the same index always gives
// the same bytes), thread-safe, and meant to run on worker threads — never on the GUI thread, since
// rendering and encoding a 12 MP image takes a noticeable fraction of a second.
#include <QByteArray>
#include <QImage>
#include <QSize>
#include <QString>

namespace glint {

struct DemoImageSpec {
    int index = 0;
    QSize size;            // pixel size of the encoded image
    QByteArray format;     // "jpeg", "png" or "webp"
    QString fileName() const;   // e.g. "0042-1920x1080.jpg"
    QByteArray mimeType() const;
};

class DemoGallery final {
public:
    // The spec for image `index` (0-based). Sizes range from thumbnail-small (120×90) to 12 MP
    // (4000×3000); most are typical photo sizes; roughly 70 % JPEG, 20 % PNG, 10 % WebP.
    static DemoImageSpec spec(int index);
    // Draws the image: a gradient background, a few soft shapes and the index number printed large.
    static QImage render(const DemoImageSpec &spec);
    // render() encoded in spec.format. Empty when the encoder is missing (e.g. no WebP plugin).
    static QByteArray encode(const DemoImageSpec &spec);
    // The HTML index page listing `count` images as <img src="images/<fileName>">, titled "Glint demo".
    static QByteArray indexHtml(int count);
    // Resolves "images/<fileName>" back to its index; -1 when the name is not one of ours.
    static int indexForFileName(const QString &fileName);
};

} // namespace glint
