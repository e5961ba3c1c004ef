#include "core/net/transfer.h"

#include "core/formats/contentsniffer.h"
#include "core/net/contentdisposition.h"
#include "core/formats/imagefiles.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

namespace glint {

Transfer::Transfer(quint64 id, DownloadRequest request, const Limits &limits, QObject *parent)
    : QObject(parent), m_id(id), m_request(std::move(request)), m_limits(limits), m_host(m_request.url.host())
{
    m_result.id = m_id;
    m_result.url = m_request.url;
}

Transfer::~Transfer()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void Transfer::start(QNetworkAccessManager &manager)
{
    QNetworkRequest request(m_request.url);
    request.setMaximumRedirectsAllowed(10);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Glint/" GLINT_VERSION));
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::PreferNetwork);
    // Only a SOURCE's answer (a page, mostly) goes into the HTTP disk cache. An image of a page is
    // saved as an original and catalogued, and the catalog is what stops it being fetched again;
    // a second copy in the cache would double the bytes written per image, on the network thread.
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, m_request.allowPage);
    m_reply = manager.get(request);
    // Back-pressure: without a bound QNAM's HTTP thread reads the socket as fast as loopback delivers
    // and queues it all for us, so a fast endless body costs hundreds of MB before the size cap sees it.
    m_reply->setReadBufferSize(kReadBufferBytes);
    m_sinceProgress.start();
    connect(m_reply, &QNetworkReply::metaDataChanged, this, &Transfer::onMetaData);
    connect(m_reply, &QNetworkReply::readyRead, this, &Transfer::onReadyRead);
    connect(m_reply, &QNetworkReply::finished, this, &Transfer::onFinished);
}

void Transfer::abort(const Failure &why)
{
    if (!m_reply || !m_abort.isNone())
        return;
    m_abort = why;
    m_sink.cancel();
    m_reply->abort();
}

void Transfer::abortToRequeue()
{
    if (!m_reply)
        return;
    m_requeue = true;
    m_sink.cancel();
    m_reply->abort();
}

// Refuse at once what announces itself as too large, before a byte of the body arrives.
void Transfer::onMetaData()
{
    if (!m_reply)
        return;   // a signal that was already queued when the reply finished
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_declared = declaredLength();
    const qint64 cap = m_request.allowPage ? qMax(m_limits.maxImageBytes, m_limits.maxPageBytes) : m_limits.maxImageBytes;
    if (status < 300 && m_declared > cap)
        abort(Failure::bytes(Failure::Kind::TooLarge, 0, m_limits.maxImageBytes));
}

void Transfer::onReadyRead()
{
    if (!m_reply || !m_abort.isNone() || m_requeue)
        return;
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 300) {
        m_reply->readAll();   // an error page: not ours to keep
        return;
    }
    const QByteArray data = m_reply->readAll();
    if (data.isEmpty())
        return;
    if (m_head.size() < ContentSniffer::kHeadBytes)
        m_head += data.left(ContentSniffer::kHeadBytes - m_head.size());
    if (!m_decided && !decide())
        return;
    m_received += data.size();
    if (m_isPage) {
        if (m_received > m_limits.maxPageBytes)
            return abort(Failure::bytes(Failure::Kind::PageTooLarge, m_received, m_limits.maxPageBytes));
        m_page += data;
    } else {
        if (m_received > m_limits.maxImageBytes)
            return abort(Failure::bytes(Failure::Kind::TooLarge, m_received, m_limits.maxImageBytes));
        if (!m_sink.write(data))
            return abort(Failure(Failure::Kind::CannotSave, m_sink.errorString()));
        m_tail += data.right(ContentSniffer::kTailBytes);
        if (m_tail.size() > 2 * ContentSniffer::kTailBytes)
            m_tail.remove(0, m_tail.size() - ContentSniffer::kTailBytes);
    }
    if (m_sinceProgress.elapsed() >= kProgressIntervalMs) {
        m_sinceProgress.restart();
        Q_EMIT progress(m_received, m_declared);
    }
}

// The Content-Length of the final 2xx answer, or -1. Asked again at the end rather than remembered from
// metaDataChanged: after redirects, a signal for one answer can be read with another's headers.
// Compressed bodies are counted after decompression, and an answer from the disk cache carries the
// headers of its revalidation (a 304 says "Content-Length: 0"): neither length says what we read.
qint64 Transfer::declaredLength() const
{
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QVariant length = m_reply->header(QNetworkRequest::ContentLengthHeader);
    if (status < 200 || status >= 300 || !length.isValid() || !m_reply->rawHeader("Content-Encoding").isEmpty()
        || m_reply->attribute(QNetworkRequest::SourceIsFromCacheAttribute).toBool())
        return -1;
    return length.toLongLong();
}

// On the first bytes: a page to parse, or an original to save?
bool Transfer::decide()
{
    m_decided = true;
    const QByteArray contentType = m_reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    const ContentSniffer::Kind kind = ContentSniffer::classify(contentType, m_head, &m_format);
    m_isPage = m_request.allowPage && kind == ContentSniffer::Kind::Page;
    if (m_isPage)
        return true;
    const QString fallback = ImageFiles::suffixForFormat(m_format);
    // The server's name for it when it gives one (a download script's address names nothing): meant
    // for people (spaces, accents), it is only made safe; else the address's, sanitized. The suffix
    // follows the bytes: a GIF served as x.html is saved as x.gif.
    const QString given = ContentDisposition::fileName(m_reply->rawHeader("Content-Disposition"));
    const QString name = given.isEmpty() ? FileSink::sanitizedName(m_request.url.fileName(), fallback)
                                         : FileSink::safeName(given, m_format);
    if (!m_sink.open(m_request.saveDir, name, m_format)) {
        abort(Failure(Failure::Kind::CannotSave, m_sink.errorString()));
        return false;
    }
    return true;
}

