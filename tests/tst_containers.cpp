// The two containers that keep the GUI thread's appends O(1) without a spike: ChunkedVector keeps
// every element where it was put (no doubling copy) and indexes across chunk boundaries; ShardedSet
// answers as one set would, whatever shard a key falls in.
#include "core/util/chunkedvector.h"
#include "core/util/shardedset.h"

#include <QString>
#include <QTest>
#include <QUrl>
#include <algorithm>

using namespace glint;

class TestContainers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void chunkedVectorIndexesAcrossChunks();
    void chunkedVectorNeverMovesAnElement();
    void chunkedVectorIteratesInOrder();
    void chunkedVectorRemovesWhatItIsTold();
    void shardedSetAnswersAsOneSet();
};

void TestContainers::chunkedVectorIndexesAcrossChunks()
{
    ChunkedVector<QString, 3> v;   // chunks of 8: boundaries are exercised at small sizes
    QVERIFY(v.isEmpty());
    for (int i = 0; i < 100; ++i)
        v.append(QString::number(i));
    QCOMPARE(v.size(), 100);
    for (int i = 0; i < 100; ++i)
        QCOMPARE(v.at(i), QString::number(i));
    QCOMPARE(v.front(), QStringLiteral("0"));
    QCOMPARE(v.back(), QStringLiteral("99"));
    v[41] = QStringLiteral("changed");
    QCOMPARE(v.at(41), QStringLiteral("changed"));
    v.clear();
    QVERIFY(v.empty());
    v.append(QStringLiteral("again"));
    QCOMPARE(v.at(0), QStringLiteral("again"));
}

void TestContainers::chunkedVectorNeverMovesAnElement()
{
    ChunkedVector<int, 4> v;
    std::vector<const int *> addresses;
    for (int i = 0; i < 1000; ++i) {
        v.append(i);
        addresses.push_back(&v.at(i));
    }
    for (int i = 0; i < 1000; ++i)
        QCOMPARE(&v.at(i), addresses[size_t(i)]);   // a QList would have moved them ~10 times
}

void TestContainers::chunkedVectorIteratesInOrder()
{
    ChunkedVector<int, 2> v;
    for (int i = 0; i < 37; ++i)
        v.append(i * i);
    int expected = 0;
    for (int value : v) {
        QCOMPARE(value, expected * expected);
        ++expected;
    }
    QCOMPARE(expected, 37);
    QVERIFY(std::any_of(v.cbegin(), v.cend(), [](int x) { return x == 36 * 36; }));
    QCOMPARE(std::count_if(v.begin(), v.end(), [](int x) { return x % 2 == 0; }), 19);
}

void TestContainers::chunkedVectorRemovesWhatItIsTold()
{
    ChunkedVector<QString, 3> v;
    for (int i = 0; i < 50; ++i)
        v.append(QString::number(i));
    QCOMPARE(v.removeIf([](const QString &s) { return s.toInt() % 3 == 0; }), 17);
    QCOMPARE(v.size(), 33);
    int expected = 1;
    for (const QString &s : v) {
        QCOMPARE(s, QString::number(expected));
        expected += expected % 3 == 2 ? 2 : 1;   // 1, 2, 4, 5, 7, …: the order kept
    }
    QCOMPARE(v.removeIf([](const QString &) { return false; }), 0);
    QCOMPARE(v.size(), 33);
    v.append(QStringLiteral("after"));   // appends go on after the kept ones
    QCOMPARE(v.back(), QStringLiteral("after"));
    QCOMPARE(v.removeIf([](const QString &) { return true; }), 34);
    QVERIFY(v.isEmpty());
}

void TestContainers::shardedSetAnswersAsOneSet()
{
    ShardedSet<QUrl> set;
    for (int i = 0; i < 5000; ++i)
        set.insert(QUrl(QStringLiteral("http://h%1.invalid/%2.jpg").arg(i % 7).arg(i)));
    set.insert(QUrl(QStringLiteral("http://h0.invalid/0.jpg")));   // again: no second copy
    QCOMPARE(set.size(), size_t(5000));
    for (int i = 0; i < 5000; ++i)
        QVERIFY(set.contains(QUrl(QStringLiteral("http://h%1.invalid/%2.jpg").arg(i % 7).arg(i))));
    QVERIFY(!set.contains(QUrl(QStringLiteral("http://h0.invalid/5000.jpg"))));
    QCOMPARE(set.erase(QUrl(QStringLiteral("http://h3.invalid/10.jpg"))), size_t(1));
    QCOMPARE(set.erase(QUrl(QStringLiteral("http://h3.invalid/10.jpg"))), size_t(0));
    QVERIFY(!set.contains(QUrl(QStringLiteral("http://h3.invalid/10.jpg"))));
    QCOMPARE(set.size(), size_t(4999));
    set.clear();
    QCOMPARE(set.size(), size_t(0));
}

QTEST_GUILESS_MAIN(TestContainers)
#include "tst_containers.moc"
