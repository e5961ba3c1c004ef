#pragma once
// The downloads panel: a dock with a table of every download of the session (address, host, state,
// progress, size, speed, message) and the actions that act on them — cancel or retry the selected
// rows, retry every failure, clear finished rows, pause or resume and cancel everything.
#include <QDockWidget>

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
    void updateActions();
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
};

} // namespace glint
