#pragma once
// The catalog of everything Glint fetched: an SQLite file (Qt SQL, QSQLITE) that survives restarts.
//
// Threads: create, use and destroy a Catalog on one thread (the GUI thread). It never runs SQL on
// that thread: every call posts work and returns a QFuture at once.
//   - Writes (open, insert, remove, vacuum) run in order on the writer thread, which owns the one
//     read-write connection (CatalogStore), at background priority (nice 10). Their futures
//     resolve on that thread.
//   - An open's full integrity check runs on a thread of its own (catalog-check, nice 10), so the
//     writer stays free: inserts meanwhile are parked on disk (ParkedRecords) and resolve at once;
//     other writes wait, in order, and run when the check has ended.
//   - Reads (search, totals, lookup) run on the reader pool, one read-only connection per pool
//     thread (CatalogReaderPool). Their futures resolve on a pool thread.
// Continue them with whenReady(future, context, …) (core/util/whenready.h) to come back to the caller's thread; a failure is a
// CatalogError, rethrown by QFuture::result() in the continuation (resultOr() turns it into a fallback).
//
// Stale reads: search() and totals() take a channel name. A newer call on the same channel makes
// the older ones stale: if they have not started they are skipped, if they are running they stop
// early, and in any case their futures end cancelled, so their continuations never see old rows.
//
// Lifetime: the destructor waits for writes already posted (a last insert is not lost) and for
// reads that are running, then closes every connection on its own thread. A full integrity check
// still running is stopped rather than waited for (it only reads; the next open checks again, then
// saves what was parked).
#include "core/catalog/catalogtypes.h"

#include <QFuture>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPromise>
#include <QString>
#include <QUrl>
#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <optional>

class QThread;

namespace glint {

class CatalogReaderPool;
class CatalogStore;
class StatementStop;

class Catalog final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Catalog)
public:
    // `readerThreads`: connections that may search at the same time.
    explicit Catalog(QObject *parent = nullptr, int readerThreads = 2);
    ~Catalog() override;

    // Checks the file (a damaged one is reported with damaged = true and left byte for byte as it
    // was), creates or upgrades it. Reads fail with "not open" until readable() was emitted, which
    // happens once the quick stage of the check passed (CatalogFileCheck): before the full check
    // of a current catalog, so the gallery can be restored at once; after the upgrade of an older
    // one. If the full check then finds damage, reads stop again and the future says so.
    // Nothing is written to the file before the full check has passed: inserts meanwhile are parked
    // (CatalogInsertResult::parked) and saved into the catalog once it has, in this session or at
    // the next open of the same path (parkedRecordsSaved); other writes wait for the check's end.
    QFuture<CatalogOpenResult> open(const QString &path);
    // The safe way out of a damaged catalog, only when the user asked for it: moves the file (and its
    // -wal/-shm) aside to "<path>.damaged-<time>" and opens a new, empty catalog at `path`. The
    // result's message says where the old file went.
    QFuture<CatalogOpenResult> moveAsideAndOpen(const QString &path);
    QString path() const { return m_path; }   // as given to the last open()
    // Between readable() of the last open (or moveAsideAndOpen) and a failure of that open: searches
    // may start. False from the moment another open is asked for.
    bool isReadable() const { return m_readable; }
    int readersBusy() const;                  // searches and lookups running now (any thread)
    // An open's full integrity check is reading the file now (any thread; for the Responsiveness panel).
    bool isChecking() const { return m_checking.load(std::memory_order_relaxed); }

    // Records in one transaction; results in the same order. During the open's full check the
    // batch is parked instead (see open()): its results say `parked`, and a disk that refuses the
    // batch fails the future as the catalog would. Duplicates of bytes already catalogued
    // are stored once: their source is added to the existing image. The duplicate's own copy is
    // deleted after the commit only when Glint created it (CatalogRecord::fileCreated), it is not
    // the file the catalog keeps, no catalog row refers to it, and the kept file still holds the
    // bytes (checked by hash); if the kept file is gone or changed, the new copy takes its place.
    // A user's file is never deleted, whatever folder it is in.
    QFuture<QList<CatalogInsertResult>> insert(const QList<CatalogRecord> &records);

    QFuture<QList<CatalogImage>> search(const CatalogQuery &query, const QString &channel = {});
    QFuture<CatalogTotals> totals(const CatalogQuery &query, const QString &channel = {});
    // The ids of the rows `query` names (its offset and limit), in its order; no image is read.
    QFuture<QList<qint64>> imageIds(const CatalogQuery &query, const QString &channel = {});
    // The catalogued image each URL gave (URLs that never gave one are absent). Thumbnails decoded.
    QFuture<QHash<QUrl, CatalogImage>> lookup(const QList<QUrl> &urls);

    // Removes images (with their sources). With `deleteFiles`, after the commit, deletes each of
    // their files that Glint created (images.file_owned), that still has the size Glint wrote, and
    // that no remaining image refers to; every other file is kept and counted in the result.
    // A slice of kRemoveSlice images per transaction: the future's progress counts the images done
    // (its range is ids.size()), other writes (a run's records) take their turn between slices, and
    // setting `stop` (or destroying the catalog) ends the removal after the slice under way
    // (result.stopped; the rest stay). A kill at any moment leaves whole slices removed, never part
    // of one.
    static constexpr int kRemoveSlice = 500;
    QFuture<CatalogRemoveResult> remove(const QList<qint64> &ids, bool deleteFiles,
                                        std::shared_ptr<std::atomic<bool>> stop = {});
    // Removes the images whose file is one of `files` and is gone from disk (the session gallery's
    // "Remove and Delete Files" deleted it); the number removed. Never touches a file.
    QFuture<int> forgetDeletedFiles(const QStringList &files);
    QFuture<void> vacuum();

    // Makes every earlier search/totals call on `channel` stale without starting a new one.
    void cancelChannel(const QString &channel);

    // For tests: called on the check thread once the quick stage has passed (after readable()),
    // before the full check reads the file; it may block until the test lets it go, or until
    // `closing` is stopped (the catalog is being destroyed). Set before open().
    void setFullCheckPause(std::function<void(const StatementStop &closing)> pause) { m_checkPause = std::move(pause); }

