#pragma once
#include <QtGlobal>

namespace glint {

// Resident memory of this process, from /proc/self/status (a tiny read; Linux only, 0 elsewhere).
class MemoryProbe final {
public:
    static double peakRssMb();     // VmHWM: the high-water mark since start
    static double currentRssMb();  // VmRSS
};

} // namespace glint
