#pragma once
// Input latency, as docs/SPEC.md defines it: every 50 ms a synthetic input event is posted — alternately a
// wheel scroll of the gallery and a key press into the filter field — and a sample is the time from
// posting it to the end of the next paint of the widget it changed. Events that change nothing (a
// gallery too short to scroll) produce no paint and are dropped after a second, not counted.
#include "core/probe/lagprobe.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <vector>

namespace glint {

class GalleryView;
class FilterField;

class InputLatencyProbe final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(InputLatencyProbe)
public:
    InputLatencyProbe(GalleryView *gallery, FilterField *field, QObject *parent = nullptr);
    void start();
    void stop();
    LagStats stats() const;

private:
    bool eventFilter(QObject *watched, QEvent *event) override;
    void postNext();
    void onPainted(int target);

    GalleryView *m_gallery;
    FilterField *m_field;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_postedNs[2] = {-1, -1};   // per target: when the pending event was posted, -1 when none
    bool m_delivered[2] = {false, false};   // the pending event reached its widget
    int m_tick = 0;
    std::vector<double> m_samples;
};

} // namespace glint
