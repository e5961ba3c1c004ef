#pragma once
// The url(...) references of CSS text — a <style> sheet or a style attribute — found by a small
// tokenizer after CSS Syntax Level 3: comments and strings are skipped, url() may be quoted or
// not, escapes are decoded. References that are not images are left out: @import (another sheet),
// @namespace, and everything inside @font-face (fonts). Pure and thread-safe.
#include <QStringList>
#include <QStringView>

namespace glint {

class CssUrls final {
public:
    // The references in source order, decoded but not resolved; "url()" and "url('')" give nothing.
    static QStringList extract(QStringView css);
};

} // namespace glint
