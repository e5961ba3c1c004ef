#pragma once
// The pipeline: SOURCEs in, items out. It discovers images (direct URLs, the images of a page, local
// files and folders), asks the catalog what it already holds, downloads the rest with the Downloader,
// decodes thumbnails, and reports every step as a signal on its own thread.
//
// Every step goes through an Executor (executor.h): on workers (async) or inline on this thread
// (blocking, the demonstration of the anti-pattern). The pipeline's logic is the same for both and
// the executor can be changed between steps (setExecutor) while a run is going.
//
// Threads: create and use on the GUI thread; it never does heavy work there itself with the async
// executor. Ownership: the Downloader, the Executor and the Catalog are services it is given (by
// Application); they outlive it. Lifetime: continuations are watched by children of the pipeline
// (whenReady), so results that arrive after it is gone are dropped; its destructor cancels its own
// downloads and page scans and waits for nothing. The address coroutines (resolveAddress) are owned
// here (m_resolving, let go once finished); each waits through inContext, so a pipeline destroyed
// mid-flow resumes them only to end.
// Cancel: cancelAll() ends every unfinished item at once with Failure::Kind::Cancelled; nothing that
// arrives later (a download's last signal, a decode, a page scan, a folder batch) changes such an item
// or adds to the run. Listeners hear of it in slices of rows, one per event-loop turn (itemsChanged).
#include "core/imaging/freedesktopthumbnails.h"
#include "core/net/downloader.h"
#include "core/pipeline/item.h"
#include "core/util/chunkedvector.h"
#include "core/util/shardedset.h"
#include "core/util/turnslices.h"

#include <QCoro/QCoroTask>
#include <QElapsedTimer>
#include <QFuture>
#include <QHash>
#include <QImage>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QSize>
#include <QStringList>
#include <array>
#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <unordered_set>
#include <vector>

namespace glint {

class Catalog;
struct DecodedImage;
class Executor;

class Pipeline final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Pipeline)
public:
    struct Options {
        QString downloadDir;
        QSize thumbnailBox{240, 180};
        // The shared thumbnail cache of the desktop: looked up before decoding a file and written
        // after. Disabled unless set (Application sets it from Preferences; tests point it at a temp dir).
        FreedesktopThumbnails freedesktop;
    };

    Pipeline(const Options &options, Downloader &downloader, Executor &executor, QObject *parent = nullptr);
    ~Pipeline() override;
    Downloader &downloader() const { return m_downloader; }

    // An http(s) URL of an image or a page, a file:// URL, a local path of a file or folder, or an
    // address without a scheme ("example.com/a.jpg") that is not a local path.
    void addSource(const QString &source);
    // Like addSource, but when the address turns out to be a page its images are not fetched:
    // pageScanned() lists them so that the user can pick (see addImages). An image is fetched as usual.
    void addSourceToPick(const QString &source);
    // Images chosen from a page that pageScanned() reported.
    void addImages(const QList<QUrl> &images, const QUrl &page);
    void cancelAll();
    void cancel(int row);
    void retry(int row);                       // a failed item, from the start
    // The same for many rows at once (the downloads panel's selection): the items change together,
    // listeners are told in slices (itemsChanged) and the downloads go to the network thread in one
    // message, instead of a signal through every model and a message per row.
    void cancel(const QList<int> &rows);
    void retry(const QList<int> &rows);
    void pauseAll();
    void resumeAll();
    bool isPaused() const { return m_paused; }
    // Optional. An image URL the catalog already holds, with its file still on disk, is taken from
    // there (stored thumbnail, no request at all) instead of being fetched again.
    void setCatalog(Catalog *catalog);
    // Rows the user can see download first; scrolling re-prioritizes what is still queued.
    void setVisibleRows(int first, int last);
    // The same for rows that are not one range (a sorted gallery shows rows from all over the run).
    // O(rows given + rows visible before).
    void setVisibleRows(const QList<int> &rows);
    // Where originals of downloads started from now on are saved (Preferences); those under way keep theirs.
    void setDownloadDir(const QString &dir) { m_options.downloadDir = dir; }
    QString downloadDir() const { return m_options.downloadDir; }
    // The size of thumbnails decoded from now on (the tile-size slider); those made already keep theirs.
    void setThumbnailBox(QSize box) { m_options.thumbnailBox = box; }
    QSize thumbnailBox() const { return m_options.thumbnailBox; }
    // For decodes that start from now on (Preferences).
    void setFreedesktopThumbnails(const FreedesktopThumbnails &cache) { m_options.freedesktop = cache; }
    const FreedesktopThumbnails &freedesktopThumbnails() const { return m_options.freedesktop; }
    // Where the next steps run. Work already under way finishes where it started.
    void setExecutor(Executor &executor);
    Executor &executor() const { return *m_executor; }

    using Items = ChunkedVector<Item>;   // appended to, never moved: see chunkedvector.h
    const Items &items() const { return m_items; }
    // How many items are in `state` now: kept as items change, so asking costs nothing.
    int count(Item::State state) const { return m_counts[int(state)]; }
    // Of the Failed ones, those the user cancelled (Failure::Kind::Cancelled): the status bar tells
    // them apart from real failures. Kept as items change, like count().
    int cancelledCount() const { return m_cancelledCount; }
    qint64 doneBytes() const { return m_doneBytes; }   // bytes of the items that are Done
    bool isIdle() const { return m_unfinished == 0 && m_sources.isEmpty(); }
    // Decodes running now, and the most that run at once (the others wait, visible rows first).
    int decodesRunning() const { return m_decodesRunning; }
    static int decodesInFlight();
    qint64 bytesDownloaded() const { return m_bytesDownloaded; }
    // Milliseconds since the pipeline was made until the last item finished (0 when none has).
    qint64 lastFinishedMs() const { return m_lastFinishedMs; }
    qint64 elapsedMs() const { return m_clock.elapsed(); }

    static constexpr int kFolderBatch = 500;   // files per batch of a folder listing
    static constexpr int kLookupChunk = 200;   // addresses per catalog lookup
    static constexpr int kAnnounceSlice = 16384;   // rows per itemsChanged: ~2 ms of listeners
    // One batch of a local SOURCE's listing: image files found, or why there are none.
    struct LocalBatch {
        Failure failure;
        QStringList files;
    };

