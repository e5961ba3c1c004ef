#pragma once
// A yes/no question that does not nest an event loop. QMessageBox::question() runs exec(): while it
// waits, every queued event (a finished download, a catalog reset, the window closing) is handled
// underneath the caller, which then resumes on a world that changed. Here the box is window-modal
// and opened with open(); the caller returns at once, and `yes` runs later only if the user accepts.
//
// Threads: GUI thread. Lifetime: the box is a child of `parent` and deletes itself when closed;
// `yes` runs only while `context` lives (a connection with it as the receiver).
#include <QString>

#include <functional>

class QMessageBox;
class QObject;
class QWidget;

namespace glint {

struct Confirmation {
    QString objectName;    // for tests and accessibility
    QString title;
    QString text;
    QString informativeText;
    QString acceptText;    // the button that says what will happen ("Remove and Delete")
};

// Returns the open box (tests answer it).
QMessageBox *askToConfirm(QWidget *parent, const Confirmation &question, const QObject *context, std::function<void()> yes);

} // namespace glint
