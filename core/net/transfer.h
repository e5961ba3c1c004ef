#pragma once
// One HTTP GET, from the request to a checked result: it reads the answer as it arrives, refuses what
// is too large (from the header, or while streaming), decides from the first bytes whether it is a
// page (kept in memory) or an image (streamed into a FileSink: hashed, never left half-written), and
// at the end checks the body against its Content-Length, so a cut connection is an error, not a
// half-grey image.
//
// Threads: lives on the network thread with its QNetworkAccessManager. Lifetime: owned by the
// downloader's worker; emits finished() exactly once, after which result() is final.
#include "core/net/downloadtypes.h"
#include "core/net/filesink.h"

#include <QElapsedTimer>
#include <QObject>

class QNetworkAccessManager;
class QNetworkReply;

namespace glint {

class Transfer final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Transfer)
public:
    struct Limits {
        qint64 maxImageBytes = 100LL * 1024 * 1024;
        qint64 maxPageBytes = 10LL * 1024 * 1024;
        int noDataTimeoutMs = 30000;
    };
    // Memory per transfer is bounded by this, whatever the file (back-pressure on the socket).
    static constexpr qint64 kReadBufferBytes = 1024 * 1024;
    static constexpr qint64 kProgressIntervalMs = 100;

    Transfer(quint64 id, DownloadRequest request, const Limits &limits, QObject *parent = nullptr);
    ~Transfer() override;

    void start(QNetworkAccessManager &manager);
    void abort(const Failure &why);   // ends with finished(), failing with `why`
    void abortToRequeue();            // ends with finished(); wasRequeued() is then true

    quint64 id() const { return m_id; }
    const QString &host() const { return m_host; }
    bool wasRequeued() const { return m_requeue && m_abort.isNone(); }
    const DownloadResult &result() const { return m_result; }
    QByteArray retryAfter() const { return m_retryAfter; }

Q_SIGNALS:
    void progress(qint64 received, qint64 total);
    void finished();

private:
    void onMetaData();
    void onReadyRead();
    void onFinished();
    bool decide();
    void complete();
    Failure failureOfReply() const;
    qint64 declaredLength() const;

    quint64 m_id;
    DownloadRequest m_request;
    Limits m_limits;
    QString m_host;
    QNetworkReply *m_reply = nullptr;
    FileSink m_sink;
    QByteArray m_head;        // the first bytes, for sniffing
    QByteArray m_tail;        // the last bytes, for the end-of-image check of undeclared lengths
    QByteArray m_page;
    QByteArray m_format;
    bool m_decided = false;
    bool m_isPage = false;
    bool m_requeue = false;
    Failure m_abort;          // set when we aborted on purpose; wins over the reply's error
    qint64 m_received = 0;
    qint64 m_declared = -1;   // Content-Length of a 2xx answer, -1 when not given
    QElapsedTimer m_sinceProgress;
    QByteArray m_retryAfter;
    DownloadResult m_result;
};

} // namespace glint
