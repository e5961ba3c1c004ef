#pragma once
// Which character encoding a page's bytes are in, decided the way browsers decide it (WHATWG
// Encoding Standard and HTML "determining the character encoding"): a byte-order mark, else the
// charset parameter of the Content-Type header, else a <meta charset> or http-equiv Content-Type
// found by the byte-level prescan of the first 1024 bytes, else UTF-8. Labels map to encodings as
// browsers map them, so "ISO-8859-1" and "us-ascii" decode as windows-1252; a label nobody knows
// counts as absent.
//
// Pure functions over bytes: thread-safe, no allocation beyond their results; safe on hostile input
// (the fuzz target calls them on random bytes).
#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace glint {

class PageCharset final {
public:
    // The spec's prescan looks at this many bytes.
    static constexpr qsizetype kPrescanBytes = 1024;

    enum class Source { Bom, Header, Prescan, Default };
    struct Decision {
        QByteArray encoding;      // a canonical WHATWG name, e.g. "windows-1251", "UTF-8"
        Source source = Source::Default;
        qsizetype bomLength = 0;  // bytes to skip before decoding
    };

    // The canonical name for a label ("latin1" → "windows-1252"), or empty when unknown.
    static QByteArray encodingForLabel(QByteArrayView label);
    // The encoding named by the charset parameter of a Content-Type value, or empty.
    static QByteArray fromContentType(QByteArrayView contentType);
    // The encoding a <meta> in the first kPrescanBytes declares (HTML "prescan a byte stream"), or empty.
    static QByteArray prescan(QByteArrayView bytes);
    // The encoding named in a <meta http-equiv content="…; charset=…"> content value, or empty.
    static QByteArray fromMetaContent(QByteArrayView content);
    // BOM, then header, then prescan, then UTF-8.
    static Decision decide(QByteArrayView body, QByteArrayView contentType);
    // The text of bytes in encoding (without a BOM); UTF-8 when the encoding cannot be decoded here.
    static QString decode(QByteArrayView bytes, const QByteArray &encoding);
};

} // namespace glint
