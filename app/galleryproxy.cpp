#include "app/galleryproxy.h"

#include "app/gallerymodel.h"
#include "core/pipeline/item.h"

namespace glint {

namespace {

bool isAsciiDigit(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'9';
}

} // namespace

GalleryProxy::GalleryProxy(GalleryModel *source, QObject *parent) : QSortFilterProxyModel(parent), m_source(source)
{
    setSourceModel(source);
    setFilterRole(GalleryModel::UrlRole);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    // Neither the filter (the address never changes) nor the order is tested again on every change:
    // Qt would remap every row for each one (O(n) per change). Arrivals are put in place by
    // one coalesced re-sort instead.
    setDynamicSortFilter(false);
    m_resort.setSingleShot(true);
    connect(&m_resort, &QTimer::timeout, this, &GalleryProxy::resortNow);
    // Rows from the source (a run) or let through again by the filter come in at the end.
    connect(this, &QAbstractItemModel::rowsInserted, this, &GalleryProxy::scheduleResort);
    connect(source, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &, const QModelIndex &, const QList<int> &roles) {
                // A finished download gets its size and dimensions; a new thumbnail changes neither.
                if ((m_order.key == Key::Size || m_order.key == Key::Dimensions)
                    && !(roles.size() == 1 && roles.first() == Qt::DecorationRole))
                    scheduleResort();
            });
    connect(source, &QAbstractItemModel::modelReset, this, [this] {
        m_keys.clear();
        m_groupOf.clear();
        m_groupSize.clear();
        m_groupPage.clear();
        m_hidden.clear();
    });
    QSortFilterProxyModel::sort(0, Qt::AscendingOrder);
}

void GalleryProxy::setOrder(const Order &order)
{
    if (order == m_order && m_sorts > 0)
        return;
    m_order = order;
    resortNow();
    Q_EMIT orderChanged(m_order);
}

void GalleryProxy::setFilterText(const QString &text)
{
    setFilterFixedString(text);
    // Rows the filter lets through again come in at the end: put them in place before a paint.
    if (m_resort.isActive())
        resortNow();
}

void GalleryProxy::hideRows(const QList<int> &sourceRows)
{
    if (sourceRows.isEmpty())
        return;
    for (int row : sourceRows) {
        if (row < 0)
            continue;
        if (int(m_hidden.size()) <= row)
            m_hidden.resize(size_t(row) + 1, false);
        m_hidden[size_t(row)] = true;
    }
    invalidateRowsFilter();
}

bool GalleryProxy::isHidden(int sourceRow) const
{
    return sourceRow >= 0 && sourceRow < int(m_hidden.size()) && m_hidden[size_t(sourceRow)];
}

void GalleryProxy::resortNow()
{
    m_resort.stop();
    QElapsedTimer clock;
    clock.start();
    if (m_order.byPage || m_order.key == Key::Name || m_order.key == Key::Host)
        keyOf(sourceModel()->rowCount() - 1);   // every key made before the sort, not inside it
    QSortFilterProxyModel::sort(0, Qt::AscendingOrder);   // the direction is lessThan's business
    m_lastSortMs = clock.elapsed();
    ++m_sorts;
}

void GalleryProxy::scheduleResort()
{
    // Found, ascending, not grouped: arrivals are already in place at the end.
    if (m_order == Order{} || m_resort.isActive())
        return;
    m_resort.setInterval(int(qMax<qint64>(kMinResortMs, 10 * m_lastSortMs)));
    m_resort.start();
}

bool GalleryProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    return !isHidden(sourceRow) && QSortFilterProxyModel::filterAcceptsRow(sourceRow, sourceParent);
}

const GalleryProxy::RowKey &GalleryProxy::keyOf(int sourceRow) const
{
    // Made in row order, so a page's group number is the order in which pages were first seen.
    while (int(m_keys.size()) <= sourceRow) {
        const Item &item = m_source->item(int(m_keys.size()));
        RowKey key;
        const QString name = item.url.fileName();
        key.name = (name.isEmpty() ? item.url.host() : name).toCaseFolded();
        key.host = item.url.host().toCaseFolded();
        auto group = m_groupOf.constFind(item.page);
        if (group == m_groupOf.cend()) {
            group = m_groupOf.insert(item.page, int(m_groupPage.size()));
            m_groupPage.push_back(item.page);
            m_groupSize.push_back(0);
        }
        key.group = *group;
        ++m_groupSize[size_t(key.group)];
        m_keys.push_back(std::move(key));
    }
    return m_keys[size_t(sourceRow)];
}

