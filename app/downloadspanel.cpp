#include "app/downloadspanel.h"

#include "app/downloadsmodel.h"
#include "core/pipeline/pipeline.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QScrollBar>
#include <QSortFilterProxyModel>
#include <QDesktopServices>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QMenu>
#include <QPainter>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

namespace glint {

namespace {

// What a selected row offers: Cancel for one still running, Retry for one that failed.
bool cancellable(const Item &item)
{
    return !item.isFinished();
}
bool retryable(const Item &item)
{
    return item.state == Item::State::Failed;
}

// Draws the progress column as a real progress bar; an unknown size shows a busy bar.
class ProgressDelegate final : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::paint(painter, option, index);   // selection background
        const double progress = index.data(DownloadsModel::ProgressRole).toDouble();
        const auto state = Item::State(index.data(DownloadsModel::StateRole).toInt());
        if (state == Item::State::Queued || state == Item::State::Failed)
            return;   // nothing is moving: the state and message columns say why
        QStyleOptionProgressBar bar;
        bar.rect = option.rect.adjusted(3, 4, -3, -4);
        bar.state = option.state | QStyle::State_Horizontal;
        bar.minimum = 0;
        bar.maximum = 1000;
        bar.progress = progress < 0 ? 0 : int(progress * 1000);
        if (progress < 0 && state == Item::State::Downloading)
            bar.maximum = 0;   // busy indicator: the server did not say how much is coming
        bar.textVisible = progress >= 0;
        bar.text = progress >= 0 ? DownloadsPanel::tr("%L1 %").arg(int(progress * 100)) : QString();
        bar.textAlignment = Qt::AlignCenter;
        QApplication::style()->drawControl(QStyle::CE_ProgressBar, &bar, painter);
    }
};

// Which rows the panel shows: all, only those still running, only failures, or only what the user
// cancelled (a failure is something to look into; a cancel was the user's choice).
class StateFilter final : public QSortFilterProxyModel {
public:
    enum Show { All, Active, Failed, Cancelled };
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setShow(Show show)
    {
        m_show = show;
        invalidateRowsFilter();
    }
    // Every row, in the model's order (the model sorts, this proxy never does): a shown row is the
    // model's row, without the proxy's index and mapping lookups (~0.2 µs a row, 20 ms for 100,000).
    bool showsAll() const { return m_show == All; }

protected:
    bool filterAcceptsRow(int row, const QModelIndex &parent) const override
    {
        if (m_show == All)
            return true;
        const QModelIndex index = sourceModel()->index(row, 0, parent);
        const auto state = Item::State(index.data(DownloadsModel::StateRole).toInt());
        const bool cancelled = index.data(DownloadsModel::CancelledRole).toBool();
        if (m_show == Failed)
            return state == Item::State::Failed && !cancelled;
        if (m_show == Cancelled)
            return cancelled;
        return state != Item::State::Failed && state != Item::State::Done;
    }

private:
    Show m_show = All;
};

} // namespace

