#pragma once
// The waiting line of the downloader: which job starts next, within a global limit and a per-host
// limit, highest priority first and first come first served among equals.
//
// Every operation is O(log n): one ordered set per host, and an ordered set of the hosts that may
// start something now, keyed by their best job. A host with thousands of queued images costs no
// more per add or per completion than a host with one (the old single list was scanned each time).
//
// Threads: plain data, used by one thread (the network thread). Ids are the downloader's.
#include <QHash>
#include <QString>
#include <QtGlobal>
#include <set>

namespace glint {

class DownloadQueue final {
public:
    DownloadQueue(int maxActive, int perHost) : m_maxActive(maxActive), m_perHost(perHost) {}

    // `front`: ahead of everything of the same priority (a paused or retried job returning).
    void push(quint64 id, const QString &host, int priority, bool front = false);
    bool remove(quint64 id);                       // a queued job, e.g. cancelled
    bool setPriority(quint64 id, int priority);    // false: not queued (running, finished or unknown)
    bool contains(quint64 id) const { return m_where.contains(id); }

    // The next job that may start, marked active; 0 when none may (limits, paused or empty).
    quint64 takeNext();
    // A job taken by takeNext() has ended (finished, failed, or went back with push()).
    void release(const QString &host);

    // New limits for what starts next; jobs already running go on (over a lowered limit, until they end).
    void setLimits(int maxActive, int perHost);
    void setPaused(bool paused) { m_paused = paused; }
    bool isPaused() const { return m_paused; }
    qsizetype queued() const { return m_where.size(); }
    int active() const { return m_active; }
    QList<quint64> queuedIds() const { return m_where.keys(); }

private:
    struct Key {
        int priority;    // higher first
        qint64 seq;      // lower first
        quint64 id;
        bool operator<(const Key &o) const
        {
            if (priority != o.priority)
                return priority > o.priority;
            if (seq != o.seq)
                return seq < o.seq;
            return id < o.id;
        }
    };
    struct Host {
        std::set<Key> jobs;
        int active = 0;
    };
    struct Place {
        QString host;
        Key key;
    };

    void unlistReady(const QString &host, const Host &h);
    void listReady(const QString &host, const Host &h);

    int m_maxActive;
    int m_perHost;
    int m_active = 0;
    bool m_paused = false;
    qint64 m_backSeq = 0;
    qint64 m_frontSeq = 0;
    QHash<QString, Host> m_hosts;
    QHash<quint64, Place> m_where;
    std::set<std::pair<Key, QString>> m_ready;   // hosts under their limit with something queued
};

} // namespace glint
