#include "app/galleryproxy.h"

#include "app/gallerymodel.h"
#include "core/pipeline/item.h"
#include "core/util/naturalorder.h"

#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <numeric>

namespace glint {

namespace {

// A row as sortAll orders it (see there).
struct SortEntry {
    quint32 group;
    quint32 unknown;
    quint64 value;
    quint64 more;   // a name's units 5 to 8
    int row;
};

// By name: each entry's value and more are the eight UTF-16 units after the prefix all names share,
// packed into two words so that integer comparison orders them as QString::compare does.
template<typename Names>
void packNames(std::vector<SortEntry> &entries, const Names &names, bool descending)
{
    const int rows = int(entries.size());
    qsizetype shared = 0;
    if (rows > 0) {
        const QString &first = names[0];
        shared = first.size();
        for (int row = 1; row < rows && shared > 0; ++row) {
            const QString &other = names[row];
            qsizetype i = 0;
            const qsizetype end = qMin(shared, other.size());
            while (i < end && first[i] == other[i])
                ++i;
            shared = i;
        }
    }
    const auto pack = [](const QString &key, qsizetype from) {
        quint64 word = 0;
        for (qsizetype i = from; i < from + 4; ++i)
            word = (word << 16) | (i < key.size() ? key[i].unicode() : 0u);
        return word;
    };
    for (SortEntry &e : entries) {
        const QString &name = names[e.row];
        const quint64 value = pack(name, shared), more = pack(name, shared + 4);
        e.value = descending ? ~value : value;
        e.more = descending ? ~more : more;
    }
}

// The rows in the entries' order; `names` (by name only, else null) breaks ties of the packed units.
// Touches nothing but its arguments: it may run on a worker.
template<typename Names>
std::vector<int> sortEntries(std::vector<SortEntry> &entries, const Names *names, bool descending)
{
    std::sort(entries.begin(), entries.end(), [&](const SortEntry &l, const SortEntry &r) {
        if (l.group != r.group)
            return l.group < r.group;
        if (l.unknown != r.unknown)
            return l.unknown < r.unknown;
        if (l.value != r.value)
            return l.value < r.value;
        if (l.more != r.more)
            return l.more < r.more;
        if (names) {
            const int c = (*names)[l.row].compare((*names)[r.row]);
            if (c != 0)
                return descending ? c > 0 : c < 0;
        }
        return l.row < r.row;   // ties in the order found
    });
    std::vector<int> order(entries.size());
    for (size_t i = 0; i < entries.size(); ++i)
        order[i] = entries[i].row;
    return order;
}

} // namespace

GalleryProxy::GalleryProxy(GalleryModel *source, QObject *parent) : RowMapProxy(parent), m_source(source)
{
    setSourceModel(source);
    m_sortPool.setMaxThreadCount(1);   // one sort at a time; a newer one replaces the older's result
    m_sortPool.setObjectName(QStringLiteral("gallery-sort"));
    // Neither the filter (the address never changes) nor the order is tested again on every change.
    // Arrivals come in at the end and are put in place by one coalesced re-sort.
    m_resort.setSingleShot(true);
    connect(&m_resort, &QTimer::timeout, this, &GalleryProxy::resortNow);
    connect(source, &QAbstractItemModel::rowsInserted, this, [this] {
        m_keysAhead.schedule();   // the next turn: a paint or a key press waiting goes first
    });
    // Rows from the source (a run) or let through again by the filter come in at the end.
    connect(this, &QAbstractItemModel::rowsInserted, this, &GalleryProxy::scheduleResort);
    connect(source, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &, const QModelIndex &, const QList<int> &roles) {
                // A finished download gets its size and dimensions; a new thumbnail changes neither.
                if ((m_order.key == Key::Size || m_order.key == Key::Dimensions)
                    && !(roles.size() == 1 && roles.first() == Qt::DecorationRole)) {
                    m_sortInFull = true;   // the next re-sort sorts everything again
                    scheduleResort();
                }
            });
}

void GalleryProxy::sourceReset()
{
    m_keys.clear();
    m_names = {};
    m_sortRunning = 0;   // a sort on a worker was of rows that are gone
    m_hosts.clear();
    m_hostOf.clear();
    m_groupOf.clear();
    m_groupSize.clear();
    m_groupPage.clear();
    m_hidden.clear();
    m_hiddenCount = 0;
    m_sorted.clear();
    m_matches.clear();
    m_wantedMatches.clear();   // a search under way starts again from row 0 of the new rows
}

