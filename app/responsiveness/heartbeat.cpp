#include "app/responsiveness/heartbeat.h"

#include <QCoreApplication>
#include <QEvent>
#include <QPainter>

namespace glint {
namespace {
const QEvent::Type kBeat = QEvent::Type(QEvent::registerEventType());
}

Heartbeat::Heartbeat(QWidget *parent) : QWidget(parent)
{
    setFixedSize(sizeHint());
    setToolTip(tr("Pulses five times a second when the window is responsive"));
    m_clock.start();
    m_timer.setInterval(kIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &Heartbeat::beat);
}

void Heartbeat::beat()
{
    if (m_postedNs >= 0)
        return;   // the last beat has not been painted yet: never pile them up
    m_postedNs = m_clock.nsecsElapsed();
    QCoreApplication::postEvent(this, new QEvent(kBeat));
}

bool Heartbeat::event(QEvent *event)
{
    if (event->type() == kBeat) {
        m_phase = !m_phase;
        m_paintPending = true;
        update();
        return true;
    }
    return QWidget::event(event);
}

void Heartbeat::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.setPen(Qt::NoPen);
    p.setBrush(m_phase ? QColor(46, 125, 50) : QColor(129, 199, 132));
    p.drawEllipse(rect().adjusted(2, 2, -2, -2));
    p.end();
    if (m_paintPending && m_postedNs >= 0) {
        m_paintPending = false;
        const double ms = double(m_clock.nsecsElapsed() - m_postedNs) / 1e6;
        m_postedNs = -1;
        Q_EMIT sampled(ms);
    }
}

void Heartbeat::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    m_timer.start();
}

void Heartbeat::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_timer.stop();
    m_postedNs = -1;
    m_paintPending = false;
}

} // namespace glint
