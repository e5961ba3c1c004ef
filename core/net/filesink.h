#pragma once
// Writes a downloaded original under a name of its own, and never over anybody's file.
//
// How: open() creates a hidden temporary beside the target (".glint-<random>.part", created
// exclusively, so it is Glint's) and the bytes go there, hashed (SHA-256) as they arrive. commit()
// flushes it to disk and then *claims* the final name with a no-replace move: renameat2(…,
// RENAME_NOREPLACE), or where the file system lacks that, link() + unlink(), or where it lacks hard
// links too, an exclusively created (O_CREAT|O_EXCL) empty placeholder that the temporary is then
// renamed over after checking it is still that same empty file (same inode). Each of these fails
// instead of replacing a name that exists, so another Glint, another program or the user's own
// "a.jpg" can never be overwritten or truncated: a taken name is skipped for the next " (n)".
//
// Names: safeName() is what open() tries first — no control, bidi or line-separator characters,
// no path separators (nor the characters FAT/Windows refuse), no leading dots, at most 255 bytes in
// the file system's encoding (QFile::encodeName), cut between characters (graphemes) with the
// extension kept. When the caller knows the format detected in the bytes, the extension is that
// format's (ImageFiles::suffixForFormat): "x.html" holding a GIF is saved as "x.gif", while
// "photo.JPG" holding a JPEG keeps its name.
// Collisions: "a (2).jpg", "a (3).jpg"… A per-(folder, name) counter kept in memory for the life of
// the process makes each next collision start where the last one ended, so n downloads of one name
// cost O(1) attempts each (amortised), not a scan from 1.
//
// Threads: not thread-bound, but every call on one FileSink must come from one thread at a time.
// Any number of FileSinks may save into one folder from any threads (and processes) at once: the
// name is decided by the file system, not by a lock. Each write() is counted by GuiThreadWork so
// writes on the GUI thread show up in the report.
// Lifetime: the destructor cancels an uncommitted sink. A crash or a kill leaves at most the
// hidden temporary, never a partial or empty file under a final name.
// Ownership: the only files a FileSink ever removes are its own temporary (and, in the last
// fallback, its own empty placeholder), each checked to be the very file it created.
#include "core/util/sha256.h"

#include <QByteArray>
#include <QFile>
#include <QString>
#include <memory>

namespace glint {

class FileSink final {
    Q_DISABLE_COPY_MOVE(FileSink)
public:
    // The longest name, in bytes of QFile::encodeName(), that any file system Glint saves to takes.
    static constexpr int kMaxNameBytes = 255;

    FileSink();
    ~FileSink();   // without commit(), removes the temporary

    // Prepares to save into `dir` (made if missing) under safeName(suggestedName, detectedFormat)
    // or, if that is taken at commit(), the first free "name (n).ext". `detectedFormat` is the
    // format sniffed from the bytes (ContentSniffer::imageFormat); empty: keep the name's suffix.
    bool open(const QString &dir, const QString &suggestedName, const QByteArray &detectedFormat = {});
    bool write(const char *data, qint64 size);
    bool write(const QByteArray &bytes) { return write(bytes.constData(), bytes.size()); }
    // Flushes the bytes to disk and claims the final name (see above). On failure nothing is left.
    bool commit();
    void cancel();

    QString fileName() const;        // the final name: empty until commit() succeeded
    QString errorString() const;
    qint64 size() const { return m_size; }
    QByteArray sha256Hex() const;    // valid after commit()

    // A safe file name from a URL path segment: letters, digits, '.', '-', '_' (anything else
    // becomes '_'), `fallbackSuffix` when it has none, then safeName().
    static QString sanitizedName(const QString &urlFileName, const QString &fallbackSuffix);
    // The name open() tries first (see the header comment). Never empty.
    static QString safeName(const QString &name, const QByteArray &detectedFormat = {});

private:
    struct Identity {
        quint64 device = 0;
        quint64 inode = 0;
        bool valid = false;
        bool operator==(const Identity &o) const { return valid && o.valid && device == o.device && inode == o.inode; }
    };
    enum class Claim { Done, Taken, Failed };
    Claim claim(const QString &target);
    void removeTemporary();
    static Identity identityOf(const QString &path);

    std::unique_ptr<QFile> m_temp;   // the open temporary, until commit() or cancel()
    Identity m_tempIdentity;
    QString m_dir;
    QString m_wanted;                // safeName(): the name tried first
    Sha256 m_hash;
    QByteArray m_digest;
    QString m_error;
    QString m_committedName;
    qint64 m_size = 0;
    bool m_writeFailed = false;
};

} // namespace glint
