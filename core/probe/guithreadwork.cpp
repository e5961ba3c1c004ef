#include "core/probe/guithreadwork.h"

#include "core/util/guithread.h"

#include <atomic>

namespace glint {
namespace {
std::atomic<int> g_counts[4];
}

bool GuiThreadWork::onGuiThread()
{
    return isGuiThread();
}

void GuiThreadWork::note(Kind kind)
{
    if (onGuiThread())
        g_counts[int(kind)].fetch_add(1, std::memory_order_relaxed);
}

int GuiThreadWork::count(Kind kind)
{
    return g_counts[int(kind)].load(std::memory_order_relaxed);
}

void GuiThreadWork::reset()
{
    for (auto &c : g_counts)
        c.store(0);
}

} // namespace glint
