#include "app/openwith.h"

#include "core/util/whenready.h"

#include <QCoreApplication>
#include <QFile>
#include <QMenu>
#include <QMimeDatabase>
#include <QPointer>
#include <QProcess>
#include <QPromise>
#include <QSet>
#include <QStandardPaths>
#include <QThreadPool>
#include <QUrl>

#include <algorithm>
#include <memory>

namespace glint {
namespace {

// The "key=value" lines of one [group] of a desktop-style file; the first value of a key wins.
QHash<QString, QString> readGroup(const QString &path, const QString &group)
{
    QHash<QString, QString> values;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return values;
    bool inGroup = false;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.startsWith(QLatin1Char('['))) {
            inGroup = line == QLatin1Char('[') + group + QLatin1Char(']');
            continue;
        }
        const qsizetype eq = line.indexOf(QLatin1Char('='));
        if (inGroup && eq > 0 && !line.startsWith(QLatin1Char('#'))) {
            const QString key = line.left(eq).trimmed();
            if (!values.contains(key))
                values.insert(key, line.mid(eq + 1).trimmed());
        }
    }
    return values;
}

} // namespace

QList<DesktopApp> OpenWith::appsFor(const QString &file)
{
    const QMimeType type = QMimeDatabase().mimeTypeForFile(file);
    QStringList types{type.name()};
    types += type.aliases();
    const QStringList folders = QStandardPaths::standardLocations(QStandardPaths::ApplicationsLocation);
    QStringList ids;
    for (const QString &folder : folders) {
        const QHash<QString, QString> cache = readGroup(folder + QStringLiteral("/mimeinfo.cache"), QStringLiteral("MIME Cache"));
        for (const QString &name : types) {
            for (const QString &id : cache.value(name).split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
                if (!ids.contains(id) && id != QLatin1String("glint.desktop"))
                    ids << id;
            }
        }
    }
    QList<DesktopApp> apps;
    for (const QString &id : ids) {
        for (const QString &folder : folders) {   // the first folder that has the entry defines it
            const QString path = folder + QLatin1Char('/') + id;
            if (!QFile::exists(path))
                continue;
            const QHash<QString, QString> entry = readGroup(path, QStringLiteral("Desktop Entry"));
            const bool usable = entry.value(QStringLiteral("Type"), QStringLiteral("Application")) == QLatin1String("Application")
                                && entry.value(QStringLiteral("Hidden")) != QLatin1String("true")
                                && !entry.value(QStringLiteral("Exec")).isEmpty();
            if (usable)
                apps.append({id, entry.value(QStringLiteral("Name"), id), entry.value(QStringLiteral("Exec"))});
            break;
        }
    }
    std::sort(apps.begin(), apps.end(), [](const DesktopApp &a, const DesktopApp &b) {
        return QString::localeAwareCompare(a.name, b.name) < 0;
    });
    return apps;
}

QStringList OpenWith::command(const DesktopApp &app, const QString &file)
{
    const QStringList words = QProcess::splitCommand(app.exec);
    QStringList out;
    bool gaveFile = false;
    for (const QString &word : words) {
        if (word == QLatin1String("%f") || word == QLatin1String("%F") || word == QLatin1String("%u") || word == QLatin1String("%U")) {
            out << file;   // a local path is a valid %u
            gaveFile = true;
        } else if (word == QLatin1String("%i") || word == QLatin1String("%c") || word == QLatin1String("%k")) {
            continue;   // icon, name, entry: nothing a viewer needs
        } else {
            QString arg = word;
            arg.replace(QLatin1String("%%"), QLatin1String("%"));
            out << arg;
        }
    }
    if (out.isEmpty())
        return {};
    if (!gaveFile)
        out << file;
    return out;
}

bool OpenWith::launch(const DesktopApp &app, const QString &file)
{
    QStringList words = command(app, file);
    if (words.isEmpty())
        return false;
    const QString program = words.takeFirst();
    return QProcess::startDetached(program, words);
}

QMenu *OpenWith::addMenu(QMenu *menu, const QString &file, QThreadPool *pool)
{
    QMenu *sub = menu->addMenu(QCoreApplication::translate("glint::OpenWith", "Open With"));
    QAction *waiting = sub->addAction(QCoreApplication::translate("glint::OpenWith", "Looking for programs…"));
    waiting->setEnabled(false);
    auto promise = std::make_shared<QPromise<QList<DesktopApp>>>();
    QFuture<QList<DesktopApp>> future = promise->future();
    promise->start();
    pool->start([promise, file] {
        promise->addResult(appsFor(file));
        promise->finish();
    });
    whenReady(future, sub, [sub, waiting, file](const QFuture<QList<DesktopApp>> &done) {
        const QList<DesktopApp> apps = done.resultCount() > 0 ? done.result() : QList<DesktopApp>{};
        delete waiting;
        for (const DesktopApp &app : apps)
            sub->addAction(app.name, sub, [app, file] { launch(app, file); });
        if (apps.isEmpty())
            sub->addAction(QCoreApplication::translate("glint::OpenWith", "No program for this type"))->setEnabled(false);
    });
    return sub;
}

} // namespace glint
