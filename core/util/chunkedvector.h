#pragma once
// A growing array whose elements never move: it appends into chunks of a fixed size, and a full
// chunk is followed by a new one instead of the whole array being copied into one twice as large.
//
// Why: a QList (or std::vector) doubles. Appending the 59,500th session item (~200 bytes each) copied
// 12 MB into a fresh 24 MB block, and on a machine with slow page faults the GUI thread stopped for
// 58–84 ms in that one append (docs/BENCHMARKS.md §33); at 100,000 items every doubling is such a
// stop. Here an append costs at most one chunk's allocation, whatever the size, and an element's
// address stays valid until clear().
//
// Indexing is one shift and one mask (kChunk is a power of two). The index of chunks itself still
// doubles, but it holds one small entry per chunk (a few hundred at a million elements).
//
// Threads: as std::vector (no locking). Ownership: owns its elements.
#include <QtGlobal>

#include <cstddef>
#include <iterator>
#include <utility>
#include <vector>

namespace glint {

template <typename T, int kChunkBits = 10>
class ChunkedVector {
public:
    static constexpr qsizetype kChunk = qsizetype(1) << kChunkBits;

    class const_iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = T;
        using difference_type = std::ptrdiff_t;
        using pointer = const T *;
        using reference = const T &;

        const_iterator() = default;
        const_iterator(const ChunkedVector *owner, qsizetype index) : m_owner(owner), m_index(index) {}
        reference operator*() const { return (*m_owner)[m_index]; }
        pointer operator->() const { return &(*m_owner)[m_index]; }
        const_iterator &operator++()
        {
            ++m_index;
            return *this;
        }
        const_iterator operator++(int)
        {
            const_iterator before = *this;
            ++m_index;
            return before;
        }
        friend bool operator==(const const_iterator &a, const const_iterator &b) { return a.m_index == b.m_index; }

    private:
        const ChunkedVector *m_owner = nullptr;
        qsizetype m_index = 0;
    };

    qsizetype size() const { return m_size; }
    bool isEmpty() const { return m_size == 0; }
    bool empty() const { return m_size == 0; }

    T &operator[](qsizetype i) { return m_chunks[size_t(i >> kChunkBits)][size_t(i & (kChunk - 1))]; }
    const T &operator[](qsizetype i) const { return m_chunks[size_t(i >> kChunkBits)][size_t(i & (kChunk - 1))]; }
    const T &at(qsizetype i) const
    {
        Q_ASSERT(i >= 0 && i < m_size);
        return (*this)[i];
    }
    const T &front() const { return at(0); }
    const T &back() const { return at(m_size - 1); }

    void append(T value)
    {
        if (m_chunks.empty() || m_chunks.back().size() == size_t(kChunk)) {
            m_chunks.emplace_back();
            m_chunks.back().reserve(size_t(kChunk));   // the only allocation this chunk will make
        }
        m_chunks.back().push_back(std::move(value));
        ++m_size;
    }
    void clear()
    {
        m_chunks.clear();
        m_size = 0;
    }
    // Keeps the elements for which `remove` is false, in order, in new chunks: O(n), as std::erase_if
    // on a vector. Returns how many went.
    template <typename Predicate>
    qsizetype removeIf(Predicate remove)
    {
        ChunkedVector kept;
        for (std::vector<T> &chunk : m_chunks) {
            for (T &value : chunk) {
                if (!remove(std::as_const(value)))
                    kept.append(std::move(value));
            }
        }
        const qsizetype removed = m_size - kept.m_size;
        *this = std::move(kept);
        return removed;
    }

    const_iterator begin() const { return const_iterator(this, 0); }
    const_iterator end() const { return const_iterator(this, m_size); }
    const_iterator cbegin() const { return begin(); }
    const_iterator cend() const { return end(); }

private:
    // Moving the index when it grows moves each chunk's three pointers, never an element.
    std::vector<std::vector<T>> m_chunks;
    qsizetype m_size = 0;
};

} // namespace glint
