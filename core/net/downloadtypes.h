#pragma once
// The values that cross the download API: what to fetch, and what came of it. Plain data, copied
// freely between the network thread and its callers.
#include "core/util/failure.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>
#include <QUrl>

namespace glint {

struct DownloadRequest {
    QUrl url;
    QString saveDir;          // where an image is saved
    bool allowPage = false;   // an HTML answer is a page to parse, not an error

    explicit DownloadRequest(QUrl u = {}) : url(std::move(u)) {}
    DownloadRequest &saveTo(QString dir) { saveDir = std::move(dir); return *this; }
    DownloadRequest &acceptPage(bool on = true) { allowPage = on; return *this; }
};

struct DownloadResult {
    quint64 id = 0;
    QUrl url;                 // as requested
    QUrl finalUrl;            // after redirects: the base for a page's relative references
    Failure failure;          // Kind::None when it worked
    int httpStatus = 0;
    QByteArray contentType;
    QByteArray etag;          // validators, kept in the catalog with the source
    QByteArray lastModified;
    bool isPage = false;
    QByteArray pageData;      // the page's bytes when isPage
    QString file;             // the saved original (created by Glint: see FileSink)
    QByteArray format;        // detected from the bytes
    qint64 bytes = 0;
    QByteArray sha256;        // hex

    bool ok() const { return failure.isNone(); }
};

} // namespace glint

Q_DECLARE_METATYPE(glint::DownloadResult)
Q_DECLARE_METATYPE(glint::Failure)
