#include "app/responsiveness/timechart.h"

#include <QLocale>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>

namespace glint {

TimeChart::TimeChart(const QString &title, const QString &unit, QWidget *parent)
    : QWidget(parent), m_title(title), m_unit(unit)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
}

int TimeChart::addSeries(const QString &name, const QColor &color)
{
    m_series.append(Series{name, color, {}});
    return int(m_series.size()) - 1;
}

void TimeChart::addPoint(const QList<double> &values, bool alarm)
{
    for (int i = 0; i < m_series.size(); ++i) {
        auto &ring = m_series[i].values;
        ring.push_back(i < values.size() ? values[i] : 0);
        if (ring.size() > std::size_t(kPoints))
            ring.pop_front();
    }
    m_alarms.push_back(alarm);
    if (m_alarms.size() > std::size_t(kPoints))
        m_alarms.pop_front();
    update();
}

void TimeChart::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), palette().base());
    const QFontMetrics fm = fontMetrics();
    const int top = fm.height() + 4;
    const QRect plot = rect().adjusted(4, top, -4, -4);
    double maximum = m_floor;
    for (const Series &s : std::as_const(m_series)) {
        for (double v : s.values)
            maximum = std::max(maximum, v);
    }
    const double step = double(plot.width()) / double(kPoints - 1);
    auto xOf = [&](std::size_t i, std::size_t count) { return plot.right() - double(count - 1 - i) * step; };
    // Stalls first, as red columns behind the lines.
    for (std::size_t i = 0; i < m_alarms.size(); ++i) {
        if (m_alarms[i])
            p.fillRect(QRectF(xOf(i, m_alarms.size()) - step / 2, plot.top(), step, plot.height()), QColor(198, 40, 40, 60));
    }
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(plot.adjusted(0, 0, -1, -1));
    p.setRenderHint(QPainter::Antialiasing);
    QString legend = m_title + QStringLiteral("  ");
    int x = 4;
    p.setPen(palette().color(QPalette::Text));
    p.drawText(x, fm.ascent() + 1, m_title);
    x += fm.horizontalAdvance(legend);
    for (const Series &s : std::as_const(m_series)) {
        if (!s.values.empty()) {
            QPainterPath path;
            for (std::size_t i = 0; i < s.values.size(); ++i) {
                const QPointF point(xOf(i, s.values.size()), plot.bottom() - s.values[i] / maximum * (plot.height() - 2));
                i == 0 ? path.moveTo(point) : path.lineTo(point);
            }
            p.setPen(QPen(s.color, 1.5));
            p.drawPath(path);
        }
        const QString label = s.values.empty() ? s.name
                                                : QStringLiteral("%1 %2").arg(s.name, QLocale().toString(s.values.back(), 'f', s.values.back() < 10 ? 1 : 0));
        p.setPen(s.color);
        p.drawText(x, fm.ascent() + 1, label);
        x += fm.horizontalAdvance(label) + 10;
    }
    p.setPen(palette().color(QPalette::PlaceholderText));
    const QString scale = QStringLiteral("%1 %2").arg(QLocale().toString(maximum, 'f', maximum < 10 ? 1 : 0), m_unit);
    p.drawText(plot.adjusted(0, 2, -4, 0), Qt::AlignRight | Qt::AlignTop, scale);
}

} // namespace glint
