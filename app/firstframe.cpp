#include "app/firstframe.h"

#include <QCoreApplication>
#include <QEvent>
#include <QWidget>
#include <QWindow>

namespace glint {

void FirstFrame::whenPainted(QWidget *window, std::function<void()> then)
{
    new FirstFrame(window, std::move(then));
}

FirstFrame::FirstFrame(QWidget *window, std::function<void()> then)
    : QObject(window), m_window(window), m_then(std::move(then))
{
    // The native window exists from the first show; until then, wait for that show.
    if (QWindow *handle = window->windowHandle())
        handle->installEventFilter(this);
    else
        window->installEventFilter(this);
}

bool FirstFrame::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_window && event->type() == QEvent::Show) {
        m_window->removeEventFilter(this);
        if (QWindow *handle = m_window->windowHandle())
            handle->installEventFilter(this);
    } else if (watched != m_window && event->type() == QEvent::Expose && static_cast<QWindow *>(watched)->isExposed()) {
        watched->removeEventFilter(this);   // once: no later Expose reaches this filter
        // Posted: it runs after this Expose, and so after the paint that Expose is about to do.
        QCoreApplication::postEvent(this, new QEvent(QEvent::User), Qt::HighEventPriority);
    }
    return false;
}

void FirstFrame::customEvent(QEvent *event)
{
    if (event->type() != QEvent::User)
        return;
    m_then();
    deleteLater();
}

} // namespace glint
