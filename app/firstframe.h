#pragma once
// Runs a function once, just after a top-level widget's first frame has been painted: the first
// Expose of its window has been handled (Qt paints the whole window inside that event). The function
// comes as a posted event of high priority, so it runs before any event posted earlier at the normal
// one: work queued before the window appeared (in --blocking, the whole run, under Xvfb) must not run
// first, or a freeze the user watched would count as the window's start. The lag probe's live views
// start there (LagProbe::markOnScreen).
//
// Threads: GUI; call before the widget is first shown (a window already on screen has had its first
// Expose, and the function would wait for the next one). Lifetime: a child of the widget; it deletes
// itself once the function has run, so the function never outlives the widget.
#include <QObject>
#include <functional>

class QWidget;

namespace glint {

class FirstFrame final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FirstFrame)
public:
    static void whenPainted(QWidget *window, std::function<void()> then);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void customEvent(QEvent *event) override;

private:
    FirstFrame(QWidget *window, std::function<void()> then);

    QWidget *m_window;
    std::function<void()> m_then;
};

} // namespace glint