DownloadsPanel::DownloadsPanel(Pipeline *pipeline, QWidget *parent)
    : QDockWidget(tr("Downloads"), parent), m_pipeline(pipeline), m_model(new DownloadsModel(pipeline, this)),
      m_filter(new StateFilter(this)), m_show(new QComboBox(this)), m_table(new QTableView(this))
{
    setObjectName(QStringLiteral("downloads"));
    setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);

    m_filter->setSourceModel(m_model);
    m_table->setModel(m_filter);
    m_show->addItems({tr("All downloads"), tr("Active"), tr("Failed"), tr("Cancelled")});
    m_show->setToolTip(tr("Which downloads to list"));
    connect(m_show, &QComboBox::currentIndexChanged, this, [this](int index) {
        static_cast<StateFilter *>(m_filter)->setShow(StateFilter::Show(index));
    });
    m_table->setItemDelegateForColumn(DownloadsModel::ProgressColumn, new ProgressDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->setTextElideMode(Qt::ElideMiddle);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    QHeaderView *header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    // Fixed widths: ResizeToContents would measure every row on each change, which with thousands
    // of rows is exactly the GUI-thread work this application exists to avoid.
    header->resizeSection(DownloadsModel::UrlColumn, 380);
    header->resizeSection(DownloadsModel::HostColumn, 120);
    header->resizeSection(DownloadsModel::StateColumn, 140);
    header->resizeSection(DownloadsModel::ProgressColumn, 130);
    header->resizeSection(DownloadsModel::SizeColumn, 140);
    header->resizeSection(DownloadsModel::SpeedColumn, 90);
    header->setStretchLastSection(true);
    // A click on a header sorts by it, a third click goes back to the order found. The model sorts
    // (once, and coalesced while rows arrive); the filter keeps dynamic filtering only, so a
    // progress update never re-sorts.
    header->setSectionsClickable(true);
    header->setSortIndicatorShown(true);
    header->setSortIndicatorClearable(true);
    header->setSortIndicator(-1, Qt::AscendingOrder);
    connect(header, &QHeaderView::sortIndicatorChanged, m_model, &DownloadsModel::sort);

    m_cancel = new QAction(style()->standardIcon(QStyle::SP_DialogCancelButton), tr("Cancel"), this);
    m_cancel->setToolTip(tr("Cancel the selected downloads (Delete)"));
    m_cancel->setShortcut(QKeySequence::Delete);
    m_cancel->setShortcutContext(Qt::WidgetWithChildrenShortcut);   // the panel's Delete, not the gallery's
    connect(m_cancel, &QAction::triggered, this, &DownloadsPanel::cancelSelected);
    m_retry = new QAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Retry"), this);
    m_retry->setToolTip(tr("Try the selected failed or cancelled downloads again"));
    connect(m_retry, &QAction::triggered, this, &DownloadsPanel::retrySelected);
    m_retryFailed = new QAction(tr("Retry All Failed"), this);
    m_retryFailed->setToolTip(tr("Try every failed download again (not the ones you cancelled)"));
    connect(m_retryFailed, &QAction::triggered, this, &DownloadsPanel::retryFailed);
    m_clear = new QAction(style()->standardIcon(QStyle::SP_DialogResetButton), tr("Clear Finished"), this);
    m_clear->setToolTip(tr("Remove finished downloads from this list (the gallery keeps them)"));
    connect(m_clear, &QAction::triggered, m_model, &DownloadsModel::clearFinished);
    m_pause = new QAction(style()->standardIcon(QStyle::SP_MediaPause), tr("Pause All"), this);
    m_pause->setCheckable(true);
    m_pause->setToolTip(tr("Hold every queued download; running ones go back to the queue"));
    connect(m_pause, &QAction::toggled, this, [this](bool paused) {
        if (paused)
            m_pipeline->pauseAll();
        else
            m_pipeline->resumeAll();
        m_pause->setText(paused ? tr("Resume All") : tr("Pause All"));
        m_pause->setIcon(style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
    });
    m_cancelAll = new QAction(style()->standardIcon(QStyle::SP_BrowserStop), tr("Cancel All"), this);
    m_cancelAll->setToolTip(tr("Stop every download and decode still running (Esc)"));
    connect(m_cancelAll, &QAction::triggered, m_pipeline, &Pipeline::cancelAll);
    // Only while something runs: a button that does nothing is not offered.
    m_cancelAll->setEnabled(!m_pipeline->isIdle());
    connect(m_pipeline, &Pipeline::busy, m_cancelAll, [this] { m_cancelAll->setEnabled(true); });
    connect(m_pipeline, &Pipeline::idle, m_cancelAll, [this] { m_cancelAll->setEnabled(false); });

    auto *toolbar = new QToolBar(this);
    toolbar->setIconSize(QSize(16, 16));
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_cancel);
    toolbar->addAction(m_retry);
    toolbar->addSeparator();
    toolbar->addAction(m_pause);
    toolbar->addAction(m_cancelAll);
    toolbar->addAction(m_retryFailed);
    toolbar->addAction(m_clear);
    auto *spacer = new QWidget(toolbar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    toolbar->addWidget(spacer);
    toolbar->addWidget(m_show);

    auto *content = new QWidget(this);
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(toolbar);
    layout->addWidget(m_table);
    setWidget(content);
    addAction(m_cancel);

    connect(m_table, &QWidget::customContextMenuRequested, this, &DownloadsPanel::showContextMenu);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this](const QItemSelection &selected, const QItemSelection &) {
                // Rows only left it (the user's Ctrl+click, or a filtered view dropping rows one by
                // one as they change state): the answers can only turn off, and a big selection is
                // walked once a while later instead of once per row that leaves.
                if (selected.isEmpty() && selectedRowCount() > kWalkNow) {
                    if (!m_rescan.isActive())
                        m_rescan.start();
                    return;
                }
                updateActions();
            });
    connect(m_filter, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &topLeft, const QModelIndex &bottomRight) { onRowsChanged(topLeft.row(), bottomRight.row()); });
    connect(m_filter, &QAbstractItemModel::modelReset, this, &DownloadsPanel::updateActions);
    m_rescan.setSingleShot(true);
    m_rescan.setInterval(kRescanMs);
    connect(&m_rescan, &QTimer::timeout, this, &DownloadsPanel::updateActions);
    auto *speeds = new QTimer(this);
    speeds->setInterval(1000);
    connect(speeds, &QTimer::timeout, m_model, &DownloadsModel::refreshSpeeds);
    connect(speeds, &QTimer::timeout, this, &DownloadsPanel::followActive);
    // Once the user scrolls or selects, the list stays where they put it.
    connect(m_table->verticalScrollBar(), &QScrollBar::sliderPressed, this, [this] { m_follow = false; });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        m_follow = !m_table->selectionModel()->hasSelection();
    });
    speeds->start();
    updateActions();
}

