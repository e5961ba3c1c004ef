#pragma once
// CPU time the calling thread has used, in milliseconds (CLOCK_THREAD_CPUTIME_ID; 0 where there is
// none). --bench divides the GUI thread's share of a run by the items it finished: the cost of the
// model updates, pixmaps and paints per image, whatever else the machine is doing.
namespace glint {

double threadCpuMs();

} // namespace glint
