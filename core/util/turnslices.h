#pragma once
// Work too long for one event-loop turn, done a slice per turn.
//
// Glint has several jobs that would hold the GUI thread for tens of milliseconds if done in one go:
// telling the models that 100,000 rows were cancelled, adding a folder's listed batches, searching
// the gallery's names for a filter, preparing sort keys, handing a page's images to the preview. Each
// does a bounded slice, then lets the event loop paint and read input before the next.
//
// schedule() asks for one call of the slice function in a later turn; asking again before it ran
// changes nothing. The function returns whether more remains: then it runs again in the turn after.
// "A later turn" is a posted event, not a zero timer: Qt handles the events posted while it delivers
// posted events only in its next pass, after the timers, sockets and window-system input that became
// ready meanwhile, so a slice never runs twice in a row without them. (A zero QTimer gives the same
// order at the price of a timer registered and killed per slice.)
//
// Threads: the thread the object lives in, for every call and every slice. Lifetime: a slice still
// scheduled when the object is destroyed never runs, so the function may capture its owner.
#include <QObject>

#include <functional>

namespace glint {

class TurnSlices final : public QObject {
    Q_OBJECT
public:
    // `slice` returns true while more remains.
    explicit TurnSlices(std::function<bool()> slice, QObject *parent = nullptr);

    void schedule();    // one slice in a later turn, unless one is scheduled already
    void cancel();      // the scheduled slice (if any) does not run
    bool isScheduled() const { return m_wanted; }

private:
    void runSlice();

    std::function<bool()> m_slice;
    bool m_wanted = false;   // a slice is to run
    bool m_posted = false;   // an event for it is in the queue (cancel does not take it back)
};

} // namespace glint
