#pragma once

#include <QString>

namespace glint {

// A sentence with a count, in English as people write it. Glint ships no translation files, so
// tr()'s "%n image(s)" would reach the user exactly so; each call gives both whole sentences
// (a translator's two forms), and the count is written in the user's locale ("12,400").
//   plural(n, tr("Removed 1 image"), tr("Removed %L1 images"))
// Threads: any. Lifetime: none (a function).
inline QString plural(qint64 count, const QString &one, const QString &many)
{
    return count == 1 ? one : many.arg(count);
}

} // namespace glint
