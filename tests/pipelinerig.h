#pragma once
// The services a pipeline is handed in the app (Application builds them there), built for one test:
// one downloader, one decode pool, both executors, and a pipeline on them.
#include "core/imaging/thumbnaildecoder.h"
#include "core/net/downloader.h"
#include "core/pipeline/executor.h"
#include "core/pipeline/pipeline.h"

#include <memory>

namespace glint::test {

struct RigSettings {
    QString downloadDir;
    bool blocking = false;
    int noDataTimeoutMs = 5000;
    int retryBaseMs = 1000;
    int maxConnections = 8;
    int decodeThreads = 0;
    qint64 maxImageBytes = 100LL * 1024 * 1024;
    FreedesktopThumbnails freedesktop;   // disabled unless a test points it at a folder
};

struct PipelineRig {
    explicit PipelineRig(const RigSettings &s)
        : downloader(downloaderOptions(s)), decoder(s.decodeThreads), async(decoder.pool()),
          pipeline(pipelineOptions(s), downloader, s.blocking ? static_cast<Executor &>(blocking) : async)
    {
    }
    // Another pipeline on the same services, like a dialog's.
    std::unique_ptr<Pipeline> another(const QString &downloadDir)
    {
        Pipeline::Options o;
        o.downloadDir = downloadDir;
        return std::make_unique<Pipeline>(o, downloader, async);
    }

    static Downloader::Options downloaderOptions(const RigSettings &s)
    {
        Downloader::Options o;
        o.noDataTimeoutMs = s.noDataTimeoutMs;
        o.retryBaseMs = s.retryBaseMs;
        o.maxConnections = s.maxConnections;
        o.perHost = qMin(6, s.maxConnections);
        o.maxImageBytes = s.maxImageBytes;
        return o;
    }
    static Pipeline::Options pipelineOptions(const RigSettings &s)
    {
        Pipeline::Options o;
        o.downloadDir = s.downloadDir;
        o.freedesktop = s.freedesktop;
        return o;
    }

    // Members in build order; the pipeline goes first, the downloader last.
    Downloader downloader;
    ThumbnailDecoder decoder;
    AsyncExecutor async;
    BlockingExecutor blocking;
    Pipeline pipeline;
};

} // namespace glint::test
