#pragma once
// --bench: waits until the application has no work left, gathers the metrics of the report contract
// (docs/SPEC.md), writes the report and quits. Exit status 0 when the run completed, whatever single
// items failed.
//
// Threads: GUI thread. Ownership: it is handed the application and the two probes it reads (the
// window's input-latency probe and the delegate that paints the first thumbnail); it owns nothing.
#include <QElapsedTimer>
#include <QObject>
#include <QString>

namespace glint {

class Application;
class GalleryDelegate;
class InputLatencyProbe;

class BenchRun final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BenchRun)
public:
    BenchRun(const QString &reportPath, Application &app, InputLatencyProbe &input, GalleryDelegate &gallery,
             const QElapsedTimer &runClock, QObject *parent = nullptr);

private:
    void finish();

    QString m_reportPath;
    Application &m_app;
    InputLatencyProbe &m_input;
    const QElapsedTimer &m_runClock;
    double m_firstThumbnailS = -1;
    double m_guiCpuAtStartMs = 0;
    bool m_done = false;
};

} // namespace glint
