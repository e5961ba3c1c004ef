#include "core/demo/demoserver.h"
#include "core/util/backgroundpriority.h"

#include "core/demo/demogallery.h"

#include <QDir>
#include <QFileInfo>
#include <QMutex>
#include <QSaveFile>
#include <QStandardPaths>
#include <QtConcurrent>

namespace glint {

// Shared with the handlers, which run on the server thread while renders finish on the pool.
struct DemoServer::Cache {
    QString dir;
    QThreadPool pool;
    QMutex lock;
    QHash<int, QFuture<QString>> rendering;   // index → path of the cached file ("" on failure)

    QFuture<QString> fileFor(int index)
    {
        const DemoImageSpec spec = DemoGallery::spec(index);
        const QString path = QDir(dir).filePath(spec.fileName());
        QMutexLocker locker(&lock);
        if (auto it = rendering.constFind(index); it != rendering.constEnd())
            return *it;
        if (QFileInfo::exists(path))
            return QtFuture::makeReadyFuture(path);
        QFuture<QString> future = QtConcurrent::run(&pool, [spec, path] {
            BackgroundPriority::applyToThisThread();
            const QByteArray bytes = DemoGallery::encode(spec);
            QSaveFile file(path);
            if (bytes.isEmpty() || !file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
                return QString();
            return path;
        });
        rendering.insert(index, future);
        return future;
    }
};

DemoServer::DemoServer(int count, const QString &cacheDir, QObject *parent)
    : QObject(parent), m_count(qMax(0, count)), m_http(new HttpServer(this)), m_cache(std::make_shared<Cache>())
{
    m_cacheDir = cacheDir.isEmpty()
        ? QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation)).filePath(QStringLiteral("demo-v1"))
        : cacheDir;
    m_cache->dir = m_cacheDir;
    m_cache->pool.setObjectName(QStringLiteral("glint-demo"));
    m_cache->pool.setThreadPriority(QThread::LowPriority);

    const int n = m_count;
    const auto index = [n]() {
        return QtFuture::makeReadyFuture(HttpResponse::ok(DemoGallery::indexHtml(n), "text/html; charset=utf-8"));
    };
    const auto image = [n, cache = m_cache](const HttpRequest &request, const QString &name) {
        const int i = DemoGallery::indexForFileName(name);
        if (i < 0 || i >= n)
            return QtFuture::makeReadyFuture(HttpResponse::plain(404, "Not Found"));
        const QByteArray mime = DemoGallery::spec(i).mimeType();
        // An image's bytes are a function of its index, so the index is a strong validator. The
        // answer asks clients to revalidate ("no-cache"): one that kept a copy (a browser) asks
        // "If-None-Match" and gets 304 Not Modified. (Glint keeps pages in its HTTP cache, not images:
        // an image it has is an original in the catalog, and it does not ask for it again.)
        const QByteArray etag = "\"demo-v1-" + QByteArray::number(i) + '"';
        if (request.headers.value("if-none-match") == etag) {
            HttpResponse notModified;
            notModified.status = 304;
            notModified.extraHeaders = {{"ETag", etag}, {"Cache-Control", "no-cache"}};
            return QtFuture::makeReadyFuture(notModified);
        }
        return cache->fileFor(i).then([mime, etag](const QString &path) {
            if (path.isEmpty())
                return HttpResponse::plain(500, "Could not render the image");
            HttpResponse response = HttpResponse::file(path, mime);
            response.extraHeaders = {{"ETag", etag}, {"Cache-Control", "no-cache"},
                                     {"Last-Modified", "Sat, 01 Nov 2025 00:00:00 GMT"}};
            return response;
        });
    };
    m_http->route(QStringLiteral("/"), [index](const HttpRequest &request) {
        if (request.path != QLatin1String("/") && request.path != QLatin1String("/index.html"))
            return QtFuture::makeReadyFuture(HttpResponse::plain(404, "Not Found"));
        return index();
    });
    m_http->route(QStringLiteral("/images/"), [image](const HttpRequest &request) {
        return image(request, request.path.mid(int(qstrlen("/images/"))));
    });
    // "/run/<n>/…": the same gallery under other addresses, so that "Run the demo again" finds
    // nothing in the catalog or the HTTP cache and does all the work once more.
    m_http->route(QStringLiteral("/run/"), [index, image](const HttpRequest &request) {
        const QStringList parts = request.path.split(QLatin1Char('/'));   // "", "run", n, …
        if (parts.size() == 4 && (parts[3].isEmpty() || parts[3] == QLatin1String("index.html")))
            return index();
        if (parts.size() == 5 && parts[3] == QLatin1String("images"))
            return image(request, parts[4]);
        return QtFuture::makeReadyFuture(HttpResponse::plain(404, "Not Found"));
    });
    connect(m_http, &HttpServer::listening, this, [this] { Q_EMIT ready(indexUrl()); });
    connect(m_http, &HttpServer::failed, this, &DemoServer::failed);
}

DemoServer::~DemoServer()
{
    delete m_http;   // first: no handler may ask the cache for more
    m_http = nullptr;
    m_cache->pool.clear();
    m_cache->pool.waitForDone();   // shutdown only: renders already running
}

void DemoServer::start()
{
    // Creating the cache folder is one mkdir; the renders that fill it run on the pool.
    QDir().mkpath(m_cacheDir);
    m_http->start();
}

QUrl DemoServer::indexUrl() const
{
    return m_http ? m_http->baseUrl().resolved(QUrl(QStringLiteral("index.html"))) : QUrl();
}

QUrl DemoServer::rerunUrl(int run) const
{
    return m_http ? m_http->baseUrl().resolved(QUrl(QStringLiteral("run/%1/index.html").arg(run))) : QUrl();
}

QUrl DemoServer::imageUrl(int index) const
{
    return m_http->baseUrl().resolved(QUrl(QStringLiteral("images/") + DemoGallery::spec(index).fileName()));
}

} // namespace glint
