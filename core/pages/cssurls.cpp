#include "core/pages/cssurls.h"

#include <QString>

#include <optional>

namespace glint {
namespace {

bool isSpace(char16_t c)
{
    return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20;
}

bool isHex(char16_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool isNameChar(char16_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
        || c >= 0x80;
}

class Tokenizer {
public:
    explicit Tokenizer(QStringView css) : m_css(css) {}

    QStringList run()
    {
        while (m_pos < m_css.size()) {
            const char16_t c = at(m_pos);
            if (c == '/' && at(m_pos + 1) == '*') {
                skipComment();
            } else if (c == '"' || c == '\'') {
                string(c);
            } else if (c == '\\') {
                m_pos += 2;   // an escaped character starts nothing
            } else if (c == '@') {
                atRule();
            } else if (isNameChar(c)) {
                const qsizetype start = m_pos;
                while (m_pos < m_css.size() && isNameChar(at(m_pos)))
                    ++m_pos;
                if (at(m_pos) == '(' && m_css.sliced(start, m_pos - start).compare(u"url", Qt::CaseInsensitive) == 0) {
                    ++m_pos;
                    url();
                }
            } else {
                ++m_pos;
            }
        }
        return m_urls;
    }

private:
    char16_t at(qsizetype i) const { return i < m_css.size() ? m_css[i].unicode() : char16_t(0); }
    bool atEnd() const { return m_pos >= m_css.size(); }

    void skipComment()
    {
        const qsizetype close = m_css.indexOf(u"*/", m_pos + 2);
        m_pos = close < 0 ? m_css.size() : close + 2;
    }

    // After a backslash that is not followed by a newline: the escaped code point.
    void escape(QString &out)
    {
        if (atEnd()) {
            out.append(QChar::ReplacementCharacter);
            return;
        }
        if (!isHex(at(m_pos))) {
            out.append(m_css[m_pos++]);
            return;
        }
        char32_t value = 0;
        for (int digits = 0; digits < 6 && isHex(at(m_pos)); ++digits, ++m_pos)
            value = value * 16 + char32_t(at(m_pos) <= '9' ? at(m_pos) - '0' : (at(m_pos) | 0x20) - 'a' + 10);
        if (isSpace(at(m_pos)))
            ++m_pos;
        if (value == 0 || (value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF)
            value = QChar::ReplacementCharacter;
        out.append(QString::fromUcs4(&value, 1));
    }

    // A quoted string starting at the quote; its value, or nothing when a raw newline breaks it.
    std::optional<QString> string(char16_t quote)
    {
        QString value;
        ++m_pos;
        while (!atEnd()) {
            const char16_t c = at(m_pos++);
            if (c == quote)
                return value;
            if (c == '\n' || c == '\r' || c == '\f')
                return std::nullopt;   // bad string: the newline is left for the caller
            if (c == '\\') {
                if (at(m_pos) == '\n' || at(m_pos) == '\f') {
                    ++m_pos;   // an escaped newline continues the string
                } else if (at(m_pos) == '\r') {
                    m_pos += at(m_pos + 1) == '\n' ? 2 : 1;
                } else {
                    escape(value);
                }
            } else {
                value.append(QChar(c));
            }
        }
        return value;   // at the end of the sheet a string just ends
    }

    void skipBadUrl()
    {
        while (!atEnd()) {
            const char16_t c = at(m_pos++);
            if (c == ')')
                return;
            if (c == '\\' && !atEnd())
                ++m_pos;
        }
    }

    void url()
    {
        while (isSpace(at(m_pos)))
            ++m_pos;
        if (at(m_pos) == '"' || at(m_pos) == '\'') {
            const std::optional<QString> value = string(at(m_pos));
            while (isSpace(at(m_pos)))
                ++m_pos;
            if (!value || at(m_pos) != ')') {
                skipBadUrl();
                return;
            }
            ++m_pos;
            add(*value);
            return;
        }
        QString value;
        while (!atEnd()) {
            const char16_t c = at(m_pos);
            if (c == ')') {
                ++m_pos;
                break;
            }
            if (isSpace(c)) {
                while (isSpace(at(m_pos)))
                    ++m_pos;
                if (atEnd() || at(m_pos) == ')') {
                    ++m_pos;
                    break;
                }
                skipBadUrl();
                return;
            }
            if (c == '"' || c == '\'' || c == '(' || c < 0x09 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F) {
                skipBadUrl();
                return;
            }
            ++m_pos;
            if (c == '\\') {
                if (at(m_pos) == '\n' || at(m_pos) == '\r' || at(m_pos) == '\f') {
                    skipBadUrl();
                    return;
                }
                escape(value);
            } else {
                value.append(QChar(c));
            }
        }
        add(value);
    }

    void add(const QString &value)
    {
        if (!value.isEmpty())
            m_urls.append(value);
    }

    void atRule()
    {
        const qsizetype start = ++m_pos;
        while (isNameChar(at(m_pos)))
            ++m_pos;
        const QStringView name = m_css.sliced(start, m_pos - start);
        if (name.compare(u"import", Qt::CaseInsensitive) == 0 || name.compare(u"namespace", Qt::CaseInsensitive) == 0)
            skipUntilStatementEnd();
        else if (name.compare(u"font-face", Qt::CaseInsensitive) == 0)
            skipUntilStatementEnd();
    }

    // Up to and including the ';' that ends a statement or the '}' that closes its block.
    void skipUntilStatementEnd()
    {
        int depth = 0;
        while (!atEnd()) {
            const char16_t c = at(m_pos);
            if (c == '/' && at(m_pos + 1) == '*') {
                skipComment();
                continue;
            }
            if (c == '"' || c == '\'') {
                string(c);
                continue;
            }
            ++m_pos;
            if (c == '\\') {
                ++m_pos;
            } else if (c == '{') {
                ++depth;
            } else if (c == '}') {
                if (--depth <= 0)
                    return;
            } else if (c == ';' && depth == 0) {
                return;
            }
        }
    }

    QStringView m_css;
    qsizetype m_pos = 0;
    QStringList m_urls;
};

} // namespace

QStringList CssUrls::extract(QStringView css)
{
    return Tokenizer(css).run();
}

} // namespace glint
