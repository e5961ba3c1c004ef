#pragma once
// SHA-256 of the originals, which Glint computes for every byte it downloads or opens (the catalog's
// identity of an image). QCryptographicHash in Qt 6.4 hashes in portable C at ~170 MB/s on the
// 2-core test machine, which made hashing the network thread's largest cost; OpenSSL's libcrypto uses
// the CPU's SHA instructions where there are some (~1.7 GB/s there). See docs/BENCHMARKS.md.
//
// Threads: one object per thread at a time; the functions are reentrant.
// Ownership: owns its OpenSSL context.
#include <QByteArray>
#include <QByteArrayView>
#include <memory>

class QIODevice;

namespace glint {

class Sha256 final {
public:
    Sha256();
    ~Sha256();
    Sha256(Sha256 &&) noexcept;
    Sha256 &operator=(Sha256 &&) noexcept;
    Sha256(const Sha256 &) = delete;
    Sha256 &operator=(const Sha256 &) = delete;

    void reset();
    void addData(QByteArrayView bytes);
    // Reads `device` to its end in 1 MiB chunks; false on a read error.
    bool addData(QIODevice *device);
    QByteArray result() const;   // 32 bytes; the object stays usable (reset() to start over)
    QByteArray hex() const { return result().toHex(); }

    static QByteArray hash(QByteArrayView bytes);

private:
    struct Context;
    std::unique_ptr<Context> m_context;
};

} // namespace glint
