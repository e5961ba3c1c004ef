#pragma once
// The command line of docs/SPEC.md, parsed once in main(), with the Preferences laid under it
// (Preferences::applyTo fills what the command line did not give).
#include <QSize>
#include <QString>
#include <QStringList>

class QCoreApplication;

namespace glint {

struct Options {
    QStringList sources;
    int demoCount = 0;            // 0: no demo server
    int demoLatencyMs = 0;
    int demoRateKBps = 0;
    bool demoFaults = false;      // also serve /faults/ and fetch its page
    QString catalog;
    QString downloads;
    QString benchReport;          // empty: interactive
    bool benchScroll = false;     // with --bench: scroll the gallery down and up after the run
    bool benchViewer = false;     // with --bench: measure the viewer after the gallery run
    bool blocking = false;
    bool showResponsiveness = false;   // --responsiveness: the panel open from the start
    int maxConnections = 8;
    int perHost = 6;              // browsers use 6; Preferences allow up to 16
    int decodeThreads = 0;
    int noDataTimeoutMs = 30000;
    QString settingsFile;         // --settings: an INI file instead of the platform's default
    QStringList given;            // the options the command line set ("catalog", "per-host"…)
    // From Preferences only (no option of their own).
    int retries = 3;
    qint64 maxImageBytes = 100LL * 1024 * 1024;
    qint64 decodeBudgetBytes = 1024LL * 1024 * 1024;
    qint64 thumbnailCacheBytes = 128LL * 1024 * 1024;
    QSize thumbnailBox{240, 180};
    // The desktop's shared thumbnail cache (~/.cache/thumbnails): read before decoding a file,
    // written after. Never with --bench, so that runs measure decoding as before.
    bool freedesktopThumbnails = true;

    // Parses the arguments; on --help/--version or an error, prints and returns false with exitCode set.
    static bool parse(const QStringList &arguments, Options &out, int &exitCode);
};

} // namespace glint
