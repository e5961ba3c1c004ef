#pragma once
// What every decode path of core/imaging does the same way with a QImageReader: decide the format
// (from the bytes, corrected where Qt's handlers are known to guess wrong, then from the name for
// formats without a magic number) and turn the reader's error into a Failure.
//
// Threads: any (pure functions on the reader they are given).
#include "core/util/failure.h"

#include <QByteArray>
#include <QString>

class QIODevice;
class QImageReader;

namespace glint {

class ReaderFormat final {
public:
    // Sets `device` (open, at its start) or else `path` on `reader` and returns the format it will
    // decode as, or empty. An uncompressed TGA that Qt's ICO handler claims is read as TGA
    // (ContentSniffer::refineFormat); a file whose bytes tell nothing is asked by its name's suffix.
    static QByteArray open(QImageReader &reader, QIODevice *device, const QString &path);
    static Failure failureOf(const QImageReader &reader);
};

} // namespace glint
