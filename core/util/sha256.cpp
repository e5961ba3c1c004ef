#include "core/util/sha256.h"

#include <QIODevice>
#include <openssl/evp.h>
#include <stdexcept>

namespace glint {

struct Sha256::Context {
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : m_context(std::make_unique<Context>())
{
    if (!m_context->ctx)
        throw std::bad_alloc();
    reset();
}

Sha256::~Sha256() = default;
Sha256::Sha256(Sha256 &&) noexcept = default;
Sha256 &Sha256::operator=(Sha256 &&) noexcept = default;

void Sha256::reset()
{
    if (EVP_DigestInit_ex(m_context->ctx, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 is not available in libcrypto");
}

void Sha256::addData(QByteArrayView bytes)
{
    if (!bytes.isEmpty())
        EVP_DigestUpdate(m_context->ctx, bytes.data(), size_t(bytes.size()));
}

bool Sha256::addData(QIODevice *device)
{
    QByteArray chunk(1 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 n = device->read(chunk.data(), chunk.size());
        if (n < 0)
            return false;
        if (n == 0)
            return device->atEnd() || !device->isSequential();
        addData(QByteArrayView(chunk.constData(), n));
    }
}

QByteArray Sha256::result() const
{
    // A copy of the state is finalised, so that more data may still be added to this one.
    EVP_MD_CTX *copy = EVP_MD_CTX_new();
    QByteArray digest(32, Qt::Uninitialized);
    unsigned int length = 0;
    if (!copy || EVP_MD_CTX_copy_ex(copy, m_context->ctx) != 1
        || EVP_DigestFinal_ex(copy, reinterpret_cast<unsigned char *>(digest.data()), &length) != 1)
        digest.clear();
    EVP_MD_CTX_free(copy);
    digest.truncate(int(length));
    return digest;
}

QByteArray Sha256::hash(QByteArrayView bytes)
{
    Sha256 sha;
    sha.addData(bytes);
    return sha.result();
}

} // namespace glint
