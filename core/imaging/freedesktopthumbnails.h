#pragma once
// The thumbnails other programs already made, and the ones Glint makes for them: the freedesktop.org
// Thumbnail Managing Standard's shared cache ($XDG_CACHE_HOME/thumbnails, else ~/.cache/thumbnails).
//
// A thumbnail of a local file lives in normal/ (128 px), large/ (256), x-large/ (512) or xx-large/
// (1024) as md5(file URI).png, and counts only while its Thumb::URI is the file's URI and its
// Thumb::MTime the file's modification time (whole seconds). decode() uses the smallest such thumbnail
// that is at least as big as the tile asks for, so a folder that a file manager has shown opens
// without decoding; otherwise it decodes the file as it would have anyway, at the next standard size
// at least as big as the tile, writes that thumbnail back (PNG with the standard's keys, a temporary
// file of mode 0600 in the same folder renamed over the name, folders made 0700) and hands the tile a
// copy scaled to fit. Files inside the cache itself are never looked up or thumbnailed. A failed write
// is silent: the cache is a courtesy, never a reason for an item to fail. A file whose bytes do not
// decode (unknown format, damaged, decode failed) gets the standard's fail mark,
// fail/glint-1/md5(URI).png, with its URI, its modification time and what went wrong; until the file
// changes, decode() answers that failure again without reading the file, and once the changed file
// decodes the mark is removed. ("1" is the version of the mark's contents.)
//
// Threads: a value with no shared state; every function but the constructors does file I/O and runs
// on a worker (the decode pool), never on the GUI thread. Lifetime/Ownership: copied into each task by
// value; nothing to close. A default-constructed instance is disabled: decode() only decodes.
#include "core/imaging/thumbnaildecoder.h"

#include <QImage>
#include <QSize>
#include <QString>
#include <atomic>

namespace glint {

class FreedesktopThumbnails final {
public:
    using DecodeFunction = DecodedImage (*)(const QString &path, QSize box, bool hash);
    static constexpr int kSizes[] = {128, 256, 512, 1024};   // normal, large, x-large, xx-large

    FreedesktopThumbnails() = default;                       // disabled
    explicit FreedesktopThumbnails(const QString &root);     // root: the "thumbnails" folder
    // $XDG_CACHE_HOME/thumbnails, or ~/.cache/thumbnails when it is unset or not absolute.
    static FreedesktopThumbnails standard();

    bool isEnabled() const { return !m_root.isEmpty(); }
    QString root() const { return m_root; }

    // The thumbnail of `file` for a tile of `box`, from the cache when a valid one is big enough,
    // else `decode(file, …, hash)` and the result written to the cache. Same contract as `decode`.
    DecodedImage decode(DecodeFunction decode, const QString &file, QSize box, bool hash) const;

    // The parts, public for tests. The URI the standard names thumbnails by.
    static QByteArray uriOf(const QString &file);
    // Where the thumbnail of `file` at standard size `size` (128…1024) is, valid or not.
    QString pathOf(const QString &file, int size) const;
    // A valid thumbnail of `file` at least `need` big (in one dimension, or as big as `original`).
    QImage find(const QString &file, QSize need, QSize original) const;
    // Writes `thumbnail` (at most 1024 px on its long side) as the thumbnail of `file`.
    bool store(const QString &file, const QImage &thumbnail, QSize original, const QByteArray &format) const;
    bool isInsideCache(const QString &file) const;

    // Thumbnails taken from the cache and written to it since the start, in this process (tests, bench).
    static int hits() { return s_hits.load(); }
    static int failHits() { return s_failHits.load(); }   // failures answered from a fail mark

    // The fail mark of `file` (fail/glint-1/), and the failure it records while it is valid (else None).
    QString failPathOf(const QString &file) const;
    Failure knownFailure(const QString &file) const;
    // Writes the mark when the failure is the file's own (its bytes do not decode); else nothing.
    bool storeFailure(const QString &file, qint64 mtime, const Failure &failure) const;
    static int writes() { return s_writes.load(); }

private:
    static QString folderOf(int size);

    QString m_root;
    static inline std::atomic<int> s_hits{0};
    static inline std::atomic<int> s_writes{0};
    static inline std::atomic<int> s_failHits{0};
    static constexpr auto kFailFolder = "glint-1";
};

} // namespace glint
