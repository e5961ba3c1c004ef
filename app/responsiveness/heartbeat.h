#pragma once
// How long the window takes to react: five times a second it posts itself an event, as input would
// arrive, and measures the time from posting to the end of the paint that event asked for. The
// event waits behind everything else queued for the GUI thread, so a busy or blocked loop shows up
// here as the delay a click would feel. It draws a small dot that changes colour with each beat (a
// visible pulse that stops when the window freezes).
//
// Threads: GUI thread. Runs only while it is visible (the Responsiveness panel is open): it costs
// one posted event and one 12-pixel paint per beat. Ownership: a plain widget.
#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

namespace glint {

class Heartbeat final : public QWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Heartbeat)
public:
    static constexpr int kIntervalMs = 200;

    explicit Heartbeat(QWidget *parent = nullptr);
    QSize sizeHint() const override { return {14, 14}; }

Q_SIGNALS:
    void sampled(double latencyMs);   // one per beat, after its paint

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    void beat();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_postedNs = -1;    // the beat on its way, or -1
    bool m_paintPending = false;
    bool m_phase = false;
};

} // namespace glint
