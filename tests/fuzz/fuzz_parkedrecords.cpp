// libFuzzer target for the reader of parked catalog records (core/catalog/parkedrecords): random
// bytes as a batch file left next to the catalog. Besides crashes and sanitizer reports it checks
// what the catalog relies on when it saves a batch: a batch that cannot be read fails with a
// CatalogError that says why, never with another exception, and no record read claims a file as
// Glint's own (fileCreated) unless that file exists as it was when it was parked.
#include "core/catalog/catalogerror.h"
#include "core/catalog/parkedrecords.h"

#include "fuzzrequire.h"

#include <QBuffer>
#include <QFileInfo>

#include <cstdint>

namespace {

void require(bool condition, const char *what)
{
    glint::fuzz::require(condition, "fuzz_parkedrecords", what);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace glint;
    QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::ReadOnly);
    try {
        const QList<CatalogRecord> records = ParkedRecords::read(buffer, QStringLiteral("fuzz.parked"));
        for (const CatalogRecord &record : records)
            require(!record.fileCreated || QFileInfo::exists(record.file), "a file claimed as Glint's exists");
    } catch (const CatalogError &error) {
        require(!error.message().isEmpty(), "a batch that fails says why");
    } catch (...) {
        require(false, "only CatalogError leaves the reader");
    }
    return 0;
}
