#pragma once
// The values that cross the catalog's API. Plain data, copied freely between threads (every member
// is implicitly shared or trivially copyable), never tied to a connection.
#include <QByteArray>
#include <QDateTime>
#include <QImage>
#include <QSize>
#include <QSet>
#include <QString>
#include <QUrl>

namespace glint {

// What the pipeline hands over for each finished item, success or failure. Encoding the thumbnail
// is the producer's job and happens on a worker: the catalog stores these bytes as they are.
struct CatalogRecord {
    QUrl url;                  // the source URL as requested
    QUrl page;                 // the page it was found on; empty when it was a SOURCE itself
    bool ok = false;           // false: only the source (with its error) is recorded
    QString error;
    int httpStatus = 0;        // 0 when there was no HTTP exchange (local file, network error)
    QByteArray sha256;         // hex of the original's bytes; required when ok
    qint64 bytes = 0;
    QByteArray format;         // "jpeg", "png", …
    QSize size;
    QString file;              // absolute path of the saved original
    bool fileCreated = false;  // Glint created `file` itself (a download it saved); false for a user's
                               // file (opened, dropped, found in a folder), which Glint never deletes
    QByteArray thumbnailJpeg;  // already encoded small thumbnail (JPEG, or PNG when it has alpha)
    QByteArray etag;
    QByteArray lastModified;
    QDateTime fetchedAt;       // invalid: the time the record is committed
};

// One row of the gallery: an image (stored once per content) with its first source.
struct CatalogImage {
    qint64 id = 0;
    QByteArray sha256;
    qint64 bytes = 0;
    QByteArray format;
    QSize size;
    QString file;
    QByteArray thumbnailJpeg;  // as stored
    QImage thumbnail;          // thumbnailJpeg decoded on the reader thread (when the query asked)
    QDateTime addedAt;         // when the image was first fetched (UTC)
    QUrl url;                  // the first source it came from
    QString host;              // of that URL; empty for local files
    QUrl page;                 // the page of that source, if any
};

struct CatalogQuery {
    // Ties are broken by id so that paging with offset/limit never repeats or skips a row.
    enum class Sort { Newest, Oldest, Largest, Smallest, MostPixels, Host };

    QString text;              // substring of a source URL (so also its host), page URL or file name
    QByteArray format;         // exact, lower case ("jpeg"); empty: any
    int minWidth = 0;
    int minHeight = 0;
    qint64 minPixels = 0;      // width × height, e.g. 12'000'000 for "at least 12 MP"
    QDateTime from;            // added at or after (inclusive); invalid: open
    QDateTime to;              // added before (exclusive); invalid: open
    Sort sort = Sort::Newest;
    int offset = 0;
    int limit = 200;
    // offset counts from the last row: the page is read walking the order backwards (the indexes
    // walk both ways), so a page at the end of a million rows costs what one at the start does.
    // Its rows still come in the query's order.
    bool fromEnd = false;
    // The id of the row just before the page in the order it is read (just after it, for fromEnd),
    // when the caller knows it; 0 when not. While that row is in the catalog the page is read from
    // its sort key (a seek in the index) instead of stepping over `offset` rows, which is what a
    // block in the middle of a million rows cost; when it has gone, `offset` is used as before.
    qint64 after = 0;
    // With `after`: rows to step over past its key before the page starts (a block some way beyond
    // the last row whose id the caller knows). Used only while that row is in the catalog.
    int afterSkip = 0;
    bool decodeThumbnails = true;   // false: thumbnailJpeg only, thumbnail stays null
    // Images whose thumbnail the caller has already (the Catalog tab's cache, when it reads a block
    // again after giving its rows back): their stored thumbnail is neither decoded nor returned.
    QSet<qint64> thumbnailsHeld;
};

struct CatalogTotals {
    qint64 count = 0;
    qint64 bytes = 0;
};

// What became of one inserted record.
struct CatalogInsertResult {
    qint64 imageId = 0;        // 0 for a failure record (only its source was stored) or a rejected one
    bool newImage = false;     // false: the bytes were already catalogued (a duplicate) or it failed
    QString duplicateFile;     // the record's own copy of bytes the catalog already had on disk, when
                               // it was deleted (only ever a copy Glint itself had just saved); else empty
    QString error;             // set when this record was rejected; the others still committed
    bool parked = false;       // kept on disk until the catalog's integrity check has passed
                               // (ParkedRecords); imageId and newImage are not known yet
};

// What Catalog::remove did.
struct CatalogRemoveResult {
    int removed = 0;           // images removed from the catalog
    int filesDeleted = 0;      // their files deleted from disk (only when asked to)
    int filesNotOwned = 0;     // files kept because Glint did not create them (the user's own), or
                               // they no longer hold the bytes Glint wrote
    int filesShared = 0;       // files kept because another catalogued image still refers to them
    bool stopped = false;      // stopped part-way at the caller's request: the images not counted
                               // in `removed` are still in the catalog
};

struct CatalogOpenResult {
    bool ok = false;
    bool damaged = false;      // the file failed its integrity check and was left untouched
    QString message;           // one or two sentences a user understands; empty when ok
    bool stopped = false;      // the catalog closed while its file was being checked: not opened
};

} // namespace glint
