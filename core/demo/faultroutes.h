#pragma once
// A server's ways to fail, served on purpose under /faults/ — for the tests and for --demo-faults,
// so that anyone can watch Glint survive them. Each entry says what Glint must make of it.
#include "core/http/httpserver.h"
#include "core/util/failure.h"

#include <QList>
#include <QString>

namespace glint {

struct FaultCase {
    QString path;            // e.g. "/faults/not-found.jpg"
    QString description;     // what the server does
    Failure::Kind expected;  // what the item must end with; Kind::None: it must be ok
};

class FaultRoutes final {
public:
    // Every case, in the order /faults/index.html lists them.
    static QList<FaultCase> cases();
    // Registers the routes and /faults/index.html on `server` (before it starts). The page also
    // references `goodImages` (absolute or relative URLs) so good and bad items arrive side by side.
    static void install(HttpServer &server, const QStringList &goodImages = {});
    // A small real JPEG the good fault routes serve.
    static QByteArray sampleJpeg();
};

} // namespace glint
