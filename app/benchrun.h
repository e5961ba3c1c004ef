#pragma once
// --bench: waits until the application has no work left, gathers the metrics of the report contract
// (docs/SPEC.md), writes the report and quits. Exit status 0 when the run completed, whatever single
// items failed.
//
// With --bench-viewer, the viewer phase (ViewerBench) runs after the gallery's metrics are taken and
// before the report is written; its own lag probe covers that phase only.
//
// Threads: GUI thread. Ownership: it is handed the application and the two probes it reads (the
// window's input-latency probe and the delegate that paints the first thumbnail), and for the viewer
// phase the window's viewer and gallery; it owns only the ViewerBench it runs.
#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include "core/pipeline/benchreport.h"

class QAbstractItemView;

namespace glint {

class Application;
class GalleryDelegate;
class InputLatencyProbe;
class GalleryView;
class ViewerBench;
class ViewerStack;

class BenchRun final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BenchRun)
public:
    BenchRun(const QString &reportPath, Application &app, InputLatencyProbe &input, GalleryDelegate &gallery,
             const QElapsedTimer &runClock, QObject *parent = nullptr);
    ~BenchRun() override;

    // --bench-viewer: after the gallery run, step this viewer through this gallery.
    void measureViewer(ViewerStack &stack, QAbstractItemView &gallery);
    // --bench-scroll: after the gallery run (before the viewer phase), scroll this gallery down and up.
    void measureScroll(GalleryView &gallery);

private:
    void finish();
    void runScroll();
    void runViewer();
    void writeReport();

    QString m_reportPath;
    Application &m_app;
    InputLatencyProbe &m_input;
    const QElapsedTimer &m_runClock;
    double m_firstThumbnailS = -1;
    double m_guiCpuAtStartMs = 0;
    bool m_done = false;
    BenchMetrics m_metrics;
    ViewerStack *m_viewerStack = nullptr;
    QAbstractItemView *m_viewerGallery = nullptr;
    GalleryView *m_scrollGallery = nullptr;
    ViewerBench *m_viewerBench = nullptr;   // a child
};

} // namespace glint
