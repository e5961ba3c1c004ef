#include "core/util/slicedread.h"

#include <QByteArray>
#include <QFile>

namespace glint {

QByteArray SlicedRead::readAll(QFile &file, qint64 expected)
{
    QByteArray bytes;
    if (expected <= 0)
        return bytes;
    bytes.resize(expected);
    qint64 got = 0;
    while (got < expected) {
        const qint64 n = file.read(bytes.data() + got, qMin(kSliceBytes, expected - got));
        if (n <= 0)
            break;
        got += n;
    }
    bytes.truncate(got);
    return bytes;
}

} // namespace glint