void Transfer::onFinished()
{
    QNetworkReply *reply = std::exchange(m_reply, nullptr);
    if (!reply)
        return;
    reply->disconnect(this);   // nothing it still has queued reaches us after this
    reply->deleteLater();
    if (wasRequeued()) {
        m_sink.cancel();
        Q_EMIT finished();
        return;
    }
    m_reply = reply;   // for the attributes below; gone when this function returns
    if (m_abort.isNone() && reply->error() == QNetworkReply::NoError)
        onReadyRead();   // whatever arrived with the final signal
    m_result.finalUrl = reply->url();
    m_result.httpStatus = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_result.contentType = reply->header(QNetworkRequest::ContentTypeHeader).toByteArray();
    m_result.etag = reply->rawHeader("ETag");
    m_result.lastModified = reply->rawHeader("Last-Modified");
    m_retryAfter = reply->rawHeader("Retry-After");
    m_declared = declaredLength();   // of the answer that actually ended the exchange
    // QNAM stops reading at the Content-Length it honoured, so more bytes than announced can only mean
    // the length is stale: after redirects Qt has (rarely, about 1 run in 300 under ASan) left a 302's
    // "Content-Length: 5" on the reply that delivered the image. Then the length says nothing, and the
    // image's own end marker is the witness, as for a body sent without a length.
    if (m_declared >= 0 && m_received > m_declared && reply->url() != m_request.url)
        m_declared = -1;
    m_result.failure = m_abort.isNone() ? failureOfReply() : m_abort;
    if (m_result.ok())
        complete();
    if (!m_result.ok())
        m_sink.cancel();
    m_reply = nullptr;
    Q_EMIT finished();
}

void Transfer::complete()
{
    if (!m_decided) {
        m_result.failure = Failure(Failure::Kind::EmptyAnswer);
        return;
    }
    // A body shorter than announced is a cut connection, whatever the socket said (curl's error 18).
    if (m_declared >= 0 && m_received != m_declared) {
        m_result.failure = Failure::bytes(m_received < m_declared ? Failure::Kind::Truncated : Failure::Kind::Overlong,
                                          m_received, m_declared);
        return;
    }
    if (m_isPage) {
        m_result.isPage = true;
        m_result.pageData = std::move(m_page);
        return;
    }
    if (m_format.isEmpty()) {
        m_result.failure = Failure(Failure::Kind::NotAnImage, QString::fromLatin1(ContentSniffer::mainType(m_result.contentType)));
        return;
    }
    // Without a length to check, a chunked body cut short looks complete to the socket (QNAM reports no
    // error): the image's own end marker is the only witness left.
    const bool fromCache = m_reply && m_reply->attribute(QNetworkRequest::SourceIsFromCacheAttribute).toBool();
    if (m_declared < 0 && !fromCache && !ContentSniffer::looksComplete(m_format, m_head, m_tail, m_received)) {
        m_result.failure = Failure::bytes(Failure::Kind::Incomplete, m_received, 0);
        return;
    }
    if (!m_sink.commit()) {
        m_result.failure = Failure(Failure::Kind::CannotSave, m_sink.errorString());
        return;
    }
    m_result.file = m_sink.fileName();
    m_result.format = m_format;
    m_result.bytes = m_sink.size();
    m_result.sha256 = m_sink.sha256Hex();
}

Failure Transfer::failureOfReply() const
{
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (status >= 400)
        return Failure::httpStatus(status, m_reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString());
    switch (m_reply->error()) {
    case QNetworkReply::NoError:
        return {};
    case QNetworkReply::OperationCanceledError:
        // Our own aborts set m_abort; an abort we did not ask for is the transfer timeout.
        return Failure::bytes(Failure::Kind::NoData, m_limits.noDataTimeoutMs / 1000, 0);
    case QNetworkReply::TooManyRedirectsError:
        return Failure(Failure::Kind::TooManyRedirects);
    case QNetworkReply::InsecureRedirectError:
        return Failure(Failure::Kind::InsecureRedirect);
    case QNetworkReply::ConnectionRefusedError:
        return Failure(Failure::Kind::ConnectionRefused);
    case QNetworkReply::HostNotFoundError:
        return Failure(Failure::Kind::HostNotFound, m_request.url.host());
    case QNetworkReply::RemoteHostClosedError:
        // Say what was lost where we can tell: the bytes against the length, or the image's own end.
        if (m_declared > 0 && m_received < m_declared)
            return Failure::bytes(Failure::Kind::Truncated, m_received, m_declared);
        if (m_declared < 0 && !m_isPage && !m_format.isEmpty() && !ContentSniffer::looksComplete(m_format, m_head, m_tail, m_received))
            return Failure::bytes(Failure::Kind::Incomplete, m_received, 0);
        return Failure(Failure::Kind::ConnectionClosed);
    case QNetworkReply::ProtocolUnknownError:
        return Failure(Failure::Kind::UnsupportedScheme);
    case QNetworkReply::TimeoutError:
    case QNetworkReply::TemporaryNetworkFailureError:
    case QNetworkReply::NetworkSessionFailedError:
    case QNetworkReply::UnknownNetworkError:
    case QNetworkReply::ProxyTimeoutError:
        return Failure(Failure::Kind::NetworkUnstable, m_reply->errorString());
    default:
        return Failure(Failure::Kind::Network, m_reply->errorString());
    }
}

} // namespace glint