Q_SIGNALS:
    // Searches of `path` may start (emitted on the catalog's thread, by open/moveAsideAndOpen).
    void readable(const QString &path);
    // Parked records (see open()) were saved into the catalog: `images` records in all.
    void parkedRecordsSaved(int images);

private:
    struct FullCheck;
    template <typename T>
    QFuture<T> write(std::function<T(CatalogStore &)> work, bool parkable = false);
    template <typename T>
    QFuture<T> writeReporting(std::function<T(CatalogStore &, QPromise<T> &)> work, bool parkable = false);
    void post(std::function<void()> job, bool parkable);
    std::function<bool()> staleTest(const QString &channel);
    QFuture<CatalogOpenResult> openOnWriter(const QString &path, bool moveAside);
    // Writer thread:
    void beginOpen(const QString &path, bool moveAside, const std::shared_ptr<QPromise<CatalogOpenResult>> &promise,
                   const std::function<void(const StatementStop &)> &pause);
    void endCheck();
    void completeOpen(const QString &path, CatalogOpenResult result, bool announced, const QString &movedTo,
                      QPromise<CatalogOpenResult> &promise);
    void announce(const QString &path);
    void unreadable(const QString &path);
    int saveParked(const QString &path);

    std::unique_ptr<CatalogReaderPool> m_readers;
    std::unique_ptr<StatementStop> m_openStop;   // stopped by the destructor: ends a full check early
    std::atomic<bool> m_checking{false};         // set and cleared by the writer around a full check
    std::atomic<bool> m_closing{false};          // set by the destructor: a removal stops between slices
    QThread *m_writerThread = nullptr;      // owned: stopped and deleted by the destructor
    QObject *m_writerContext = nullptr;     // lives on the writer thread; work is posted to it
    CatalogStore *m_store = nullptr;        // made and deleted on the writer thread
    QHash<QString, std::shared_ptr<std::atomic<quint64>>> m_channels;
    QString m_path;
    bool m_readable = false;   // GUI thread: set and cleared by events the writer posts
    std::function<void(const StatementStop &)> m_checkPause;   // GUI thread; copied by each open
    // Writer thread only:
    std::unique_ptr<FullCheck> m_check;           // the open's full check under way, on its own thread
    std::deque<std::function<void()>> m_deferred; // writes waiting for that check to end, in order
    QString m_parkPath;   // inserts are parked for this catalog: during its check, and after a stopped one
};

} // namespace glint