void GalleryProxy::setOrder(const Order &order)
{
    if (order == m_order && m_sorts > 0)
        return;
    m_order = order;
    m_sortInFull = true;   // the old order stays shown until the new one is ready
    m_sortRunning = 0;     // a sort still running on a worker is for an order no longer wanted
    resortNow();
    Q_EMIT orderChanged(m_order);
}

void GalleryProxy::setFilterText(const QString &text)
{
    if (text == m_wantedFilter)
        return;
    m_wantedFilter = text;
    m_wantedMatches.clear();
    if (text == m_filterText) {   // back to what is shown: nothing to search
        m_filterScan.cancel();
        return;
    }
    if (text.isEmpty() || sourceModel()->rowCount() <= kFilterSlice) {
        m_filterScan.cancel();
        scanFilterSlice();   // all of it now: nothing to search, or little
        return;
    }
    m_wantedMatches.reserve(size_t(sourceModel()->rowCount()));
    m_filterScan.schedule();
}

bool GalleryProxy::scanFilterSlice()
{
    const int rows = sourceModel()->rowCount();
    if (!m_wantedFilter.isEmpty()) {
        // Typing on: a row that did not contain the text shown cannot contain one that contains it.
        const bool narrowing = !m_filterText.isEmpty() && m_wantedFilter.contains(m_filterText, Qt::CaseInsensitive);
        const int end = qMin(rows, int(m_wantedMatches.size()) + kFilterSlice);
        for (int row = int(m_wantedMatches.size()); row < end; ++row) {
            const bool ruledOut = narrowing && size_t(row) < m_matches.size() && !m_matches[size_t(row)];
            m_wantedMatches.push_back(!ruledOut && matches(row, m_wantedFilter));
        }
        if (int(m_wantedMatches.size()) < rows)
            return true;   // the next slice after what is waiting (a paint, a key)
    }
    applyFilter();
    return false;
}

void GalleryProxy::applyFilter()
{
    m_filterText = m_wantedFilter;
    m_matches = std::move(m_wantedMatches);
    m_wantedMatches.clear();
    // One layout change with the rows that show, arrivals waiting for the coalesced re-sort put in
    // place on the way. Removing and inserting each run of rows that changed sides (Qt's
    // invalidateFilter()) would be thousands of signals in a sorted gallery, where the rows matching
    // a name are scattered (at 100,000 rows ~0.1–0.2 s per key typed).
    if (m_resort.isActive() && !sortPending())
        resortNow();
    else
        showRows();
}

void GalleryProxy::showRows()
{
    const int rows = sourceModel()->rowCount();
    std::vector<int> shown;
    shown.reserve(size_t(rows));
    const auto add = [&](int row) {
        if (shows(row))
            shown.push_back(row);
    };
    for (int row : m_sorted) {
        if (row < rows)
            add(row);
    }
    for (int row = int(m_sorted.size()); row < rows; ++row)
        add(row);   // arrived since the last sort (all of them before the first: the order found)
    setRows(std::move(shown));
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
        if (!m_hidden[size_t(row)])
            ++m_hiddenCount;
        m_hidden[size_t(row)] = true;
    }
    showRows();
}

bool GalleryProxy::isHidden(int sourceRow) const
{
    return sourceRow >= 0 && sourceRow < int(m_hidden.size()) && m_hidden[size_t(sourceRow)];
}

void GalleryProxy::resortNow()
{
    m_resort.stop();
    if (sortPending())
        return;   // when its result is shown, what changed meanwhile asks for the next re-sort
    QElapsedTimer clock;
    clock.start();
    // The order of every source row is worked out here, on the keys directly: sorted in full when
    // the order or a key changed, else the rows that arrived since are sorted alone and merged in,
    // O(n + k log k). The proxy is then handed the rows that show, in that order: O(n).
    const int rows = sourceModel()->rowCount();
    makeKeys(rows);   // every key made before the sort, not inside it
    // Beyond kSortHere rows, arrivals too go through the full sort on a worker: merging 500 of them
    // into 100,000 names here compared names across the whole order, 16–18 ms on the GUI thread.
    const bool arrivals = int(m_sorted.size()) < rows;
    if (m_sortInFull || m_sorted.empty() || int(m_sorted.size()) > rows || (arrivals && rows > kSortHere)) {
        m_sortInFull = false;
        sortAll(rows, clock);
        return;
    }
    // Worked on apart from m_sorted: handing sorted() m_sorted itself would move it into itself,
    // which leaves a std::vector empty (the gallery fell back to the order found).
    std::vector<int> order = std::move(m_sorted);
    if (arrivals) {
        const auto less = [this](int l, int r) { return lessRows(l, r); };
        const auto middle = order.size();
        order.resize(size_t(rows));
        std::iota(order.begin() + qsizetype(middle), order.end(), int(middle));
        std::sort(order.begin() + qsizetype(middle), order.end(), less);
        std::inplace_merge(order.begin(), order.begin() + qsizetype(middle), order.end(), less);
    }
    sorted(std::move(order), clock.elapsed());
}

