#include "app/downloadsmodel.h"

#include "app/gallerymodel.h"
#include "core/pipeline/pipeline.h"

#include <algorithm>
#include <climits>
#include <numeric>

#include <QApplication>
#include <QPalette>
#include <QSet>

namespace glint {

DownloadsModel::DownloadsModel(Pipeline *pipeline, QObject *parent)
    : QAbstractTableModel(parent), m_pipeline(pipeline)
{
    m_clock.start();
    m_resort.setSingleShot(true);
    connect(&m_resort, &QTimer::timeout, this, &DownloadsModel::resortNow);
    connect(pipeline, &Pipeline::itemsAdded, this, &DownloadsModel::onItemsAdded);
    connect(pipeline, &Pipeline::itemChanged, this, &DownloadsModel::onItemChanged);
    connect(pipeline, &Pipeline::itemsChanged, this, [this](int first, int last) {
        // One signal for the whole range (Cancel all): a filtered panel re-sorts once, not per row.
        int lo = INT_MAX, hi = -1;
        const qint64 now = m_clock.elapsed();
        for (int row = first; row <= last; ++row) {
            const int modelRow = refresh(row, now);
            if (modelRow >= 0) {
                lo = qMin(lo, modelRow);
                hi = qMax(hi, modelRow);
            }
        }
        if (hi >= 0) {
            Q_EMIT dataChanged(index(lo, 0), index(hi, ColumnCount - 1));
            scheduleResort(true);
        }
    });
    if (!pipeline->items().isEmpty())
        onItemsAdded(0, int(pipeline->items().size()) - 1);
}

int DownloadsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DownloadsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int DownloadsModel::pipelineRow(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows[row].pipelineRow : -1;
}

QString DownloadsModel::stateText(const Item &item)
{
    switch (item.state) {
    case Item::State::Queued:
        return item.attempt > 0 ? tr("Waiting to retry") : tr("Queued");
    case Item::State::Downloading:
        return item.attempt > 0 ? tr("Downloading (retry %L1)").arg(item.attempt) : tr("Downloading");
    case Item::State::Decoding:
        return tr("Decoding");
    case Item::State::Done:
        return tr("Done");
    case Item::State::Failed:
        return item.isCancelled() ? tr("Cancelled") : tr("Failed");
    }
    return {};
}

QString DownloadsModel::formatRate(double bytesPerSecond)
{
    if (bytesPerSecond <= 0)
        return {};
    return tr("%1/s").arg(GalleryModel::formatBytes(qint64(bytesPerSecond)));
}

QVariant DownloadsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_rows.size()))
        return {};
    const Row &row = m_rows[index.row()];
    const Item &item = m_pipeline->items().at(row.pipelineRow);
    if (role == PipelineRowRole)
        return row.pipelineRow;
    if (role == StateRole)
        return int(item.state);
    if (role == CancelledRole)
        return item.isCancelled();
    if (role == ProgressRole) {
        if (item.state == Item::State::Done || item.state == Item::State::Decoding)
            return 1.0;
        if (item.state == Item::State::Failed)
            return item.total > 0 ? double(item.received) / double(item.total) : 0.0;
        return item.total > 0 ? double(item.received) / double(item.total) : -1.0;
    }
    if (role == Qt::ToolTipRole) {
        QString tip = item.url.toDisplayString();
        if (!item.page.isEmpty())
            tip += tr("\nFound on %1").arg(item.page.toDisplayString());
        if (!item.failure.isNone())
            tip += QLatin1Char('\n') + item.error();
        else if (!item.note.isEmpty())
            tip += QLatin1Char('\n') + item.note;
        return tip;
    }
    if (role == Qt::ForegroundRole && index.column() == ErrorColumn) {
        // Errors in red; passing notes ("Retry 2 in 4 s: …") and what the user cancelled in the muted
        // text colour.
        const bool error = !item.failure.isNone() && !item.failure.is(Failure::Kind::Cancelled);
        return error ? QColor(0xc6, 0x28, 0x28) : QApplication::palette().color(QPalette::PlaceholderText);
    }
    if (role == Qt::TextAlignmentRole && (index.column() == SizeColumn || index.column() == SpeedColumn))
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (Column(index.column())) {
    case UrlColumn:
        return item.url.toDisplayString();
    case HostColumn:
        return item.url.host();
    case StateColumn:
        return stateText(item);
    case ProgressColumn:
        return {};
    case SizeColumn:
        if (item.bytes > 0)
            return GalleryModel::formatBytes(item.bytes);
        if (item.total > 0)
            return tr("%1 of %2").arg(GalleryModel::formatBytes(item.received), GalleryModel::formatBytes(item.total));
        return item.received > 0 ? GalleryModel::formatBytes(item.received) : QString();
    case SpeedColumn:
        return item.state == Item::State::Downloading ? formatRate(row.speed) : QString();
    case ErrorColumn:
        return item.failure.isNone() ? item.note : item.error();
    case ColumnCount:
        break;
    }
    return {};
}

