#pragma once
// The --bench report, exactly as docs/SPEC.md lays it out. Pure data in, JSON out: testable without a window.
#include "core/pipeline/item.h"
#include "core/probe/lagprobe.h"
#include "core/util/chunkedvector.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace glint {

// metrics.viewer (--bench-viewer): the viewer stepped through the gallery (docs/SPEC.md).
struct ViewerBenchMetrics {
    int steps = 0;                // paced steps measured
    LagStats firstPaint;          // ms from the key to the first paint showing the new image
    LagStats sharp;               // ms from the key to the first paint at the window's resolution
    int sharpMissed = 0;          // paced steps moved on from before their sharp paint (not in `sharp`)
    double burstSettleMs = -1;    // ms from the burst's last key to its image's sharp paint; -1: never
    LagStats lag;                 // the viewer phase only
    double peakRssMb = 0;
    double guiThreadMsPerStep = 0;   // GUI-thread CPU time of the viewer phase per key
};

struct ScrollBenchMetrics {
    int steps = 0;                // scroll bar moves, down and back up
    LagStats frame;               // ms from a move to the end of the gallery's next paint
    int tilesChecked = 0;         // tiles on screen, counted 100 ms after each step
    int tilesLate = 0;            // of those, still showing their placeholder then
    double guiThreadMsPerStep = 0;
};

struct BenchMetrics {
    QString mode = QStringLiteral("async");
    double wallS = 0;
    double firstThumbnailS = -1;      // -1: none was painted (written as null)
    qint64 bytesDownloaded = 0;
    LagStats lag;
    double lagMaxOnScreen = -1;       // the worst lag from the window's first frame on; -1: never shown
    LagStats inputLatency;            // same shape: p50/p99/max/samples
    int decodesOnGui = 0, queriesOnGui = 0, fileWritesOnGui = 0;
    int waitsOnGui = 0;   // the GUI thread blocked on another thread's result (blocking mode)
    double peakRssMb = 0;
    double guiThreadMsPerItem = 0;   // GUI-thread CPU time of the run per finished item
    bool hasViewer = false;          // --bench-viewer ran: write metrics.viewer
    ViewerBenchMetrics viewer;
    bool hasScroll = false;
    ScrollBenchMetrics scroll;
};

class BenchReport final {
public:
    static QJsonObject toJson(const ChunkedVector<Item> &items, const BenchMetrics &metrics);
    // Written with QSaveFile: a report is complete or absent. Returns an error message or empty.
    static QString write(const QString &path, const ChunkedVector<Item> &items, const BenchMetrics &metrics);
};

} // namespace glint
