#include "core/imaging/decodebudget.h"

#include "core/util/guithread.h"

#include <QMutex>
#include <QWaitCondition>

namespace glint {
namespace {

struct Budget {
    QMutex lock;
    QWaitCondition freed;
    qint64 limit = DecodeBudget::kDefaultBytes;
    qint64 used = 0;
    qint64 peak = 0;
};

Budget &budget()
{
    static Budget b;
    return b;
}

} // namespace

void DecodeBudget::setLimit(qint64 bytes)
{
    Budget &b = budget();
    QMutexLocker locker(&b.lock);
    b.limit = qMax<qint64>(64LL * 1024 * 1024, bytes);
    b.freed.wakeAll();
}

qint64 DecodeBudget::limit()
{
    Budget &b = budget();
    QMutexLocker locker(&b.lock);
    return b.limit;
}

qint64 DecodeBudget::inUse()
{
    Budget &b = budget();
    QMutexLocker locker(&b.lock);
    return b.used;
}

qint64 DecodeBudget::peak()
{
    Budget &b = budget();
    QMutexLocker locker(&b.lock);
    return b.peak;
}

DecodeBudget::Reservation::Reservation(qint64 bytes) : m_bytes(-1)
{
    Budget &b = budget();
    QMutexLocker locker(&b.lock);
    bytes = qMax<qint64>(0, bytes);
    if (bytes > b.limit / 4)
        return;
    const bool mayWait = !isGuiThread();
    while (b.used + bytes > b.limit) {
        if (!mayWait)
            return;
        b.freed.wait(&b.lock);
    }
    b.used += bytes;
    b.peak = qMax(b.peak, b.used);
    m_bytes = bytes;
}

DecodeBudget::Reservation::~Reservation()
{
    if (m_bytes <= 0)
        return;
    Budget &b = budget();
    QMutexLocker locker(&b.lock);
    b.used -= m_bytes;
    b.freed.wakeAll();
}

} // namespace glint
