#include "core/util/foregroundlatency.h"

#if defined(__linux__)
#include <cerrno>
#include <cstdint>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace glint {

bool ForegroundLatency::requestShortSlicesForThisThread(int microseconds)
{
#if defined(__linux__) && defined(SYS_sched_setattr)
    // The kernel's struct sched_attr (include/uapi/linux/sched/types.h), declared here because
    // glibc before 2.41 has neither the struct nor a wrapper.
    struct Attr {
        std::uint32_t size;
        std::uint32_t policy;
        std::uint64_t flags;
        std::int32_t nice;
        std::uint32_t priority;
        std::uint64_t runtime;
        std::uint64_t deadline;
        std::uint64_t period;
    };
    Attr attr{};
    attr.size = sizeof(Attr);
    attr.policy = SCHED_OTHER;
    attr.flags = 0x01;   // SCHED_FLAG_RESET_ON_FORK: threads started from this one keep the default slice
    errno = 0;
    const int nice = ::getpriority(PRIO_PROCESS, 0);
    attr.nice = errno == 0 ? nice : 0;   // unchanged: only the slice is asked for
    attr.runtime = std::uint64_t(microseconds) * 1000;
    return ::syscall(SYS_sched_setattr, 0, &attr, 0) == 0;
#else
    (void)microseconds;
    return false;
#endif
}

} // namespace glint
