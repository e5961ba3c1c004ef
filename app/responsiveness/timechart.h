#pragma once
// A small chart of a few series over the last minute, one point a second, drawn with QPainter from
// a ring of values. It repaints only when a point is added (once a second): never itself a cause of lag.
//
// Threads: GUI thread. Ownership: a plain widget.
#include <QColor>
#include <QList>
#include <QString>
#include <QWidget>
#include <deque>

namespace glint {

class TimeChart final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TimeChart)
public:
    static constexpr int kPoints = 60;

    explicit TimeChart(const QString &title, const QString &unit, QWidget *parent = nullptr);
    int addSeries(const QString &name, const QColor &color);
    // One point per series, in the order they were added; `alarm` marks the second (a stall).
    void addPoint(const QList<double> &values, bool alarm = false);
    void setFloor(double maximum) { m_floor = maximum; }   // the y axis never shows less than this
    QSize sizeHint() const override { return {360, 110}; }
    QSize minimumSizeHint() const override { return {200, 80}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    struct Series {
        QString name;
        QColor color;
        std::deque<double> values;
    };
    QString m_title;
    QString m_unit;
    QList<Series> m_series;
    std::deque<bool> m_alarms;
    double m_floor = 1;
};

} // namespace glint
