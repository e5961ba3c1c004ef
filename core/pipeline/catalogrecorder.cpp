#include "core/pipeline/catalogrecorder.h"
#include "core/util/backgroundpriority.h"

#include "core/catalog/catalog.h"
#include "core/pipeline/pipeline.h"
#include "core/util/whenready.h"

#include <QBuffer>
#include <QDateTime>
#include <QtConcurrent/QtConcurrentRun>

namespace glint {

CatalogRecorder::CatalogRecorder(Pipeline *pipeline, Catalog *catalog, QObject *parent)
    : QObject(parent), m_pipeline(pipeline), m_catalog(catalog)
{
    // One thread: encoding a 256-pixel thumbnail takes about a millisecond; it must not compete
    // with the decoders for cores.
    m_encoders.setMaxThreadCount(1);
    m_encoders.setObjectName(QStringLiteral("catalog-recorder"));
    m_timer.setSingleShot(true);
    m_timer.setInterval(kBatchDelayMs);
    connect(&m_timer, &QTimer::timeout, this, &CatalogRecorder::sendBatch);
    connect(pipeline, &Pipeline::itemChanged, this, &CatalogRecorder::onItemChanged);
    connect(pipeline, &Pipeline::itemsChanged, this, [this](int first, int last) {
        for (int row = first; row <= last; ++row)
            onItemChanged(row);
    });
    connect(pipeline, &Pipeline::thumbnailReady, this, &CatalogRecorder::onThumbnail);
}

CatalogRecorder::~CatalogRecorder()
{
    m_encoders.waitForDone();
}

CatalogRecord CatalogRecorder::recordOf(const Item &item)
{
    CatalogRecord record;
    record.url = item.url;
    record.page = item.page;
    record.ok = item.state == Item::State::Done;
    record.error = item.error();
    record.sha256 = item.sha256;
    record.bytes = item.bytes;
    record.format = item.format;
    record.size = item.size;
    record.file = item.file;
    record.fileCreated = item.fileCreated;
    record.httpStatus = item.httpStatus;
    record.etag = item.etag;
    record.lastModified = item.lastModified;
    record.fetchedAt = QDateTime::currentDateTimeUtc();
    return record;
}

QByteArray CatalogRecorder::encodeThumbnail(const QImage &thumbnail)
{
    BackgroundPriority::applyToThisThread();
    if (thumbnail.isNull())
        return {};
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (thumbnail.hasAlphaChannel())
        thumbnail.save(&buffer, "PNG");
    else
        thumbnail.save(&buffer, "JPEG", 85);
    return bytes;
}

void CatalogRecorder::onThumbnail(int row, const QImage &thumbnail)
{
    if (m_waitingThumbnail.remove(row)) {
        record(row, thumbnail);
        return;
    }
    m_thumbnails.insert(row, thumbnail);
}

void CatalogRecorder::onItemChanged(int row)
{
    if (!m_pipeline || row < 0 || row >= m_pipeline->items().size())
        return;
    const Item &item = m_pipeline->items().at(row);
    if (!item.isFinished()) {
        m_recordedState.remove(row);   // retried: its next end is recorded again
        return;
    }
    if (item.fromCatalog || item.isCancelled()) {
        // It came out of the catalog, or the user stopped it: there is nothing new to record about it,
        // and nothing to remember (it takes this branch again whenever it changes; a retry is
        // unfinished first). Cancel all of 100,000 rows passes here 100,000 times in one turn.
        m_thumbnails.remove(row);
        return;
    }
    if (m_recordedState.value(row, Item::State::Queued) == item.state || m_waitingThumbnail.contains(row))
        return;
    if (item.state == Item::State::Done && !m_thumbnails.contains(row)) {
        m_waitingThumbnail.insert(row, true);
        return;
    }
    record(row, m_thumbnails.take(row));
}

void CatalogRecorder::record(int row, const QImage &thumbnail)
{
    const Item &item = m_pipeline->items().at(row);
    m_recordedState.insert(row, item.state);
    CatalogRecord record = recordOf(item);
    if (!record.ok || thumbnail.isNull()) {
        queue(record);
        return;
    }
    ++m_encoding;
    auto encoded = QtConcurrent::run(&m_encoders, [record, thumbnail]() mutable {
        record.thumbnailJpeg = encodeThumbnail(thumbnail);
        return record;
    });
    whenReady(encoded, this, [this, record](const QFuture<CatalogRecord> &done) {
        --m_encoding;
        queue(resultOr(done, record));   // without its thumbnail rather than not at all
    });
}

void CatalogRecorder::queue(const CatalogRecord &record)
{
    m_pending.append(record);
    if (m_pending.size() >= kBatchRecords || !m_flushes.isEmpty())
        sendBatch();
    else if (!m_timer.isActive())
        m_timer.start();
    settleFlushes();
}

void CatalogRecorder::sendBatch()
{
    m_timer.stop();
    if (m_pending.isEmpty())
        return;
    if (!m_catalog) {
        m_pending.clear();
        return;
    }
    send(std::exchange(m_pending, {}), 0);
}

// A batch the catalog refuses (disk full, SQLITE_BUSY from a second Glint) is tried again after a
// pause; after the last try its records wait in unsaved() until retryUnsaved(), and failed() says so.
void CatalogRecorder::send(const QList<CatalogRecord> &records, int attempt)
{
    ++m_inserting;
    whenReady(m_catalog->insert(records), this, [this, records, attempt](const QFuture<QList<CatalogInsertResult>> &done) {
        --m_inserting;
        QString error;
        QList<CatalogInsertResult> results;
        try {
            if (done.isCanceled() || done.resultCount() == 0)
                error = tr("the catalog was closed before it could save them");
            else
                results = done.result();
        } catch (const std::exception &e) {
            error = QString::fromUtf8(e.what());
        }
        if (error.isEmpty()) {
            Q_EMIT recorded(results);
            settleFlushes();
            return;
        }
        if (attempt + 1 < kMaxAttempts && m_catalog) {
            ++m_inserting;   // a flush waits for the retry too: nothing is dropped on the way out
            QTimer::singleShot(kRetryDelayMs << attempt, this, [this, records, attempt] {
                --m_inserting;
                send(records, attempt + 1);
            });
            return;
        }
        m_unsaved += records;
        Q_EMIT failed(error, int(m_unsaved.size()));
        settleFlushes();
    });
}

void CatalogRecorder::retryUnsaved()
{
    if (!m_unsaved.isEmpty() && m_catalog)
        send(std::exchange(m_unsaved, {}), 0);
}

QFuture<void> CatalogRecorder::flush()
{
    auto promise = std::make_shared<QPromise<void>>();
    promise->start();
    QFuture<void> future = promise->future();
    m_flushes.append(promise);
    // Their thumbnails are late; the record matters more than the picture.
    const QList<int> waiting = m_waitingThumbnail.keys();
    m_waitingThumbnail.clear();
    for (const int row : waiting)
        record(row, {});
    sendBatch();
    settleFlushes();
    return future;
}

void CatalogRecorder::settleFlushes()
{
    if (m_flushes.isEmpty() || m_encoding > 0)
        return;
    if (!m_pending.isEmpty())
        sendBatch();
    if (m_inserting > 0)
        return;
    for (const auto &promise : std::exchange(m_flushes, {}))
        promise->finish();
}

} // namespace glint
