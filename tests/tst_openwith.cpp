// "Open With" on a tile: the programs come from the desktop's own association caches and entries (a
// fake XDG data folder here), Glint's own entry is left out, field codes become the file, and the
// chosen program really starts, detached.
#include "app/openwith.h"

#include <QApplication>
#include <QFile>
#include <QImage>
#include <QMenu>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <QThreadPool>

using namespace glint;

class TestOpenWith : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void programsComeFromTheDesktopsAssociations();
    void fieldCodesBecomeTheFile_data();
    void fieldCodesBecomeTheFile();
    void theChosenProgramStarts();
    void theMenuFillsFromAWorker();

private:
    void write(const QString &path, const QByteArray &text);
    QTemporaryDir m_dir;
    QString m_image;
    QString m_out;
};

void TestOpenWith::write(const QString &path, const QByteArray &text)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
}

void TestOpenWith::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString data = m_dir.filePath(QStringLiteral("data"));
    qputenv("XDG_DATA_HOME", data.toUtf8());
    // XDG_DATA_DIRS stays: the MIME database lives there (and the system's own programs may be listed too).
    QVERIFY(QDir().mkpath(data + QStringLiteral("/applications")));
    m_image = m_dir.filePath(QStringLiteral("photo.png"));
    QImage image(8, 8, QImage::Format_RGB32);
    image.fill(Qt::red);
    QVERIFY(image.save(m_image));
    m_out = m_dir.filePath(QStringLiteral("opened.txt"));
    const QString script = m_dir.filePath(QStringLiteral("viewer.sh"));
    write(script, "#!/bin/sh\nprintf '%s' \"$1\" > \"" + m_out.toUtf8() + ".part\" && mv \"" + m_out.toUtf8() + ".part\" \"" + m_out.toUtf8() + "\"\n");
    QVERIFY(QFile::setPermissions(script, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
    write(data + QStringLiteral("/applications/mimeinfo.cache"),
          "[MIME Cache]\nimage/png=zviewer.desktop;glint.desktop;gone.desktop;hidden.desktop;apainter.desktop;\n"
          "image/jpeg=other.desktop;\n");
    write(data + QStringLiteral("/applications/zviewer.desktop"),
          "[Desktop Entry]\nType=Application\nName=Zed Viewer\nExec=" + script.toUtf8() + " %f\n");
    write(data + QStringLiteral("/applications/apainter.desktop"),
          "[Desktop Entry]\nType=Application\nName=A Painter\nExec=painter --new-window %U %i\n");
    write(data + QStringLiteral("/applications/hidden.desktop"), "[Desktop Entry]\nName=Hidden\nHidden=true\nExec=hidden %f\n");
    write(data + QStringLiteral("/applications/glint.desktop"), "[Desktop Entry]\nName=Glint\nExec=glint %U\n");
    write(data + QStringLiteral("/applications/other.desktop"), "[Desktop Entry]\nName=Other\nExec=other %f\n");
}

void TestOpenWith::programsComeFromTheDesktopsAssociations()
{
    const QList<DesktopApp> apps = OpenWith::appsFor(m_image);
    QStringList names;
    for (const DesktopApp &app : apps)
        names << app.name;
    // Sorted by name; Glint itself, a hidden entry, one that is gone and another type's are not there.
    const qsizetype painter = names.indexOf(QStringLiteral("A Painter"));
    const qsizetype viewer = names.indexOf(QStringLiteral("Zed Viewer"));
    QVERIFY(painter >= 0 && viewer > painter);
    for (const char *absent : {"Glint", "Hidden", "Other"})
        QVERIFY2(!names.contains(QLatin1String(absent)), absent);
}

void TestOpenWith::fieldCodesBecomeTheFile_data()
{
    QTest::addColumn<QString>("exec");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("%f") << "viewer %f" << QStringList{"viewer", "/p/a b.png"};
    QTest::newRow("%U and %i") << "painter --new-window %U %i" << QStringList{"painter", "--new-window", "/p/a b.png"};
    QTest::newRow("quoted, %%") << "\"my viewer\" --zoom=100%% %u" << QStringList{"my viewer", "--zoom=100%", "/p/a b.png"};
    QTest::newRow("no code: the file last") << "viewer" << QStringList{"viewer", "/p/a b.png"};
    QTest::newRow("nothing to run") << "" << QStringList{};
}

void TestOpenWith::fieldCodesBecomeTheFile()
{
    QFETCH(QString, exec);
    QFETCH(QStringList, expected);
    QCOMPARE(OpenWith::command({QStringLiteral("x.desktop"), QStringLiteral("X"), exec}, QStringLiteral("/p/a b.png")), expected);
}

void TestOpenWith::theChosenProgramStarts()
{
    QFile::remove(m_out);
    const QList<DesktopApp> apps = OpenWith::appsFor(m_image);
    const auto zed = std::find_if(apps.begin(), apps.end(), [](const DesktopApp &app) { return app.id == QLatin1String("zviewer.desktop"); });
    QVERIFY(zed != apps.end());
    QVERIFY(OpenWith::launch(*zed, m_image));
    QTRY_VERIFY(QFile::exists(m_out));
    QFile out(m_out);
    QVERIFY(out.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(out.readAll()), m_image);
}

void TestOpenWith::theMenuFillsFromAWorker()
{
    QMenu menu;
    QMenu *sub = OpenWith::addMenu(&menu, m_image, QThreadPool::globalInstance());
    QCOMPARE(sub->actions().size(), 1);   // "Looking for programs…" until the worker answers
    QVERIFY(!sub->actions().at(0)->isEnabled());
    QTRY_VERIFY(sub->actions().at(0)->isEnabled());
    QStringList names;
    for (const QAction *action : sub->actions())
        names << action->text();
    QVERIFY(names.contains(QStringLiteral("A Painter")));
    QVERIFY(names.contains(QStringLiteral("Zed Viewer")));
    QVERIFY(!names.contains(QStringLiteral("Looking for programs…")));
}

QTEST_MAIN(TestOpenWith)
#include "tst_openwith.moc"
