#pragma once
// "Open With": the programs the desktop associates with a file's type, as file managers list them.
// The associations come from the freedesktop.org caches (`applications/mimeinfo.cache` in every XDG
// data folder, user's first); each program's name and command from its `.desktop` entry. Glint's own
// entry is left out. A program is started detached, with the entry's field codes (%f %F %u %U)
// replaced by the file; Glint never waits for it.
//
// Threads: appsFor() reads files, so it runs on a worker (addMenu() does that and fills the menu when
// the answer comes back); command() and launch() are cheap and run on the GUI thread.
// Lifetime: a menu closed before its answer came simply never gets it (the submenu is the context).
#include <QList>
#include <QString>
#include <QStringList>

class QMenu;
class QThreadPool;

namespace glint {

struct DesktopApp {
    QString id;     // "org.gnome.eog.desktop"
    QString name;   // "Image Viewer"
    QString exec;   // "eog %U"
};

class OpenWith final {
public:
    static QList<DesktopApp> appsFor(const QString &file);
    // The program and its arguments for `file`; empty when the entry's Exec cannot be used.
    static QStringList command(const DesktopApp &app, const QString &file);
    static bool launch(const DesktopApp &app, const QString &file);
    // Adds an "Open With" submenu to `menu`, listing the programs once a worker of `pool` found them.
    static QMenu *addMenu(QMenu *menu, const QString &file, QThreadPool *pool);
};

} // namespace glint
