#include "core/probe/threadcputime.h"

#include <ctime>

namespace glint {

double threadCpuMs()
{
#if defined(CLOCK_THREAD_CPUTIME_ID)
    timespec ts{};
    if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == 0)
        return double(ts.tv_sec) * 1000.0 + double(ts.tv_nsec) / 1e6;
#endif
    return 0;
}

} // namespace glint
