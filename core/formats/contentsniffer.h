#pragma once
// What an answer's bytes are: an image (which format), a web page, or something else. One unit that
// the downloader and the page code both ask, so the two can never disagree about "page or image".
//
// Threads: pure functions, any thread. The image check asks QImageReader's handlers (Qt Gui), which
// look only at the bytes given, never at names or at a Content-Type.
#include <QByteArray>
#include <QByteArrayView>

namespace glint {

class ContentSniffer final {
public:
    enum class Kind { Image, Page, Other };

    // How many leading bytes are enough for every decision below.
    static constexpr qsizetype kHeadBytes = 4096;

    // "text/html; charset=utf-8" -> "text/html", lower-case.
    static QByteArray mainType(QByteArrayView contentType);
    static bool isHtmlType(QByteArrayView contentType);
    // Bytes that start like an HTML document (a guess for answers that declare no useful type).
    static bool looksLikeHtml(QByteArrayView head);
    // The image format of `head` ("jpeg", "png", "svg", …) or empty: from the bytes alone.
    static QByteArray imageFormat(const QByteArray &head);
    // Qt's own guess, corrected where its handlers are known to be wrong: TGA has no magic number, and
    // an uncompressed true-colour TGA starts 00 00 02 00 — which Qt's ICO handler takes for a cursor
    // with an empty directory. A real ICO/CUR lists at least one image.
    static QByteArray refineFormat(const QByteArray &qtFormat, QByteArrayView head);
    // An 18-byte TGA header with values TGA allows (type, depth, size, colour map).
    static bool looksLikeTga(QByteArrayView head);
    // Does `format` carry its own magic number? SVG does not (it is XML text), so a declared HTML type
    // wins over an SVG guess.
    static bool isBinaryImageFormat(QByteArrayView format);

    // For a body whose length nobody announced (chunked, or until the connection closes): does it end
    // the way its format ends? JPEG: an EOI marker in the tail (entropy-coded data never holds FF D9);
    // PNG: the IEND chunk; GIF: the trailer byte; WebP: the RIFF size. Other formats: true.
    // `tail`: the last bytes received (at least kTailBytes of them when there are that many); `size`: the
    // whole body's length.
    static constexpr qsizetype kTailBytes = 4096;
    static bool looksComplete(QByteArrayView format, const QByteArray &head, QByteArrayView tail, qint64 size);

    // The decision for one answer: a declared HTML type is a page unless the bytes are a binary image;
    // a textual guess (looksLikeHtml) never overrides a declared image or a recognised image.
    static Kind classify(QByteArrayView contentType, const QByteArray &head, QByteArray *format = nullptr);
};

} // namespace glint
