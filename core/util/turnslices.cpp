#include "core/util/turnslices.h"

namespace glint {

TurnSlices::TurnSlices(std::function<bool()> slice, QObject *parent) : QObject(parent), m_slice(std::move(slice))
{
}

void TurnSlices::schedule()
{
    m_wanted = true;
    if (m_posted)
        return;   // the event already in the queue runs it
    m_posted = true;
    QMetaObject::invokeMethod(this, &TurnSlices::runSlice, Qt::QueuedConnection);
}

void TurnSlices::cancel()
{
    m_wanted = false;
}

void TurnSlices::runSlice()
{
    m_posted = false;
    if (!m_wanted)
        return;   // cancelled after it was posted
    m_wanted = false;
    if (m_slice())
        schedule();
}

} // namespace glint
