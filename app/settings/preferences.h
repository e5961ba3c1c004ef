#pragma once
// What the user chose in Edit ▸ Preferences, as a value: loaded from and saved to a QSettings, and
// laid over the command line's Options (an option given on the command line wins for that run and is
// never written back, because Preferences are saved only from the dialog).
//
// Which settings apply live and which at the next start is said by appliesLive(); the dialog shows it
// and Application::applyPreferences() does the live part.
//
// Threads: a value; load/save on the GUI thread (a few keys, at start, on Apply/OK and at close).
#include <QSettings>
#include <QString>
#include <memory>

namespace glint {

struct Options;

struct Preferences {
    enum class Theme { System, Light, Dark };

    QString downloadDir;        // where originals are saved
    QString catalogFile;        // the catalog database
    int maxConnections = 8;     // parallel downloads in all
    int perHost = 6;            // parallel downloads from one host
    int timeoutSeconds = 30;    // a download without a byte for this long fails
    int retries = 3;            // transient failures are tried again this many times
    int maxImageMB = 100;       // bigger images are refused
    int decodeBudgetMB = 1024;  // every decode in flight together (core/imaging/decodebudget)
    int thumbnailCacheMB = 128; // the pixmaps of every gallery (app/thumbnails/thumbnailcache)
    int thumbnailWidth = 240;   // the tile's image area at start; its height is three quarters of it
    bool freedesktopThumbnails = true;   // share thumbnails with the desktop (~/.cache/thumbnails)
    Theme theme = Theme::System;

    // Limits the dialog and load() keep values within.
    static constexpr int kMaxConnections = 64;
    static constexpr int kMaxPerHost = 16;
    static constexpr int kMinThumbnailWidth = 96;
    static constexpr int kMaxThumbnailWidth = 480;

    // Defaults: the folders of docs/SPEC.md (PicturesLocation/Glint, AppDataLocation/catalog.sqlite).
    static Preferences defaults();
    // Missing or out-of-range keys read as their default.
    static Preferences load(QSettings &settings);
    void save(QSettings &settings) const;
    // The settings file: `file` in INI format, or the platform's default for Glint when empty.
    static std::unique_ptr<QSettings> openSettings(const QString &file);

    // Sets the fields of `options` the command line did not give (Options::given).
    void applyTo(Options &options) const;

    enum class Field { DownloadDir, CatalogFile, Connections, PerHost, Timeout, Retries, MaxImage,
                       DecodeBudget, ThumbnailCache, ThumbnailSize, FreedesktopThumbnails, Theme };
    // True: a change takes effect at once; false: at the next start.
    static bool appliesLive(Field field);

    static QString themeKey(Theme theme);
    static Theme themeFromKey(const QString &key);

    bool operator==(const Preferences &) const = default;
};

} // namespace glint