Q_SIGNALS:
    // Rows first..last were appended (a page's images and a folder's files arrive in batches, so
    // that views insert them in one go instead of row by row).
    void itemsAdded(int first, int last);
    void itemChanged(int row);
    // Many at once (Cancel all): a range of at most kAnnounceSlice rows per signal, one per event-loop turn.
    void itemsChanged(int first, int last);
    void thumbnailReady(int row, const QImage &thumbnail);
    void idle();   // every source resolved and every item finished
    void busy();   // the first work after idle() (or after the start)
    // For addSourceToPick(): the images found, in page order; `capped` when the page had more.
    void pageScanned(const QUrl &page, const QList<QUrl> &images, bool capped);

private:
    using SourceId = quint64;
    struct PageScanResult {
        QList<QUrl> urls;
        bool capped = false;
    };

    void resolveSource(SourceId source, const QString &text);
    SourceId beginSource();
    bool endSource(SourceId source);   // false: cancelled meanwhile (drop what it brought)
    void addUrlSource(SourceId source, const QUrl &url);
    void addLocalSource(SourceId source, const QString &path, const QString &typed);
    QCoro::Task<> resolveAddress(SourceId source, QUrl url);
    void onPageScanned(SourceId source, const QUrl &page, const PageScanResult &scan);
    int appendItem(const QUrl &url, const QUrl &page);
    // `files`: the local paths of `urls` (a folder's listing), which are then decoded; else downloaded.
    void addItems(const QList<QUrl> &urls, const QUrl &page, const QStringList &files = {});
    void startDownloads(int first, int last);   // asks the catalog first, when there is one
    void startDownload(int row);
    void onDownloadStarted(quint64 id);
    void onDownloadRequeued(quint64 id);
    void onDownloadRetrying(quint64 id, int attempt, int delayMs, const Failure &reason);
    void onDownloadProgress(quint64 id, qint64 received, qint64 total);
    void onDownloadFinished(int row, quint32 generation, quint64 id, const DownloadResult &result);
    void onDownloadResult(const DownloadResult &result);
    void startDecode(int row, bool hash, bool announce = true);   // queues it; runDecodes() starts it
    void startDownloadsNow(const QList<int> &rows);   // no catalog lookup (retries): one message
    DownloadRequest downloadRequestOf(int row) const;   // an item's download, saved in the downloads folder
    int downloadPriorityOf(int row) const;
    void resetForRetry(int row);   // Queued again, a new generation, everything else forgotten
    void runDecodes();
    bool takeDecode(int *row, bool *hash);   // the next to start: a visible row first
    void launchDecode(int row, bool hash);
    void onDecoded(int row, quint32 generation, const DecodedImage &decoded);
    void failItem(int row, const Failure &failure);
    void finishItem(int row);
    void failSource(const QUrl &url, const Failure &failure);
    void checkIdle();
    void markBusy();
    void announceChanged(int first, int last);
    bool announceSlice();   // true while rows remain to be told
    void stopWorkInFlight();
    void setState(Item &item, Item::State state);
    // Failed with `failure`, its passing note gone; counted in cancelledCount() when the user cancelled it.
    void setFailed(Item &item, const Failure &failure);
    // The visible rows become [first, last] or `set`: downloads of rows that left go back to
    // priority 0, those of rows that came get 1.
    void changeVisibleRows(int first, int last, QSet<int> set);
    bool isVisible(int row) const;
    int rowOf(quint64 downloadId) const { return m_downloadRows.value(downloadId, -1); }

    Options m_options;
    Downloader &m_downloader;
    Executor *m_executor;
    QPointer<Catalog> m_catalog;
    Items m_items;
    // Every URL already queued or done. Not a QSet: at 65,536 URLs the insert that grew it held the
    // GUI thread for ~30 ms (StoredQHash says why); nor one unordered_set, whose relinking of 85,000
    // held it for 13–19 ms (ShardedSet).
    ShardedSet<QUrl> m_known;
    QSet<QUrl> m_pickSources;                         // pages whose images the user picks
    QHash<quint64, int> m_downloadRows;               // download id → item row
    // Item row → its running download (0: none). An array, not a hash: 100,000 rows queued for
    // download were 100,000 hash inserts on the GUI thread, a rehash of them all among them.
    std::vector<quint64> m_rowDownloads;
    quint64 rowDownload(int row) const { return size_t(row) < m_rowDownloads.size() ? m_rowDownloads[size_t(row)] : 0; }
    void setRowDownload(int row, quint64 id);
    void rememberDownload(int row, quint64 id);   // both ways: id → row and row → id
    quint64 forgetDownload(int row);   // the row's running download, no longer matched to it (0: none)
    QSet<SourceId> m_sources;                         // SOURCEs still being resolved
    QHash<quint64, SourceId> m_sourceDownloads;       // download id → the SOURCE it resolves
    QHash<SourceId, QFuture<LocalBatch>> m_listings;     // local listings running (cancelled by cancelAll)
    std::deque<std::function<void()>> m_listed;          // listed batches (and listings' ends) not yet handled
    void takeListed(std::function<void()> handle);       // handled in order, one per event-loop turn
    bool handleListed();                                 // one of them; true while more wait
    TurnSlices m_listedSlices{[this] { return handleListed(); }};
    std::map<SourceId, QCoro::Task<>> m_resolving;    // resolveAddress of each SOURCE; finished ones go at the next
    SourceId m_nextSource = 1;
    // Work started before the last cancelAll() checks this and stops; a new token is made after.
    std::shared_ptr<std::atomic<bool>> m_cancelled;
    int m_unfinished = 0;                             // items not Done or Failed
    std::array<int, 5> m_counts{};                    // items per Item::State
    int m_cancelledCount = 0;                         // Failed items whose failure is Cancelled
    qint64 m_doneBytes = 0;
    bool m_paused = false;
    bool m_idleAnnounced = true;
    int m_visibleFirst = -1, m_visibleLast = -1;
    QSet<int> m_visibleSet;   // when the visible rows are not a range
    // Decodes wait here and at most decodesInFlight() run: a folder of 100,000 files was 100,000
    // pool tasks with a promise, a watcher and connections each (~1 KB apiece, ~110 MB at the start
    // of the run). Each waiting row is in m_decodeOrder (order asked) and, with its generation and
    // whether to hash, in m_decodeWaiting; a row taken out of turn (visible) leaves a stale entry in
    // the order, skipped when it comes up.
    struct DecodeRequest {
        quint32 generation = 0;
        bool hash = false;
    };
    std::deque<int> m_decodeOrder;
    QHash<int, DecodeRequest> m_decodeWaiting;
    int m_decodesRunning = 0;
    bool m_runningDecodes = false;     // inside runDecodes (blocking mode finishes decodes inline)
    bool m_visibleMayWait = false;     // visible rows changed or queued since they were last checked
    qint64 m_bytesDownloaded = 0;
    qint64 m_lastFinishedMs = 0;
    QElapsedTimer m_clock;
    // Rows changed in bulk and not yet announced (announceChanged): -1 when none.
    int m_announceFirst = -1, m_announceLast = -1;
    TurnSlices m_announceSlices{[this] { return announceSlice(); }};
};

} // namespace glint
