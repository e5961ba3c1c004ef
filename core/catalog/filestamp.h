#pragma once
// What says whether a file changed since it was last looked at: inode, size and status-change time
// in nanoseconds. The change time moves on every write and cannot be set back by a program (unlike
// the modification time), so a file edited, restored or replaced since shows. Used by the catalog's
// clean-close mark (CatalogFileCheck) and by parked records (ParkedRecords).
//
// Threads: any.
#include <QFile>
#include <QString>
#include <optional>

#include <sys/stat.h>

namespace glint {

struct FileStamp {
    quint64 inode = 0;
    qint64 size = 0;
    qint64 changedNs = 0;

    // Empty when the file cannot be looked at (gone, no permission).
    static std::optional<FileStamp> of(const QString &path)
    {
        struct stat st {};
        if (::stat(QFile::encodeName(path).constData(), &st) != 0)
            return std::nullopt;
        return FileStamp{quint64(st.st_ino), qint64(st.st_size), qint64(st.st_ctim.tv_sec) * 1000000000 + st.st_ctim.tv_nsec};
    }
};

} // namespace glint
