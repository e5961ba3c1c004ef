#pragma once
// Lets a worker thread yield the CPU to the GUI thread. QThread::LowPriority does nothing on Linux
// (threads under SCHED_OTHER all have static priority 0), so with decoders on every core the GUI
// thread got one time slice in three (lag p99 3.8–5.0 ms against 3.3–4.3 ms at nice 10, and 20 % more
// wall time: docs/BENCHMARKS.md section 1). A nice value
// does work per thread on Linux: the scheduler then gives the GUI thread the CPU whenever it is
// runnable, and the workers everything else, so throughput is unchanged on an idle GUI.
namespace glint {

class BackgroundPriority final {
public:
    // Call at the start of work on a pool thread. Cheap after the first call on a thread; does
    // nothing on the GUI thread (blocking mode runs the same functions there on purpose).
    static void applyToThisThread();
    static constexpr int kNice = 10;
};

} // namespace glint
