#include "core/http/httpserver.h"

#include <QFile>
#include <QFutureWatcher>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QTimer>

#include <utility>

namespace glint {

HttpResponse HttpResponse::ok(QByteArray body, QByteArray contentType)
{
    HttpResponse r;
    r.body = std::move(body);
    r.contentType = std::move(contentType);
    return r;
}

HttpResponse HttpResponse::file(QString path, QByteArray contentType)
{
    HttpResponse r;
    r.filePath = std::move(path);
    r.contentType = std::move(contentType);
    return r;
}

HttpResponse HttpResponse::plain(int code, QByteArray message)
{
    HttpResponse r;
    r.status = code;
    r.contentType = "text/plain; charset=utf-8";
    r.body = message.isEmpty() ? QByteArray::number(code) : std::move(message);
    return r;
}

namespace {

constexpr qsizetype kMaxHeaderBytes = 64 * 1024;
constexpr qint64 kChunk = 256 * 1024;
constexpr int kRateTickMs = 20;
constexpr qsizetype kDripBytes = 512;   // per tick: 25 KB/s, slow but never silent

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return status < 400 ? "OK" : "Error";
    }
}

// One client connection: parses requests one after another (keep-alive) and answers each in turn.
class Connection final : public QObject {
public:
    Connection(QTcpSocket *socket, std::shared_ptr<HttpServer::Shared> shared, QObject *parent)
        : QObject(parent), m_socket(socket), m_shared(std::move(shared))
    {
        m_socket->setParent(this);
        connect(m_socket, &QTcpSocket::readyRead, this, &Connection::onReadyRead);
        connect(m_socket, &QTcpSocket::bytesWritten, this, &Connection::pump);
        connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
        m_rateTimer.setInterval(kRateTickMs);
        connect(&m_rateTimer, &QTimer::timeout, this, &Connection::pump);
        connect(&m_handled, &QFutureWatcherBase::finished, this, &Connection::onHandled);
    }

    ~Connection() override { setInFlight(false); }

private:
    void onReadyRead()
    {
        m_in += m_socket->readAll();
        processNext();
    }

