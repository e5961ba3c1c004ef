#pragma once
// Keeps the catalog in step with a pipeline: every item that finishes (done or failed) becomes a
// CatalogRecord, inserted in small batches. A done item is recorded once its thumbnail is there
// (Pipeline may report the thumbnail before or after the item's state), with that thumbnail
// encoded as JPEG (PNG when it has alpha) on the recorder's own worker thread, never on the GUI
// thread. An item that is retried and finishes again is recorded again (its source row is updated).
//
// Threads: create and use on the thread of the pipeline and the catalog (the GUI thread).
// Ownership: neither the pipeline nor the catalog is owned; both must outlive the recorder, or at
// least its last flush(). Nothing is lost on quit as long as flush() is awaited: it encodes and
// inserts whatever is still waiting and resolves when the catalog has committed it.
#include "core/pipeline/item.h"
#include "core/catalog/catalogtypes.h"

#include <QFuture>
#include <QHash>
#include <QImage>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QPromise>
#include <QThreadPool>
#include <QTimer>
#include <memory>

namespace glint {

class Catalog;
class Pipeline;

class CatalogRecorder final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CatalogRecorder)
public:
    static constexpr int kBatchRecords = 50;
    static constexpr int kBatchDelayMs = 250;
    static constexpr int kMaxAttempts = 3;         // a refused batch is tried this often in all
    static constexpr int kRetryDelayMs = 250;      // then 500 ms, …

    CatalogRecorder(Pipeline *pipeline, Catalog *catalog, QObject *parent = nullptr);
    ~CatalogRecorder() override;   // waits for encodes that are running; call flush() before

    // Resolves (on this thread) once every item finished so far is committed or has failed to be.
    // Done items still waiting for their thumbnail are recorded without one.
    QFuture<void> flush();
    int pending() const { return int(m_pending.size()) + m_encoding + int(m_waitingThumbnail.size()); }
    // Records the catalog refused on every try; kept (never dropped) until retryUnsaved().
    int unsaved() const { return int(m_unsaved.size()); }
    void retryUnsaved();
    // For the Responsiveness panel: thumbnails being encoded now, and batches in the catalog's hands.
    int encodersBusy() const { return m_encoders.activeThreadCount(); }
    int batchesInserting() const { return m_inserting; }

    // A record of a finished item; public for tests. `thumbnail` is not encoded here.
    static CatalogRecord recordOf(const Item &item);
    // JPEG, or PNG when the image has an alpha channel; call on a worker thread.
    static QByteArray encodeThumbnail(const QImage &thumbnail);

Q_SIGNALS:
    void recorded(const QList<glint::CatalogInsertResult> &results);   // after each committed batch
    // A batch the catalog refused on every try; `unsaved` records are now waiting for retryUnsaved().
    void failed(const QString &message, int unsaved);

private:
    void onItemChanged(int row);
    void onThumbnail(int row, const QImage &thumbnail);
    void record(int row, const QImage &thumbnail);
    void queue(const CatalogRecord &record);
    void sendBatch();
    void send(const QList<CatalogRecord> &records, int attempt);
    void settleFlushes();

    QPointer<Pipeline> m_pipeline;
    QPointer<Catalog> m_catalog;
    QHash<int, QImage> m_thumbnails;          // arrived before the item finished
    QHash<int, bool> m_waitingThumbnail;      // done rows whose thumbnail has not arrived
    QHash<int, Item::State> m_recordedState;  // what was last recorded for a row
    QList<CatalogRecord> m_pending;
    QList<CatalogRecord> m_unsaved;
    int m_encoding = 0;
    int m_inserting = 0;
    QTimer m_timer;
    QList<std::shared_ptr<QPromise<void>>> m_flushes;
    QThreadPool m_encoders;   // declared last: destroyed (joined) first
};

} // namespace glint
