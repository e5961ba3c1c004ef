#include "core/net/blockingfetcher.h"

#include "core/net/filesink.h"
#include "core/formats/contentsniffer.h"

#include <QSslSocket>
#include <QTcpSocket>

#include <memory>

namespace glint {
namespace {

struct RawResponse {
    int status = 0;
    QByteArray reason;
    QHash<QByteArray, QByteArray> headers;
    QString error;
};

bool readLine(QTcpSocket &socket, QByteArray &line, int timeoutMs)
{
    while (!socket.canReadLine()) {
        if (!socket.waitForReadyRead(timeoutMs))
            return false;
    }
    line = socket.readLine().trimmed();
    return true;
}

} // namespace

DownloadResult BlockingFetcher::fetch(const DownloadRequest &request) const
{
    DownloadResult result;
    result.url = request.url;
    QUrl url = request.url;
    for (int redirects = 0;; ++redirects) {
        result.finalUrl = url;
        const bool tls = url.scheme() == QLatin1String("https");
        if (!tls && url.scheme() != QLatin1String("http")) {
            result.error = QStringLiteral("Only http and https addresses can be downloaded");
            return result;
        }
        std::unique_ptr<QTcpSocket> socket;
        if (tls) {
            auto ssl = std::make_unique<QSslSocket>();
            ssl->connectToHostEncrypted(url.host(), quint16(url.port(443)));
            if (!ssl->waitForEncrypted(m_options.noDataTimeoutMs)) {
                result.error = QStringLiteral("Download failed: %1").arg(ssl->errorString());
                return result;
            }
            socket = std::move(ssl);
        } else {
            socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(url.host(), quint16(url.port(80)));
            if (!socket->waitForConnected(m_options.noDataTimeoutMs)) {
                result.error = QStringLiteral("The server refused the connection");
                return result;
            }
        }
        const QByteArray target = url.toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority | QUrl::RemoveFragment);
        socket->write("GET " + (target.isEmpty() ? QByteArray("/") : target) + " HTTP/1.1\r\nHost: "
                      + url.host().toUtf8() + "\r\nUser-Agent: Glint/" GLINT_VERSION "\r\nConnection: close\r\n\r\n");

        RawResponse response;
        QByteArray line;
        if (!readLine(*socket, line, m_options.noDataTimeoutMs)) {
            result.error = QStringLiteral("No data for %1 s — gave up").arg(m_options.noDataTimeoutMs / 1000.0);
            return result;
        }
        const QList<QByteArray> statusLine = line.split(' ');
        response.status = statusLine.value(1).toInt();
        response.reason = line.mid(line.indexOf(' ', line.indexOf(' ') + 1) + 1);
        while (readLine(*socket, line, m_options.noDataTimeoutMs) && !line.isEmpty()) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                response.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
        }
        result.httpStatus = response.status;
        result.contentType = response.headers.value("content-type");
        result.etag = response.headers.value("etag");
        result.lastModified = response.headers.value("last-modified");
        if (response.status >= 300 && response.status < 400 && response.headers.contains("location")) {
            if (redirects >= 10) {
                result.error = QStringLiteral("Too many redirects (loop?)");
                return result;
            }
            url = url.resolved(QUrl::fromEncoded(response.headers.value("location")));
            continue;
        }
        if (response.status >= 400 || response.status == 0) {
            result.error = QStringLiteral("The server answered %1 %2").arg(response.status).arg(QString::fromLatin1(response.reason)).trimmed();
            return result;
        }

        // The body: to memory for a page, to a FileSink for an image — all in this thread.
        const qint64 length = response.headers.value("content-length", "-1").toLongLong();
        QByteArray pending;   // what arrived before we knew page or image
        FileSink sink;
        bool isPage = false;
        bool decided = false;
        qint64 received = 0;
        for (;;) {
            if (socket->bytesAvailable() == 0 && (length >= 0 && received >= length))
                break;
            if (socket->bytesAvailable() == 0 && !socket->waitForReadyRead(m_options.noDataTimeoutMs)) {
                if (socket->state() != QAbstractSocket::ConnectedState && length < 0)
                    break;   // closed: the end of a body without Content-Length
                if (socket->state() != QAbstractSocket::ConnectedState) {
                    result.error = QStringLiteral("The server closed the connection before the download finished");
                    return result;
                }
                result.error = QStringLiteral("No data for %1 s — gave up").arg(m_options.noDataTimeoutMs / 1000.0);
                return result;
            }
            QByteArray data = socket->readAll();
            received += data.size();
            if (!decided) {
                pending += data;
                if (pending.size() < qMin<qint64>(64, length < 0 ? 64 : length))
                    continue;
                decided = true;
                const QByteArray format = ContentSniffer::imageFormat(pending.left(ContentSniffer::kHeadBytes));
                isPage = request.allowPage && format.isEmpty();
                if (!isPage && !sink.open(request.saveDir, FileSink::sanitizedName(url.fileName(), QStringLiteral("img")), format)) {
                    result.error = sink.errorString();
                    return result;
                }
                data = std::move(pending);
            }
            if (isPage)
                result.pageData += data;
            else if (!sink.write(data)) {
                result.error = sink.errorString();
                return result;
            }
            if (received > (isPage ? m_options.maxPageBytes : m_options.maxImageBytes)) {
                result.error = QStringLiteral("Larger than the %1 MB limit").arg(m_options.maxImageBytes >> 20);
                return result;
            }
        }
        if (!decided) {
            result.error = QStringLiteral("The server sent an empty answer");
            return result;
        }
        if (isPage) {
            result.isPage = true;
            result.ok = true;
            return result;
        }
        if (!sink.commit()) {
            result.error = sink.errorString();
            return result;
        }
        result.file = sink.fileName();
        result.bytes = sink.size();
        result.sha256 = sink.sha256Hex();
        result.ok = true;
        return result;
    }
}

} // namespace glint
