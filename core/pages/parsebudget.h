#pragma once
// How much of a page gumbo can parse in bounded time. gumbo 0.10 does work proportional to the
// depth of the open-element stack for every tag, and re-creates every still-active formatting
// element (<b id=1>, <b id=2> … never closed) inside each new paragraph, so 70 KB of
// "<p><b id=N>" take it 16 s and a 10 MB page of nested <div>s hours. Browsers bound the same
// blow-ups (Blink stops nesting at 512). This guard follows the tags with a light byte-level
// model — depth with the common implied end tags, and the active formatting elements since the
// last table cell, with the "at most three identical" rule — and says where a page passes either
// limit, so the parser gets only the part before it. It is never used to find references.
//
// Pure and thread-safe; linear in the input.
#include <QByteArrayView>

namespace glint {

class ParseBudget final {
public:
    static constexpr int kMaxDepth = 512;
    static constexpr int kMaxActiveFormatting = 128;

    // The length of the prefix of html that stays within the limits: html.size() for every page
    // written by people, less for pathological ones.
    static qsizetype affordablePrefix(QByteArrayView html);
};

} // namespace glint
