#pragma once
// Decodes what the viewer wants, on the shared decode pool, never more than kMaxInFlight at a time:
// the current image first, then the prefetched neighbours. The viewer says what it wants after every
// step (setWanted); what is no longer wanted is dropped — taken back from the pool's queue if it has
// not started, cancelled at its next read of the file if it has (ViewDecode) — so holding an arrow key
// never builds a backlog and the last key wins.
//
// Threads: GUI thread; decodes run on the pool as QImage (ViewDecode), the QPixmap is made here.
// Ownership: the pool and the cache are not owned; the pool outlives the loader (Application owns it),
// the cache belongs to the same ViewerPage. Each decode is a coroutine (decode()) whose Task the
// loader owns (m_decodes) until the next decode starts after it finished.
// Lifetime: a decode awaits its result through takeInContext with the loader as context, so one that
// ends after the loader is gone resumes only to end, touching nothing. Cancel: a running decode
// stops at its next read and gives its reservation of the DecodeBudget back.
#include "core/imaging/viewdecode.h"
#include "core/util/failure.h"

#include <QCoro/QCoroTask>
#include <QFuture>
#include <QHash>
#include <QList>
#include <QObject>
#include <QPixmap>
#include <QRect>
#include <QSize>
#include <QString>
#include <atomic>
#include <map>
#include <memory>

class QRunnable;
class QThreadPool;

namespace glint {

class ViewerCache;

class ViewerLoader final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ViewerLoader)
public:
    // One for the image on screen, one for the next neighbour: enough to keep a 100 ms pace on two
    // cores without a queue; the other half of the pool stays free for the gallery's work.
    static constexpr int kMaxInFlight = 2;
    // Viewer decodes go before the pipeline's thumbnails in the shared pool's queue.
    static constexpr int kPoolPriority = 10;

    struct Request {
        QString file;
        QSize box;      // device pixels to fit; empty: full resolution
        QRect region;   // when valid: only this part (full-size coordinates), at `box` device pixels
        QString key() const;
    };

    ViewerLoader(QThreadPool *pool, ViewerCache *cache, QObject *parent = nullptr);
    ~ViewerLoader() override;

    // Most important first. Requests already in the cache are skipped; ones that left the list are dropped.
    void setWanted(const QList<Request> &wanted);
    int inFlight() const { return int(m_running.size()); }
    int peakInFlight() const { return m_peakInFlight; }
    void resetPeak() { m_peakInFlight = inFlight(); }

Q_SIGNALS:
    void ready(const QString &key, const QPixmap &pixmap, QSize fullSize, const QByteArray &format, bool animated,
               QRect region);
    void failed(const QString &key, const glint::Failure &failure);

private:
    // Shared with the task: it sets `started` when it runs; the pool deletes it after it ran.
    struct Flags {
        std::atomic<bool> cancelled{false};
        std::atomic<bool> started{false};
    };
    struct Running {
        quint64 id = 0;
        QRunnable *task = nullptr;   // valid while !flags->started (the pool deletes it after running)
        std::shared_ptr<Flags> flags;
        bool wanted = true;
    };
    bool takeBack(Running &running);
    void startMore();
    QCoro::Task<> decode(QString key, quint64 id, QFuture<ViewImage> future);
    bool isWanted(const QString &key) const;

    QThreadPool *m_pool;
    ViewerCache *m_cache;
    QList<Request> m_wanted;
    QHash<QString, Running> m_running;   // by key
    std::map<quint64, QCoro::Task<>> m_decodes;   // by Running::id; finished ones go when the next starts
    quint64 m_nextId = 1;
    int m_peakInFlight = 0;
};

} // namespace glint
