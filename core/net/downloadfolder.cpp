#include "core/net/downloadfolder.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace glint {

QString DownloadFolder::problem(const QString &dir)
{
    const auto tr = [](const char *text) { return QCoreApplication::translate("glint::DownloadFolder", text); };
    if (dir.trimmed().isEmpty())
        return tr("no downloads folder is set");
    const QFileInfo folder(QDir::cleanPath(QDir(dir).absolutePath()));
    if (folder.exists()) {
        if (!folder.isDir())
            return tr("%1 is a file, not a folder").arg(folder.absoluteFilePath());
        if (!folder.isWritable())
            return tr("%1 is read-only").arg(folder.absoluteFilePath());
        return {};
    }
    // Missing: it will be made below the nearest folder that exists, which must allow that.
    QFileInfo ancestor = folder;
    while (!ancestor.exists()) {
        const QFileInfo up(ancestor.absolutePath());
        if (up.absoluteFilePath() == ancestor.absoluteFilePath())
            break;   // the root, and even it is missing: nothing can be made
        ancestor = up;
    }
    if (!ancestor.isDir())
        return tr("%1 cannot be made: %2 is a file, not a folder").arg(folder.absoluteFilePath(), ancestor.absoluteFilePath());
    if (!ancestor.isWritable())
        return tr("%1 cannot be made: %2 is read-only").arg(folder.absoluteFilePath(), ancestor.absoluteFilePath());
    return {};
}

} // namespace glint
