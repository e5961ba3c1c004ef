#pragma once
// Names in the order people and file managers put them: numbers by value ("img2" before "img10"),
// letters without regard to case. One order for the gallery's Sort by Name and for a folder's
// listing, so a folder opened as a SOURCE arrives in the order Sort by Name shows it.
//
// Threads: pure functions, any thread (the folder listing runs on a worker).
#include <QString>

namespace glint {

class NaturalOrder final {
public:
    // A key whose plain comparison is the natural order of `folded` (a name already case-folded).
    static QString key(const QString &folded);
    // -1, 0 or 1: a before b, equal, after.
    static int compare(const QString &a, const QString &b);
};

} // namespace glint
