#include "core/probe/memoryprobe.h"

#include <QByteArray>
#include <QFile>

namespace glint {
namespace {
double statusFieldMb(const char *field)
{
    QFile file(QStringLiteral("/proc/self/status"));
    if (!file.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray key = QByteArray(field) + ':';
    for (const QByteArray &line : file.readAll().split('\n')) {
        if (line.startsWith(key)) {
            const QByteArray kb = line.mid(key.size()).trimmed().split(' ').value(0);
            return kb.toDouble() / 1024.0;
        }
    }
    return 0;
}
} // namespace

double MemoryProbe::peakRssMb() { return statusFieldMb("VmHWM"); }
double MemoryProbe::currentRssMb() { return statusFieldMb("VmRSS"); }

} // namespace glint
