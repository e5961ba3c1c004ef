#pragma once
// Whether originals can be saved in a downloads folder, asked once before any download rather than
// learnt from every download failing with the same sentence.
//
// Threads: any; it touches the file system (stat, access), so never call it on the GUI thread.
// It creates nothing: FileSink makes a missing folder at the first download.
#include <QString>

namespace glint {

struct DownloadFolder {
    // Empty when the folder is usable, or will be once made (its nearest existing ancestor is a
    // writable folder); else the sentence a user reads, e.g. "/media/card is read-only".
    static QString problem(const QString &dir);
};

} // namespace glint