int GalleryProxy::naturalCompare(const QString &a, const QString &b)
{
    qsizetype i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (isAsciiDigit(a[i]) && isAsciiDigit(b[j])) {
            // Numbers by value: leading zeros aside, the longer is larger, else the first digit that differs.
            while (i < a.size() && a[i] == u'0')
                ++i;
            while (j < b.size() && b[j] == u'0')
                ++j;
            qsizetype ei = i, ej = j;
            while (ei < a.size() && isAsciiDigit(a[ei]))
                ++ei;
            while (ej < b.size() && isAsciiDigit(b[ej]))
                ++ej;
            if (ei - i != ej - j)
                return ei - i < ej - j ? -1 : 1;
            for (; i < ei; ++i, ++j) {
                if (a[i] != b[j])
                    return a[i] < b[j] ? -1 : 1;
            }
            continue;
        }
        const QChar ca = a[i].toCaseFolded(), cb = b[j].toCaseFolded();
        if (ca != cb)
            return ca < cb ? -1 : 1;
        ++i;
        ++j;
    }
    const qsizetype restA = a.size() - i, restB = b.size() - j;
    return restA == restB ? 0 : restA < restB ? -1 : 1;
}

int GalleryProxy::compareKeys(int left, int right) const
{
    switch (m_order.key) {
    case Key::Found:
        return left < right ? -1 : left > right ? 1 : 0;
    case Key::Name:
        return naturalCompare(keyOf(left).name, keyOf(right).name);
    case Key::Host:
        return keyOf(left).host.compare(keyOf(right).host);
    case Key::Size: {
        const qint64 l = m_source->item(left).bytes, r = m_source->item(right).bytes;
        return l < r ? -1 : l > r ? 1 : 0;
    }
    case Key::Dimensions: {
        const QSize ls = m_source->item(left).size, rs = m_source->item(right).size;
        const qint64 l = qint64(ls.width()) * ls.height(), r = qint64(rs.width()) * rs.height();
        return l < r ? -1 : l > r ? 1 : 0;
    }
    }
    return 0;
}

bool GalleryProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const int l = left.row(), r = right.row();
    if (m_order.byPage) {
        const int gl = keyOf(l).group, gr = keyOf(r).group;
        if (gl != gr)
            return gl < gr;   // pages in the order found, whichever the direction
    }
    if (m_order.key == Key::Found)
        return m_order.descending ? l > r : l < r;
    if (m_order.key == Key::Size || m_order.key == Key::Dimensions) {
        // Not known until downloaded and decoded: after every known one, in either direction.
        const bool knownL = m_source->item(l).state == Item::State::Done;
        const bool knownR = m_source->item(r).state == Item::State::Done;
        if (knownL != knownR)
            return knownL;
        if (!knownL)
            return l < r;
    }
    const int c = compareKeys(l, r);
    if (c != 0)
        return m_order.descending ? c > 0 : c < 0;
    return l < r;   // ties in the order found
}

QVariant GalleryProxy::data(const QModelIndex &index, int role) const
{
    if (role != GroupRole && role != GroupHeadingRole)
        return QSortFilterProxyModel::data(index, role);
    if (!m_order.byPage || !index.isValid())
        return role == GroupRole ? QVariant(-1) : QVariant(QString());
    const int group = keyOf(mapToSource(index).row()).group;
    if (role == GroupRole)
        return group;
    // O(1): the first tile of a group is the one whose left neighbour is in another group.
    if (index.row() > 0 && keyOf(mapToSource(this->index(index.row() - 1, 0)).row()).group == group)
        return QString();
    keyOf(sourceModel()->rowCount() - 1);   // counts up to date
    const QUrl &page = m_groupPage[size_t(group)];
    const QString label = page.isEmpty() ? tr("Added directly")
                                         : page.toDisplayString(QUrl::RemoveScheme | QUrl::RemoveUserInfo).mid(2);
    return tr("%1 · %n image(s)", nullptr, m_groupSize[size_t(group)]).arg(label);
}

QString GalleryProxy::keyName(Key key)
{
    switch (key) {
    case Key::Found: return QStringLiteral("found");
    case Key::Name: return QStringLiteral("name");
    case Key::Size: return QStringLiteral("size");
    case Key::Dimensions: return QStringLiteral("dimensions");
    case Key::Host: return QStringLiteral("host");
    }
    return QStringLiteral("found");
}

GalleryProxy::Key GalleryProxy::keyFromName(const QString &name)
{
    for (Key key : {Key::Found, Key::Name, Key::Size, Key::Dimensions, Key::Host}) {
        if (keyName(key) == name)
            return key;
    }
    return Key::Found;
}

} // namespace glint
