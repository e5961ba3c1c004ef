#pragma once
// Writes a downloaded original to its final name atomically: the bytes go to a QSaveFile (a
// temporary next to the target) and are hashed as they arrive; only commit() gives them the final
// name. A crash, a kill or cancel() leaves no half-written file under the final name.
//
// Not thread-bound, but every call must come from one thread at a time. Each write() is counted by
// GuiThreadWork so writes on the GUI thread show up in the report.
#include <QCryptographicHash>
#include <QSaveFile>
#include <QString>
#include <memory>

namespace glint {

class FileSink final {
    Q_DISABLE_COPY_MOVE(FileSink)
public:
    FileSink();
    ~FileSink();   // without commit(), discards the temporary file

    // Picks a free name in `dir` derived from `suggestedName` and opens a temporary for it.
    bool open(const QString &dir, const QString &suggestedName);
    bool write(const char *data, qint64 size);
    bool write(const QByteArray &bytes) { return write(bytes.constData(), bytes.size()); }
    bool commit();
    void cancel();

    QString fileName() const;        // the final name
    QString errorString() const;
    qint64 size() const { return m_size; }
    QByteArray sha256Hex() const;    // valid after commit()

    // A safe file name from a URL path segment (no separators, no leading dots, bounded length).
    static QString sanitizedName(const QString &urlFileName, const QString &fallbackSuffix);

private:
    std::unique_ptr<QSaveFile> m_file;
    QCryptographicHash m_hash{QCryptographicHash::Sha256};
    QByteArray m_digest;
    QString m_error;
    QString m_committedName;
    qint64 m_size = 0;
};

} // namespace glint
