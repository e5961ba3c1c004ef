#pragma once
// One image the pipeline works on, from discovery to thumbnail or error. Plain data, copied freely.
#include "core/util/failure.h"

#include <QByteArray>
#include <QSize>
#include <QString>
#include <QUrl>

namespace glint {

struct Item {
    enum class State { Queued, Downloading, Decoding, Done, Failed };

    QUrl url;            // as requested, before redirects (or a file:// URL for local files)
    QUrl page;           // the page it was found on; empty when it was a SOURCE itself
    State state = State::Queued;
    Failure failure;     // why, when Failed (compare kinds; show error())
    QSize size;          // as displayed, after EXIF orientation
    QByteArray format;   // detected from the bytes
    qint64 bytes = 0;    // size of the original
    QByteArray sha256;   // hex
    QString file;        // where the original is, or empty
    bool fileCreated = false;   // Glint saved `file` itself (a download); false for a user's file
    qint64 received = 0; // download progress
    qint64 total = -1;   // -1 while unknown
    int attempt = 0;     // retries so far
    int httpStatus = 0;  // of the last answer; 0 without an HTTP exchange
    QByteArray etag;     // validators of the answer, for the catalog
    QByteArray lastModified;
    bool fromCatalog = false;   // taken from the catalog instead of fetched (Pipeline::setCatalog)
    QString note;        // transient status, e.g. "Retrying in 2 s (the server answered 503 …)"
    quint32 generation = 0;   // which start of this item (Pipeline::retry counts up): the results of an
                              // earlier start that arrive late are dropped, never applied to this one

    QString error() const { return failure.describe(); }   // the sentence a user reads
    bool isCancelled() const { return state == State::Failed && failure.is(Failure::Kind::Cancelled); }
    bool isFinished() const { return state == State::Done || state == State::Failed; }
};

} // namespace glint

// Qt's implicitly shared types and plain values only, so the pipeline's QList of items grows by
// realloc (for a large list, a page remap) instead of moving every item one by one: at 65,536 items
// that move held the GUI thread for ~30 ms. Keep it true when adding a member (no std::string,
// no self-pointer).
Q_DECLARE_TYPEINFO(glint::Item, Q_RELOCATABLE_TYPE);
