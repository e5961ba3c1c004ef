#include "app/rowmapproxy.h"

#include <algorithm>

namespace glint {

void RowMapProxy::setSourceModel(QAbstractItemModel *source)
{
    beginResetModel();
    for (const QMetaObject::Connection &connection : std::as_const(m_connections))
        disconnect(connection);
    m_connections.clear();
    QAbstractProxyModel::setSourceModel(source);
    m_toSource.clear();
    m_toProxy.clear();
    if (source) {
        m_connections << connect(source, &QAbstractItemModel::rowsInserted, this, &RowMapProxy::onRowsInserted)
                      << connect(source, &QAbstractItemModel::rowsAboutToBeRemoved, this, &RowMapProxy::onRowsAboutToBeRemoved)
                      << connect(source, &QAbstractItemModel::rowsRemoved, this, &RowMapProxy::onRowsRemoved)
                      << connect(source, &QAbstractItemModel::dataChanged, this, &RowMapProxy::onDataChanged)
                      << connect(source, &QAbstractItemModel::modelAboutToBeReset, this, [this] { beginResetModel(); })
                      << connect(source, &QAbstractItemModel::modelReset, this, &RowMapProxy::onModelReset)
                      // The source's rows moved under the rows kept here: as good as a reset.
                      << connect(source, &QAbstractItemModel::layoutAboutToBeChanged, this, [this] { beginResetModel(); })
                      << connect(source, &QAbstractItemModel::layoutChanged, this, &RowMapProxy::onModelReset)
                      // Gone first (a window torn down): no row left to show. Said to no one, as
                      // QSortFilterProxyModel does: a reset signal now would reach the objects being
                      // torn down with it (the main window's members are gone when its children are).
                      << connect(source, &QObject::destroyed, this, [this] {
                             m_toSource.clear();
                             m_toProxy.clear();
                         });
        showAcceptedInSourceOrder();
    }
    endResetModel();
}

QModelIndex RowMapProxy::index(int row, int column, const QModelIndex &parent) const
{
    if (parent.isValid() || row < 0 || row >= int(m_toSource.size()) || column < 0 || column >= columnCount())
        return {};
    return createIndex(row, column);
}

QModelIndex RowMapProxy::sibling(int row, int column, const QModelIndex &) const
{
    return index(row, column);
}

int RowMapProxy::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_toSource.size());
}

int RowMapProxy::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() || !sourceModel() ? 0 : sourceModel()->columnCount();
}

int RowMapProxy::proxyRow(int sourceRow) const
{
    return sourceRow >= 0 && sourceRow < int(m_toProxy.size()) ? m_toProxy[size_t(sourceRow)] : -1;
}

QModelIndex RowMapProxy::mapToSource(const QModelIndex &proxyIndex) const
{
    if (!proxyIndex.isValid() || !sourceModel() || proxyIndex.row() >= int(m_toSource.size()))
        return {};
    return sourceModel()->index(m_toSource[size_t(proxyIndex.row())], proxyIndex.column());
}

QModelIndex RowMapProxy::mapFromSource(const QModelIndex &sourceIndex) const
{
    if (!sourceIndex.isValid() || sourceIndex.parent().isValid())
        return {};
    const int row = proxyRow(sourceIndex.row());
    return row < 0 ? QModelIndex() : createIndex(row, sourceIndex.column());
}

void RowMapProxy::rebuildProxyOfSource()
{
    m_toProxy.assign(size_t(sourceModel() ? sourceModel()->rowCount() : 0), -1);
    for (size_t i = 0; i < m_toSource.size(); ++i)
        m_toProxy[size_t(m_toSource[i])] = int(i);
}

void RowMapProxy::setRows(std::vector<int> sourceRows)
{
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    // The indexes others hold (the selection's corners, the current tile) follow their source row.
    const QModelIndexList from = persistentIndexList();
    std::vector<int> sourceOf(size_t(from.size()), -1);
    for (qsizetype i = 0; i < from.size(); ++i) {
        if (from[i].isValid() && from[i].row() < int(m_toSource.size()))
            sourceOf[size_t(i)] = m_toSource[size_t(from[i].row())];
    }
    m_toSource = std::move(sourceRows);
    rebuildProxyOfSource();
    QModelIndexList to;
    to.reserve(from.size());
    for (qsizetype i = 0; i < from.size(); ++i) {
        const int row = proxyRow(sourceOf[size_t(i)]);
        to << (row < 0 ? QModelIndex() : createIndex(row, from[i].column()));
    }
    changePersistentIndexList(from, to);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

void RowMapProxy::onRowsInserted(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    if (first < int(m_toProxy.size())) {   // in the middle: the source rows after them moved down
        for (int &row : m_toSource) {
            if (row >= first)
                row += count;
        }
        m_toProxy.insert(m_toProxy.begin() + first, size_t(count), -1);
    } else {
        m_toProxy.resize(m_toProxy.size() + size_t(count), -1);
    }
    std::vector<int> shown;
    for (int row = first; row <= last; ++row) {
        if (shows(row))
            shown.push_back(row);
    }
    if (shown.empty())
        return;
    const int at = int(m_toSource.size());
    beginInsertRows({}, at, at + int(shown.size()) - 1);
    for (int row : shown) {
        m_toProxy[size_t(row)] = int(m_toSource.size());
        m_toSource.push_back(row);
    }
    endInsertRows();
}

void RowMapProxy::onRowsAboutToBeRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    std::vector<int> gone;
    for (int row = first; row <= last; ++row) {
        if (const int shown = proxyRow(row); shown >= 0)
            gone.push_back(shown);
    }
    if (gone.empty())
        return;
    std::sort(gone.begin(), gone.end());
    if (gone.back() - gone.front() + 1 == int(gone.size())) {   // one run: removed as such
        beginRemoveRows({}, gone.front(), gone.back());
        m_toSource.erase(m_toSource.begin() + gone.front(), m_toSource.begin() + gone.back() + 1);
        rebuildProxyOfSource();
        endRemoveRows();
        return;
    }
    // Scattered (a sorted proxy): one layout change rather than a removal, and an O(n) remap, per run.
    std::vector<int> kept;
    kept.reserve(m_toSource.size() - gone.size());
    for (int row : m_toSource) {
        if (row < first || row > last)
            kept.push_back(row);
    }
    setRows(std::move(kept));
}

void RowMapProxy::onRowsRemoved(const QModelIndex &parent, int first, int last)
{
    if (parent.isValid())
        return;
    const int count = last - first + 1;
    for (int &row : m_toSource) {
        if (row > last)
            row -= count;
    }
    rebuildProxyOfSource();
}

void RowMapProxy::onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight, const QList<int> &roles)
{
    if (!topLeft.isValid() || topLeft.parent().isValid())
        return;
    // One signal over the proxy rows the changed source rows cover: O(rows changed), whatever the order.
    int low = INT_MAX, high = -1;
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row) {
        if (const int shown = proxyRow(row); shown >= 0) {
            low = std::min(low, shown);
            high = std::max(high, shown);
        }
    }
    if (high >= 0)
        Q_EMIT dataChanged(index(low, topLeft.column()), index(high, bottomRight.column()), roles);
}

void RowMapProxy::onModelReset()
{
    sourceReset();
    showAcceptedInSourceOrder();
    endResetModel();
}

void RowMapProxy::showAcceptedInSourceOrder()
{
    m_toSource.clear();
    for (int row = 0, rows = sourceModel()->rowCount(); row < rows; ++row) {
        if (shows(row))
            m_toSource.push_back(row);
    }
    rebuildProxyOfSource();
}

} // namespace glint