QVariant DownloadsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case UrlColumn: return tr("Address");
    case HostColumn: return tr("Host");
    case StateColumn: return tr("State");
    case ProgressColumn: return tr("Progress");
    case SizeColumn: return tr("Size");
    case SpeedColumn: return tr("Speed");
    case ErrorColumn: return tr("Message");
    case ColumnCount: break;
    }
    return {};
}

void DownloadsModel::onItemsAdded(int first, int last)
{
    if (int(m_modelRowOf.size()) <= last)
        m_modelRowOf.resize(size_t(last) + 1, -1);
    std::vector<int> added;
    for (int pipelineRow = first; pipelineRow <= last; ++pipelineRow) {
        if (!m_pipeline->items().at(pipelineRow).url.isLocalFile())   // nothing to download for a file
            added.push_back(pipelineRow);
    }
    if (added.empty())
        return;
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row + int(added.size()) - 1);
    const qint64 now = m_clock.elapsed();
    for (int pipelineRow : added) {
        m_modelRowOf[size_t(pipelineRow)] = int(m_rows.size());
        Row added{pipelineRow};
        added.lastSampleMs = now;
        m_rows.append(added);
    }
    endInsertRows();
    scheduleResort(false);
}

void DownloadsModel::onItemChanged(int pipelineRow)
{
    const int modelRow = refresh(pipelineRow, m_clock.elapsed());
    if (modelRow >= 0) {
        Q_EMIT dataChanged(index(modelRow, 0), index(modelRow, ColumnCount - 1));
        scheduleResort(true);
    }
}

int DownloadsModel::refresh(int pipelineRow, qint64 now)
{
    const int modelRow = modelRowOf(pipelineRow);
    if (modelRow < 0)
        return -1;
    Row &row = m_rows[modelRow];
    const Item &item = m_pipeline->items().at(pipelineRow);
    if (item.received > row.seenReceived)
        m_receivedTotal += item.received - row.seenReceived;
    row.seenReceived = item.received;
    if (item.state != Item::State::Downloading) {
        row.speed = 0;
        row.lastReceived = item.received;
        row.lastSampleMs = now;
    } else if (now - row.lastSampleMs >= 250 || item.received < row.lastReceived) {
        // Sampled, not per signal: progress arrives in bursts of socket reads.
        const double instant = double(item.received - row.lastReceived) * 1000.0 / double(qMax<qint64>(1, now - row.lastSampleMs));
        row.speed = row.speed <= 0 ? instant : 0.6 * instant + 0.4 * row.speed;
        if (item.received < row.lastReceived)
            row.speed = 0;   // a retry started over
        row.lastReceived = item.received;
        row.lastSampleMs = now;
    }
    if (item.state == Item::State::Downloading)
        m_downloading.insert(pipelineRow);
    else if (!m_downloading.empty())
        m_downloading.erase(pipelineRow);
    return modelRow;
}

int DownloadsModel::modelRowOf(int pipelineRow) const
{
    return pipelineRow >= 0 && pipelineRow < int(m_modelRowOf.size()) ? m_modelRowOf[size_t(pipelineRow)] : -1;
}

void DownloadsModel::refreshSpeeds()
{
    const qint64 now = m_clock.elapsed();
    // Only a download has a speed (refresh() sets it to 0 in every other state).
    for (auto it = m_downloading.begin(); it != m_downloading.end();) {
        const int modelRow = modelRowOf(*it);
        if (modelRow < 0) {   // hidden or cleared since
            it = m_downloading.erase(it);
            continue;
        }
        Row &row = m_rows[modelRow];
        if (row.speed > 0 && now - row.lastSampleMs >= 1000) {
            row.speed *= 0.3;
            if (row.speed < 512)
                row.speed = 0;
            row.lastSampleMs = now;
            Q_EMIT dataChanged(index(modelRow, SpeedColumn), index(modelRow, SpeedColumn));
        }
        ++it;
    }
}

QList<int> DownloadsModel::downloadingRows()
{
    QList<int> rows;
    for (auto it = m_downloading.begin(); it != m_downloading.end();) {
        const int pipelineRow = *it;
        const int modelRow = modelRowOf(pipelineRow);
        if (modelRow < 0 || m_pipeline->items().at(pipelineRow).state != Item::State::Downloading) {
            it = m_downloading.erase(it);   // hidden, or its change came while hidden
            continue;
        }
        rows << modelRow;
        ++it;
    }
    return rows;
}

