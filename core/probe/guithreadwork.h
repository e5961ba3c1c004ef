#pragma once
// Makes rule 1 ("the GUI thread never blocks") checkable: the functions that decode images, run SQL
// queries and write files call note() themselves, and every call made on the application's main
// thread is counted. In async mode every count must stay 0; --blocking shows them rising.
#include <QtGlobal>

namespace glint {

class GuiThreadWork final {
public:
    enum class Kind { Decode, Query, FileWrite, Wait };   // Wait: blocked on another thread's result
    // Thread-safe; costs one atomic increment when it counts, a thread-id compare when it does not.
    static void note(Kind kind);
    static int count(Kind kind);
    static void reset();
    static bool onGuiThread();
};

} // namespace glint
