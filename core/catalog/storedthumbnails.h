#pragma once
// Decodes the stored thumbnails (small JPEGs) of a page of catalog rows, on the reader thread that
// read them and on one helper thread at once: a first screen of 60 tiles is ~13 ms of decoding
// on one core of the 2-core machine, most of a search's time to its first screen.
//
// The two threads take rows from one shared counter, so neither waits for the other to start: if
// the helper is late (its pool busy), the reader decodes every row itself and the helper, when it
// runs, finds none left. The reader returns only once every row it handed out is decoded.
//
// Threads: decode() on a worker (a catalog reader); the helper runs on the pool the caller names,
// and only if one of its threads is free at once (QThreadPool::tryStart): a helper never waits in a
// queue. Never the global pool: Qt 6.4's raster engine splits the GUI thread's big gradient and
// scaled fills (the viewer's image, for one) across QThreadPool::globalInstance() and waits for
// them, so a busy global pool stalls painting. Lifetime: the state shared with the helper is
// reference-counted, so a helper that starts after decode() returned touches nothing of the
// caller's. Ownership: the images stay the caller's; the pool is not owned.
#include "core/catalog/catalogtypes.h"

#include <QList>
#include <functional>

class QThreadPool;

namespace glint {

class StoredThumbnails final {
public:
    // Sets each image's thumbnail from its thumbnailJpeg. Rows not decoded when `isStale` turns
    // true keep a null thumbnail (the caller drops the page anyway).
    // Without `helpers`, the caller's thread decodes every row.
    static void decode(QList<CatalogImage> &images, const std::function<bool()> &isStale = {},
                       QThreadPool *helpers = nullptr);
    // Fewer rows than this are decoded by the caller's thread alone: a hand-over costs more.
    static constexpr int kSharedFrom = 8;
};

} // namespace glint