void DownloadsModel::clearFinished()
{
    const auto finished = [this](const Row &row) { return m_pipeline->items().at(row.pipelineRow).isFinished(); };
    if (std::none_of(m_rows.cbegin(), m_rows.cend(), finished))
        return;
    beginResetModel();
    m_rows.removeIf(finished);
    rebuildIndex();
    endResetModel();
}

void DownloadsModel::hidePipelineRows(const QList<int> &pipelineRows)
{
    const QSet<int> gone(pipelineRows.cbegin(), pipelineRows.cend());
    const auto removed = [&gone](const Row &row) { return gone.contains(row.pipelineRow); };
    if (std::none_of(m_rows.cbegin(), m_rows.cend(), removed))
        return;
    // One pass and one reset for the whole removal, however many rows: like clearFinished.
    beginResetModel();
    m_rows.removeIf(removed);
    rebuildIndex();
    endResetModel();
}

void DownloadsModel::rebuildIndex()
{
    std::fill(m_modelRowOf.begin(), m_modelRowOf.end(), -1);
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        m_modelRowOf[size_t(m_rows[i].pipelineRow)] = int(i);
}

void DownloadsModel::sort(int column, Qt::SortOrder order)
{
    m_sortColumn = column >= 0 && column < ColumnCount ? column : -1;
    m_sortOrder = order;
    resortNow();
}

void DownloadsModel::scheduleResort(bool keyMayHaveChanged)
{
    // Addresses and hosts never change; everything else does while a download runs.
    if (m_sortColumn < 0 || m_resort.isActive())
        return;
    if (keyMayHaveChanged && (m_sortColumn == UrlColumn || m_sortColumn == HostColumn))
        return;
    m_resort.setInterval(int(qMax<qint64>(kMinResortMs, 10 * m_lastSortMs)));
    m_resort.start();
}

void DownloadsModel::resortNow()
{
    m_resort.stop();
    QElapsedTimer clock;
    clock.start();
    const size_t n = size_t(m_rows.size());
    // One key per row, taken before the sort (a text key is made once, not at every comparison).
    std::vector<double> numbers(n, 0.0);
    std::vector<QString> texts;
    const bool text = m_sortColumn == UrlColumn || m_sortColumn == HostColumn || m_sortColumn == ErrorColumn;
    if (text)
        texts.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const Row &row = m_rows[qsizetype(i)];
        const Item &item = m_pipeline->items().at(row.pipelineRow);
        switch (m_sortColumn) {
        case UrlColumn: texts[i] = item.url.toString(); break;
        case HostColumn: texts[i] = item.url.host(); break;
        case ErrorColumn: texts[i] = item.failure.isNone() ? item.note : item.error(); break;
        case StateColumn: numbers[i] = double(item.state); break;
        case ProgressColumn: numbers[i] = data(index(int(i), 0), ProgressRole).toDouble(); break;
        case SizeColumn: numbers[i] = double(item.bytes > 0 ? item.bytes : qMax<qint64>(item.total, item.received)); break;
        case SpeedColumn: numbers[i] = item.state == Item::State::Downloading ? row.speed : 0.0; break;
        default: numbers[i] = double(row.pipelineRow); break;
        }
    }
    std::vector<int> order(n);   // new position → old row
    std::iota(order.begin(), order.end(), 0);
    const bool descending = m_sortColumn >= 0 && m_sortOrder == Qt::DescendingOrder;
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        int c = 0;
        if (text)
            c = texts[size_t(a)].compare(texts[size_t(b)], Qt::CaseInsensitive);
        else
            c = numbers[size_t(a)] < numbers[size_t(b)] ? -1 : numbers[size_t(a)] > numbers[size_t(b)] ? 1 : 0;
        if (c != 0)
            return descending ? c > 0 : c < 0;
        return m_rows[a].pipelineRow < m_rows[b].pipelineRow;   // ties in the order found
    });
    bool moved = false;
    for (size_t i = 0; i < n && !moved; ++i)
        moved = order[i] != int(i);
    if (moved) {
        Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
        std::vector<int> newRowOf(n);
        ChunkedVector<Row> sorted;
        for (size_t i = 0; i < n; ++i) {
            newRowOf[size_t(order[i])] = int(i);
            sorted.append(m_rows[order[i]]);
        }
        const QModelIndexList from = persistentIndexList();
        QModelIndexList to;
        to.reserve(from.size());
        for (const QModelIndex &index : from)
            to << this->index(newRowOf[size_t(index.row())], index.column());
        m_rows = std::move(sorted);
        rebuildIndex();
        changePersistentIndexList(from, to);
        Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
    }
    m_lastSortMs = clock.elapsed();
}

} // namespace glint
