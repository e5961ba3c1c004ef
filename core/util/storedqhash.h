#pragma once
// qHash for a std::unordered_set or unordered_map of Qt types, whose nodes then keep their hash.
//
// Why: a QHash or QSet that grows computes every key's hash again in the one insert that grows it
// (qHash(QUrl) hashes each part of the URL, qHash(QString) every character). On the GUI thread, at
// tens of thousands of keys, that one insert held the window for 20–40 ms. libstdc++'s containers
// keep each node's hash for a hasher that may throw, so growing them only relinks the nodes.
//
// Threads: stateless; any thread.
#include <QHashFunctions>
#include <cstddef>

namespace glint {

template <typename Key>
struct StoredQHash {
    // Not noexcept on purpose: libstdc++ keeps each node's hash only for a hasher that may throw.
    std::size_t operator()(const Key &key) const { return std::size_t(qHash(key)); }
};

} // namespace glint