    void processNext()
    {
        if (m_busy)
            return;
        const qsizetype end = m_in.indexOf("\r\n\r\n");
        if (end < 0) {
            if (m_in.size() > kMaxHeaderBytes)
                sendSimple(400);
            return;
        }
        HttpRequest request;
        const QList<QByteArray> lines = m_in.left(end).split('\n');
        m_in.remove(0, end + 4);
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        if (first.size() != 3 || !first[2].startsWith("HTTP/1.")) {
            sendSimple(400);
            return;
        }
        request.method = first[0];
        request.target = first[1];
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            if (colon > 0)
                request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                       lines[i].mid(colon + 1).trimmed());
        }
        const QUrl url = QUrl::fromEncoded("http://h" + request.target);
        request.path = url.path(QUrl::FullyDecoded);
        m_keepAlive = first[2] == "HTTP/1.1"
            ? request.headers.value("connection").toLower() != "close"
            : request.headers.value("connection").toLower() == "keep-alive";
        // Request bodies are not used by any route; skip them so the next request parses cleanly.
        m_skipBody = request.headers.value("content-length").toLongLong();
        dropBody();

        m_busy = true;
        m_head = request.method == "HEAD";
        ++m_shared->requests;
        setInFlight(true);
        // A watcher, not future.then(this, …): a client that hangs up deletes this connection while
        // the handler's future may still be running on another thread (a demo render), and a
        // continuation whose context is gone asserts in Qt 6.4 (Q_ASSERT(context) in qfuture_impl.h)
        // and misbehaves in release builds. The watcher goes with the connection, and so does the
        // answer.
        m_handled.setFuture(dispatch(request));
    }

    void onHandled()
    {
        const QFuture<HttpResponse> future = m_handled.future();
        HttpResponse response = HttpResponse::plain(500);   // a handler that failed or was cancelled
        try {
            if (!future.isCanceled() && future.resultCount() > 0)
                response = future.result();
        } catch (...) {
        }
        answerAfterLatency(std::move(response));
    }

    void dropBody()
    {
        const qint64 n = qMin<qint64>(m_skipBody, m_in.size());
        m_in.remove(0, n);
        m_skipBody -= n;
    }

    QFuture<HttpResponse> dispatch(const HttpRequest &request)
    {
        if (request.method != "GET" && request.method != "HEAD")
            return QtFuture::makeReadyFuture(HttpResponse::plain(405));
        const HttpHandler *best = nullptr;
        qsizetype bestLength = -1;
        for (const auto &[prefix, handler] : m_shared->routes) {
            if (request.path.startsWith(prefix) && prefix.size() > bestLength) {
                best = &handler;
                bestLength = prefix.size();
            }
        }
        if (!best)
            return QtFuture::makeReadyFuture(HttpResponse::plain(404, "Not Found"));
        return (*best)(request);
    }

    void answerAfterLatency(HttpResponse response)
    {
        const int latency = m_shared->latencyMs.load();
        if (latency <= 0) {
            answer(std::move(response));
            return;
        }
        QTimer::singleShot(latency, this, [this, response = std::move(response)]() mutable {
            answer(std::move(response));
        });
    }

    void sendSimple(int status)
    {
        m_keepAlive = false;
        m_busy = true;
        answer(HttpResponse::plain(status));
    }

    void answer(HttpResponse response)
    {
        m_fault = response.fault;
        if (m_fault == HttpResponse::Fault::Silence)
            return;   // the connection stays open and mute until the client gives up
        qint64 length = response.body.size();
        if (!response.filePath.isEmpty()) {
            m_file = std::make_unique<QFile>(response.filePath);
            if (!m_file->open(QIODevice::ReadOnly)) {
                m_file.reset();
                response = HttpResponse::plain(404, "Not Found");
                length = response.body.size();
            } else {
                length = m_file->size();
            }
        }
        QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) + ' '
            + reasonPhrase(response.status) + "\r\n";
        if (!response.omitContentType)
            head += "Content-Type: " + response.contentType + "\r\n";
        const bool cut = m_fault == HttpResponse::Fault::Truncate || m_fault == HttpResponse::Fault::ShortClose
            || m_fault == HttpResponse::Fault::ChunkedCut;
        if (m_fault == HttpResponse::Fault::ChunkedCut)
            head += "Transfer-Encoding: chunked\r\n";
        else if (m_fault != HttpResponse::Fault::Endless)
            head += "Content-Length: " + QByteArray::number(response.declaredLength >= 0 ? response.declaredLength : length) + "\r\n";
        head += m_keepAlive && m_fault != HttpResponse::Fault::Truncate ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
        if (m_fault == HttpResponse::Fault::Endless || cut)
            m_keepAlive = false;   // the body's end is the connection's end
        for (const auto &[name, value] : response.extraHeaders)
            head += name + ": " + value + "\r\n";
        head += "\r\n";
        m_out = std::move(head);
        if (m_head)
            m_file.reset();
        else if (!m_file && m_fault != HttpResponse::Fault::StallAfterHeaders) {
            const QByteArray half = response.body.left(response.body.size() / 2);
            if (m_fault == HttpResponse::Fault::ChunkedCut)
                m_out += QByteArray::number(half.size(), 16) + "\r\n" + half + "\r\n";   // and never "0\r\n\r\n"
            else
                m_out += cut ? half : response.body;
        }
        m_budget = 0;
        if (m_fault == HttpResponse::Fault::Endless || m_fault == HttpResponse::Fault::Drip) {
            m_faultBody = response.body.isEmpty() ? QByteArray(64 * 1024, 'x') : response.body;
            m_faultOffset = 0;
            if (m_fault == HttpResponse::Fault::Drip)
                m_out = m_out.left(m_out.size() - response.body.size());   // the body goes out drop by drop
            m_rateTimer.start();
        } else if (m_shared->rateKBps.load() > 0) {
            m_rateTimer.start();
        }
        pump();
    }

    // Endless: keep the socket full forever. Drip: a small piece of the body each tick.
    bool pumpFault()
    {
        if (m_fault == HttpResponse::Fault::Endless) {
            // A client that gave up closes the socket; write() then fails and the loop must end.
            while (m_socket->state() == QAbstractSocket::ConnectedState && m_socket->bytesToWrite() < kChunk) {
                if (m_socket->write(m_faultBody) < 0)
                    break;
            }
            return true;
        }
        if (m_fault == HttpResponse::Fault::Drip) {
            if (sender() == &m_rateTimer && m_out.isEmpty() && m_faultOffset < m_faultBody.size()) {
                m_socket->write(m_faultBody.mid(m_faultOffset, kDripBytes));
                m_faultOffset += kDripBytes;
            }
            return m_faultOffset < m_faultBody.size() || m_socket->bytesToWrite() > 0;
        }
        return false;
    }

    // Feeds the socket without letting its buffer grow: from memory, then from the file, within the
    // simulated bandwidth when one is set.
    void pump()
    {
        if (!m_busy)
            return;
        if (m_fault == HttpResponse::Fault::StallAfterHeaders) {
            if (!m_out.isEmpty())
                m_socket->write(std::exchange(m_out, {}));
            return;
        }
        const int rate = m_shared->rateKBps.load();
        if (rate > 0 && sender() == &m_rateTimer)
            m_budget = qMin<qint64>(m_budget + qint64(rate) * 1024 * kRateTickMs / 1000, qint64(rate) * 1024);
        while (m_socket->bytesToWrite() < kChunk) {
            if (m_out.isEmpty() && m_file && !m_file->atEnd())
                m_out = m_file->read(kChunk);
            if (m_out.isEmpty())
                break;
            qint64 n = m_out.size();
            if (rate > 0 && m_fault == HttpResponse::Fault::None) {
                n = qMin(n, m_budget);
                if (n <= 0)
                    return;
                m_budget -= n;
            }
            m_socket->write(m_out.constData(), n);
            m_out.remove(0, n);
        }
        if (!m_out.isEmpty() || (m_file && !m_file->atEnd()))
            return;
        if (pumpFault())
            return;
        // Answered once its last byte is queued, not once the socket says it was written: the client
        // can read that byte, and send its next request on another connection, before this thread
        // hears of it, and a slow thread (TSan, a busy machine) then counted one request too many at
        // once. Counted this way a request is in flight for less time than its client waits for it.
        setInFlight(false);
        if (m_socket->bytesToWrite() == 0)
            finishResponse();
    }

    void setInFlight(bool on)
    {
        if (on == m_inFlight)
            return;
        m_inFlight = on;
        if (!on) {
            --m_shared->inFlight;
            return;
        }
        const int now = ++m_shared->inFlight;
        int seen = m_shared->maxInFlight.load();
        while (now > seen && !m_shared->maxInFlight.compare_exchange_weak(seen, now)) {
        }
    }

    void finishResponse()
    {
        setInFlight(false);
        m_rateTimer.stop();
        m_fault = HttpResponse::Fault::None;
        m_file.reset();
        m_busy = false;
        if (!m_keepAlive) {
            m_socket->disconnectFromHost();
            return;
        }
        dropBody();
        if (!m_in.isEmpty())
            QTimer::singleShot(0, this, &Connection::processNext);
    }

    QTcpSocket *m_socket;
    std::shared_ptr<HttpServer::Shared> m_shared;
    QByteArray m_in;
    QByteArray m_out;
    std::unique_ptr<QFile> m_file;
    QTimer m_rateTimer;
    QFutureWatcher<HttpResponse> m_handled;
    HttpResponse::Fault m_fault = HttpResponse::Fault::None;
    QByteArray m_faultBody;
    qsizetype m_faultOffset = 0;
    qint64 m_budget = 0;
    qint64 m_skipBody = 0;
    bool m_busy = false;
    bool m_inFlight = false;
    bool m_head = false;
    bool m_keepAlive = true;
};

