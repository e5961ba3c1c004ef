#pragma once
// The command line of docs/SPEC.md, parsed once in main().
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
    bool benchViewer = false;     // with --bench: measure the viewer after the gallery run
    bool blocking = false;
    int maxConnections = 8;
    int perHost = 6;              // never more than 6, as browsers do
    int decodeThreads = 0;
    int noDataTimeoutMs = 30000;

    // Parses the arguments; on --help/--version or an error, prints and returns false with exitCode set.
    static bool parse(const QStringList &arguments, Options &out, int &exitCode);
};

} // namespace glint
