#pragma once
// The file name a server gives in its Content-Disposition header, as a browser's "Save image as"
// takes it: `attachment; filename="sunset.jpg"`, or RFC 6266/5987's `filename*=UTF-8''Caf%C3%A9.jpg`
// (preferred when both are there). A download script's address ("/get.php?id=5") says nothing of
// the picture; the server's name does.
//
// Only the name is returned: the last component after any '/' or '\', never a path. FileSink still
// makes it safe (safeName) and fits its suffix to the bytes. Pure function, any thread.
#include <QByteArray>
#include <QString>

namespace glint {

struct ContentDisposition {
    // Empty when the header names no file (or only an empty or undecodable one).
    static QString fileName(const QByteArray &header);
};

} // namespace glint
