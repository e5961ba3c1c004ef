#pragma once
// A decode the user has moved past is stopped by failing the reads under it (ViewDecode's
// CancellableFile), and Qt's JPEG handler then warns "Corrupt JPEG data: premature end of data
// segment" on stderr, about a photo that is fine. CancelledReads marks the thread whose reads were
// refused on purpose, until its decode ends, and a message handler installed once drops the image
// handlers' warnings (category "qt.gui.imageio…") raised on a thread so marked. Every other message,
// and every warning about a file that really is damaged, goes on to the handler installed before.
//
// Threads: mark()/Scope on the decoding thread (a thread_local flag); install() once, on the GUI
// thread, before decodes start (main() does it).
namespace glint {

class CancelledReads final {
public:
    static void install();
    static void markThisThread();          // this thread's reads are being refused on purpose
    static bool isThisThreadMarked();

    // Clears the mark when a decode begins and when it ends, so that it covers that decode only.
    class Scope final {
    public:
        Scope();
        ~Scope();
        Scope(const Scope &) = delete;
        Scope &operator=(const Scope &) = delete;
    };
};

} // namespace glint
