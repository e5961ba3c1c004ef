#include "core/catalog/storedthumbnails.h"

#include "core/probe/guithreadwork.h"

#include <QImage>
#include <QThreadPool>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace glint {
namespace {

struct SharedWork {
    CatalogImage *rows = nullptr;   // the caller's; valid until every claimed row is done
    int count = 0;
    std::atomic<int> next{0};
    // Rows not yet decoded (or skipped). A std::mutex rather than a QSemaphore: the pair is then
    // visible to ThreadSanitizer, which cannot see Qt's futex-based locks.
    std::mutex mutex;
    std::condition_variable allDone;
    int left = 0;
    std::function<bool()> isStale;

    // Decodes rows until none is left; each row is claimed by exactly one thread.
    void drain()
    {
        for (int row = next.fetch_add(1); row < count; row = next.fetch_add(1)) {
            CatalogImage &image = rows[row];
            if (!image.thumbnailJpeg.isEmpty() && !(isStale && isStale())) {
                GuiThreadWork::note(GuiThreadWork::Kind::Decode);
                image.thumbnail = QImage::fromData(image.thumbnailJpeg, "JPEG");
            }
            const std::lock_guard lock(mutex);
            if (--left == 0)
                allDone.notify_all();
        }
    }

    void waitForAll()
    {
        std::unique_lock lock(mutex);
        allDone.wait(lock, [this] { return left == 0; });
    }
};

} // namespace

void StoredThumbnails::decode(QList<CatalogImage> &images, const std::function<bool()> &isStale,
                              QThreadPool *helpers)
{
    auto work = std::make_shared<SharedWork>();
    work->rows = images.data();   // detaches now: both threads then write rows in place
    work->count = int(images.size());
    work->left = work->count;
    work->isStale = isStale;
    if (helpers && work->count >= kSharedFrom)
        helpers->tryStart([work] { work->drain(); });
    work->drain();
    work->waitForAll();   // the helper's last row, if it took one
}

} // namespace glint
