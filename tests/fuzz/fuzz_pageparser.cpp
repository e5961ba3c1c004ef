// libFuzzer target for the page-image extractor: random bytes as a page body, through the charset
// decision, the byte-level <meta> prescan, gumbo, the srcset and CSS parsers and URL resolution.
// Besides crashes and sanitizer reports it checks the promises callers rely on: at most
// kMaxReferences references, each an http(s) URL with a host and no fragment, none twice.
#include "core/pages/cssurls.h"
#include "core/pages/pagecharset.h"
#include "core/pages/pageparser.h"
#include "core/pages/srcset.h"

#include "fuzzrequire.h"

#include <QSet>
#include <QString>
#include <QUrl>

#include <cstdint>
#include <iterator>

namespace {

void require(bool condition, const char *what)
{
    glint::fuzz::require(condition, "fuzz_pageparser", what);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace glint;
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));

    // The header varies with the input's length, so every input keeps all of its bytes for the page.
    static const char *const kContentTypes[] = {
        "", "text/html", "text/html; charset=utf-8", "text/html;charset=\"windows-1251\"",
        "text/html; charset=shift_jis", "text/html; charset=iso-2022-jp", "text/html; charset=utf-16",
        "text/html; charset=replacement", "text/html; charset=gb18030",
    };
    const QByteArray contentType = kContentTypes[size % std::size(kContentTypes)];
    static const QUrl kPage(QStringLiteral("https://fuzz.example/dir/page.html?q=1"));

    const PageScan scan = PageParser::scan(body, contentType, kPage);
    require(scan.references.size() <= PageParser::kMaxReferences, "at most kMaxReferences");
    require(!scan.charset.isEmpty(), "a charset is always decided");
    QSet<QString> seen;
    for (const PageReference &reference : scan.references) {
        const QUrl &url = reference.url;
        require(url.isValid(), "valid URL");
        require(url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https"), "http(s) only");
        require(!url.host().isEmpty(), "a host");
        require(!url.hasFragment(), "no fragment");
        const QString key = url.toString(QUrl::FullyEncoded);
        require(!seen.contains(key), "no duplicates");
        seen.insert(key);
    }

    // The parts on their own, on text they would never see through the parser.
    const QByteArray prescanned = PageCharset::prescan(body);
    require(prescanned.isEmpty() || !PageCharset::encodingForLabel(prescanned).isEmpty(), "prescan names a known encoding");
    PageCharset::fromContentType(body);
    PageCharset::fromMetaContent(body);
    const QString text = QString::fromUtf8(body.first(qMin<qsizetype>(body.size(), 16384)));
    for (const QString &url : CssUrls::extract(text))
        require(!url.isEmpty(), "no empty CSS url");
    for (const SrcsetCandidate &candidate : Srcset::parse(text))
        require(!candidate.url.isEmpty(), "no empty srcset candidate");
    return 0;
}
