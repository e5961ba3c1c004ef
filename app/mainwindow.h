#pragma once
// The main window: URL field and filter in the tool bar, the gallery, the Catalog tab, the downloads
// panel, and a status bar with totals and the live lag gauge. It is handed the services (Application)
// and owns only widgets and their models: it asks and shows.
//
// Threads: GUI thread. Lifetime: destroyed before the Application it was given.
#include "app/options.h"
#include "core/catalog/catalogtypes.h"

#include <QFuture>
#include <QItemSelection>
#include <QMainWindow>
#include <QElapsedTimer>
#include <QTimer>
#include <QPointer>
#include <QUrl>

#include <atomic>
#include <memory>
#include <optional>

class QLabel;
class QLineEdit;
class QMenu;
class QModelIndex;
class QProgressBar;
class QStackedWidget;
class QTabWidget;
class QToolBar;
class QToolButton;

namespace glint {

class Application;
class Catalog;
struct CatalogOpenResult;
struct CatalogRemoveResult;
class CatalogModel;
class CatalogRecorder;
class DemoServer;
class DownloadsPanel;
class FilterField;
class GalleryDelegate;
class GalleryModel;
class GalleryProxy;
class GalleryView;
class InputLatencyProbe;
class LagGauge;
class LagProbe;
class Pipeline;
class SearchBar;
class SessionRemover;
class TileSizeSlider;
class ViewerStack;

class MainWindow final : public QMainWindow {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    explicit MainWindow(Application &app, QWidget *parent = nullptr);
    ~MainWindow() override;
    // Tests: how many selected rows the window lists itself before removing them (more: on a worker).
    void setSelectionListedHere(qint64 rows) { m_selectionListedHere = rows; }

    // What --bench measures in the window: input latency, and the first thumbnail painted.
    InputLatencyProbe &inputProbe() const { return *m_inputProbe; }
    GalleryDelegate &galleryDelegate() const { return *m_delegate; }
    // The session's gallery and the viewer over it (--bench-viewer drives them).
    GalleryView &gallery() const { return *m_gallery; }
    ViewerStack &viewerStack() const { return *m_stack; }

protected:
    void closeEvent(QCloseEvent *event) override;


private:
    void buildUi();
    void askAboutUnsaved();
    void buildCatalogUi();
    void onCatalogOpened(const CatalogOpenResult &result);
    void showCatalogTab(bool catalog);
    void revealBar(QToolBar *bar);
    void focusSearchField(QLineEdit *field);
    void scheduleCatalogRefresh();
    void removeSelectedFromCatalog(bool deleteFiles);
    void removeManyFromCatalog(const QItemSelection &selection, bool deleteFiles);
    void removeReadSelection(quint64 generation, const QList<qint64> &ids, bool deleteFiles);
    qint64 m_selectionListedHere = 20000;   // selected rows; more are listed on a worker
    void removeFromCatalog(QList<qint64> ids, bool deleteFiles);
    void deleteFromViewer(const QModelIndex &index);
    void removeShownInViewer(int row, qint64 id);   // after the user said yes
    QString removalText(const CatalogRemoveResult &result) const;
    void updateCatalogStatus();
    void showCatalogTotals(const CatalogTotals &totals);   // of the whole catalog
    void showCatalogStatus();   // the catalog's figures, and a search's matches among them
    void countWholeCatalog();
    void showPreferences();
    void checkDownloadFolder();   // on a worker; the status bar warns while originals cannot be saved
    void addSources(const QStringList &sources);
    void fetchFromField();
    void pasteSources();
    void zoomTiles(int steps);
    void addCopyImageAction(QMenu *menu, const QModelIndex &index);
    void addImageData(const QList<QByteArray> &images);
    void pickFromPage(const QUrl &page, const QList<QUrl> &images, bool capped);
    void openFiles();
    void openFolder();
    void scheduleStatus();
    void updateStatus();
    void updateSelectionStatus();
    void updateVisibleRows();
    void setViewing(bool viewing);
    void showViewerCaption(const QString &caption);

    Application &m_app;
    const Options &m_options;
    Pipeline *m_pipeline;
    LagProbe *m_lagProbe;
    GalleryModel *m_model = nullptr;
    GalleryProxy *m_proxy = nullptr;
    GalleryView *m_gallery = nullptr;
    SessionRemover *m_remover = nullptr;
    GalleryDelegate *m_delegate = nullptr;
    FilterField *m_filter = nullptr;
    QLineEdit *m_urlField = nullptr;
    QLabel *m_summary = nullptr;
    QProgressBar *m_progress = nullptr;
    InputLatencyProbe *m_inputProbe = nullptr;
    QTimer m_statusTimer;
    QTimer m_rateTimer;
    QTimer m_visibleTimer;
    QElapsedTimer m_rateClock;
    qint64 m_rateSampleMs = 0;
    qint64 m_rateSampleBytes = 0;
    double m_rate = 0;
    DownloadsPanel *m_downloads = nullptr;
    Catalog *m_catalog = nullptr;
    CatalogRecorder *m_recorder = nullptr;
    CatalogModel *m_catalogModel = nullptr;
    GalleryView *m_catalogView = nullptr;
    TileSizeSlider *m_tileSize = nullptr;
    QToolButton *m_folderWarning = nullptr;
    QList<QAction *> m_tileSizeActions;   // View ▸ Larger/Smaller Thumbnails: off while viewing (+/- zoom the image)
    GalleryDelegate *m_catalogDelegate = nullptr;
    SearchBar *m_search = nullptr;
    QTabWidget *m_tabs = nullptr;
    ViewerStack *m_stack = nullptr;
    QList<QPointer<QWidget>> m_hiddenForViewer;   // tool bars and docks out of the viewer's way
    QStackedWidget *m_filters = nullptr;   // the session's filter or the catalog's search, by tab
    QToolBar *m_searchToolbar = nullptr;   // holds m_filters
    QLabel *m_catalogStatus = nullptr;
    QLabel *m_selectionStatus = nullptr;   // "3 selected" for the tab shown, hidden below two
    QToolButton *m_stopRemoval = nullptr;  // shown while a removal of more than a slice runs
    std::shared_ptr<std::atomic<bool>> m_removalStop;   // the running removal's stop
    QTimer m_catalogRefresh;
    bool m_catalogDirty = false;
    int m_reopenViewerRow = -1;   // after a delete from the viewer: where it opens again
    bool m_catalogReadable = false;
    bool m_closing = false;
    bool m_flushedForClose = false;
    bool m_quitConfirmed = false;   // the user chose to quit with records the catalog refused
    bool m_catalogShownOnce = false;
    bool m_catalogOpenEnded = false;   // its open, the full check included, has ended: writes go at once
    std::optional<CatalogTotals> m_catalogAll;   // the whole catalog, as last counted (none: not open)
    bool m_matchesKnown = false;      // the model's totals are those of the search shown now
    bool m_downloadsShownOnce = false;
};

} // namespace glint
