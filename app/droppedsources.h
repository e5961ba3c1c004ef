#pragma once
// What a drop or a paste brings, as things Glint can open: addresses and local paths, the images of a
// dragged piece of web page, and raw image data.
//
// A browser that drags an image out of a page offers several forms at once: text/uri-list (the
// image's address — or the link's, when the image is inside a link), text/html (an <img> element)
// and often the image's bytes (image/png…). The <img> addresses come first, because the uri-list of
// a linked image names the page it links to; raw bytes are used only when no address came with them
// (an image copied from an editor, a screenshot tool).
//
// Threads: GUI thread, and cheap: the MIME data is only read, never decoded (image bytes are kept as
// they are and saved by saveImages() on a worker). Ownership: a value.
#include <QByteArray>
#include <QFuture>
#include <QList>
#include <QStringList>

class QMimeData;

class QThreadPool;

namespace glint {

struct DroppedSources {
    QStringList sources;       // addresses and local paths, in the order offered, without repeats
    QList<QByteArray> images;  // raw image files (only when `sources` is empty)

    bool isEmpty() const { return sources.isEmpty() && images.isEmpty(); }
    static bool offers(const QMimeData *mime);
    static DroppedSources from(const QMimeData *mime);
    // The absolute http(s) addresses of the <img> elements of an HTML fragment.
    static QStringList imagesOfHtml(const QString &html);

    // Saves each image as a new file in `dir` ("Pasted image.png", never over anything: FileSink),
    // on `pool` (at nice 10: the decode pool, never Qt's global pool, whose threads the raster engine
    // waits on while painting); resolves with the paths saved (failures are left out).
    static QFuture<QStringList> saveImages(const QList<QByteArray> &images, const QString &dir, QThreadPool *pool);
};

} // namespace glint
