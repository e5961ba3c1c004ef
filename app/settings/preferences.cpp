#include "app/settings/preferences.h"

#include "app/options.h"

#include <QDir>
#include <QStandardPaths>

namespace glint {
namespace {

// Keys of the settings file, grouped as the dialog is; the window's own keys live under "window/".
constexpr auto kDownloadDir = "files/downloads";
constexpr auto kCatalogFile = "files/catalog";
constexpr auto kConnections = "network/maxConnections";
constexpr auto kPerHost = "network/perHost";
constexpr auto kTimeout = "network/timeoutSeconds";
constexpr auto kRetries = "network/retries";
constexpr auto kMaxImage = "network/maxImageMB";
constexpr auto kDecodeBudget = "memory/decodeBudgetMB";
constexpr auto kThumbnailCache = "memory/thumbnailCacheMB";
constexpr auto kThumbnailWidth = "appearance/thumbnailWidth";
constexpr auto kTheme = "appearance/theme";
constexpr auto kFreedesktop = "memory/freedesktopThumbnails";

int readInt(QSettings &settings, const char *key, int fallback, int min, int max)
{
    bool ok = false;
    const int value = settings.value(QLatin1String(key)).toInt(&ok);
    return ok && value >= min && value <= max ? value : fallback;
}

QString readPath(QSettings &settings, const char *key, const QString &fallback)
{
    const QString value = settings.value(QLatin1String(key)).toString().trimmed();
    return value.isEmpty() ? fallback : value;
}

} // namespace

Preferences Preferences::defaults()
{
    Preferences p;
    p.downloadDir = QDir(QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)).filePath(QStringLiteral("Glint"));
    p.catalogFile = QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("catalog.sqlite"));
    return p;
}

Preferences Preferences::load(QSettings &settings)
{
    const Preferences d = defaults();
    Preferences p = d;
    p.downloadDir = readPath(settings, kDownloadDir, d.downloadDir);
    p.catalogFile = readPath(settings, kCatalogFile, d.catalogFile);
    p.maxConnections = readInt(settings, kConnections, d.maxConnections, 1, kMaxConnections);
    p.perHost = readInt(settings, kPerHost, d.perHost, 1, kMaxPerHost);
    p.timeoutSeconds = readInt(settings, kTimeout, d.timeoutSeconds, 1, 3600);
    p.retries = readInt(settings, kRetries, d.retries, 0, 10);
    p.maxImageMB = readInt(settings, kMaxImage, d.maxImageMB, 1, 4096);
    p.decodeBudgetMB = readInt(settings, kDecodeBudget, d.decodeBudgetMB, 64, 65536);
    p.thumbnailCacheMB = readInt(settings, kThumbnailCache, d.thumbnailCacheMB, 16, 65536);
    p.thumbnailWidth = readInt(settings, kThumbnailWidth, d.thumbnailWidth, kMinThumbnailWidth, kMaxThumbnailWidth);
    p.theme = themeFromKey(settings.value(QLatin1String(kTheme)).toString());
    p.freedesktopThumbnails = settings.value(QLatin1String(kFreedesktop), d.freedesktopThumbnails).toBool();
    return p;
}

void Preferences::save(QSettings &settings) const
{
    settings.setValue(QLatin1String(kDownloadDir), downloadDir);
    settings.setValue(QLatin1String(kCatalogFile), catalogFile);
    settings.setValue(QLatin1String(kConnections), maxConnections);
    settings.setValue(QLatin1String(kPerHost), perHost);
    settings.setValue(QLatin1String(kTimeout), timeoutSeconds);
    settings.setValue(QLatin1String(kRetries), retries);
    settings.setValue(QLatin1String(kMaxImage), maxImageMB);
    settings.setValue(QLatin1String(kDecodeBudget), decodeBudgetMB);
    settings.setValue(QLatin1String(kThumbnailCache), thumbnailCacheMB);
    settings.setValue(QLatin1String(kThumbnailWidth), thumbnailWidth);
    settings.setValue(QLatin1String(kTheme), themeKey(theme));
    settings.setValue(QLatin1String(kFreedesktop), freedesktopThumbnails);
}

std::unique_ptr<QSettings> Preferences::openSettings(const QString &file)
{
    if (file.isEmpty())
        return std::make_unique<QSettings>();   // ~/.config/Glint/Glint.conf: organization and application name
    return std::make_unique<QSettings>(file, QSettings::IniFormat);
}

void Preferences::applyTo(Options &options) const
{
    const auto given = [&options](const char *name) { return options.given.contains(QLatin1String(name)); };
    if (!given("downloads"))
        options.downloads = downloadDir;
    if (!given("catalog"))
        options.catalog = catalogFile;
    if (!given("max-connections"))
        options.maxConnections = maxConnections;
    if (!given("per-host"))
        options.perHost = perHost;
    if (!given("timeout"))
        options.noDataTimeoutMs = timeoutSeconds * 1000;
    options.retries = retries;
    options.maxImageBytes = qint64(maxImageMB) * 1024 * 1024;
    options.decodeBudgetBytes = qint64(decodeBudgetMB) * 1024 * 1024;
    options.thumbnailCacheBytes = qint64(thumbnailCacheMB) * 1024 * 1024;
    options.thumbnailBox = QSize(thumbnailWidth, thumbnailWidth * 3 / 4);
    options.freedesktopThumbnails = freedesktopThumbnails;
}

bool Preferences::appliesLive(Field field)
{
    switch (field) {
    case Field::DownloadDir:      // the next download is saved there
    case Field::Connections:      // the network limits hold for downloads that start next
    case Field::PerHost:
    case Field::Timeout:
    case Field::Retries:
    case Field::MaxImage:
    case Field::DecodeBudget:     // a process-wide limit, read by each reservation
    case Field::ThumbnailCache:   // the cache evicts down to the new budget
    case Field::FreedesktopThumbnails:   // for the decodes that start next
    case Field::Theme:
        return true;
    case Field::CatalogFile:      // the catalog's writer and readers hold the open file
    case Field::ThumbnailSize:    // the size a start begins with; the slider changes it for a session
        return false;
    }
    return false;
}

QString Preferences::themeKey(Theme theme)
{
    switch (theme) {
    case Theme::Light: return QStringLiteral("light");
    case Theme::Dark: return QStringLiteral("dark");
    case Theme::System: break;
    }
    return QStringLiteral("system");
}

Preferences::Theme Preferences::themeFromKey(const QString &key)
{
    if (key == QLatin1String("light"))
        return Theme::Light;
    if (key == QLatin1String("dark"))
        return Theme::Dark;
    return Theme::System;
}

} // namespace glint