void GalleryProxy::sorted(std::vector<int> &&order, qint64 guiMs)
{
    QElapsedTimer clock;
    clock.start();
    m_sorted = std::move(order);
    showRows();
    m_lastSortMs = guiMs + clock.elapsed();
    ++m_sorts;
}

void GalleryProxy::sortAll(int rows, const QElapsedTimer &clock)
{
    // Found, not grouped: the order is the rows themselves.
    if (m_order.key == Key::Found && !m_order.byPage) {
        std::vector<int> order(static_cast<size_t>(rows));
        std::iota(order.begin(), order.end(), 0);
        if (m_order.descending)
            std::reverse(order.begin(), order.end());
        sorted(std::move(order), clock.elapsed());
        return;
    }
    // Each row as integers that order it as lessRows does: the page group, then whether the value
    // is known (sizes and dimensions: unknown ones last, in the order found), then the value itself.
    // A host is its rank among the distinct hosts (a run has few). A name is packed (packNames, on
    // the sorting thread); only names equal in those units are compared by their whole text.
    // Descending flips the value, never the group or the unknown ones.
    const bool byName = m_order.key == Key::Name;
    // A host's rank among the distinct hosts, in QString's own order as compareKeys uses: a sort of
    // the few hosts, not a hash lookup per row.
    std::vector<quint64> hostRank(size_t(m_hosts.size()));
    if (m_order.key == Key::Host) {
        std::vector<int> hosts(size_t(m_hosts.size()));
        std::iota(hosts.begin(), hosts.end(), 0);
        std::sort(hosts.begin(), hosts.end(), [this](int l, int r) { return m_hosts[l] < m_hosts[r]; });
        for (size_t i = 0; i < hosts.size(); ++i)
            hostRank[size_t(hosts[i])] = quint64(i);
    }
    const bool descending = m_order.descending;
    std::vector<SortEntry> entries(static_cast<size_t>(rows));
    for (int row = 0; row < rows; ++row) {
        SortEntry &e = entries[size_t(row)];
        e = SortEntry{m_order.byPage ? quint32(m_keys[size_t(row)].group) : 0u, 0u, 0u, 0u, row};
        quint64 value = 0;
        switch (m_order.key) {
        case Key::Found:
            value = quint64(row);
            break;
        case Key::Size:
        case Key::Dimensions: {
            const Item &item = m_source->item(row);
            if (item.state != Item::State::Done) {
                e.unknown = 1;   // after every known one, in the order found, either direction
                continue;
            }
            value = m_order.key == Key::Size ? quint64(qMax<qint64>(0, item.bytes))
                                             : quint64(qMax(0, item.size.width())) * quint64(qMax(0, item.size.height()));
            break;
        }
        case Key::Host:
            value = hostRank[size_t(m_keys[size_t(row)].host)];
            break;
        case Key::Name:
            continue;   // packNames
        }
        e.value = descending ? ~value : value;
    }
    if (rows <= kSortHere) {
        if (byName)
            packNames(entries, m_names, descending);
        sorted(sortEntries(entries, byName ? &m_names : nullptr, descending), clock.elapsed());
        return;
    }
    const quint64 number = ++m_lastSortNumber;
    m_sortRunning = number;
    const qint64 guiMs = clock.elapsed();
    // The blocks, not the names: a reference per 2,048 rows.
    QtConcurrent::run(&m_sortPool, [entries = std::move(entries), names = byName ? m_names : Names{}, byName, descending]() mutable {
        if (byName)
            packNames(entries, names, descending);
        return sortEntries(entries, byName ? &names : nullptr, descending);
    }).then(this, [this, number, guiMs](std::vector<int> order) {
        if (number != m_sortRunning)
            return;   // a newer order, or a reset, since
        m_sortRunning = 0;
        sorted(std::move(order), guiMs);
        if (m_sortInFull || int(m_sorted.size()) < sourceModel()->rowCount())
            scheduleResort();   // a size changed, or rows arrived, while it ran
    });
}

void GalleryProxy::scheduleResort()
{
    // Found, ascending, not grouped: arrivals are already in place at the end.
    if (m_order == Order{} || m_resort.isActive())
        return;
    m_resort.setInterval(int(qMax<qint64>(kMinResortMs, 10 * m_lastSortMs)));
    m_resort.start();
}

