#pragma once
// The downloads panel's rows: one per pipeline item that is (or was) downloaded in this session, with
// its host, state, progress, size, speed and error. "Clear finished" hides finished rows from the
// panel; the gallery keeps them. Rows removed from the session leave both. Speeds are measured here
// from the progress the pipeline reports.
//
// Sorted by any column (the header): one O(n log n) pass over keys taken once per row when the user
// asks; rows that arrive or change while sorted are put in place by one coalesced re-sort, at most
// every kMinResortMs and never more often than ten times the last sort took. Column -1 is the order
// the pipeline found them in.
//
// Threads: GUI thread only, like the Pipeline it watches. Cheap per signal: O(1) per itemChanged.
#include "core/pipeline/item.h"
#include "core/util/chunkedvector.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QTimer>
#include <unordered_set>
#include <vector>

namespace glint {

class Pipeline;

class DownloadsModel final : public QAbstractTableModel {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DownloadsModel)
public:
    enum Column { UrlColumn, HostColumn, StateColumn, ProgressColumn, SizeColumn, SpeedColumn, ErrorColumn, ColumnCount };
    enum Role {
        PipelineRowRole = Qt::UserRole + 1,   // int: the item's row in the pipeline
        ProgressRole,                         // double 0..1, or -1 while the size is unknown
        StateRole,                            // Item::State as int
        CancelledRole,                        // bool: failed because the user cancelled it
    };

    explicit DownloadsModel(Pipeline *pipeline, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    static constexpr int kMinResortMs = 500;

    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    // Puts rows that arrived or changed since the last sort in place now (tests; the timer does it).
    void resortNow();
    bool resortPending() const { return m_resort.isActive(); }

    int pipelineRow(int row) const;
    void clearFinished();
    // Takes the rows the user removed from the session out of the panel too (SessionRemover).
    void hidePipelineRows(const QList<int> &pipelineRows);
    // Downloads that went quiet get no progress signal; call this now and then so their speed decays.
    void refreshSpeeds();
    // The model rows downloading now (a few; maxConnections at most), for the panel to follow.
    QList<int> downloadingRows();
    // Bytes received by every download so far (monotonic: retries do not take bytes back), for the
    // status bar's rate.
    qint64 receivedBytes() const { return m_receivedTotal; }

    static QString stateText(const Item &item);
    static QString formatRate(double bytesPerSecond);

private:
    struct Row {
        int pipelineRow;
        qint64 lastReceived = 0;   // at the last speed sample
        qint64 lastSampleMs = 0;
        qint64 seenReceived = 0;   // for receivedBytes()
        double speed = 0;          // bytes per second, smoothed
    };
    void onItemsAdded(int first, int last);
    void onItemChanged(int pipelineRow);
    // Updates a row's bookkeeping as of `now` (m_clock; read once per batch); its model row, or -1.
    int refresh(int pipelineRow, qint64 now);
    void rebuildIndex();
    int modelRowOf(int pipelineRow) const;   // -1 when hidden or unknown
    void scheduleResort(bool keyMayHaveChanged);

    Pipeline *m_pipeline;
    ChunkedVector<Row> m_rows;   // appended per arrival without a doubling copy (chunkedvector.h)
    std::vector<int> m_modelRowOf;   // pipeline row -> model row, -1 when hidden
    // Pipeline rows last seen Downloading (maxConnections at most): the only rows with a speed, so
    // the speeds' decay each second and the panel's following visit these, not every row of a
    // 100,000-row panel.
    std::unordered_set<int> m_downloading;
    QElapsedTimer m_clock;
    qint64 m_receivedTotal = 0;
    int m_sortColumn = -1;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    QTimer m_resort;
    qint64 m_lastSortMs = 0;
};

} // namespace glint
