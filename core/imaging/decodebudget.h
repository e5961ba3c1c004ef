#pragma once
// One memory budget for every decode in the process. A decode first reserves what it will allocate
// (worked out from the header: the scaled size where the format decodes scaled, the full size where it
// cannot — GIF, PNG, BMP, TIFF…), waits while other decodes hold the budget, and gives it back when it
// ends. An image that alone would need more than a quarter of the budget fails at once with a
// sentence, so a page of sixteen 11,000 × 11,000 GIFs costs a few failed items, not gigabytes.
//
// Threads: any. Waiting happens only on worker threads; on the GUI thread (blocking mode) a reservation
// that does not fit fails instead of waiting. Lifetime: process-wide.
#include <QtGlobal>

namespace glint {

class DecodeBudget final {
public:
    static constexpr qint64 kDefaultBytes = 1024LL * 1024 * 1024;

    static void setLimit(qint64 bytes);
    static qint64 limit();
    static qint64 perImageLimit() { return limit() / 4; }
    static qint64 inUse();
    static qint64 peak();   // the most ever reserved at once (for tests and reports)

    // Holds `bytes` of the budget until destroyed; ok() is false when the image may not be decoded.
    class Reservation final {
        Q_DISABLE_COPY_MOVE(Reservation)
    public:
        explicit Reservation(qint64 bytes);
        ~Reservation();
        bool ok() const { return m_bytes >= 0; }

    private:
        qint64 m_bytes;
    };
};

} // namespace glint
