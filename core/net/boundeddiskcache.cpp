#include "core/net/boundeddiskcache.h"

namespace glint {

QIODevice *BoundedDiskCache::prepare(const QNetworkCacheMetaData &metaData)
{
    for (const auto &[name, value] : metaData.rawHeaders()) {
        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            const qint64 length = value.toLongLong();
            return length > 0 && length <= kMaxCachedBytes ? QNetworkDiskCache::prepare(metaData) : nullptr;
        }
    }
    return nullptr;
}

} // namespace glint