class Listener final : public QTcpServer {
public:
    explicit Listener(std::shared_ptr<HttpServer::Shared> shared) : m_shared(std::move(shared))
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection())
                new Connection(socket, m_shared, this);
        });
    }

private:
    std::shared_ptr<HttpServer::Shared> m_shared;
};

} // namespace

HttpServer::HttpServer(QObject *parent)
    : QObject(parent), m_shared(std::make_shared<Shared>()), m_thread(new QThread(this))
{
    m_thread->setObjectName(QStringLiteral("glint-http"));
}

HttpServer::~HttpServer()
{
    if (m_listener)
        QMetaObject::invokeMethod(m_listener, &QObject::deleteLater);
    m_thread->quit();
    // Shutdown only: the thread has nothing left to do but delete its objects, so this is short.
    m_thread->wait();
}

void HttpServer::route(const QString &prefix, HttpHandler handler)
{
    Q_ASSERT(!m_listener);
    m_shared->routes.append({prefix, std::move(handler)});
}

void HttpServer::start(const QHostAddress &address, quint16 port)
{
    Q_ASSERT(!m_listener);
    auto *listener = new Listener(m_shared);
    listener->moveToThread(m_thread);
    m_listener = listener;
    connect(m_thread, &QThread::finished, listener, &QObject::deleteLater);
    m_thread->start();
    QPointer<HttpServer> self(this);
    QMetaObject::invokeMethod(listener, [listener, address, port, self] {
        const bool ok = listener->listen(address, port);
        const QString error = listener->errorString();
        const quint16 actual = listener->serverPort();
        QMetaObject::invokeMethod(self.data(), [self, ok, error, address, actual] {
            if (!self)
                return;
            if (!ok) {
                Q_EMIT self->failed(error);
                return;
            }
            QUrl url;
            url.setScheme(QStringLiteral("http"));
            url.setHost(address.toString());
            url.setPort(actual);
            url.setPath(QStringLiteral("/"));
            self->m_baseUrl = url;
            Q_EMIT self->listening(url);
        });
    });
}

QUrl HttpServer::baseUrl() const
{
    return m_baseUrl;
}

} // namespace glint
