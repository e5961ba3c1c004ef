#pragma once
// The HTTP disk cache, kept to answers that are small and say how long they are: a 100 MB original
// would evict everything else, and an answer without a Content-Length would be buffered in memory
// until the size cap stopped it.
//
// Threads: used by the downloader's QNetworkAccessManager, on the network thread. One per process:
// Qt does not coordinate two caches over one folder.
#include <QNetworkDiskCache>

namespace glint {

class BoundedDiskCache final : public QNetworkDiskCache {
    Q_OBJECT
public:
    static constexpr qint64 kMaxCachedBytes = 16LL * 1024 * 1024;
    using QNetworkDiskCache::QNetworkDiskCache;
    QIODevice *prepare(const QNetworkCacheMetaData &metaData) override;
};

} // namespace glint
