#pragma once
// A small HTTP/1.1 server for loopback use: the built-in demo gallery and the tests' own servers.
//
// Threads: the HttpServer object belongs to the thread that creates it (usually the GUI thread) but
// does all its work — accepting, parsing, answering, streaming files — on a thread of its own, so
// serving costs the creating thread nothing. Route handlers run on that server thread; a handler that
// has real work to do (rendering an image, say) returns a QFuture that another thread completes.
//
// It speaks just enough HTTP for QNetworkAccessManager and browsers: GET/HEAD, keep-alive,
// Content-Length bodies, from memory or streamed from a file. Simulated latency and bandwidth make a
// loopback server behave like a slow network.
#include <QByteArray>
#include <QFuture>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QObject>
#include <QUrl>
#include <atomic>
#include <functional>
#include <memory>

class QThread;

namespace glint {

struct HttpRequest {
    QByteArray method;                      // "GET", "HEAD", …
    QByteArray target;                      // as sent: path and query
    QString path;                           // percent-decoded path, e.g. "/images/a.jpg"
    QHash<QByteArray, QByteArray> headers;  // names lower-cased
};

struct HttpResponse {
    int status = 200;
    QByteArray contentType = "application/octet-stream";
    QByteArray body;                 // used when filePath is empty
    QString filePath;                // when set, the body is streamed from this file
    QList<std::pair<QByteArray, QByteArray>> extraHeaders;

    // Ways to misbehave on purpose, for fault-injection tests and the --demo-faults page: each is
    // something real servers do, and the client must survive every one.
    enum class Fault {
        None,
        Silence,            // accept the request, never answer
        StallAfterHeaders,  // send the headers, then nothing
        Truncate,           // send half the body, then close ("Connection: close")
        ShortClose,         // promise keep-alive and the whole length, send half, then close cleanly
        ChunkedCut,         // chunked encoding: half the body in one chunk, then close without the last chunk
        Endless,            // no Content-Length, a body that never ends (until the client gives up)
        Drip,               // the body a few bytes at a time, slowly but steadily
    };
    Fault fault = Fault::None;
    qint64 declaredLength = -1;      // >= 0: the Content-Length to claim, true or not
    bool omitContentType = false;

    static HttpResponse ok(QByteArray body, QByteArray contentType);
    static HttpResponse file(QString path, QByteArray contentType);
    static HttpResponse plain(int code, QByteArray message = {});
};

// Runs on the server thread. Return a ready future (QtFuture::makeReadyFuture) for a quick answer.
using HttpHandler = std::function<QFuture<HttpResponse>(const HttpRequest &)>;

class HttpServer final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpServer)
public:
    explicit HttpServer(QObject *parent = nullptr);
    ~HttpServer() override;   // stops the server thread; open connections are closed

    // Requests whose path starts with `prefix` go to `handler`; the longest prefix wins.
    // Call before start().
    void route(const QString &prefix, HttpHandler handler);

    // Starts listening on the server thread; emits listening() or failed() later. Port 0 picks a free one.
    void start(const QHostAddress &address = QHostAddress::LocalHost, quint16 port = 0);

    QUrl baseUrl() const;     // e.g. http://127.0.0.1:41234/ — valid once listening() was emitted

    // Simulated network, applied to every response from now on: a delay before the answer and a
    // bandwidth cap (0 = off). Thread-safe.
    void setLatencyMs(int ms) { m_shared->latencyMs = ms; }
    void setRateKBps(int kbps) { m_shared->rateKBps = kbps; }

    struct Shared {
        std::atomic<int> latencyMs{0};
        std::atomic<int> rateKBps{0};
        std::atomic<quint64> requests{0};
        std::atomic<int> inFlight{0};       // requests being answered right now
        std::atomic<int> maxInFlight{0};    // the most at once since start
        QList<std::pair<QString, HttpHandler>> routes;   // written before start, read-only after
    };
    quint64 requestCount() const { return m_shared->requests.load(); }
    int maxConcurrentRequests() const { return m_shared->maxInFlight.load(); }

Q_SIGNALS:
    void listening(const QUrl &baseUrl);
    void failed(const QString &message);

private:
    std::shared_ptr<Shared> m_shared;
    QThread *m_thread = nullptr;
    QObject *m_listener = nullptr;   // lives on m_thread
    QUrl m_baseUrl;
};

} // namespace glint
