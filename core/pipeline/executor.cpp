#include "core/pipeline/executor.h"

#include "core/probe/guithreadwork.h"

namespace glint {

void BlockingExecutor::settle(const std::function<void()> &wait)
{
    GuiThreadWork::note(GuiThreadWork::Kind::Wait);
    wait();   // the anti-pattern itself: the event loop stands still until the other thread is done
}

} // namespace glint
