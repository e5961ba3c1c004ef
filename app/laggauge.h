#pragma once
// The status-bar gauge: how late the event loop answers, now, p99 over the last 10 s, and the worst
// since the window appeared (LagProbe::markOnScreen). Green under one frame at 60 Hz, amber under
// 50 ms, red above.
#include <QTimer>
#include <QWidget>

namespace glint {

class LagProbe;

class LagGauge final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LagGauge)
public:
    explicit LagGauge(LagProbe *probe, QWidget *parent = nullptr);
    QSize sizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void refresh();

    LagProbe *m_probe;
    QTimer m_refresh;
    double m_now = 0, m_p99 = 0, m_max = 0;
};

} // namespace glint