QList<int> DownloadsPanel::selectedPipelineRows() const
{
    // The selected ranges, not selectedRows(): that asks every column of every row for its flags.
    QList<int> rows;
    for (const QItemSelectionRange &range : m_table->selectionModel()->selection()) {
        for (int row = range.top(); row <= range.bottom(); ++row)
            rows << pipelineRowOfShown(row);
    }
    return rows;
}

void DownloadsPanel::sortBy(int column, Qt::SortOrder order)
{
    m_table->horizontalHeader()->setSortIndicator(column >= 0 && column < DownloadsModel::ColumnCount ? column : -1, order);
}

int DownloadsPanel::sortColumn() const
{
    return m_model->sortColumn();
}

Qt::SortOrder DownloadsPanel::sortOrder() const
{
    return m_model->sortOrder();
}

void DownloadsPanel::cancelSelected()
{
    m_pipeline->cancel(selectedPipelineRows());
}

void DownloadsPanel::retrySelected()
{
    m_pipeline->retry(selectedPipelineRows());
}

void DownloadsPanel::retryFailed()
{
    // Failures only: what the user cancelled stays cancelled (Retry on the selection restarts it).
    QList<int> rows;
    for (int row = 0; row < m_model->rowCount(); ++row) {
        const int pipelineRow = m_model->pipelineRow(row);
        const Item &item = m_pipeline->items().at(pipelineRow);
        if (item.state == Item::State::Failed && !item.isCancelled())
            rows << pipelineRow;
    }
    m_pipeline->retry(rows);
}

