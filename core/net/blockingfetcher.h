#pragma once
// The anti-pattern, kept on purpose for --blocking: an HTTP GET that waits on its socket in the
// calling thread (waitForReadyRead), then writes the original with FileSink in that same thread.
// Called on the GUI thread it freezes the window for the whole transfer — which is what the
// demonstration is meant to show. Never use it anywhere else.
#include "core/net/downloader.h"

namespace glint {

class BlockingFetcher final {
public:
    explicit BlockingFetcher(const Downloader::Options &options) : m_options(options) {}
    DownloadResult fetch(const DownloadRequest &request) const;

private:
    Downloader::Options m_options;
};

} // namespace glint
