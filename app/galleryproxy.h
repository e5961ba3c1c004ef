#pragma once
// The session gallery's order and filter over the GalleryModel: the filter on the address (typed in
// the tool bar), the order the user chose in View ▸ Sort By (order found, name, size, dimensions,
// host; ascending or descending; optionally grouped by the page the images came from), and the rows
// the user removed from the session (hidden; the pipeline keeps its items, so rows stay the pipeline's).
//
// Cost: a change of order sorts once, O(n log n), on keys kept per row (a natural-order name key
// and the host's number among the run's few hosts, sizes read straight from the item). The keys are
// made ahead, a slice of rows per event-loop turn as rows arrive, so that the first sort of 100,000
// rows does not make 100,000 keys between two paints (~0.1 s at that size). The filter searches each
// row's address directly (no QVariant, no regular expression), kFilterSlice rows per event-loop
// turn once there are more than that (100,000 web addresses took 67–88 ms in one turn: four to five
// frames), and only the rows that matched before when the text grew from the last one (typing on);
// then it hands the proxy the rows that show, in one pass.
// The full sort compares integers held in one array (the page group, a size, a host's rank among
// the run's few hosts, or eight characters of a name after the prefix all names share), and a
// name's whole text only when those tie (comparing 100,000 separately allocated strings 1.7
// million times was most of a sort). The proxy (RowMapProxy) is then handed the rows in that
// order, filtered, in one O(n) pass; nothing is re-sorted on a data change. Rows that arrive while
// sorted come in at the end, then one coalesced re-sort merges them in (O(n + k log k) for the
// order, plus O(n) to hand it to the proxy), at most every kMinResortMs and never more often
// than ten times the last sort took, so keeping order costs at most about a tenth of the GUI
// thread. A size that changes (a download finishing) asks for a full sort the same way.
// Ties always fall back to the order found, so every order is total and the same run sorts the same.
// Beyond kSortHere rows the full sort itself runs on a worker, and rows that arrive are put in
// place by it too instead of a merge on the GUI thread: the GUI thread makes the array (and
// hands over its blocks of names), the proxy's own sort thread sorts it, and the result is handed to the
// proxy on the GUI thread (sortPending() until then; the gallery keeps its old order meanwhile, and
// rows that arrive, a filter typed or a new order asked for meanwhile are all honoured after). At
// 100,000 names that took the sort by name's 17–38 ms off the GUI thread.
//
// Threads: GUI thread; the worker sees only copies, and a result that comes back after a newer sort
// was asked for, after a reset or after the proxy is gone is dropped. Ownership: the source model is
// the caller's and must outlive the proxy.
#include "app/rowmapproxy.h"

#include "core/util/turnslices.h"

#include <QElapsedTimer>
#include <QHash>
#include <QStringList>
#include <QThreadPool>
#include <QTimer>
#include <QUrl>
#include <array>
#include <memory>
#include <vector>

namespace glint {

class GalleryModel;

class GalleryProxy final : public RowMapProxy {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GalleryProxy)
public:
    enum class Key { Found, Name, Size, Dimensions, Host };
    struct Order {
        Key key = Key::Found;
        bool descending = false;
        bool byPage = false;   // grouped by the page found on, pages in the order found
        bool operator==(const Order &) const = default;
    };
    enum Role {
        GroupRole = Qt::UserRole + 100,   // int: the page group's number (order found), -1 when not grouped
        GroupHeadingRole,                 // QString on the first tile of a group, else empty
    };
    static constexpr int kMinResortMs = 300;

    explicit GalleryProxy(GalleryModel *source, QObject *parent = nullptr);

    Order order() const { return m_order; }
    // Sorts now, in one pass. Emits orderChanged when it differs.
    void setOrder(const Order &order);
    // The tool bar's filter: rows whose address contains the text, case-insensitive. Empty shows
    // every row not hidden. Up to kFilterSlice rows, in place at once; beyond, searched a slice per
    // event-loop turn and then put in place in one change (filterPending() until then). Rows that
    // arrive meanwhile are searched as they come.
    void setFilterText(const QString &text);
    QString filterText() const { return m_wantedFilter; }   // the last asked for
    bool filterPending() const { return m_filterScan.isScheduled(); }
    static constexpr int kFilterSlice = 4096;   // ~3 ms of web addresses on the 2-core machine
    // Hides the rows from now on (removed from the session). Source rows.
    void hideRows(const QList<int> &sourceRows);
    bool isHidden(int sourceRow) const;
    int hiddenCount() const { return m_hiddenCount; }   // rows removed from the session so far
    // Puts rows that arrived or changed since the last sort in place now (tests; the timer does it).
    void resortNow();
    bool resortPending() const { return m_resort.isActive(); }
    bool sortPending() const { return m_sortRunning != 0; }   // a full sort on a worker, not yet shown
    static constexpr int kSortHere = 16384;   // rows sorted on the GUI thread; more: on a worker (~4 ms here)
    int sortCount() const { return m_sorts; }   // sorts shown (tests prove there is one per change)
    qint64 lastSortMs() const { return m_lastSortMs; }   // the GUI thread's part of the last sort
    bool keysMade() const { return int(m_keys.size()) == sourceModel()->rowCount(); }   // tests
    static constexpr int kKeySlice = 2048;   // keys made per event-loop turn ahead of a sort: ~2 ms

