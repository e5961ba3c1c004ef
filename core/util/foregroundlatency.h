#pragma once
// Asks the kernel to wake the GUI thread promptly while workers hold every core.
//
// Nice 10 on the workers (BackgroundPriority) gives the GUI thread the larger share of the CPU, but
// not a prompt start: with one decoder instead of two (a core left free) the lag p99 of the
// 400-photo run falls from 1.2–3.5 ms to 1.0–2.0 ms, so most lag above 2 ms is the GUI thread
// waiting for a core, behind the network, HTTP and catalog threads (nice 0) and the decoders.
// Linux's EEVDF scheduler (6.6 and later; a requested slice since 6.12) lets any thread ask for a
// shorter time slice (sched_setattr's sched_runtime, no privilege needed): its deadline then comes
// sooner, so on waking it preempts the thread running. The GUI thread runs in short bursts anyway;
// this changes when they start, not how much CPU it gets. Measured in docs/BENCHMARKS.md section 28
// (a small gain: lag max and the first thumbnail, p99 on the photo run). On older kernels (Debian
// 12's 6.1) the request is ignored.
//
// Threads: call on the thread concerned (the GUI thread, once, at start). Threads it starts later do
// not inherit the short slice (SCHED_FLAG_RESET_ON_FORK); threads started before it keep theirs.
namespace glint {

class ForegroundLatency final {
public:
    static constexpr int kSliceMicroseconds = 100;   // the kernel's smallest
    // True when the kernel took the request (false elsewhere than Linux or when refused).
    static bool requestShortSlicesForThisThread(int microseconds = kSliceMicroseconds);
};

} // namespace glint
