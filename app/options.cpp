#include "app/options.h"

#include "core/demo/demoserver.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>
#include <cstdio>

namespace glint {

bool Options::parse(const QStringList &arguments, Options &out, int &exitCode)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Glint downloads images — single URLs, or every image of a web page — shows them as a gallery "
        "and never freezes while it does."));
    parser.addPositionalArgument(QStringLiteral("SOURCE"),
        QStringLiteral("An http(s) URL of an image or a web page, a file:// URL, or a local image file or folder."),
        QStringLiteral("[SOURCE ...]"));
    const QCommandLineOption demo(QStringLiteral("demo"),
        QStringLiteral("Start the built-in demo gallery with N images (default %1) and open it. Written --demo or --demo=N.").arg(DemoServer::kDefaultCount),
        QStringLiteral("N"));
    const QCommandLineOption latency(QStringLiteral("demo-latency"), QStringLiteral("Demo server: wait MS milliseconds before each response."), QStringLiteral("MS"), QStringLiteral("0"));
    const QCommandLineOption rate(QStringLiteral("demo-rate"), QStringLiteral("Demo server: send each response at most KBPS kilobytes per second."), QStringLiteral("KBPS"), QStringLiteral("0"));
    const QCommandLineOption faults(QStringLiteral("demo-faults"), QStringLiteral("Demo server: also serve pages and images that fail in every way a server can, and fetch them."));
    const QCommandLineOption catalog(QStringLiteral("catalog"), QStringLiteral("The catalog database."), QStringLiteral("FILE"));
    const QCommandLineOption downloads(QStringLiteral("downloads"), QStringLiteral("Where originals are saved."), QStringLiteral("DIR"));
    const QCommandLineOption bench(QStringLiteral("bench"), QStringLiteral("Work through every SOURCE, write REPORT (JSON) and quit."), QStringLiteral("REPORT"));
    const QCommandLineOption benchScroll(QStringLiteral("bench-scroll"), QStringLiteral("With --bench: after the gallery run, scroll the gallery to the bottom and back and report metrics.scroll."));
    const QCommandLineOption benchViewer(QStringLiteral("bench-viewer"), QStringLiteral("With --bench: after the gallery run, step the viewer through the images and report metrics.viewer."));
    const QCommandLineOption blocking(QStringLiteral("blocking"), QStringLiteral("Demonstrate the anti-pattern: do the same work synchronously on the GUI thread."));
    const QCommandLineOption connections(QStringLiteral("max-connections"), QStringLiteral("Parallel downloads in all (default 8)."), QStringLiteral("N"), QStringLiteral("8"));
    const QCommandLineOption perHost(QStringLiteral("per-host"), QStringLiteral("Parallel downloads from one host (default 6, at most 16)."), QStringLiteral("N"), QStringLiteral("6"));
    const QCommandLineOption threads(QStringLiteral("decode-threads"), QStringLiteral("Threads that decode images (default: one per core)."), QStringLiteral("N"), QStringLiteral("0"));
    const QCommandLineOption timeout(QStringLiteral("timeout"), QStringLiteral("Give up on a download after SECONDS without data (default 30)."), QStringLiteral("SECONDS"), QStringLiteral("30"));
    const QCommandLineOption settings(QStringLiteral("settings"), QStringLiteral("Read and write preferences in FILE (INI) instead of the default place."), QStringLiteral("FILE"));
    const QCommandLineOption responsiveness(QStringLiteral("responsiveness"), QStringLiteral("Open the Responsiveness panel at start (View > Responsiveness)."));
    parser.addOptions({demo, latency, rate, faults, catalog, downloads, bench, benchScroll, benchViewer, blocking, connections, perHost, threads, timeout, settings,
                       responsiveness});
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();

    // QCommandLineParser has no optional values: "--demo" alone becomes "--demo=<default>".
    QStringList args = arguments;
    for (QString &arg : args) {
        if (arg == QLatin1String("--demo") || arg == QLatin1String("-demo"))
            arg = QStringLiteral("--demo=%1").arg(DemoServer::kDefaultCount);
    }
    if (!parser.parse(args)) {
        std::fprintf(stderr, "glint: %s\nTry glint --help.\n", qPrintable(parser.errorText()));
        exitCode = 2;
        return false;
    }
    if (parser.isSet(help)) {
        // Parsed before QApplication exists (so that --help needs no display): name ourselves.
        std::printf("%s", qPrintable(parser.helpText().replace(QLatin1String("<executable_name>"), QLatin1String("glint"))));
        exitCode = 0;
        return false;
    }
    if (parser.isSet(version)) {
        std::printf("glint %s\n", GLINT_VERSION);
        exitCode = 0;
        return false;
    }

    auto number = [&](const QCommandLineOption &option, int min, int max, int &target) {
        bool ok = false;
        const int value = parser.value(option).toInt(&ok);
        if (!ok || value < min || value > max) {
            std::fprintf(stderr, "glint: --%s wants a number from %d to %d, not '%s'\n",
                         qPrintable(option.names().constFirst()), min, max, qPrintable(parser.value(option)));
            return false;
        }
        target = value;
        return true;
    };
    exitCode = 2;
    if (parser.isSet(demo) && !number(demo, 1, 100000, out.demoCount))
        return false;
    int timeoutS = 30;
    if (!number(latency, 0, 60000, out.demoLatencyMs) || !number(rate, 0, 10000000, out.demoRateKBps)
        || !number(connections, 1, 64, out.maxConnections) || !number(perHost, 1, 16, out.perHost) || !number(threads, 0, 256, out.decodeThreads)
        || !number(timeout, 1, 3600, timeoutS))
        return false;
    out.noDataTimeoutMs = timeoutS * 1000;
    out.sources = parser.positionalArguments();
    out.demoFaults = parser.isSet(faults);
    if (out.demoFaults && out.demoCount == 0)
        out.demoCount = DemoServer::kDefaultCount;
    out.catalog = parser.isSet(catalog) ? parser.value(catalog)
        : QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("catalog.sqlite"));
    out.downloads = parser.isSet(downloads) ? parser.value(downloads)
        : QDir(QStandardPaths::writableLocation(QStandardPaths::PicturesLocation)).filePath(QStringLiteral("Glint"));
    out.benchReport = parser.value(bench);
    out.benchViewer = parser.isSet(benchViewer);
    out.benchScroll = parser.isSet(benchScroll);
    if ((out.benchViewer || out.benchScroll) && out.benchReport.isEmpty()) {
        std::fprintf(stderr, "glint: --bench-viewer and --bench-scroll go with --bench REPORT\n");
        return false;
    }
    out.blocking = parser.isSet(blocking);
    out.showResponsiveness = parser.isSet(responsiveness);
    out.settingsFile = parser.value(settings);
    // What the command line says wins over the Preferences for this run (and is not saved).
    for (const QCommandLineOption *option : {&catalog, &downloads, &connections, &perHost, &timeout}) {
        if (parser.isSet(*option))
            out.given << option->names().constFirst();
    }
    exitCode = 0;
    return true;
}

} // namespace glint
