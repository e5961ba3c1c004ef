// A loopback web server for one folder (a tool of scripts/bench, not a test):
//   servefolder DIR
// Serves DIR's files on 127.0.0.1 at a free port with the project's own HttpServer (the one the
// demo gallery uses, so the server's cost is the same as in a --demo run), prints its address on
// the first line of stdout, and runs until it is killed. `scripts/bench photos` points Glint at
// DIR/index.html through it: issue 11's case of 400 photo-sized JPEGs from a loopback server.
#include "core/http/httpserver.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QMimeDatabase>
#include <cstdio>

using namespace glint;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    if (args.size() != 1 || !QFileInfo(args.first()).isDir()) {
        std::fprintf(stderr, "usage: servefolder DIR\n");
        return 2;
    }
    const QString root = QFileInfo(args.first()).canonicalFilePath();
    HttpServer server;
    server.route(QStringLiteral("/"), [root](const HttpRequest &request) {
        const QString path = request.path == QLatin1String("/") ? QStringLiteral("/index.html") : request.path;
        const QFileInfo file(root + path);
        // Only files inside the folder: "/../" cannot reach out of it.
        if (!file.isFile() || !file.canonicalFilePath().startsWith(root + QLatin1Char('/')))
            return QtFuture::makeReadyFuture(HttpResponse::plain(404, "Not Found"));
        static const QMimeDatabase mimes;   // thread-safe; handlers run on the server thread
        return QtFuture::makeReadyFuture(
            HttpResponse::file(file.canonicalFilePath(), mimes.mimeTypeForFile(file, QMimeDatabase::MatchExtension).name().toUtf8()));
    });
    QObject::connect(&server, &HttpServer::listening, [](const QUrl &url) {
        std::printf("%s\n", qPrintable(url.toString()));
        std::fflush(stdout);
    });
    QObject::connect(&server, &HttpServer::failed, [](const QString &message) {
        std::fprintf(stderr, "servefolder: %s\n", qPrintable(message));
        QCoreApplication::exit(1);
    });
    server.start();
    return app.exec();
}
