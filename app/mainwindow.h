#pragma once
// The main window: URL field and filter in the tool bar, the gallery, and a status bar with totals and
// the live lag gauge. It owns the pipeline and, with --demo, the demo server. It only asks and shows.
#include "options.h"

#include <QMainWindow>
#include <QElapsedTimer>
#include <QTimer>
#include <QUrl>

class QLabel;
class QLineEdit;
class QProgressBar;
class QSortFilterProxyModel;

namespace glint {

class DemoServer;
class DownloadsPanel;
class FilterField;
class GalleryDelegate;
class GalleryModel;
class GalleryView;
class InputLatencyProbe;
class LagGauge;
class LagProbe;
class Pipeline;

class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(const Options &options, QWidget *parent = nullptr);
    ~MainWindow() override;

    void start();   // probes, demo server, command-line sources

    Pipeline *pipeline() const { return m_pipeline; }
    LagProbe *lagProbe() const { return m_lagProbe; }
    InputLatencyProbe *inputProbe() const { return m_inputProbe; }
    GalleryDelegate *delegate() const { return m_delegate; }
    bool isIdle() const;

Q_SIGNALS:
    void allWorkDone();

private:
    void buildUi();
    void addSources(const QStringList &sources);
    void fetchFromField();
    void pickFromPage(const QUrl &page, const QList<QUrl> &images);
    void openFiles();
    void openFolder();
    void scheduleStatus();
    void updateStatus();
    void checkIdle();
    void updateVisibleRows();

    Options m_options;
    Pipeline *m_pipeline;
    LagProbe *m_lagProbe;
    GalleryModel *m_model = nullptr;
    QSortFilterProxyModel *m_proxy = nullptr;
    GalleryView *m_gallery = nullptr;
    GalleryDelegate *m_delegate = nullptr;
    FilterField *m_filter = nullptr;
    QLineEdit *m_urlField = nullptr;
    QLabel *m_summary = nullptr;
    QProgressBar *m_progress = nullptr;
    InputLatencyProbe *m_inputProbe = nullptr;
    DemoServer *m_demo = nullptr;
    bool m_demoPending = false;
    bool m_started = false;
    QTimer m_statusTimer;
    QTimer m_rateTimer;
    QTimer m_visibleTimer;
    QElapsedTimer m_rateClock;
    qint64 m_rateSampleMs = 0;
    qint64 m_rateSampleBytes = 0;
    double m_rate = 0;
    DownloadsPanel *m_downloads = nullptr;
};

} // namespace glint
