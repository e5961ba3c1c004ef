#pragma once
// Reads a whole file into memory in slices of 256 KB instead of one read() call.
//
// One read() of a 15 MB photo into a new buffer is one system call that copies 15 MB and takes a
// page fault for each of its 3,700 fresh pages inside the kernel. On a kernel built without
// preemption inside system calls (PREEMPT_NONE, the usual server and cloud setting) the thread
// keeps its core for all of it, 20–40 ms here, even at nice 10: the GUI thread, woken meanwhile,
// waited up to 26 ms for a core (perf sched), and the lag maximum of a page of 12–24 MP photos was
// 17–44 ms. Between two slices the thread returns to user space, where the scheduler can hand the
// core over; 256 KB slices cost 60 calls for 15 MB, nothing next to the decode. Measured in
// docs/BENCHMARKS.md section 32.
//
// Threads: any (a decode thread, never the GUI thread).
#include <QtGlobal>

class QFile;
class QByteArray;

namespace glint {

class SlicedRead final {
public:
    static constexpr qint64 kSliceBytes = 256 << 10;
    // The file's bytes from its current position to the end, at most `expected` of them (its size
    // when opened: a file that grows meanwhile is not read past it). Fewer when it shrank or a read
    // failed.
    static QByteArray readAll(QFile &file, qint64 expected);
};

} // namespace glint