void DownloadsPanel::updateActions()
{
    m_rescan.stop();
    bool anyRunning = false, anyFailed = false;
    // The selection's ranges, not selectedRows(): no list of 100,000 indexes, and it stops as soon
    // as both answers are known.
    const QItemSelection selection = m_table->selectionModel()->selection();
    for (const QItemSelectionRange &range : selection) {
        for (int row = range.top(); row <= range.bottom() && !(anyRunning && anyFailed); ++row) {
            const Item &item = m_pipeline->items().at(pipelineRowOfShown(row));
            anyRunning |= cancellable(item);
            anyFailed |= retryable(item);
        }
    }
    showSelectionState(anyRunning, anyFailed);
}

void DownloadsPanel::onRowsChanged(int first, int last)
{
    const QItemSelectionModel *selection = m_table->selectionModel();
    if (!selection->hasSelection())
        return;
    bool anyRunning = m_anyRunning, anyFailed = m_anyFailed, mayEnd = false;
    // The changed rows inside each selected range (isRowSelected() would ask every column of every
    // row for its flags: ~1 µs a row, 16 ms for one slice of Cancel all).
    for (const QItemSelectionRange &range : selection->selection()) {
        for (int row = qMax(first, range.top()); row <= qMin(last, range.bottom()); ++row) {
            const Item &item = m_pipeline->items().at(pipelineRowOfShown(row));
            const bool running = cancellable(item), failed = retryable(item);
            // Either answer turns on from one row; turning off needs every selected row, so a row
            // that stopped being what an answer rests on asks for a walk later.
            mayEnd |= (m_anyRunning && !running) || (m_anyFailed && !failed);
            anyRunning |= running;
            anyFailed |= failed;
        }
    }
    showSelectionState(anyRunning, anyFailed);
    if (mayEnd && !m_rescan.isActive())
        m_rescan.start();
}

int DownloadsPanel::pipelineRowOfShown(int row) const
{
    const int modelRow = static_cast<const StateFilter *>(m_filter)->showsAll() ? row : m_filter->mapToSource(m_filter->index(row, 0)).row();
    return m_model->pipelineRow(modelRow);
}

int DownloadsPanel::selectedRowCount() const
{
    int rows = 0;
    for (const QItemSelectionRange &range : m_table->selectionModel()->selection())
        rows += range.height();
    return rows;
}

void DownloadsPanel::showSelectionState(bool anyRunning, bool anyFailed)
{
    m_anyRunning = anyRunning;
    m_anyFailed = anyFailed;
    m_cancel->setEnabled(anyRunning);
    m_retry->setEnabled(anyFailed);
}

void DownloadsPanel::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_table->indexAt(pos);
    if (!index.isValid())
        return;
    if (!m_table->selectionModel()->isRowSelected(index.row(), {}))
        m_table->selectRow(index.row());
    const Item item = m_pipeline->items().at(m_model->pipelineRow(m_filter->mapToSource(index).row()));
    // popup(), not exec(): no nested event loop while the menu is open (as the galleries' menus).
    auto *menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(m_cancel);
    menu->addAction(m_retry);
    menu->addSeparator();
    menu->addAction(tr("Copy Address"), this, [url = item.url] { QApplication::clipboard()->setText(url.toString()); });
    QAction *open = menu->addAction(tr("Open File"), this, [file = item.file] { QDesktopServices::openUrl(QUrl::fromLocalFile(file)); });
    open->setEnabled(!item.file.isEmpty());
    menu->popup(m_table->viewport()->mapToGlobal(pos));
}

} // namespace glint

namespace glint {

void DownloadsPanel::followActive()
{
    // Like a browser's downloads list: keep what is running in sight until the user takes over.
    // The first of the few rows downloading, found from them (not by walking 100,000 rows).
    if (!m_follow || !isVisible())
        return;
    int first = -1;
    for (int modelRow : m_model->downloadingRows()) {
        const QModelIndex shown = m_filter->mapFromSource(m_model->index(modelRow, 0));
        if (shown.isValid() && (first < 0 || shown.row() < first))
            first = shown.row();
    }
    if (first >= 0)
        m_table->scrollTo(m_filter->index(first, 0), QAbstractItemView::PositionAtTop);
}

} // namespace glint
