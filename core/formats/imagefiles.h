#pragma once
// Which file names look like images Glint can open, and which suffix a detected format is saved
// under. Listing a folder asks this; nothing is decided from a name when bytes are at hand.
//
// Threads: any (the lists are built once, thread-safely).
#include <QByteArray>
#include <QString>
#include <QStringList>

namespace glint {

class ImageFiles final {
public:
    // Every suffix a Qt image handler of this machine reads, plus the common aliases (jpe, jfif, mpo,
    // dib, pnm, apng…), lower-case, without dots.
    static const QStringList &suffixes();
    static bool hasImageSuffix(const QString &fileName);
    // The suffix an original of `format` (as ContentSniffer::imageFormat names it) is saved under.
    static QString suffixForFormat(const QByteArray &format);
    // Whether a name ending in `suffix` (no dot, any case) already says `format`: "JPG", "jpeg",
    // "jfif" say jpeg; "tif" says tiff; "html" says no image format. An empty format fits anything.
    static bool suffixFitsFormat(const QString &suffix, const QByteArray &format);
};

} // namespace glint
