#pragma once
// Records that reach the catalog while it cannot take them yet, kept on disk until it can.
//
// Why: after an unclean exit the catalog's first open reads every page of the file before anything
// writes to it (CatalogFileCheck): a minute for a million images. The images downloaded meanwhile
// used to wait in memory behind that check, and quitting waited for it too ("Saving the catalog…"
// for 61 s, docs/BENCHMARKS.md section 31). Now each batch is parked in a small file of Glint's own
// next to the catalog, at once, and the writer saves it into the catalog once the check has passed
// — in this session, or at the next open if Glint quits first (the check is then stopped).
//
// A batch is one file "<catalog>.parked-<ms since epoch>-<pid>-<n>", written whole or not at all
// (QSaveFile: a temporary file, flushed to disk, then renamed) and never over an existing file; the
// file names sort in the order the batches were parked. A file that cannot be read back is renamed
// "….unreadable" and kept; Glint deletes only the parked files it has saved into the catalog.
//
// Threads: any thread; the catalog's writer is the only caller. Nothing here touches the catalog.
#include "core/catalog/catalogtypes.h"

#include <QIODevice>
#include <QList>
#include <QString>
#include <QStringList>

namespace glint {

class ParkedRecords final {
public:
    // Writes one batch; throws CatalogError (disk full, no permission) with nothing left behind.
    // Records without fetchedAt get the time of parking, so they keep it when they are saved.
    static void park(const QString &catalogPath, const QList<CatalogRecord> &records);
    // The parked batches of this catalog, oldest first (full paths).
    static QStringList batches(const QString &catalogPath);
    // One batch as parked; throws CatalogError when the file is not a whole batch of this format.
    // A file Glint created (fileCreated) that changed since it was parked (size or status-change
    // time) comes back with fileCreated cleared: Glint no longer vouches for its bytes, so it will
    // never delete it.
    static QList<CatalogRecord> read(const QString &batch);
    // The same from an open device (the fuzzer's way in); `batch` names it in messages.
    static QList<CatalogRecord> read(QIODevice &device, const QString &batch);
    // Renames a batch that could not be read to "<batch>.unreadable" (never over a file); false if
    // it could not be renamed.
    static bool setAside(const QString &batch);
};

} // namespace glint