    QVariant data(const QModelIndex &index, int role) const override;

    // Stable names for the settings file, and back (unknown names read as Found).
    static QString keyName(Key key);
    static Key keyFromName(const QString &name);

Q_SIGNALS:
    void orderChanged(const GalleryProxy::Order &order);

protected:
    bool shows(int sourceRow) const override;   // not hidden, and matching the filter in force
    void sourceReset() override;

private:
    struct RowKey {
        int host = 0;   // in m_hosts
        int group = 0;
    };
    // Each row's case-folded natural name key (NaturalOrder::key), in blocks of kKeySlice that never move
    // nor change once written: a sort on a worker reads the blocks it was handed (its references keep
    // them alive) while names are added behind it, and a reset drops only the proxy's references.
    using NameBlock = std::array<QString, kKeySlice>;
    struct Names {
        std::vector<std::shared_ptr<NameBlock>> blocks;
        const QString &operator[](int row) const { return (*blocks[size_t(row / kKeySlice)])[size_t(row % kKeySlice)]; }
    };
    const RowKey &keyOf(int sourceRow) const;
    void makeKeys(int rows) const;   // keys of rows 0..rows-1
    bool makeKeysAhead();            // one slice; true while rows have none (the next turn, another)
    // Hands the proxy the rows that show, in the order of the last sort (arrivals since at the end).
    void showRows();
    bool matches(int sourceRow, const QString &text) const;   // the address contains text
    bool scanFilterSlice();   // one slice of the search for m_wantedFilter (true: more); applies it after the last
    void applyFilter();
    bool keeps(int sourceRow) const;     // the key of this source row can change (size, dimensions)
    int compareKeys(int left, int right) const;   // < 0, 0, > 0 for the chosen key, ascending
    void scheduleResort();
    bool lessRows(int left, int right) const;   // the order itself, on source rows
    // m_sorted = every source row in order (the same order as lessRows): here up to kSortHere rows,
    // else on a worker, and m_sorted changes when sorted() takes the result.
    void sortAll(int rows, const QElapsedTimer &clock);
    void sorted(std::vector<int> &&order, qint64 guiMs);   // shows a sort's result; guiMs: its time here so far

    GalleryModel *m_source;
    Order m_order;
    mutable std::vector<RowKey> m_keys;    // per source row: made ahead (makeKeysAhead) or when first asked about
    mutable Names m_names;                 // per source row, made with its key
    mutable QHash<QUrl, int> m_groupOf;    // page → group number
    mutable std::vector<int> m_groupSize;  // images found per group
    mutable std::vector<QUrl> m_groupPage;
    mutable QStringList m_hosts;           // distinct case-folded hosts, in the order first seen
    mutable QHash<QString, int> m_hostOf;  // host → its number in m_hosts
    std::vector<bool> m_hidden;
    int m_hiddenCount = 0;
    QString m_filterText;             // in force; compared case-insensitively
    std::vector<bool> m_matches;      // per source row, for m_filterText (rows after it: searched when asked)
    QString m_wantedFilter;           // asked for; differs from m_filterText while searched
    std::vector<bool> m_wantedMatches;   // the search so far, from row 0
    TurnSlices m_filterScan{[this] { return scanFilterSlice(); }};
    std::vector<int> m_sorted;   // every source row, in the order of the last sort
    bool m_sortInFull = false;   // the order, a size or dimensions changed since: sort in full
    quint64 m_sortRunning = 0;   // the number of the full sort on a worker; 0: none
    quint64 m_lastSortNumber = 0;
    // The full sort's thread, Glint's own: Qt 6.4 splits the GUI thread's big gradient and scaled
    // fills across the global pool and waits for them, so a sort there would stall that painting
    // for its whole length.
    QThreadPool m_sortPool;
    QTimer m_resort;
    TurnSlices m_keysAhead{[this] { return makeKeysAhead(); }};
    qint64 m_lastSortMs = 0;
    int m_sorts = 0;
};

} // namespace glint
