#pragma once
// The downloads panel: a dock with a table of every download of the session (address, host, state,
// progress, size, speed, message) and the actions that act on them — cancel or retry the selected
// rows, retry every failure, clear finished rows, pause or resume and cancel everything.
//
// Cost: Cancel and Retry are enabled when the selection holds a running or a failed download. The
// selection is walked when it changes (a user's action), stopping at the first row that decides both;
// a changed row is looked at alone when it is selected, and only a selected row that ended while the
// actions said "running" asks for one more walk, at most every kRescanMs (so do rows leaving a big
// selection, as a filtered view drops them). A progress update never walks the selection (with
// 100,000 rows selected, each one used to).
#include <QDockWidget>
#include <QTimer>

class QAction;
class QComboBox;
class QSortFilterProxyModel;
class QTableView;

namespace glint {

class DownloadsModel;
class Pipeline;

class DownloadsPanel final : public QDockWidget {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DownloadsPanel)
public:
    DownloadsPanel(Pipeline *pipeline, QWidget *parent = nullptr);
    static constexpr int kRescanMs = 250;    // at most one walk of a big selection per this
    static constexpr int kWalkNow = 4096;    // selections up to this many rows are walked at once

    DownloadsModel *model() const { return m_model; }
    QAction *pauseAction() const { return m_pause; }
    QAction *cancelAllAction() const { return m_cancelAll; }
    // The column the list is sorted by (the header's indicator), -1 for the order found.
    void sortBy(int column, Qt::SortOrder order);
    int sortColumn() const;
    Qt::SortOrder sortOrder() const;

private:
    QList<int> selectedPipelineRows() const;
    void cancelSelected();
    void retrySelected();
    void retryFailed();
    void updateActions();                 // walks the selection
    void onRowsChanged(int first, int last);   // proxy rows: looks at the selected ones only
    void showSelectionState(bool anyRunning, bool anyFailed);
    int selectedRowCount() const;
    int pipelineRowOfShown(int row) const;   // a row of the table
    void showContextMenu(const QPoint &pos);
    void followActive();

    Pipeline *m_pipeline;
    DownloadsModel *m_model;
    QSortFilterProxyModel *m_filter;
    QComboBox *m_show;
    bool m_follow = true;
    QTableView *m_table;
    QAction *m_cancel;
    QAction *m_retry;
    QAction *m_retryFailed;
    QAction *m_clear;
    QAction *m_pause;
    QAction *m_cancelAll;
    bool m_anyRunning = false, m_anyFailed = false;   // of the selection, as the actions show it
    QTimer m_rescan;
};

} // namespace glint
