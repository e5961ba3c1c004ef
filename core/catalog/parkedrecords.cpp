#include "core/catalog/parkedrecords.h"

#include "core/catalog/catalogerror.h"
#include "core/catalog/filestamp.h"

#include <QCoreApplication>
#include <QDataStream>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <atomic>
#include <optional>

namespace glint {
namespace {

constexpr quint32 kMagic = 0x474c5052;   // "GLPR"
constexpr quint32 kFormat = 1;
constexpr quint32 kEnd = 0x454e4421;     // "END!": the last thing written; a batch without it is not whole
constexpr QDataStream::Version kStreamVersion = QDataStream::Qt_6_4;

std::atomic<quint64> g_nextBatch{1};

QString prefix(const QString &catalogPath)
{
    return QFileInfo(catalogPath).fileName() + QLatin1String(".parked-");
}

QString shown(const QString &path)
{
    return QDir::toNativeSeparators(path);
}

// The state of a file Glint created, as parked: its FileStamp's size and change time, so an edit
// between parking and saving shows. Empty when there is no such file.
std::optional<FileStamp> stampOfCreated(const CatalogRecord &r)
{
    if (!r.fileCreated || r.file.isEmpty())
        return std::nullopt;
    return FileStamp::of(r.file);
}

CatalogError unreadable(const QString &batch, const QString &why)
{
    return CatalogError(QCoreApplication::translate("glint::Catalog", "The parked images %1 could not be read: %2").arg(shown(batch), why));
}

void writeRecord(QDataStream &out, const CatalogRecord &r)
{
    out << r.url << r.page << r.ok << r.error << qint32(r.httpStatus) << r.sha256 << r.bytes << r.format << r.size
        << r.file << r.fileCreated << r.thumbnailJpeg << r.etag << r.lastModified << r.fetchedAt;
}

void readRecord(QDataStream &in, CatalogRecord &r)
{
    qint32 status = 0;
    in >> r.url >> r.page >> r.ok >> r.error >> status >> r.sha256 >> r.bytes >> r.format >> r.size >> r.file
        >> r.fileCreated >> r.thumbnailJpeg >> r.etag >> r.lastModified >> r.fetchedAt;
    r.httpStatus = status;
}

} // namespace

void ParkedRecords::park(const QString &catalogPath, const QList<CatalogRecord> &records)
{
    const QFileInfo catalog(catalogPath);
    const QDir dir = catalog.absoluteDir();
    // Milliseconds first, zero-padded: the names sort in the order of parking. The process id and a
    // counter keep two batches of one millisecond, or of two Glints, apart.
    QString name;
    do {
        name = dir.filePath(prefix(catalogPath) + QStringLiteral("%1-%2-%3")
                                                      .arg(QDateTime::currentMSecsSinceEpoch(), 13, 10, QLatin1Char('0'))
                                                      .arg(QCoreApplication::applicationPid())
                                                      .arg(g_nextBatch.fetch_add(1), 6, 10, QLatin1Char('0')));
    } while (QFileInfo::exists(name));

    QByteArray bytes;
    {
        QDataStream out(&bytes, QIODevice::WriteOnly);
        out.setVersion(kStreamVersion);
        out << kMagic << kFormat << quint32(records.size());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (CatalogRecord record : records) {
            if (!record.fetchedAt.isValid())
                record.fetchedAt = now;
            writeRecord(out, record);
            const std::optional<FileStamp> stamp = stampOfCreated(record);
            out << (stamp ? stamp->changedNs : qint64(0)) << (stamp ? stamp->size : qint64(0));
        }
        out << kEnd;
    }
    const auto failed = [&](const QString &why) {
        return CatalogError(QCoreApplication::translate("glint::Catalog", "Could not keep %n image(s) for the catalog in %1: %2",
                                                        nullptr, int(records.size()))
                                .arg(shown(name), why));
    };
    QSaveFile file(name);
    if (!file.open(QIODevice::WriteOnly))
        throw failed(file.errorString());
    if (file.write(bytes) != bytes.size()) {
        const QString why = file.errorString();
        file.cancelWriting();
        throw failed(why);
    }
    // QSaveFile renames over its target; the name was free a moment ago, and only this process's
    // writer thread makes names with this process id, so nothing of anyone's is replaced.
    if (!file.commit())
        throw failed(file.errorString());
}

QStringList ParkedRecords::batches(const QString &catalogPath)
{
    const QFileInfo catalog(catalogPath);
    const QDir dir = catalog.absoluteDir();
    // Only whole names of this format: not QSaveFile's temporary files, not batches set aside.
    static const QRegularExpression shape(QStringLiteral("^\\d{13}-\\d+-\\d{6,}$"));
    const QString start = prefix(catalogPath);
    QStringList names = dir.entryList({start + QLatin1Char('*')}, QDir::Files | QDir::Hidden, QDir::Name);
    QStringList out;
    for (const QString &name : std::as_const(names)) {
        if (shape.match(QStringView(name).mid(start.size())).hasMatch())
            out << dir.filePath(name);
    }
    return out;
}

QList<CatalogRecord> ParkedRecords::read(const QString &batch)
{
    QFile file(batch);
    if (!file.open(QIODevice::ReadOnly))
        throw unreadable(batch, file.errorString());
    return read(file, batch);
}

QList<CatalogRecord> ParkedRecords::read(QIODevice &device, const QString &batch)
{
    QDataStream in(&device);
    in.setVersion(kStreamVersion);
    quint32 magic = 0, format = 0, count = 0;
    in >> magic >> format >> count;
    if (in.status() != QDataStream::Ok || magic != kMagic)
        throw unreadable(batch, QStringLiteral("not a batch of parked images"));
    if (format != kFormat)
        throw unreadable(batch, QStringLiteral("format %1, this version reads %2").arg(format).arg(kFormat));
    // A count from a damaged file must not size an allocation: records are read one by one and the
    // stream's end stops a count that is too big.
    QList<CatalogRecord> records;
    for (quint32 i = 0; i < count && in.status() == QDataStream::Ok; ++i) {
        CatalogRecord record;
        readRecord(in, record);
        qint64 changedThen = 0, sizeThen = 0;
        in >> changedThen >> sizeThen;
        if (in.status() != QDataStream::Ok)
            break;
        // Glint's own file, changed since (the user edited or replaced it before the catalog could
        // take it): no longer known to hold the bytes Glint wrote, so from now on it is the user's.
        if (record.fileCreated) {
            const std::optional<FileStamp> now = stampOfCreated(record);
            if (changedThen == 0 || !now || now->changedNs != changedThen || now->size != sizeThen)
                record.fileCreated = false;
        }
        records.append(std::move(record));
    }
    quint32 end = 0;
    in >> end;
    if (in.status() != QDataStream::Ok || end != kEnd || !in.atEnd() || records.size() != qsizetype(count))
        throw unreadable(batch, QStringLiteral("the file is not whole"));
    return records;
}

bool ParkedRecords::setAside(const QString &batch)
{
    QString target = batch + QLatin1String(".unreadable");
    for (int n = 2; QFileInfo::exists(target); ++n)
        target = batch + QStringLiteral(".unreadable-%1").arg(n);
    return QFile::rename(batch, target);   // never replaces an existing file
}

} // namespace glint