bool GalleryProxy::shows(int sourceRow) const
{
    if (isHidden(sourceRow))
        return false;
    if (m_filterText.isEmpty())
        return true;
    if (size_t(sourceRow) < m_matches.size())
        return m_matches[size_t(sourceRow)];   // searched ahead
    return matches(sourceRow, m_filterText);   // arrived since
}

bool GalleryProxy::matches(int sourceRow, const QString &text) const
{
    // Searched directly: no QVariant and no regular expression per row and key typed. A local file's
    // path is already held by its item; a web address is formatted for the search (~0.7 µs). Neither
    // is kept per row: a case-folded copy took ~17 MB at 100,000 rows and pushed the session past its
    // memory budget (400 MB) for ~60 ms less per filter at that size.
    const Item &item = m_source->item(sourceRow);
    const QString address = item.url.isLocalFile() && !item.file.isEmpty() ? item.file : item.url.toString();
    return address.contains(text, Qt::CaseInsensitive);
}

const GalleryProxy::RowKey &GalleryProxy::keyOf(int sourceRow) const
{
    makeKeys(sourceRow + 1);
    return m_keys[size_t(sourceRow)];
}

void GalleryProxy::makeKeys(int rows) const
{
    // Made in row order, so a page's group number is the order in which pages were first seen.
    while (int(m_keys.size()) < rows) {
        const Item &item = m_source->item(int(m_keys.size()));
        RowKey key;
        const QString name = item.url.fileName();
        const int row = int(m_keys.size());
        if (row % kKeySlice == 0)
            m_names.blocks.push_back(std::make_shared<NameBlock>());
        (*m_names.blocks.back())[size_t(row % kKeySlice)] = NaturalOrder::key((name.isEmpty() ? item.url.host() : name).toCaseFolded());
        // Rows in a row mostly share a host: the hash only when it changes.
        const QString host = item.url.host().toCaseFolded();
        if (!m_keys.empty() && m_hosts[m_keys.back().host] == host) {
            key.host = m_keys.back().host;
        } else {
            auto known = m_hostOf.constFind(host);
            if (known == m_hostOf.cend()) {
                known = m_hostOf.insert(host, int(m_hosts.size()));
                m_hosts.append(host);
            }
            key.host = *known;
        }
        // A page's images arrive together: most rows share the page of the row before (no hash).
        if (!m_keys.empty() && item.page == m_groupPage[size_t(m_keys.back().group)]) {
            key.group = m_keys.back().group;
        } else {
            auto group = m_groupOf.constFind(item.page);
            if (group == m_groupOf.cend()) {
                group = m_groupOf.insert(item.page, int(m_groupPage.size()));
                m_groupPage.push_back(item.page);
                m_groupSize.push_back(0);
            }
            key.group = *group;
        }
        ++m_groupSize[size_t(key.group)];
        m_keys.push_back(std::move(key));
    }
}

bool GalleryProxy::makeKeysAhead()
{
    const int rows = sourceModel()->rowCount();
    makeKeys(qMin(rows, int(m_keys.size()) + kKeySlice));
    return int(m_keys.size()) < rows;
}

int GalleryProxy::compareKeys(int left, int right) const
{
    switch (m_order.key) {
    case Key::Found:
        return left < right ? -1 : left > right ? 1 : 0;
    case Key::Name:
        makeKeys(qMax(left, right) + 1);
        return m_names[left].compare(m_names[right]);   // natural keys: a plain comparison
    case Key::Host:
        return m_hosts[keyOf(left).host].compare(m_hosts[keyOf(right).host]);
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

bool GalleryProxy::lessRows(int l, int r) const
{
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
        return RowMapProxy::data(index, role);
    if (!m_order.byPage || !index.isValid())
        return role == GroupRole ? QVariant(-1) : QVariant(QString());
    const int group = keyOf(mapToSource(index).row()).group;
    if (role == GroupRole)
        return group;
    // O(1): the first tile of a group is the one whose left neighbour is in another group.
    if (index.row() > 0 && keyOf(mapToSource(this->index(index.row() - 1, 0)).row()).group == group)
        return QString();
    makeKeys(sourceModel()->rowCount());   // counts up to date
    const QUrl &page = m_groupPage[size_t(group)];
    const QString label = page.isEmpty() ? tr("Added directly")
                                         : page.toDisplayString(QUrl::RemoveScheme | QUrl::RemoveUserInfo).mid(2);
    // Each sentence numbers its own arguments (no translation files: "%n image(s)" would show as is).
    const int count = m_groupSize[size_t(group)];
    return count == 1 ? tr("%1 · 1 image").arg(label) : tr("%1 · %L2 images").arg(label).arg(count);
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
