#include "core/pipeline/pipeline.h"

#include "core/catalog/catalog.h"
#include "core/formats/imagefiles.h"
#include "core/pages/pageparser.h"
#include "core/pipeline/executor.h"
#include "core/util/awaitfuture.h"
#include "core/util/backgroundpriority.h"
#include "core/util/naturalorder.h"
#include "core/util/whenready.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <qplatformdefs.h>
#include <QMetaObject>
#include <QRegularExpression>
#include <QThread>
#include <algorithm>
#include <numeric>
#include <utility>

namespace glint {
namespace {

using LocalBatch = Pipeline::LocalBatch;

// A folder's entries as a file manager lists them and as the gallery's Sort by Name orders them
// ("img2" before "img10", any case): a folder opened as a SOURCE arrives in that order.
QFileInfoList inNaturalOrder(const QFileInfoList &entries)
{
    std::vector<std::pair<QString, qsizetype>> keys;
    keys.reserve(size_t(entries.size()));
    for (qsizetype i = 0; i < entries.size(); ++i)
        keys.emplace_back(NaturalOrder::key(entries[i].fileName().toCaseFolded()), i);
    // Ties (names that differ only in case) by the name itself, so the order never depends on the disk's.
    std::sort(keys.begin(), keys.end(), [&](const auto &l, const auto &r) {
        if (const int c = l.first.compare(r.first); c != 0)
            return c < 0;
        return entries[l.second].fileName() < entries[r.second].fileName();
    });
    QFileInfoList sorted;
    sorted.reserve(entries.size());
    for (const auto &entry : keys)
        sorted << entries[entry.second];
    return sorted;
}

// A local SOURCE, listed on a worker: a single file, or a folder walked one directory at a time (each
// in natural order), delivered in batches so the first thumbnails come while a huge tree is still being
// read, and stopped between batches when the listing is cancelled. Only regular files and folders:
// devices, pipes and sockets are refused with a sentence; symbolic links to folders are not followed
// (no loops).
void listLocal(QPromise<LocalBatch> &promise, const QString &path)
{
    BackgroundPriority::applyToThisThread();
    // stat() itself: QFileInfo says a pipe does not exist, and opening one would block this thread.
    QT_STATBUF st;
    if (QT_STAT(QFile::encodeName(path).constData(), &st) != 0) {
        promise.addResult(LocalBatch{Failure(Failure::Kind::NotFound), {}});
        return;
    }
    if (S_ISREG(st.st_mode)) {
        promise.addResult(LocalBatch{{}, {QFileInfo(path).absoluteFilePath()}});
        return;
    }
    if (!S_ISDIR(st.st_mode)) {
        promise.addResult(LocalBatch{Failure(Failure::Kind::NotAFile, QObject::tr("a device, a pipe or a socket")), {}});
        return;
    }
    QStringList stack{QFileInfo(path).absoluteFilePath()};
    QStringList batch;
    while (!stack.isEmpty() && !promise.isCanceled()) {
        const QDir dir(stack.takeLast());
        const QFileInfoList entries = inNaturalOrder(
            dir.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Readable, QDir::Unsorted));
        QStringList subdirs;
        for (const QFileInfo &entry : entries) {
            if (entry.isDir()) {
                if (!entry.isSymLink())
                    subdirs << entry.absoluteFilePath();
            } else if (entry.isFile() && ImageFiles::hasImageSuffix(entry.fileName())) {
                batch << entry.absoluteFilePath();
                if (batch.size() >= Pipeline::kFolderBatch) {
                    promise.addResult(LocalBatch{{}, std::exchange(batch, {})});
                    if (promise.isCanceled())
                        return;
                }
            }
        }
        std::reverse(subdirs.begin(), subdirs.end());   // depth first, in name order
        stack << subdirs;
    }
    if (!batch.isEmpty())
        promise.addResult(LocalBatch{{}, batch});
}

// "example.com/a.jpg" typed without a scheme: a web address, if there is no such local path.
QUrl webAddressOf(const QString &typed)
{
    const QUrl url = QUrl::fromUserInput(typed);
    const bool web = (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"))
        && (url.host().contains(QLatin1Char('.')) || url.host() == QLatin1String("localhost"));
    return web ? url : QUrl();
}

DecodedImage cancelledDecode()
{
    DecodedImage decoded;
    decoded.failure = Failure(Failure::Kind::Cancelled);
    return decoded;
}

DownloadResult cancelledDownload()
{
    DownloadResult result;
    result.failure = Failure(Failure::Kind::Cancelled);
    return result;
}

} // namespace

Pipeline::Pipeline(const Options &options, Downloader &downloader, Executor &executor, QObject *parent)
    : QObject(parent), m_options(options), m_downloader(downloader), m_executor(&executor),
      m_cancelled(std::make_shared<std::atomic<bool>>(false))
{
    m_clock.start();
    connect(&m_downloader, &Downloader::started, this, &Pipeline::onDownloadStarted);
    connect(&m_downloader, &Downloader::requeued, this, &Pipeline::onDownloadRequeued);
    connect(&m_downloader, &Downloader::retrying, this, &Pipeline::onDownloadRetrying);
    connect(&m_downloader, &Downloader::progress, this, &Pipeline::onDownloadProgress);
    connect(&m_downloader, &Downloader::finished, this, &Pipeline::onDownloadResult);
}

Pipeline::~Pipeline()
{
    // Nothing comes back: results go to watchers and to a connection that die with us.
    stopWorkInFlight();
}

// Work in flight stops where it checks the token, listings between batches; our downloads (not a
// dialog's on the same downloader) end at once. Their id maps are emptied: a late signal finds no row.
void Pipeline::stopWorkInFlight()
{
    m_cancelled->store(true);
    for (QFuture<LocalBatch> &listing : m_listings)
        listing.cancel();
    if (!m_downloadRows.isEmpty())
        m_downloader.cancel(std::exchange(m_downloadRows, {}));   // walked and freed on the network thread
    if (!m_sourceDownloads.isEmpty())
        m_downloader.cancel(std::exchange(m_sourceDownloads, {}).keys());   // one per SOURCE: few
}

void Pipeline::setExecutor(Executor &executor)
{
    m_executor = &executor;
}

void Pipeline::setCatalog(Catalog *catalog)
{
    m_catalog = catalog;
}

Pipeline::SourceId Pipeline::beginSource()
{
    const SourceId source = m_nextSource++;
    m_sources.insert(source);
    markBusy();
    return source;
}

bool Pipeline::endSource(SourceId source)
{
    const bool live = m_sources.remove(source);
    checkIdle();
    return live;
}

void Pipeline::addSource(const QString &source)
{
    const QString text = source.trimmed();
    if (text.isEmpty())
        return;
    // Taken from the event loop, in both modes: a SOURCE is handled in a slot of its own, after the
    // window has shown what asked for it.
    const SourceId id = beginSource();
    QMetaObject::invokeMethod(this, [this, id, text] { resolveSource(id, text); }, Qt::QueuedConnection);
}

void Pipeline::addSourceToPick(const QString &source)
{
    const QString text = source.trimmed();
    const QUrl url = QUrl::fromUserInput(text);
    if ((url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"))
        && !ImageFiles::hasImageSuffix(url.path())) {
        m_pickSources.insert(url);
        // A page asked for again, on purpose: the user may want to pick from it once more. Images
        // already fetched stay known, so picking never fetches one twice.
        const bool isItem = std::any_of(m_items.cbegin(), m_items.cend(), [&](const Item &i) { return i.url == url; });
        if (!isItem)
            m_known.erase(url);
    }
    addSource(text);
}

void Pipeline::addImages(const QList<QUrl> &images, const QUrl &page)
{
    addItems(images, page);
    checkIdle();
}

// What the user typed: a URL with a scheme, a path, or a bare "host/path" that is a path only if it
// exists (decided on the worker that lists it, never here: no file system on the GUI thread).
void Pipeline::resolveSource(SourceId source, const QString &text)
{
    if (!m_sources.contains(source))
        return;   // cancelled before it started
    // "http://…", "file:/…": a scheme. "localhost:8080/a.jpg" is a host and a port, as in a browser's address bar.
    static const QRegularExpression scheme(QStringLiteral("^([A-Za-z][A-Za-z0-9+.-]*://|file:)"), QRegularExpression::CaseInsensitiveOption);
    const bool pathLike = text.startsWith(QLatin1Char('/')) || text.startsWith(QLatin1String("~/"))
        || text.startsWith(QLatin1String("./")) || text.startsWith(QLatin1String("../")) || text == QLatin1String(".");
    if (!pathLike && scheme.match(text).hasMatch()) {
        const QUrl url(text);
        if (url.isLocalFile()) {
            addLocalSource(source, url.toLocalFile(), {});
        } else if (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https")) {
            addUrlSource(source, url);
        } else {
            failSource(QUrl(text), Failure(Failure::Kind::UnsupportedSource));
            endSource(source);
        }
        return;
    }
    QString path = text;
    if (path.startsWith(QLatin1String("~/")))
        path = QDir::homePath() + path.mid(1);
    addLocalSource(source, QDir::current().absoluteFilePath(path), pathLike ? QString() : text);
}

void Pipeline::addUrlSource(SourceId source, const QUrl &url)
{
    if (m_known.contains(url)) {
        endSource(source);
        return;
    }
    if (ImageFiles::hasImageSuffix(url.path()) && !m_pickSources.contains(url)) {
        addItems({url}, {});
        endSource(source);
        return;
    }
    // Could be a page or an image: the answer decides.
    m_known.insert(url);
    // Runs until its first wait, then from the event loop; its Task is ours until it has finished.
    std::erase_if(m_resolving, [](const auto &entry) { return entry.second.isReady(); });
    m_resolving.insert_or_assign(source, resolveAddress(source, url));
}

// The life of an address that may be a page, written as the sequence it is: fetch it; an image is an
// item in its own right; a page is scanned on a worker and its images become items. Each co_await
// suspends while the work runs elsewhere (async executor) or goes straight through (blocking
// executor: the futures are finished already). inContext() never resumes on a destroyed pipeline,
// and a SOURCE cancelled while it waited brings nothing back.
QCoro::Task<> Pipeline::resolveAddress(SourceId source, QUrl url)
{
    const Downloader::Ticket ticket = m_downloader.fetch(DownloadRequest(url).saveTo(m_options.downloadDir).acceptPage());
    m_sourceDownloads.insert(ticket.id, source);
    // Named futures, not temporaries inside the co_await: GCC 12 mishandles the lifetime of temporaries
    // (a lambda above all) that a co_await expression holds across a suspension.
    const QFuture<DownloadResult> download = m_executor->adopt(ticket.result);
    const auto fetched = co_await inContext(download, this, m_executor->delivery());
    if (fetched.contextGone())
        co_return;
    m_sourceDownloads.remove(ticket.id);
    const DownloadResult result = fetched.valueOr(cancelledDownload());
    if (!m_sources.contains(source))
        co_return;   // cancelled meanwhile: what it brought is dropped

    if (!result.ok() || !result.isPage) {
        // A SOURCE that was not a page is an item in its own right.
        const int row = appendItem(url, {});
        Q_EMIT itemsAdded(row, row);
        onDownloadFinished(row, m_items[row].generation, 0, result);
        endSource(source);
        co_return;
    }

    m_bytesDownloaded += result.pageData.size();
    const QUrl base = result.finalUrl.isValid() ? result.finalUrl : result.url;
    // Parsing a large page takes a noticeable time: a step of its own, like decoding.
    const QFuture<PageScanResult> scan = m_executor->run([data = result.pageData, type = result.contentType, base,
                                                         cancelled = m_cancelled] {
        BackgroundPriority::applyToThisThread();
        if (cancelled->load())
            return PageScanResult{};
        const PageScan found = PageParser::scan(data, type, base);
        return PageScanResult{found.urls(), found.capped};
    });
    const auto scanned = co_await inContext(scan, this, m_executor->delivery());
    if (scanned.contextGone())
        co_return;
    onPageScanned(source, url, scanned.valueOr(PageScanResult{}));
}

void Pipeline::onPageScanned(SourceId source, const QUrl &page, const PageScanResult &scan)
{
    if (!m_sources.contains(source))
        return;
    if (m_pickSources.remove(page)) {
        Q_EMIT pageScanned(page, scan.urls, scan.capped);
    } else if (scan.urls.isEmpty()) {
        // Every SOURCE shows up in the results: a page without images is one error item.
        failSource(page, Failure(Failure::Kind::NoImagesOnPage));
    } else {
        addItems(scan.urls, page);
    }
    endSource(source);
}

void Pipeline::addLocalSource(SourceId source, const QString &path, const QString &typed)
{
    const QUrl url = QUrl::fromLocalFile(path);
    QFuture<LocalBatch> listing = m_executor->stream<LocalBatch>([path](QPromise<LocalBatch> &promise) { listLocal(promise, path); });
    m_listings.insert(source, listing);
    auto fellBack = std::make_shared<bool>(false);
    const auto handle = [this, source, url, typed, fellBack](const LocalBatch &batch) {
        if (!m_sources.contains(source))
            return;
        if (batch.failure.isNone()) {
            QList<QUrl> urls;
            urls.reserve(batch.files.size());
            for (const QString &file : batch.files)
                urls << QUrl::fromLocalFile(file);
            addItems(urls, {}, batch.files);
        } else if (const QUrl web = batch.failure.is(Failure::Kind::NotFound) ? webAddressOf(typed) : QUrl(); web.isValid()) {
            *fellBack = true;   // "example.com/a.jpg": no such file, so a web address
            addUrlSource(source, web);
        } else {
            failSource(url, batch.failure);
        }
    };
    whenResults(listing, this,
        [this, handle](const QFuture<LocalBatch> &results, int begin, int end) {
            for (int i = begin; i < end; ++i)
                takeListed([handle, batch = results.resultAt(i)] { handle(batch); });
        },
        [this, source, fellBack] {
            takeListed([this, source, fellBack] {
                m_listings.remove(source);
                if (!*fellBack)
                    endSource(source);
            });
        },
        m_executor->delivery());
}

// A listing outruns the GUI thread at first (the window is still being built), and every batch
// that had arrived was handled in one pass of posted events: 16-18 batches of 500 files, 15 ms
// with no timer served (docs/BENCHMARKS.md section 30). One batch per event-loop turn instead.
// Blocking mode handles each at once, as naive code would.
void Pipeline::takeListed(std::function<void()> handle)
{
    if (m_executor->isBlocking()) {
        handle();
        return;
    }
    m_listed.push_back(std::move(handle));
    m_listedSlices.schedule();
}

bool Pipeline::handleListed()
{
    if (m_listed.empty())
        return false;
    const std::function<void()> handle = std::move(m_listed.front());
    m_listed.pop_front();
    handle();
    return !m_listed.empty();
}

int Pipeline::appendItem(const QUrl &url, const QUrl &page)
{
    m_known.insert(url);
    Item item;
    item.url = url;
    item.page = page;
    m_items.append(item);
    ++m_counts[int(Item::State::Queued)];
    ++m_unfinished;
    markBusy();
    return int(m_items.size()) - 1;
}

// All rows first, announced once, then their work: a page of 400 images was 400 row insertions
// through every model, proxy and view, which held back the first thumbnail.
void Pipeline::addItems(const QList<QUrl> &urls, const QUrl &page, const QStringList &files)
{
    Q_ASSERT(files.isEmpty() || files.size() == urls.size());
    const bool local = !files.isEmpty();
    const int first = int(m_items.size());
    for (qsizetype i = 0; i < urls.size(); ++i) {
        if (m_known.contains(urls[i]))
            continue;
        const int row = appendItem(urls[i], page);
        if (local)
            m_items[row].file = files[i];   // the listing's string, shared: not a second copy per item
    }
    const int last = int(m_items.size()) - 1;
    if (last < first)
        return;
    Q_EMIT itemsAdded(first, last);
    if (local) {
        for (int row = first; row <= last; ++row)
            startDecode(row, true);
    } else {
        startDownloads(first, last);
    }
}

void Pipeline::startDownloads(int first, int last)
{
    if (!m_catalog) {
        QList<int> rows(last - first + 1);
        std::iota(rows.begin(), rows.end(), first);
        startDownloadsNow(rows);
        return;
    }
    // A chunk at a time, each asked once the one before is dispatched: a fully catalogued page of
    // 5,000 images holds one chunk of stored thumbnails in memory, not all of them at once.
    const int chunkLast = qMin(last, first + kLookupChunk - 1);
    auto next = [this, chunkLast, last, cancelled = m_cancelled] {
        if (chunkLast < last && !cancelled->load())
            startDownloads(chunkLast + 1, last);
    };
    QList<QUrl> urls;
    urls.reserve(chunkLast - first + 1);
    for (int row = first; row <= chunkLast; ++row)
        urls << m_items[row].url;
    // Rows that the catalog does not answer for (or any failure to ask it) download as usual.
    std::vector<quint32> generations;   // a row cancelled and retried meanwhile was started anew
    generations.reserve(chunkLast - first + 1);
    for (int row = first; row <= chunkLast; ++row)
        generations.push_back(m_items[row].generation);
    auto fetchRest = [this, first, last = chunkLast, next, generations](const QHash<QUrl, CatalogImage> &known) {
        QList<int> fetch;   // in one message to the network thread: a message each was ~15 µs a row here
        for (int row = first; row <= last; ++row) {
            Item &item = m_items[row];
            if (item.state != Item::State::Queued || item.generation != generations[size_t(row - first)])
                continue;   // cancelled (and maybe retried) meanwhile
            const auto hit = known.constFind(item.url);
            if (hit == known.cend()) {
                fetch << row;
                continue;
            }
            item.file = hit->file;
            item.fromCatalog = true;
            item.note = tr("From the catalog");
            DecodedImage stored;
            stored.thumbnail = hit->thumbnail;
            stored.size = hit->size;
            stored.format = hit->format;
            stored.bytes = hit->bytes;
            stored.sha256 = hit->sha256;
            onDecoded(row, item.generation, stored);
        }
        startDownloadsNow(fetch);
        next();
    };
    whenReady(m_executor->adopt(m_catalog->lookup(urls)), this,
              [this, fetchRest](const QFuture<QHash<QUrl, CatalogImage>> &lookup) {
        // A catalogued file the user deleted or moved is fetched again. (A stat per hit: a step of its own.)
        QHash<QUrl, CatalogImage> hits = resultOr(lookup, QHash<QUrl, CatalogImage>());
        if (hits.isEmpty()) {
            fetchRest(hits);   // nothing catalogued (a new page): no files to look at, no step to wait for
            return;
        }
        auto present = m_executor->run([known = std::move(hits)]() mutable {
            known.removeIf([](const auto &entry) {
                return entry.value().thumbnail.isNull() || !QFileInfo::exists(entry.value().file);
            });
            return known;
        });
        whenReady(present, this, [fetchRest](const QFuture<QHash<QUrl, CatalogImage>> &checked) {
            fetchRest(resultOr(checked, QHash<QUrl, CatalogImage>()));
        }, m_executor->delivery());
    }, m_executor->delivery());
}

void Pipeline::startDownload(int row)
{
    const DownloadRequest request = downloadRequestOf(row);
    const int priority = downloadPriorityOf(row);
    if (!m_executor->isBlocking()) {
        rememberDownload(row, m_downloader.enqueue(request, priority));   // its result: onDownloadResult
        return;
    }
    const Downloader::Ticket ticket = m_downloader.fetch(request, priority);
    rememberDownload(row, ticket.id);
    // The blocking demonstration waits for the download here, on the GUI thread, and goes on at once.
    whenReady(m_executor->adopt(ticket.result), this,
              [this, row, generation = m_items[row].generation, id = ticket.id](const QFuture<DownloadResult> &done) {
        onDownloadFinished(row, generation, id, resultOr(done, cancelledDownload()));
    }, m_executor->delivery());
}

DownloadRequest Pipeline::downloadRequestOf(int row) const
{
    return DownloadRequest(m_items[row].url).saveTo(m_options.downloadDir);
}

int Pipeline::downloadPriorityOf(int row) const
{
    return isVisible(row) ? 1 : 0;   // what is on screen goes first
}

void Pipeline::setRowDownload(int row, quint64 id)
{
    if (size_t(row) >= m_rowDownloads.size()) {
        if (id == 0)
            return;
        m_rowDownloads.resize(qMax(size_t(row) + 1, size_t(m_items.size())), 0);
    }
    m_rowDownloads[size_t(row)] = id;
}

void Pipeline::rememberDownload(int row, quint64 id)
{
    m_downloadRows.insert(id, row);
    setRowDownload(row, id);
}

quint64 Pipeline::forgetDownload(int row)
{
    const quint64 id = rowDownload(row);
    if (id != 0) {
        m_downloadRows.remove(id);
        setRowDownload(row, 0);
    }
    return id;
}

void Pipeline::startDownloadsNow(const QList<int> &rows)
{
    if (rows.isEmpty())
        return;
    if (m_executor->isBlocking()) {   // each waited for in turn, as the demonstration does
        for (int row : rows)
            startDownload(row);
        return;
    }
    QList<DownloadRequest> requests;
    QList<int> priorities;
    requests.reserve(rows.size());
    priorities.reserve(rows.size());
    for (int row : rows) {
        requests << downloadRequestOf(row);
        priorities << downloadPriorityOf(row);
    }
    const quint64 firstId = m_downloader.enqueue(requests, priorities);   // ids firstId, firstId + 1, …
    m_downloadRows.reserve(m_downloadRows.size() + rows.size());
    for (qsizetype i = 0; i < rows.size(); ++i)
        rememberDownload(rows[i], firstId + quint64(i));
}

// An item's download ended (async mode), matched by its id. One signal for every download instead of
// a QFutureWatcher (a QObject, a connection) per queued one: 100,000 queued rows cost a hash entry
// each, and when they end together nothing is left for Qt to sweep per object (deleting 100,000
// watchers with events still posted to them scanned the event queue once each). An id that is not
// in m_downloadRows is another's (a SOURCE's address, a dialog's pipeline), cancelled, or handled.
void Pipeline::onDownloadResult(const DownloadResult &result)
{
    const auto it = m_downloadRows.constFind(result.id);
    if (it == m_downloadRows.cend())
        return;
    const int row = *it;
    onDownloadFinished(row, m_items[row].generation, result.id, result);
}

void Pipeline::onDownloadStarted(quint64 id)
{
    const int row = rowOf(id);
    if (row < 0 || m_items[row].isFinished())
        return;
    setState(m_items[row], Item::State::Downloading);
    m_items[row].note.clear();   // "Retry in 2 s" is over once the retry runs
    Q_EMIT itemChanged(row);
}

void Pipeline::onDownloadRequeued(quint64 id)
{
    const int row = rowOf(id);
    if (row < 0 || m_items[row].isFinished())
        return;
    setState(m_items[row], Item::State::Queued);
    m_items[row].received = 0;
    Q_EMIT itemChanged(row);
}

void Pipeline::onDownloadRetrying(quint64 id, int attempt, int delayMs, const Failure &reason)
{
    const int row = rowOf(id);
    if (row < 0 || m_items[row].isFinished())
        return;
    Item &item = m_items[row];
    setState(item, Item::State::Queued);
    item.attempt = attempt;
    item.received = 0;
    item.note = tr("Retry %1 in %2 s: %3").arg(attempt).arg(delayMs / 1000.0, 0, 'f', 1).arg(reason.describe());
    Q_EMIT itemChanged(row);
}

void Pipeline::onDownloadProgress(quint64 id, qint64 received, qint64 total)
{
    const int row = rowOf(id);
    if (row < 0 || m_items[row].isFinished())
        return;
    m_items[row].received = received;
    m_items[row].total = total;
    Q_EMIT itemChanged(row);
}

void Pipeline::onDownloadFinished(int row, quint32 generation, quint64 id, const DownloadResult &result)
{
    if (id != 0) {
        m_downloadRows.remove(id);
        if (rowDownload(row) == id)
            setRowDownload(row, 0);
    }
    Item &item = m_items[row];
    if (item.isFinished() || item.generation != generation)
        return;   // cancelled meanwhile (and maybe retried): a late result never brings it back
    m_bytesDownloaded += result.bytes;
    item.httpStatus = result.httpStatus;
    item.etag = result.etag;
    item.lastModified = result.lastModified;
    if (!result.ok()) {
        failItem(row, result.failure);
        return;
    }
    item.note.clear();
    item.file = result.file;
    item.format = result.format;
    item.fileCreated = !result.file.isEmpty();   // saved by FileSink: Glint's own file
    item.bytes = result.bytes;
    item.sha256 = result.sha256;
    item.received = result.bytes;
    item.total = result.bytes;
    startDecode(row, false);
}

// Enough to keep every decode thread busy while the next result travels back, and no more.
int Pipeline::decodesInFlight()
{
    static const int count = qMax(4, 2 * QThread::idealThreadCount());
    return count;
}

void Pipeline::startDecode(int row, bool hash, bool announce)
{
    setState(m_items[row], Item::State::Decoding);
    if (announce)
        Q_EMIT itemChanged(row);
    m_decodeOrder.push_back(row);
    m_decodeWaiting.insert(row, DecodeRequest{m_items[row].generation, hash});
    m_visibleMayWait = m_visibleMayWait || isVisible(row);
    runDecodes();
}

void Pipeline::runDecodes()
{
    // A loop, not recursion: in blocking mode each decode finishes (and frees its place) inside
    // launchDecode, and a folder of 100,000 files must not nest 100,000 calls deep.
    if (m_runningDecodes)
        return;
    m_runningDecodes = true;
    int row = -1;
    bool hash = false;
    while (m_decodesRunning < decodesInFlight() && takeDecode(&row, &hash))
        launchDecode(row, hash);
    m_runningDecodes = false;
}

bool Pipeline::takeDecode(int *row, bool *hash)
{
    const auto take = [&](int candidate) {
        const auto it = m_decodeWaiting.constFind(candidate);
        if (it == m_decodeWaiting.cend())
            return false;   // started out of turn already, or cancelled
        const DecodeRequest request = *it;
        m_decodeWaiting.erase(it);
        const Item &item = m_items[candidate];
        if (item.state != Item::State::Decoding || item.generation != request.generation)
            return false;   // cancelled (or cancelled and retried: its new request is queued)
        *row = candidate;
        *hash = request.hash;
        return true;
    };
    // Visible tiles first: only checked after the visible rows changed or one of them was queued,
    // so a run that the user does not scroll pays nothing per decode for it.
    if (m_visibleMayWait) {
        for (int visible = qMax(0, m_visibleFirst); visible <= m_visibleLast; ++visible) {
            if (take(visible))
                return true;
        }
        for (int visible : std::as_const(m_visibleSet)) {
            if (take(visible))
                return true;
        }
        m_visibleMayWait = false;
    }
    while (!m_decodeOrder.empty()) {
        const int next = m_decodeOrder.front();
        m_decodeOrder.pop_front();
        if (take(next))
            return true;
    }
    return false;
}

void Pipeline::launchDecode(int row, bool hash)
{
    ++m_decodesRunning;
    // The desktop's shared thumbnails are for the user's own files (a folder opened as a SOURCE):
    // a fresh download has none to find, and writing one PNG per download would add ~2–4 ms of
    // encoding and a file to every image of a run. (Re-decodes of evicted tiles still use it.)
    const FreedesktopThumbnails freedesktop = m_items[row].fileCreated ? FreedesktopThumbnails() : m_options.freedesktop;
    auto decoded = m_executor->run([decode = m_executor->decodeFunction(), file = m_items[row].file,
                                    box = m_options.thumbnailBox, hash, cancelled = m_cancelled, freedesktop] {
        return cancelled->load() ? cancelledDecode() : freedesktop.decode(decode, file, box, hash);
    });
    whenReady(decoded, this, [this, row, generation = m_items[row].generation](const QFuture<DecodedImage> &done) {
        --m_decodesRunning;
        onDecoded(row, generation, resultOr(done, cancelledDecode()));
        runDecodes();
    }, m_executor->delivery());
}

void Pipeline::onDecoded(int row, quint32 generation, const DecodedImage &decoded)
{
    Item &item = m_items[row];
    if (item.isFinished() || item.generation != generation)
        return;   // cancelled meanwhile, or this decode belongs to an earlier start of a retried item
    if (!decoded.ok()) {
        failItem(row, decoded.failure);
        return;
    }
    item.size = decoded.size;
    item.format = decoded.format;
    if (!decoded.sha256.isEmpty()) {
        item.sha256 = decoded.sha256;
        item.bytes = decoded.bytes;
    }
    setState(item, Item::State::Done);
    m_lastFinishedMs = m_clock.elapsed();
    Q_EMIT thumbnailReady(row, decoded.thumbnail);
    Q_EMIT itemChanged(row);
    finishItem(row);
}

void Pipeline::failItem(int row, const Failure &failure)
{
    Item &item = m_items[row];
    if (item.isFinished())
        return;
    setFailed(item, failure);
    m_lastFinishedMs = m_clock.elapsed();
    Q_EMIT itemChanged(row);
    finishItem(row);
}

void Pipeline::finishItem(int)
{
    Q_ASSERT(m_unfinished > 0);
    --m_unfinished;
    checkIdle();
}

void Pipeline::failSource(const QUrl &url, const Failure &failure)
{
    const int row = appendItem(url, {});
    Q_EMIT itemsAdded(row, row);
    failItem(row, failure);
}

void Pipeline::setFailed(Item &item, const Failure &failure)
{
    setState(item, Item::State::Failed);
    item.failure = failure;
    item.note.clear();
    if (item.isCancelled())
        ++m_cancelledCount;   // and setState counts it out again when it is retried
}

void Pipeline::setState(Item &item, Item::State state)
{
    if (item.isCancelled() && state != Item::State::Failed)
        --m_cancelledCount;   // retried
    --m_counts[int(item.state)];
    ++m_counts[int(state)];
    if (item.state == Item::State::Done)
        m_doneBytes -= item.bytes;
    if (state == Item::State::Done)
        m_doneBytes += item.bytes;
    item.state = state;
}

// Work came in (a SOURCE, an item, a retry): said once, when the pipeline was idle.
void Pipeline::markBusy()
{
    if (!m_idleAnnounced)
        return;
    m_idleAnnounced = false;
    Q_EMIT busy();
}

void Pipeline::checkIdle()
{
    if (!m_idleAnnounced && isIdle()) {
        m_idleAnnounced = true;
        Q_EMIT idle();
    }
}

void Pipeline::cancel(int row)
{
    if (row < 0 || row >= m_items.size() || m_items[row].isFinished())
        return;
    if (const quint64 id = forgetDownload(row))
        m_downloader.cancel(id);
    failItem(row, Failure(Failure::Kind::Cancelled));   // told at once: one row
}

void Pipeline::cancelAll()
{
    // Everything started before this moment sees the old token and stops; new work gets a new one.
    stopWorkInFlight();
    m_cancelled = std::make_shared<std::atomic<bool>>(false);
    m_rowDownloads.clear();
    m_sources.clear();   // their late results are dropped (resolveAddress, onPageScanned, listings)
    m_pickSources.clear();
    m_decodeOrder.clear();   // never started: nothing to tell them
    m_decodeWaiting.clear();
    const Failure cancelled(Failure::Kind::Cancelled);
    const qint64 now = m_clock.elapsed();
    int first = -1, last = -1;
    for (int row = 0; row < m_items.size(); ++row) {
        Item &item = m_items[row];
        if (item.isFinished())
            continue;
        setFailed(item, cancelled);
        --m_unfinished;
        m_lastFinishedMs = now;
        first = first < 0 ? row : first;
        last = row;
    }
    Q_ASSERT(m_unfinished == 0);
    if (first >= 0)
        announceChanged(first, last);
    checkIdle();
}

// Every row changed at once (Cancel all), but it is said a slice at a time, one slice per event-loop
// turn: each listener (the two models, their proxies, the catalog recorder) then does O(slice) work
// between two paints instead of O(n) in one (at 100,000 rows ~10 ms of listeners and the repaint after,
// together ~25 ms: a visible stop). The items themselves changed at once, and the listeners read an
// item's state when told, so a row changed again meanwhile (retried) is read as it is then.
void Pipeline::announceChanged(int first, int last)
{
    if (m_announceFirst >= 0) {   // still saying an earlier range: one range covering both
        m_announceFirst = qMin(m_announceFirst, first);
        m_announceLast = qMax(m_announceLast, last);
        return;
    }
    m_announceFirst = first;
    m_announceLast = last;
    if (announceSlice())   // the first slice now: the rows the user sees first change with the click
        m_announceSlices.schedule();
}

bool Pipeline::announceSlice()
{
    if (m_announceFirst < 0)
        return false;
    const int first = m_announceFirst;
    const int last = qMin(m_announceLast, first + kAnnounceSlice - 1);
    if (last < m_announceLast)
        m_announceFirst = last + 1;
    else
        m_announceFirst = m_announceLast = -1;
    Q_EMIT itemsChanged(first, last);
    return m_announceFirst >= 0;
}

void Pipeline::retry(int row)
{
    if (row < 0 || row >= m_items.size() || m_items[row].state != Item::State::Failed)
        return;
    resetForRetry(row);
    Q_EMIT itemChanged(row);
    if (m_items[row].url.isLocalFile())
        startDecode(row, true);
    else
        startDownload(row);
}

void Pipeline::resetForRetry(int row)
{
    Item &item = m_items[row];
    const QUrl url = item.url, page = item.page;
    const QString file = item.url.isLocalFile() ? item.file : QString();
    const quint32 generation = item.generation + 1;
    setState(item, Item::State::Queued);
    item = Item();
    item.generation = generation;
    item.url = url;
    item.page = page;
    item.file = file;
    ++m_unfinished;
    markBusy();
}

void Pipeline::retry(const QList<int> &rows)
{
    QList<int> downloads;
    int first = INT_MAX, last = -1;
    for (int row : rows) {
        if (row < 0 || row >= m_items.size() || m_items[row].state != Item::State::Failed)
            continue;
        resetForRetry(row);
        first = qMin(first, row);
        last = qMax(last, row);
        if (m_items[row].url.isLocalFile())
            startDecode(row, true, false);   // told with the others below
        else
            downloads << row;
    }
    if (last < 0)
        return;
    announceChanged(first, last);
    startDownloadsNow(downloads);
}

void Pipeline::cancel(const QList<int> &rows)
{
    const Failure cancelled(Failure::Kind::Cancelled);
    QList<quint64> ids;
    int first = INT_MAX, last = -1;
    for (int row : rows) {
        if (row < 0 || row >= m_items.size() || m_items[row].isFinished())
            continue;
        if (const quint64 id = forgetDownload(row))
            ids << id;   // cancelled in one message below
        setFailed(m_items[row], cancelled);   // a decode or a download still under way is dropped when it ends
        --m_unfinished;
        first = qMin(first, row);
        last = qMax(last, row);
    }
    if (last < 0)
        return;
    m_lastFinishedMs = m_clock.elapsed();
    if (!ids.isEmpty())
        m_downloader.cancel(ids);
    announceChanged(first, last);
    checkIdle();
}

void Pipeline::pauseAll()
{
    m_paused = true;
    m_downloader.pauseAll();
}

void Pipeline::resumeAll()
{
    m_paused = false;
    m_downloader.resumeAll();
}

// Only rows that changed sides are told: scrolling costs a message per row that came into or left
// the view, never one per queued download.
void Pipeline::setVisibleRows(int first, int last)
{
    if (first == m_visibleFirst && last == m_visibleLast && m_visibleSet.isEmpty())
        return;
    changeVisibleRows(first, last, {});
}

void Pipeline::setVisibleRows(const QList<int> &rows)
{
    QSet<int> now(rows.cbegin(), rows.cend());
    if (now == m_visibleSet && m_visibleFirst < 0)
        return;
    changeVisibleRows(-1, -1, std::move(now));
}

void Pipeline::changeVisibleRows(int first, int last, QSet<int> set)
{
    // Visible rows are a range (the order found) or a set (a sorted gallery); only the rows that
    // left or came change priority, so a scroll by one line touches one line of downloads.
    const auto within = [](int row, int rangeFirst, int rangeLast, const QSet<int> &rows) {
        return (row >= rangeFirst && row <= rangeLast) || rows.contains(row);
    };
    QList<std::pair<quint64, int>> changes;
    const auto consider = [&](int row, int priority) {
        if (const quint64 id = rowDownload(row))
            changes.append({id, priority});
    };
    for (int row = qMax(0, m_visibleFirst); row <= m_visibleLast; ++row) {
        if (!within(row, first, last, set))
            consider(row, 0);
    }
    for (int row : std::as_const(m_visibleSet)) {
        if (!within(row, first, last, set))
            consider(row, 0);
    }
    for (int row = qMax(0, first); row <= last; ++row) {
        if (!isVisible(row))
            consider(row, 1);
    }
    for (int row : std::as_const(set)) {
        if (!isVisible(row))
            consider(row, 1);
    }
    m_visibleFirst = first;
    m_visibleLast = last;
    m_visibleSet = std::move(set);
    m_visibleMayWait = !m_decodeWaiting.isEmpty();
    if (!changes.isEmpty())
        m_downloader.setPriorities(changes);
}

bool Pipeline::isVisible(int row) const
{
    return (row >= m_visibleFirst && row <= m_visibleLast) || m_visibleSet.contains(row);
}

} // namespace glint
