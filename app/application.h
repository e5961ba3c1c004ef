#pragma once
// Builds Glint once: the services first, then (in main) the window that is handed them; tears them
// down in one known order. Nothing else creates a network stack, a decode pool or a catalog.
//
// What it owns, and the order they go (the reverse of the list below, in ~Application):
//   QSettings         the Preferences and window-state file (--settings, or the platform's default)
//   LagProbe          the event-loop lag timer (GUI thread)
//   DemoServer        with --demo: its own HTTP thread and render pool
//   Catalog           writer thread + reader pool
//   ThumbnailDecoder  the one decode pool (nice 10)
//   AsyncExecutor, BlockingExecutor — where pipeline steps run; the seam of --blocking
//   Downloader        the one network thread, QNetworkAccessManager and HTTP disk cache
//   Pipeline          the session's items
//   CatalogRecorder   finished items into the catalog
//   ThumbnailCache    the pixmaps on screen, one byte budget for every gallery
// Shutdown (the destructor, after the window is gone and the recorder was flushed by closing it):
//   0. the thumbnail cache lets its pixmaps go; its re-decodes still running end unheard;
//   1. the recorder joins its encoder thread (a thumbnail encode at most) — nothing more is recorded;
//   2. the pipeline cancels its own downloads and page scans; its watchers die with it;
//   3. the downloader aborts every transfer (temporaries removed) and joins the network thread;
//   4. the decode pool drops queued work and waits for running decodes (one per thread, each bounded
//      by the decode budget);
//   5. the catalog waits for writes already posted (nothing finished is lost) and closes connections;
//   6. the demo server stops its thread.
// Every wait is bounded by one unit of work already running; nothing waits on the network.
//
// Threads: GUI thread. Ownership: everything above, by std::unique_ptr; dialogs get pipelines made
// by makePreviewPipeline() on the same downloader and pool, owned by the dialog.
#include "app/options.h"

#include <QObject>
#include <QSize>
#include <QUrl>
#include <memory>

class QSettings;
class QThreadPool;

namespace glint {

class AsyncExecutor;
class BlockingExecutor;
class Catalog;
class CatalogRecorder;
struct CatalogOpenResult;
class DemoServer;
class Downloader;
class Executor;
class LagProbe;
class Pipeline;
struct Preferences;
class ThumbnailCache;
class ThumbnailDecoder;

class Application final : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Application)
public:
    explicit Application(const Options &options, QObject *parent = nullptr);
    ~Application() override;

    // Starts the lag probe, opens the catalog, starts the demo server, and hands the SOURCEs to the
    // pipeline once the catalog can answer (so nothing it holds is fetched again by mistake).
    void start();

    const Options &options() const { return m_options; }
    // Preferences and the window's state: the file of --settings, or the platform's default.
    QSettings &settings() const { return *m_settings; }
    // Applies what can change while Glint runs (Preferences::appliesLive): downloads folder, network
    // limits (for downloads that start next), decode budget, thumbnail cache budget, the desktop's
    // thumbnail cache (for decodes that start next), theme. What the command line gave holds for this run.
    void applyPreferences(const Preferences &preferences);
    // The tile size (the slider, once it settles): thumbnails decoded from now on, and those the
    // galleries paint next if they were made for another size (ThumbnailCache::setBox).
    void setThumbnailBox(QSize box);
    Pipeline &pipeline() const { return *m_pipeline; }
    Catalog &catalog() const { return *m_catalog; }
    CatalogRecorder &recorder() const { return *m_recorder; }
    Downloader &downloader() const { return *m_downloader; }
    LagProbe &lagProbe() const { return *m_lagProbe; }
    // The pixmaps every gallery shows, within one byte budget (GUI thread).
    ThumbnailCache &thumbnails() const { return *m_thumbnails; }
    ThumbnailDecoder &decoder() const { return *m_decoder; }
    // The one decode pool (the viewer decodes on it too, within the same DecodeBudget).
    QThreadPool *decodePool() const;
    // A pipeline for a dialog: the same downloader (limits, cache) and decode pool, its own items.
    std::unique_ptr<Pipeline> makePreviewPipeline(const QString &downloadDir) const;

    // The live switch of the demonstration: run the session's next steps on the GUI thread.
    void setBlocking(bool blocking);
    bool isBlocking() const;

    // With --demo, once the server answered: the same gallery again at fresh addresses, so that
    // nothing comes from the catalog or the HTTP cache and every image is fetched and decoded anew —
    // the demonstration, again (e.g. with the work on the GUI thread this time).
    bool canRunDemoAgain() const { return m_demo && !m_demoPending && m_demoServed; }
    void runDemoAgain();

    // Started, the demo server (if any) answered, and every SOURCE and item is finished.
    bool isIdle() const;

Q_SIGNALS:
    void catalogOpened(const glint::CatalogOpenResult &result);
    void demoReady(const QUrl &index);
    void demoFailed(const QString &message);
    void blockingChanged(bool blocking);
    void allWorkDone();

private:
    void startSources();
    void addDemoSources();
    void checkIdle();

    Options m_options;
    std::unique_ptr<QSettings> m_settings;
    // Declared in build order; destroyed in reverse (see the header comment).
    std::unique_ptr<LagProbe> m_lagProbe;
    std::unique_ptr<DemoServer> m_demo;
    std::unique_ptr<Catalog> m_catalog;
    std::unique_ptr<ThumbnailDecoder> m_decoder;
    std::unique_ptr<AsyncExecutor> m_async;
    std::unique_ptr<BlockingExecutor> m_blocking;
    std::unique_ptr<Downloader> m_downloader;
    std::unique_ptr<Pipeline> m_pipeline;
    std::unique_ptr<CatalogRecorder> m_recorder;
    std::unique_ptr<ThumbnailCache> m_thumbnails;   // its re-decodes run on the decode pool
    bool m_started = false;
    bool m_sourcesStarted = false;
    bool m_demoPending = false;   // started, its pages not added yet (the server or the catalog not ready)
    QStringList m_demoSources;    // the demo's pages, served, waiting for the catalog
    bool m_demoServed = false;
    int m_demoRuns = 1;
};

} // namespace glint
