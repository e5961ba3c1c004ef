#pragma once
// --bench: waits until the window has no work left, gathers the metrics of SPEC.md, writes the
// report and quits. Exit status 0 when the run completed, whatever single items failed.
#include <QElapsedTimer>
#include <QObject>
#include <QString>

namespace glint {

class MainWindow;

class BenchRun final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BenchRun)
public:
    BenchRun(const QString &reportPath, MainWindow *window, const QElapsedTimer &runClock, QObject *parent = nullptr);

private:
    void finish();

    QString m_reportPath;
    MainWindow *m_window;
    const QElapsedTimer &m_runClock;
    double m_firstThumbnailS = -1;
    bool m_done = false;
};

} // namespace glint
