#include "app/laggauge.h"

#include "core/probe/lagprobe.h"

#include <QPainter>

namespace glint {

LagGauge::LagGauge(LagProbe *probe, QWidget *parent) : QWidget(parent), m_probe(probe)
{
    setToolTip(tr("Event-loop lag: how late a timer due every 4 ms fires on the GUI thread.\n"
                  "Now · 99th percentile over the last 10 s · worst since the window appeared."));
    m_refresh.setInterval(250);
    connect(&m_refresh, &QTimer::timeout, this, &LagGauge::refresh);
    m_refresh.start();
}

QSize LagGauge::sizeHint() const
{
    return {fontMetrics().horizontalAdvance(QStringLiteral("● Lag 999.9 ms · p99 999.9 · max 9999.9")) + 8,
            fontMetrics().height() + 4};
}

void LagGauge::refresh()
{
    const double now = m_probe->recentMaxMs();
    const double p99 = m_probe->recentPercentile(99, 2500);
    const double max = m_probe->maxOnScreenMs();
    if (now == m_now && p99 == m_p99 && max == m_max)
        return;
    m_now = now;
    m_p99 = p99;
    m_max = max;
    update();
}

void LagGauge::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QColor colour = m_now <= 16 ? QColor(0x2e, 0xa0, 0x43) : m_now <= 50 ? QColor(0xe0, 0x9b, 0x12) : QColor(0xd9, 0x3f, 0x2f);
    const int d = fontMetrics().height() / 2 + 2;
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawEllipse(QRectF(2, (height() - d) / 2.0, d, d));
    painter.setPen(palette().color(QPalette::WindowText));
    painter.drawText(rect().adjusted(d + 8, 0, 0, 0), Qt::AlignVCenter | Qt::AlignLeft,
                     tr("Lag %L1 ms · p99 %L2 · max %L3").arg(m_now, 0, 'f', 1).arg(m_p99, 0, 'f', 1).arg(m_max, 0, 'f', 1));
}

} // namespace glint
