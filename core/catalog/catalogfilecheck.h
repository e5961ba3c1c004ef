#pragma once
// Looks at a catalog file before anything writes to it, and moves a damaged one out of the way.
//
// inspect() uses a read-only connection: SQLite may create the "-shm" index of a WAL file, but the
// catalog file and its "-wal" are never written (a read-only connection neither checkpoints nor
// rolls back), so a damaged file stays byte for byte as the user had it.
//
// Threads: any thread (the writer calls it); it opens and closes its own connection.
#include "core/catalog/catalogtypes.h"

#include <QString>
#include <functional>

namespace glint {

class StatementStop;

class CatalogFileCheck final {
public:
    // ok: the file is missing or empty (a new catalog), or a sound catalog of this or an older
    // version. Otherwise the message says what is wrong; `damaged` is set when SQLite found the
    // file corrupt or not a database at all (not for "in use", "no permission" and the like).
    //
    // The check has two stages. The quick one reads the header and the schema (this finds files
    // that are not databases, foreign or newer, and most torn headers). The full one, PRAGMA
    // quick_check, reads every page: seconds for a catalog of a million images. `readable`, when
    // given, is called between the two (on the calling thread) if the file is already at
    // CatalogSchema::kVersion, so that readers can start restoring the gallery while the full check
    // runs; nothing is written before the full check has passed.
    // `full` false: the quick stage only — for a file that is byte for byte as Glint left it after a
    // clean close (see unchangedSinceCleanClose), where reading every page again finds nothing new.
    // `stop`, when given, ends the full stage early once stopped (from any thread): the result is
    // then not ok, not damaged, and `stopped`. The catalog is closing; no clean-close mark is left,
    // so the next open checks every page again.
    static CatalogOpenResult inspect(const QString &path, const std::function<void()> &readable = {}, bool full = true,
                                     StatementStop *stop = nullptr);

    // True for a missing or zero-length file without a -wal: what SQLite calls an empty database,
    // a new catalog with nothing to check.
    static bool isNew(const QString &path);

    // The clean-close mark: a small file "<path>.clean" (Glint's own) holding the size and
    // modification time of the catalog and its -wal when the last connection closed. Written by
    // markCleanClose() after every connection to the file is closed; removed by takeCleanClose(),
    // which answers whether the catalog is still exactly as that close left it. A session that ends
    // in a crash or a kill leaves no mark, and neither does a file another program touched since:
    // both get the full check.
    static void markCleanClose(const QString &path);
    static bool takeCleanClose(const QString &path);

    // Renames `path` and its -wal/-shm/-journal companions to "<path>.damaged-<yyyyMMdd-HHmmss>…"
    // (never over an existing file) and returns the new name of the main file. Throws CatalogError.
    static QString moveAside(const QString &path);
};

} // namespace glint
