#pragma once
// The pipeline: SOURCEs in, items out. It discovers images (direct URLs, the images of a page, local
// files and folders), downloads them with the Downloader (network thread), decodes thumbnails with
// the ThumbnailDecoder (its own pool) and reports every step as a signal on the owning thread.
//
// Threads: create and use it on the GUI thread; it never does heavy work there itself in async mode.
// In blocking mode (--blocking) it deliberately does the same work synchronously on its own thread,
// one item per event-loop turn, to show what that costs.
// Lifetime: continuations use the pipeline as their context, so results that arrive after it is gone
// are dropped; its destructor cancels downloads and waits only for decodes already running.
#include "core/imaging/thumbnaildecoder.h"
#include "core/net/downloader.h"
#include "core/pipeline/item.h"

#include <QElapsedTimer>
#include <QHash>
#include <QImage>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <atomic>
#include <deque>
#include <functional>
#include <memory>

namespace glint {

class BlockingFetcher;
class Catalog;

class Pipeline final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Pipeline)
public:
    struct Options {
        int maxConnections = 8;
        int decodeThreads = 0;          // 0: one per core
        QString downloadDir;
        bool blocking = false;
        int noDataTimeoutMs = 30000;
        int retryBaseMs = 1000;
        qint64 maxImageBytes = 100LL * 1024 * 1024;
        QString cacheDir;               // HTTP disk cache; empty: none
        QSize thumbnailBox = ThumbnailDecoder::kThumbnailBox;
    };

    explicit Pipeline(const Options &options, QObject *parent = nullptr);
    ~Pipeline() override;

    // An http(s) URL of an image or a page, a file:// URL, or a local path of a file or folder.
    void addSource(const QString &source);
    // Like addSource, but when the address turns out to be a page its images are not fetched:
    // pageScanned() lists them so that the user can pick (see addImages). An image is fetched as usual.
    void addSourceToPick(const QString &source);
    // Images chosen from a page that pageScanned() reported.
    void addImages(const QList<QUrl> &images, const QUrl &page);
    void cancelAll();
    void cancel(int row);
    void retry(int row);                       // a failed item, from the start
    void pauseAll();
    void resumeAll();
    bool isPaused() const { return m_paused; }
    // Optional. An image URL the catalog already holds, with its file still on disk, is taken from
    // there (stored thumbnail, no request at all) instead of being fetched again. Async mode only.
    void setCatalog(Catalog *catalog);
    // Rows the user can see download first; scrolling re-prioritizes what is still queued.
    void setVisibleRows(int first, int last);

    const QList<Item> &items() const { return m_items; }
    bool isIdle() const { return m_outstanding == 0; }
    bool isBlocking() const { return m_options.blocking; }
    int decodeThreads() const { return m_decoder.threadCount(); }
    qint64 bytesDownloaded() const { return m_bytesDownloaded; }
    // Milliseconds since the pipeline was made until the last item finished (0 when none has).
    qint64 lastFinishedMs() const { return m_lastFinishedMs; }
    qint64 elapsedMs() const { return m_clock.elapsed(); }

Q_SIGNALS:
    // Rows first..last were appended (a page's images arrive as one batch, so that views insert
    // them in one go instead of row by row).
    void itemsAdded(int first, int last);
    void itemChanged(int row);
    void thumbnailReady(int row, const QImage &thumbnail);
    void idle();   // every source resolved and every item finished
    // For addSourceToPick(): the images found, in page order; `capped` when the page had more.
    void pageScanned(const QUrl &page, const QList<QUrl> &images, bool capped);

private:
    void addUrlSource(const QUrl &url);
    void addLocalSource(const QString &path);
    int addItem(const QUrl &url, const QUrl &page);
    int appendItem(const QUrl &url, const QUrl &page);   // addItem without the signal
    void startDownload(int row);
    void startDownloads(int first, int last);   // asks the catalog first, when there is one
    void onDownloadStarted(quint64 id);
    void onDownloadRequeued(quint64 id);
    void onDownloadRetrying(quint64 id, int attempt, int delayMs, const QString &reason);
    void onDownloadProgress(quint64 id, qint64 received, qint64 total);
    void onDownloadFinished(const DownloadResult &result);
    void onPageParsed(const QUrl &page, const QList<QUrl> &urls);
    void startDecode(int row, bool hash);
    void onDecoded(int row, const DecodedImage &decoded);
    void failItem(int row, const QString &error);
    void failSource(const QUrl &url, const QString &error);
    void beginWork() { ++m_outstanding; }
    void endWork();
    void runBlocking(std::function<void()> task);
    void scheduleBlocking();
    void blockingFetch(const QUrl &url, int row);

    Options m_options;
    ThumbnailDecoder m_decoder;
    Downloader *m_downloader = nullptr;               // async mode
    std::unique_ptr<BlockingFetcher> m_fetcher;       // blocking mode
    std::deque<std::function<void()>> m_blockingTasks;
    bool m_blockingScheduled = false;
    bool m_inBlockingTask = false;                    // a blocking task is running now (GUI thread)
    QSet<QUrl> m_pickSources;                         // pages whose images the user picks
    QPointer<Catalog> m_catalog;                      // optional: images it holds are not fetched again
    QList<Item> m_items;
    QSet<QUrl> m_known;                               // every URL already queued or done
    QHash<quint64, int> m_downloadRows;               // download id → item row
    QHash<int, quint64> m_rowDownloads;               // item row → its running download
    QHash<quint64, QUrl> m_sourceDownloads;           // download id → SOURCE that may be a page
    std::shared_ptr<std::atomic<bool>> m_cancelled;
    int m_outstanding = 0;
    bool m_paused = false;
    int m_visibleFirst = -1, m_visibleLast = -1;
    qint64 m_bytesDownloaded = 0;
    qint64 m_lastFinishedMs = 0;
    QElapsedTimer m_clock;
};

} // namespace glint
