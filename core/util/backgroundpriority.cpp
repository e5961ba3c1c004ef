#include "core/util/backgroundpriority.h"

#include "core/util/guithread.h"

#if defined(Q_OS_LINUX) || defined(__linux__)
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace glint {

void BackgroundPriority::applyToThisThread()
{
    thread_local bool applied = false;
    if (applied || isGuiThread())
        return;
    applied = true;
#if defined(__linux__)
    // On Linux "process" priority with a thread id sets that thread's nice value alone.
    const auto tid = static_cast<id_t>(::syscall(SYS_gettid));
    ::setpriority(PRIO_PROCESS, tid, kNice);
#endif
}

} // namespace glint
