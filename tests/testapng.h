#pragma once
// Two small animated PNGs for the tests, in tests/fixtures/apng/ (written by make.py there, with zlib,
// not by Glint's own code, so a mistake in ApngFrames cannot hide in its own test input). The fuzzer
// starts from them too.
//
// fourFrameApng() — 16×16, four frames, the default image is the first:
//   1. all red, 50 ms                                  (dispose none,       blend source)
//   2. blue 8×8 at (0,0), no delay                     (dispose previous,   blend source)
//   3. 8×8 at (8,8): left half green, right transparent, 30 ms (dispose background, blend over)
//   4. white 4×4 at (0,0), 100 ms                      (dispose none,       blend source)
// hiddenDefaultApng() — 8×8, a black default image that is not part of the animation, then yellow, cyan.
#include <QByteArray>
#include <QFile>

namespace glint::test {

inline QByteArray readApngFixture(const char *name)
{
    QFile file(QStringLiteral(GLINT_TEST_FIXTURES "/apng/") + QLatin1String(name));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

inline QByteArray fourFrameApng() { return readApngFixture("four-frames.png"); }
inline QByteArray hiddenDefaultApng() { return readApngFixture("hidden-default.png"); }

} // namespace glint::test
