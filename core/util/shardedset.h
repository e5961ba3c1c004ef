#pragma once
// A hash set split into 64 sets by the key's hash, so that growing never relinks more than a 64th of
// it at once.
//
// Why: a hash set grows by rehashing every node in the one insert that crosses its load limit. Even
// with each node's hash kept (StoredQHash), relinking 85,000 session URLs in one insert held the GUI
// thread for 13–19 ms (docs/BENCHMARKS.md §33): an O(n) stop inside an O(1) operation. Each shard
// grows on its own, at a 64th of the size, at different moments. A key's hash is computed once more
// to pick its shard (~0.1 µs for a QUrl).
//
// Threads: as std::unordered_set (no locking). Ownership: owns its keys.
#include "core/util/storedqhash.h"

#include <array>
#include <cstddef>
#include <unordered_set>

namespace glint {

template <typename Key, typename Hash = StoredQHash<Key>, int kShardBits = 6>
class ShardedSet {
public:
    static constexpr int kShards = 1 << kShardBits;

    bool contains(const Key &key) const { return shardOf(key).count(key) > 0; }
    void insert(const Key &key) { shardOf(key).insert(key); }
    std::size_t erase(const Key &key) { return shardOf(key).erase(key); }
    std::size_t size() const
    {
        std::size_t n = 0;
        for (const auto &shard : m_shards)
            n += shard.size();
        return n;
    }
    void clear()
    {
        for (auto &shard : m_shards)
            shard.clear();
    }

private:
    using Shard = std::unordered_set<Key, Hash>;
    // The top bits of a multiplicative mix: the shard does not follow the low bits the shard's own
    // buckets use.
    static std::size_t indexOf(const Key &key)
    {
        return std::size_t((quint64(Hash{}(key)) * 0x9E3779B97F4A7C15ULL) >> (64 - kShardBits));
    }
    Shard &shardOf(const Key &key) { return m_shards[indexOf(key)]; }
    const Shard &shardOf(const Key &key) const { return m_shards[indexOf(key)]; }

    std::array<Shard, kShards> m_shards;
};

} // namespace glint
