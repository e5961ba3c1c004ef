#include "core/pipeline/pipeline.h"

#include "core/catalog/catalog.h"
#include "core/net/blockingfetcher.h"
#include "core/formats/imagefiles.h"
#include "core/pages/pageparser.h"
#include "core/util/backgroundpriority.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QImageReader>
#include <QTimer>
#include <QtConcurrent>
#include <algorithm>

namespace glint {
namespace {

// Local folders are listed on a worker: a folder on a slow disk must not freeze the window.
QStringList listImages(const QString &folder)
{
    QStringList files;
    QDirIterator it(folder, QDir::Files | QDir::Readable, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        if (ImageFiles::hasImageSuffix(path))
            files << path;
    }
    files.sort();
    return files;
}

} // namespace

Pipeline::Pipeline(const Options &options, QObject *parent)
    : QObject(parent), m_options(options), m_decoder(options.decodeThreads),
      m_cancelled(std::make_shared<std::atomic<bool>>(false))
{
    m_clock.start();
    Downloader::Options net;
    net.maxConnections = qMax(1, options.maxConnections);
    net.perHost = qMin(6, net.maxConnections);
    net.noDataTimeoutMs = options.noDataTimeoutMs;
    net.retryBaseMs = options.retryBaseMs;
    net.maxImageBytes = options.maxImageBytes;
    net.cacheDir = options.cacheDir;
    if (options.blocking) {
        m_fetcher = std::make_unique<BlockingFetcher>(net);
        return;
    }
    m_downloader = new Downloader(net, this);
    connect(m_downloader, &Downloader::started, this, &Pipeline::onDownloadStarted);
    connect(m_downloader, &Downloader::requeued, this, &Pipeline::onDownloadRequeued);
    connect(m_downloader, &Downloader::retrying, this, &Pipeline::onDownloadRetrying);
    connect(m_downloader, &Downloader::progress, this, &Pipeline::onDownloadProgress);
    connect(m_downloader, &Downloader::finished, this, &Pipeline::onDownloadFinished);
}

Pipeline::~Pipeline()
{
    m_cancelled->store(true);
    delete m_downloader;   // before the decoder: no result may arrive half-way through teardown
    m_downloader = nullptr;
}

void Pipeline::addSource(const QString &source)
{
    const QString trimmed = source.trimmed();
    if (trimmed.isEmpty())
        return;
    const QUrl url = QUrl::fromUserInput(trimmed, QDir::currentPath(), QUrl::AssumeLocalFile);
    if (url.isLocalFile())
        addLocalSource(url.toLocalFile());
    else if (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"))
        addUrlSource(url);
    else
        failSource(QUrl(trimmed), QStringLiteral("Only http and https addresses, files and folders can be opened"));
}

void Pipeline::addSourceToPick(const QString &source)
{
    const QUrl url = QUrl::fromUserInput(source.trimmed(), QDir::currentPath(), QUrl::AssumeLocalFile);
    if (url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https")) {
        if (!ImageFiles::hasImageSuffix(url.path())) {
            m_pickSources.insert(url);
            // A page asked for again, on purpose: the user may want to pick from it once more.
            // Images already fetched stay known, so picking never fetches one twice.
            const bool isItem = std::any_of(m_items.cbegin(), m_items.cend(), [&](const Item &i) { return i.url == url; });
            if (!isItem)
                m_known.remove(url);
        }
    }
    addSource(source);
}

void Pipeline::addImages(const QList<QUrl> &images, const QUrl &page)
{
    beginWork();
    onPageParsed(page, images);
}

void Pipeline::addUrlSource(const QUrl &url)
{
    if (m_known.contains(url))
        return;
    if (ImageFiles::hasImageSuffix(url.path())) {
        const int row = addItem(url, {});
        startDownloads(row, row);
        return;
    }
    // Could be a page or an image: the answer decides.
    m_known.insert(url);
    beginWork();
    if (m_options.blocking) {
        runBlocking([this, url] { blockingFetch(url, -1); });
        return;
    }
    const quint64 id = m_downloader->enqueue(DownloadRequest(url).saveTo(m_options.downloadDir).acceptPage());
    m_sourceDownloads.insert(id, url);
}

void Pipeline::addLocalSource(const QString &path)
{
    const QUrl url = QUrl::fromLocalFile(path);
    beginWork();
    auto addFiles = [this](const QStringList &files) {
        const int first = int(m_items.size());
        for (const QString &file : files) {
            const QUrl fileUrl = QUrl::fromLocalFile(file);
            if (m_known.contains(fileUrl))
                continue;
            m_items[appendItem(fileUrl, {})].file = file;
        }
        const int last = int(m_items.size()) - 1;
        if (last >= first) {
            Q_EMIT itemsAdded(first, last);
            for (int row = first; row <= last; ++row)
                startDecode(row, true);
        }
        endWork();
    };
    if (m_options.blocking) {
        runBlocking([this, path, url, addFiles] {
            const QFileInfo info(path);
            if (!info.exists())
                failSource(url, QStringLiteral("The file or folder does not exist"));
            addFiles(info.isDir() ? listImages(path) : info.exists() ? QStringList{path} : QStringList{});
        });
        return;
    }
    QtConcurrent::run(m_decoder.pool(), [path] {
        const QFileInfo info(path);
        if (!info.exists())
            return std::pair<bool, QStringList>{false, {}};
        return std::pair<bool, QStringList>{true, info.isDir() ? listImages(path) : QStringList{path}};
    }).then(this, [this, url, addFiles](const std::pair<bool, QStringList> &listing) {
        if (!listing.first)
            failSource(url, QStringLiteral("The file or folder does not exist"));
        addFiles(listing.second);
    });
}

int Pipeline::addItem(const QUrl &url, const QUrl &page)
{
    const int row = appendItem(url, page);
    Q_EMIT itemsAdded(row, row);
    return row;
}

int Pipeline::appendItem(const QUrl &url, const QUrl &page)
{
    m_known.insert(url);
    Item item;
    item.url = url;
    item.page = page;
    m_items.append(item);
    beginWork();   // ends when the item finishes
    return int(m_items.size()) - 1;
}

void Pipeline::setCatalog(Catalog *catalog)
{
    m_catalog = catalog;
}

void Pipeline::startDownloads(int first, int last)
{
    if (!m_catalog || m_options.blocking) {
        for (int row = first; row <= last; ++row)
            startDownload(row);
        return;
    }
    QList<QUrl> urls;
    for (int row = first; row <= last; ++row)
        urls << m_items[row].url;
    // Rows that the catalog does not answer for (or any failure to ask it) download as usual.
    auto fetchRest = [this, first, last](const QHash<QUrl, CatalogImage> &known) {
        for (int row = first; row <= last; ++row) {
            Item &item = m_items[row];
            if (item.isFinished() || item.state != Item::State::Queued)
                continue;   // cancelled meanwhile
            const auto hit = known.constFind(item.url);
            if (hit == known.cend()) {
                startDownload(row);
                continue;
            }
            item.file = hit->file;
            item.fromCatalog = true;
            item.note = tr("From the catalog");
            onDecoded(row, DecodedImage{hit->thumbnail, hit->size, hit->format, QString(), hit->bytes, hit->sha256});
        }
    };
    m_catalog->lookup(urls)
        .then(m_decoder.pool(), [](QHash<QUrl, CatalogImage> known) {
            // A catalogued file the user deleted or moved is fetched again. (A stat per hit: on a worker.)
            known.removeIf([](const auto &entry) { return entry.value().thumbnail.isNull() || !QFileInfo::exists(entry.value().file); });
            return known;
        })
        .then(this, fetchRest)
        .onFailed(this, [fetchRest] { fetchRest({}); })
        .onCanceled(this, [fetchRest] { fetchRest({}); });
}

void Pipeline::startDownload(int row)
{
    const QUrl url = m_items[row].url;
    if (m_options.blocking) {
        runBlocking([this, url, row] { blockingFetch(url, row); });
        return;
    }
    const bool visible = row >= m_visibleFirst && row <= m_visibleLast;
    const quint64 id = m_downloader->enqueue(DownloadRequest(url).saveTo(m_options.downloadDir), visible ? 1 : 0);
    m_downloadRows.insert(id, row);
    m_rowDownloads.insert(row, id);
}

void Pipeline::onDownloadRequeued(quint64 id)
{
    const int row = m_downloadRows.value(id, -1);
    if (row < 0)
        return;
    m_items[row].state = Item::State::Queued;
    m_items[row].received = 0;
    Q_EMIT itemChanged(row);
}

void Pipeline::onDownloadRetrying(quint64 id, int attempt, int delayMs, const QString &reason)
{
    const int row = m_downloadRows.value(id, -1);
    if (row < 0)
        return;
    Item &item = m_items[row];
    item.state = Item::State::Queued;
    item.attempt = attempt;
    item.received = 0;
    item.note = tr("Retry %1 in %2 s: %3").arg(attempt).arg(delayMs / 1000.0, 0, 'f', 1).arg(reason);
    Q_EMIT itemChanged(row);
}

void Pipeline::cancel(int row)
{
    if (row < 0 || row >= m_items.size() || m_items[row].isFinished())
        return;
    if (m_downloader && m_rowDownloads.contains(row)) {
        m_downloader->cancel(m_rowDownloads.value(row));
        return;   // finishes through onDownloadFinished with "Cancelled"
    }
    failItem(row, QStringLiteral("Cancelled"));
}

void Pipeline::retry(int row)
{
    if (row < 0 || row >= m_items.size() || m_items[row].state != Item::State::Failed)
        return;
    Item &item = m_items[row];
    if (item.url.isLocalFile()) {
        item.state = Item::State::Queued;
        item.error.clear();
        beginWork();
        startDecode(row, true);
        return;
    }
    const QUrl url = item.url, page = item.page;
    item = Item();
    item.url = url;
    item.page = page;
    beginWork();
    Q_EMIT itemChanged(row);
    startDownload(row);
}

void Pipeline::pauseAll()
{
    m_paused = true;
    if (m_downloader)
        m_downloader->pauseAll();
}

void Pipeline::resumeAll()
{
    m_paused = false;
    if (m_downloader)
        m_downloader->resumeAll();
}

void Pipeline::setVisibleRows(int first, int last)
{
    if (!m_downloader || (first == m_visibleFirst && last == m_visibleLast))
        return;
    // Only rows that changed sides are told: scrolling costs a few messages, not one per item.
    const int oldFirst = m_visibleFirst, oldLast = m_visibleLast;
    m_visibleFirst = first;
    m_visibleLast = last;
    for (auto it = m_rowDownloads.cbegin(); it != m_rowDownloads.cend(); ++it) {
        const int row = it.key();
        const bool was = row >= oldFirst && row <= oldLast;
        const bool is = row >= first && row <= last;
        if (was != is)
            m_downloader->setPriority(it.value(), is ? 1 : 0);
    }
}

void Pipeline::onDownloadStarted(quint64 id)
{
    const int row = m_downloadRows.value(id, -1);
    if (row < 0)
        return;
    m_items[row].state = Item::State::Downloading;
    m_items[row].note.clear();   // "Retry in 2 s" is over once the retry runs
    Q_EMIT itemChanged(row);
}

void Pipeline::onDownloadProgress(quint64 id, qint64 received, qint64 total)
{
    const int row = m_downloadRows.value(id, -1);
    if (row < 0)
        return;
    m_items[row].received = received;
    m_items[row].total = total;
    Q_EMIT itemChanged(row);
}

void Pipeline::onDownloadFinished(const DownloadResult &result)
{
    int row = m_downloadRows.value(result.id, -1);
    m_downloadRows.remove(result.id);
    if (row >= 0)
        m_rowDownloads.remove(row);
    if (row < 0 && !m_sourceDownloads.contains(result.id))
        return;
    const QUrl source = m_sourceDownloads.take(result.id);
    m_bytesDownloaded += result.bytes + result.pageData.size();

    if (row < 0 && (!result.ok || !result.isPage)) {
        // A SOURCE that was not a page: it is an item in its own right.
        row = addItem(source, {});
        endWork();   // the source's own work is now the item's
    }
    if (row >= 0) {
        m_items[row].httpStatus = result.httpStatus;
        m_items[row].etag = result.etag;
        m_items[row].lastModified = result.lastModified;
    }
    if (!result.ok) {
        failItem(row, result.error);
        return;
    }
    if (result.isPage) {
        const QUrl base = result.finalUrl.isValid() ? result.finalUrl : result.url;
        auto parsed = [this, source](const std::pair<QList<QUrl>, bool> &scan) {
            const auto &[urls, capped] = scan;
            if (m_pickSources.remove(source)) {
                Q_EMIT pageScanned(source, urls, capped);
                endWork();   // nothing more until the user picks
                return;
            }
            if (urls.isEmpty()) {
                // Every SOURCE shows up in the results: a page without images is one error item.
                const int row = addItem(source, {});
                failItem(row, QStringLiteral("No images found on this page"));
                endWork();
                return;
            }
            onPageParsed(source, urls);
        };
        auto scanPage = [](const QByteArray &data, const QByteArray &type, const QUrl &base) {
            BackgroundPriority::applyToThisThread();
            const PageScan scan = PageParser::scan(data, type, base);
            return std::pair<QList<QUrl>, bool>{scan.urls(), scan.capped};
        };
        if (m_options.blocking) {
            parsed(scanPage(result.pageData, result.contentType, base));
            return;
        }
        // Parsing a large page takes a noticeable time: on a worker, like decoding.
        QtConcurrent::run(m_decoder.pool(), [scanPage, data = result.pageData, type = result.contentType, base] {
            return scanPage(data, type, base);
        }).then(this, parsed);
        return;
    }
    Item &item = m_items[row];
    item.note.clear();
    item.file = result.file;
    item.fileCreated = !result.file.isEmpty();   // saved by FileSink: Glint's own file
    item.bytes = result.bytes;
    item.sha256 = result.sha256;
    item.received = result.bytes;
    item.total = result.bytes;
    startDecode(row, false);
}

void Pipeline::onPageParsed(const QUrl &page, const QList<QUrl> &urls)
{
    // All rows first, announced once, then their downloads: a page of 400 images was 400 row
    // insertions through every model, proxy and view, which held back the first thumbnail.
    const int first = int(m_items.size());
    for (const QUrl &url : urls) {
        if (!m_known.contains(url))
            appendItem(url, page);
    }
    const int last = int(m_items.size()) - 1;
    if (last >= first) {
        Q_EMIT itemsAdded(first, last);
        startDownloads(first, last);
    }
    endWork();   // the page itself
}

void Pipeline::startDecode(int row, bool hash)
{
    m_items[row].state = Item::State::Decoding;
    Q_EMIT itemChanged(row);
    const QString file = m_items[row].file;
    const QSize box = m_options.thumbnailBox;
    if (m_options.blocking) {
        runBlocking([this, row, file, box, hash] {
            DecodedImage decoded = ThumbnailDecoder::decodeFullThenScaleNow(file, box);
            if (hash && decoded.ok()) {
                const DecodedImage hashed = ThumbnailDecoder::decodeNow(file, QSize(1, 1), true);
                decoded.sha256 = hashed.sha256;
                decoded.bytes = hashed.bytes;
            }
            onDecoded(row, decoded);
        });
        return;
    }
    auto cancelled = m_cancelled;
    QtConcurrent::run(m_decoder.pool(), [file, box, hash, cancelled] {
        if (cancelled->load())
            return DecodedImage{QImage(), QSize(), QByteArray(), QStringLiteral("Cancelled"), 0, QByteArray()};
        return ThumbnailDecoder::decodeNow(file, box, hash);
    }).then(this, [this, row](const DecodedImage &decoded) { onDecoded(row, decoded); });
}

void Pipeline::onDecoded(int row, const DecodedImage &decoded)
{
    Item &item = m_items[row];
    if (item.isFinished())
        return;
    if (!decoded.ok()) {
        failItem(row, decoded.error);
        return;
    }
    item.size = decoded.size;
    item.format = decoded.format;
    if (!decoded.sha256.isEmpty()) {
        item.sha256 = decoded.sha256;
        item.bytes = decoded.bytes;
    }
    item.state = Item::State::Done;
    m_lastFinishedMs = m_clock.elapsed();
    Q_EMIT thumbnailReady(row, decoded.thumbnail);
    Q_EMIT itemChanged(row);
    endWork();
}

void Pipeline::failItem(int row, const QString &error)
{
    Item &item = m_items[row];
    if (item.isFinished())
        return;
    item.state = Item::State::Failed;
    item.error = error;
    item.note.clear();
    m_lastFinishedMs = m_clock.elapsed();
    Q_EMIT itemChanged(row);
    endWork();
}

void Pipeline::failSource(const QUrl &url, const QString &error)
{
    failItem(addItem(url, {}), error);
}

void Pipeline::cancelAll()
{
    m_cancelled->store(true);
    m_cancelled = std::make_shared<std::atomic<bool>>(false);
    m_blockingTasks.clear();
    if (m_downloader)
        m_downloader->cancelAll();
    for (int row = 0; row < m_items.size(); ++row) {
        if (!m_items[row].isFinished() && m_items[row].state != Item::State::Decoding)
            failItem(row, QStringLiteral("Cancelled"));
    }
    // Sources still resolving and decodes already queued finish on their own, quickly, as cancelled.
    if (m_options.blocking) {
        m_outstanding = 0;
        for (const Item &item : std::as_const(m_items))
            m_outstanding += !item.isFinished();
        if (m_outstanding == 0)
            Q_EMIT idle();
    }
}

void Pipeline::endWork()
{
    Q_ASSERT(m_outstanding > 0);
    if (--m_outstanding == 0)
        Q_EMIT idle();
}

// One task per event-loop turn: the window still repaints between items, but each item freezes it
// for as long as its download and decode take. That is the anti-pattern being demonstrated.
void Pipeline::runBlocking(std::function<void()> task)
{
    // Naive synchronous code handles a SOURCE in one go, in the slot that received it: fetch the
    // page, then fetch, save and decode every image it names before returning to the event loop.
    // So work that a blocking task starts runs at once, inside the same turn.
    if (m_inBlockingTask) {
        task();
        return;
    }
    m_blockingTasks.push_back(std::move(task));
    scheduleBlocking();
}

void Pipeline::scheduleBlocking()
{
    if (m_blockingScheduled || m_blockingTasks.empty())
        return;
    m_blockingScheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_blockingScheduled = false;
        if (m_blockingTasks.empty())
            return;
        auto next = std::move(m_blockingTasks.front());
        m_blockingTasks.pop_front();
        m_inBlockingTask = true;
        next();
        m_inBlockingTask = false;
        scheduleBlocking();
    });
}

void Pipeline::blockingFetch(const QUrl &url, int row)
{
    DownloadRequest request(url);
    request.saveTo(m_options.downloadDir).acceptPage(row < 0);
    if (row >= 0) {
        m_items[row].state = Item::State::Downloading;
        Q_EMIT itemChanged(row);
    }
    DownloadResult result = m_fetcher->fetch(request);
    // Route it through the same completion as async mode, under a private id.
    static quint64 nextId = 1ULL << 62;
    result.id = nextId++;
    if (row >= 0)
        m_downloadRows.insert(result.id, row);
    else
        m_sourceDownloads.insert(result.id, url);
    onDownloadFinished(result);
}

} // namespace glint
