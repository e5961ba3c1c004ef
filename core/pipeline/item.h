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
