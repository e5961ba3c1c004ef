#include "core/net/downloadqueue.h"

namespace glint {

void DownloadQueue::unlistReady(const QString &host, const Host &h)
{
    if (!h.jobs.empty())
        m_ready.erase({*h.jobs.begin(), host});
}

void DownloadQueue::listReady(const QString &host, const Host &h)
{
    if (!h.jobs.empty() && h.active < m_perHost)
        m_ready.insert({*h.jobs.begin(), host});
}

void DownloadQueue::push(quint64 id, const QString &host, int priority, bool front)
{
    Host &h = m_hosts[host];
    unlistReady(host, h);
    const Key key{priority, front ? --m_frontSeq : ++m_backSeq, id};
    h.jobs.insert(key);
    m_where.insert(id, Place{host, key});
    listReady(host, h);
}

bool DownloadQueue::remove(quint64 id)
{
    const auto place = m_where.constFind(id);
    if (place == m_where.cend())
        return false;
    Host &h = m_hosts[place->host];
    unlistReady(place->host, h);
    h.jobs.erase(place->key);
    listReady(place->host, h);
    if (h.jobs.empty() && h.active == 0)
        m_hosts.remove(place->host);
    m_where.erase(place);
    return true;
}

bool DownloadQueue::setPriority(quint64 id, int priority)
{
    const auto place = m_where.find(id);
    if (place == m_where.end())
        return false;
    if (place->key.priority == priority)
        return true;
    Host &h = m_hosts[place->host];
    unlistReady(place->host, h);
    h.jobs.erase(place->key);
    place->key.priority = priority;
    h.jobs.insert(place->key);
    listReady(place->host, h);
    return true;
}

void DownloadQueue::setLimits(int maxActive, int perHost)
{
    m_maxActive = qMax(1, maxActive);
    if (perHost == m_perHost)
        return;
    // Which hosts may start something depends on the per-host limit: list them again.
    for (auto it = m_hosts.cbegin(); it != m_hosts.cend(); ++it)
        unlistReady(it.key(), *it);
    m_perHost = qMax(1, perHost);
    for (auto it = m_hosts.cbegin(); it != m_hosts.cend(); ++it)
        listReady(it.key(), *it);
}

quint64 DownloadQueue::takeNext()
{
    if (m_paused || m_active >= m_maxActive || m_ready.empty())
        return 0;
    const QString host = m_ready.begin()->second;
    Host &h = m_hosts[host];
    unlistReady(host, h);
    const Key key = *h.jobs.begin();
    h.jobs.erase(h.jobs.begin());
    ++h.active;
    ++m_active;
    listReady(host, h);
    m_where.remove(key.id);
    return key.id;
}

void DownloadQueue::release(const QString &host)
{
    --m_active;
    const auto it = m_hosts.find(host);
    if (it == m_hosts.end())
        return;
    unlistReady(host, *it);
    --it->active;
    listReady(host, *it);
    if (it->jobs.empty() && it->active == 0)
        m_hosts.erase(it);
}

} // namespace glint
