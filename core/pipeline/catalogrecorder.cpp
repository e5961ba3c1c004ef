#include "core/pipeline/catalogrecorder.h"
#include "core/util/backgroundpriority.h"

#include "core/catalog/catalog.h"
#include "core/pipeline/pipeline.h"

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
    record.error = item.error;
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
    if (item.fromCatalog) {
        // It came out of the catalog: there is nothing new to record about it.
        m_thumbnails.remove(row);
        m_recordedState.insert(row, item.state);
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
    QtConcurrent::run(&m_encoders, [record, thumbnail]() mutable {
        record.thumbnailJpeg = encodeThumbnail(thumbnail);
        return record;
    }).then(this, [this](const CatalogRecord &encoded) {
        --m_encoding;
        queue(encoded);
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
    ++m_inserting;
    m_catalog->insert(std::exchange(m_pending, {}))
        .then(this,
              [this](const QList<CatalogInsertResult> &results) {
                  --m_inserting;
                  Q_EMIT recorded(results);
                  settleFlushes();
              })
        .onFailed(this, [this](const std::exception &error) {
            --m_inserting;
            Q_EMIT failed(QString::fromStdString(error.what()));
            settleFlushes();
        });
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
