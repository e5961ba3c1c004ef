#pragma once
// Is the calling thread the application's main (GUI) thread? A leaf of its own, so that everything
// that must behave differently there (priority, the work counters) can ask without a cycle.
namespace glint {

bool isGuiThread();

} // namespace glint
