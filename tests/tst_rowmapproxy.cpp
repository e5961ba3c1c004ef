// RowMapProxy, the gallery's proxy: it shows the source rows its owner hands it, in that order.
// Each change of the source (rows appended, inserted in the middle, removed in one run or
// scattered, data changed, a reset) and each new order is checked against the rows expected, with
// Qt's QAbstractItemModelTester watching every signal, and persistent indexes following their rows.
#include "app/rowmapproxy.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QTest>

using namespace glint;

namespace {

// Shows the rows whose text does not start with "-", in the order set last.
class Proxy final : public RowMapProxy {
public:
    using RowMapProxy::setRows;
    int resets = 0;

protected:
    bool shows(int sourceRow) const override
    {
        return !sourceModel()->index(sourceRow, 0).data().toString().startsWith(QLatin1Char('-'));
    }
    void sourceReset() override { ++resets; }
};

QStringList texts(const QAbstractItemModel &model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << model.index(row, 0).data().toString();
    return out;
}

void append(QStandardItemModel &model, const QStringList &items)
{
    for (const QString &text : items)
        model.appendRow(new QStandardItem(text));
}

} // namespace

class TestRowMapProxy : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void showsTheRowsItAccepts();
    void anOrderIsOneLayoutChangeThatKeepsPersistentIndexes();
    void sourceChangesAreFollowed();
    void aChangedRangeIsOneSignal();
    void aSourceDestroyedFirstLeavesNoRowsAndSaysNothing();
};

void TestRowMapProxy::showsTheRowsItAccepts()
{
    QStandardItemModel source;
    append(source, {QStringLiteral("a"), QStringLiteral("-b"), QStringLiteral("c")});
    Proxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&source);
    QCOMPARE(texts(proxy), (QStringList{QStringLiteral("a"), QStringLiteral("c")}));
    QCOMPARE(proxy.mapFromSource(source.index(1, 0)), QModelIndex());
    QCOMPARE(proxy.mapToSource(proxy.index(1, 0)), source.index(2, 0));
    QCOMPARE(proxy.proxyRow(2), 1);

    QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
    append(source, {QStringLiteral("d"), QStringLiteral("-e")});
    QCOMPARE(inserted.count(), 1);   // only "d", at the end
    QCOMPARE(texts(proxy), (QStringList{QStringLiteral("a"), QStringLiteral("c"), QStringLiteral("d")}));
}

void TestRowMapProxy::anOrderIsOneLayoutChangeThatKeepsPersistentIndexes()
{
    QStandardItemModel source;
    append(source, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")});
    Proxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&source);
    const QPersistentModelIndex c = proxy.index(2, 0);
    const QPersistentModelIndex b = proxy.index(1, 0);
    QSignalSpy layout(&proxy, &QAbstractItemModel::layoutChanged);
    proxy.setRows({3, 2, 0});   // "b" filtered out
    QCOMPARE(layout.count(), 1);
    QCOMPARE(texts(proxy), (QStringList{QStringLiteral("d"), QStringLiteral("c"), QStringLiteral("a")}));
    QCOMPARE(c.row(), 1);
    QCOMPARE(c.data().toString(), QStringLiteral("c"));
    QVERIFY(!b.isValid());
    QCOMPARE(proxy.mapFromSource(source.index(1, 0)), QModelIndex());
    QCOMPARE(proxy.mapFromSource(source.index(0, 0)), proxy.index(2, 0));
}

void TestRowMapProxy::sourceChangesAreFollowed()
{
    QStandardItemModel source;
    append(source, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d"), QStringLiteral("e")});
    Proxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&source);
    proxy.setRows({4, 3, 2, 1, 0});
    const QPersistentModelIndex a = proxy.index(4, 0);

    source.insertRow(1, new QStandardItem(QStringLiteral("x")));   // in the middle: shown at the end
    QCOMPARE(texts(proxy), (QStringList{QStringLiteral("e"), QStringLiteral("d"), QStringLiteral("c"), QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("x")}));
    QCOMPARE(proxy.mapToSource(proxy.index(0, 0)), source.index(5, 0));

    source.removeRows(2, 2);   // "b" and "c": next to each other here too — one removal
    QCOMPARE(texts(proxy), (QStringList{QStringLiteral("e"), QStringLiteral("d"), QStringLiteral("a"), QStringLiteral("x")}));
    source.removeRows(0, 2);   // "a" and "x": scattered here
    QCOMPARE(texts(proxy), (QStringList{QStringLiteral("e"), QStringLiteral("d")}));
    QVERIFY(!a.isValid());
    QCOMPARE(proxy.mapToSource(proxy.index(0, 0)), source.index(1, 0));
    QCOMPARE(proxy.mapFromSource(source.index(0, 0)), proxy.index(1, 0));

    source.clear();
    append(source, {QStringLiteral("-hidden"), QStringLiteral("new")});
    QCOMPARE(proxy.resets, 1);
    QCOMPARE(texts(proxy), QStringList{QStringLiteral("new")});
}

void TestRowMapProxy::aChangedRangeIsOneSignal()
{
    QStandardItemModel source;
    for (int i = 0; i < 10; ++i)
        append(source, {QString::number(i)});
    Proxy proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&source);
    proxy.setRows({9, 8, 7, 6, 5, 4, 3, 2, 1, 0});
    QSignalSpy changed(&proxy, &QAbstractItemModel::dataChanged);
    Q_EMIT source.dataChanged(source.index(2, 0), source.index(4, 0));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 5);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 7);
}

// A window torn down deletes its children after its own members: a reset signal from here would
// reach slots of an object half destroyed (it did: heap corruption at exit, caught by ASan).
void TestRowMapProxy::aSourceDestroyedFirstLeavesNoRowsAndSaysNothing()
{
    auto source = std::make_unique<QStandardItemModel>();
    append(*source, {QStringLiteral("a"), QStringLiteral("b")});
    Proxy proxy;
    proxy.setSourceModel(source.get());
    QSignalSpy reset(&proxy, &QAbstractItemModel::modelReset);
    QSignalSpy aboutToReset(&proxy, &QAbstractItemModel::modelAboutToBeReset);
    QSignalSpy removed(&proxy, &QAbstractItemModel::rowsRemoved);
    source.reset();
    QCOMPARE(proxy.rowCount(), 0);
    QCOMPARE(reset.count() + aboutToReset.count() + removed.count(), 0);
    QVERIFY(!proxy.mapToSource(proxy.index(0, 0)).isValid());
}

QTEST_MAIN(TestRowMapProxy)
#include "tst_rowmapproxy.moc"
