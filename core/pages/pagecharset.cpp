#include "core/pages/pagecharset.h"

#include <QList>
#include <QStringDecoder>

#include <optional>

namespace glint {
namespace {

bool isSpace(char c)
{
    // HTML's "ASCII whitespace"; nothing else counts, unlike isspace() in some locales.
    return c == 0x09 || c == 0x0A || c == 0x0C || c == 0x0D || c == 0x20;
}

char toLower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c + 32) : c;
}

bool startsWithNoCase(QByteArrayView bytes, qsizetype at, const char *prefix)
{
    for (qsizetype i = 0; prefix[i]; ++i) {
        if (at + i >= bytes.size() || toLower(bytes[at + i]) != prefix[i])
            return false;
    }
    return true;
}

struct Label {
    const char *label;
    const char *encoding;
};

// The WHATWG label table for every encoding Qt (through ICU) decodes. Encodings not listed are
// unknown to us, and an unknown label is treated as if there were none.
constexpr Label kLabels[] = {
    {"unicode-1-1-utf-8", "UTF-8"}, {"unicode11utf8", "UTF-8"}, {"unicode20utf8", "UTF-8"},
    {"utf-8", "UTF-8"}, {"utf8", "UTF-8"}, {"x-unicode20utf8", "UTF-8"},
    {"866", "IBM866"}, {"cp866", "IBM866"}, {"csibm866", "IBM866"}, {"ibm866", "IBM866"},
    {"csisolatin2", "ISO-8859-2"}, {"iso-8859-2", "ISO-8859-2"}, {"iso-ir-101", "ISO-8859-2"},
    {"iso8859-2", "ISO-8859-2"}, {"iso88592", "ISO-8859-2"}, {"iso_8859-2", "ISO-8859-2"},
    {"iso_8859-2:1987", "ISO-8859-2"}, {"l2", "ISO-8859-2"}, {"latin2", "ISO-8859-2"},
    {"csisolatin3", "ISO-8859-3"}, {"iso-8859-3", "ISO-8859-3"}, {"iso_8859-3", "ISO-8859-3"},
    {"l3", "ISO-8859-3"}, {"latin3", "ISO-8859-3"},
    {"csisolatin4", "ISO-8859-4"}, {"iso-8859-4", "ISO-8859-4"}, {"iso_8859-4", "ISO-8859-4"},
    {"l4", "ISO-8859-4"}, {"latin4", "ISO-8859-4"},
    {"csisolatincyrillic", "ISO-8859-5"}, {"cyrillic", "ISO-8859-5"}, {"iso-8859-5", "ISO-8859-5"},
    {"iso8859-5", "ISO-8859-5"}, {"iso88595", "ISO-8859-5"}, {"iso_8859-5", "ISO-8859-5"},
    {"arabic", "ISO-8859-6"}, {"iso-8859-6", "ISO-8859-6"}, {"iso_8859-6", "ISO-8859-6"},
    {"greek", "ISO-8859-7"}, {"greek8", "ISO-8859-7"}, {"iso-8859-7", "ISO-8859-7"},
    {"iso_8859-7", "ISO-8859-7"}, {"iso8859-7", "ISO-8859-7"},
    {"hebrew", "ISO-8859-8"}, {"iso-8859-8", "ISO-8859-8"}, {"iso_8859-8", "ISO-8859-8"}, {"visual", "ISO-8859-8"},
    {"iso-8859-8-i", "ISO-8859-8-I"}, {"logical", "ISO-8859-8-I"},
    {"iso-8859-10", "ISO-8859-10"}, {"latin6", "ISO-8859-10"}, {"l6", "ISO-8859-10"},
    {"iso-8859-13", "ISO-8859-13"}, {"iso-8859-14", "ISO-8859-14"},
    {"csisolatin9", "ISO-8859-15"}, {"iso-8859-15", "ISO-8859-15"}, {"iso8859-15", "ISO-8859-15"},
    {"iso885915", "ISO-8859-15"}, {"iso_8859-15", "ISO-8859-15"}, {"l9", "ISO-8859-15"}, {"latin9", "ISO-8859-15"},
    {"cskoi8r", "KOI8-R"}, {"koi", "KOI8-R"}, {"koi8", "KOI8-R"}, {"koi8-r", "KOI8-R"}, {"koi8_r", "KOI8-R"},
    {"koi8-ru", "KOI8-U"}, {"koi8-u", "KOI8-U"},
    {"csmacintosh", "macintosh"}, {"mac", "macintosh"}, {"macintosh", "macintosh"}, {"x-mac-roman", "macintosh"},
    {"x-mac-cyrillic", "x-mac-cyrillic"}, {"x-mac-ukrainian", "x-mac-cyrillic"},
    {"dos-874", "windows-874"}, {"iso-8859-11", "windows-874"}, {"iso8859-11", "windows-874"},
    {"iso885911", "windows-874"}, {"tis-620", "windows-874"}, {"windows-874", "windows-874"},
    {"cp1250", "windows-1250"}, {"windows-1250", "windows-1250"}, {"x-cp1250", "windows-1250"},
    {"cp1251", "windows-1251"}, {"windows-1251", "windows-1251"}, {"x-cp1251", "windows-1251"},
    // Browsers decode every Latin-1 and ASCII label as windows-1252.
    {"ansi_x3.4-1968", "windows-1252"}, {"ascii", "windows-1252"}, {"cp1252", "windows-1252"},
    {"cp819", "windows-1252"}, {"csisolatin1", "windows-1252"}, {"ibm819", "windows-1252"},
    {"iso-8859-1", "windows-1252"}, {"iso-ir-100", "windows-1252"}, {"iso8859-1", "windows-1252"},
    {"iso88591", "windows-1252"}, {"iso_8859-1", "windows-1252"}, {"iso_8859-1:1987", "windows-1252"},
    {"l1", "windows-1252"}, {"latin1", "windows-1252"}, {"us-ascii", "windows-1252"},
    {"windows-1252", "windows-1252"}, {"x-cp1252", "windows-1252"},
    {"cp1253", "windows-1253"}, {"windows-1253", "windows-1253"}, {"x-cp1253", "windows-1253"},
    {"cp1254", "windows-1254"}, {"csisolatin5", "windows-1254"}, {"iso-8859-9", "windows-1254"},
    {"iso-ir-148", "windows-1254"}, {"iso8859-9", "windows-1254"}, {"iso88599", "windows-1254"},
    {"iso_8859-9", "windows-1254"}, {"l5", "windows-1254"}, {"latin5", "windows-1254"},
    {"windows-1254", "windows-1254"}, {"x-cp1254", "windows-1254"},
    {"cp1255", "windows-1255"}, {"windows-1255", "windows-1255"}, {"x-cp1255", "windows-1255"},
    {"cp1256", "windows-1256"}, {"windows-1256", "windows-1256"}, {"x-cp1256", "windows-1256"},
    {"cp1257", "windows-1257"}, {"windows-1257", "windows-1257"}, {"x-cp1257", "windows-1257"},
    {"cp1258", "windows-1258"}, {"windows-1258", "windows-1258"}, {"x-cp1258", "windows-1258"},
    {"chinese", "GBK"}, {"csgb2312", "GBK"}, {"csiso58gb231280", "GBK"}, {"gb2312", "GBK"},
    {"gb_2312", "GBK"}, {"gb_2312-80", "GBK"}, {"gbk", "GBK"}, {"iso-ir-58", "GBK"}, {"x-gbk", "GBK"},
    {"gb18030", "gb18030"},
    {"big5", "Big5"}, {"big5-hkscs", "Big5"}, {"cn-big5", "Big5"}, {"csbig5", "Big5"}, {"x-x-big5", "Big5"},
    {"cseucpkdfmtjapanese", "EUC-JP"}, {"euc-jp", "EUC-JP"}, {"x-euc-jp", "EUC-JP"},
    {"csiso2022jp", "ISO-2022-JP"}, {"iso-2022-jp", "ISO-2022-JP"},
    {"csshiftjis", "Shift_JIS"}, {"ms932", "Shift_JIS"}, {"ms_kanji", "Shift_JIS"}, {"shift-jis", "Shift_JIS"},
    {"shift_jis", "Shift_JIS"}, {"sjis", "Shift_JIS"}, {"windows-31j", "Shift_JIS"}, {"x-sjis", "Shift_JIS"},
    {"cseuckr", "EUC-KR"}, {"csksc56011987", "EUC-KR"}, {"euc-kr", "EUC-KR"}, {"iso-ir-149", "EUC-KR"},
    {"korean", "EUC-KR"}, {"ks_c_5601-1987", "EUC-KR"}, {"ks_c_5601-1989", "EUC-KR"}, {"ksc5601", "EUC-KR"},
    {"ksc_5601", "EUC-KR"}, {"windows-949", "EUC-KR"},
    {"csunicode", "UTF-16LE"}, {"iso-10646-ucs-2", "UTF-16LE"}, {"ucs-2", "UTF-16LE"}, {"unicode", "UTF-16LE"},
    {"unicodefeff", "UTF-16LE"}, {"utf-16", "UTF-16LE"}, {"utf-16le", "UTF-16LE"},
    {"unicodefffe", "UTF-16BE"}, {"utf-16be", "UTF-16BE"},
    {"x-user-defined", "x-user-defined"},
    // Encodings that have been used for attacks decode to nothing in browsers.
    {"csiso2022kr", "replacement"}, {"hz-gb-2312", "replacement"}, {"iso-2022-cn", "replacement"},
    {"iso-2022-cn-ext", "replacement"}, {"iso-2022-kr", "replacement"}, {"replacement", "replacement"},
};

// ICU decodes these under a slightly different name than the WHATWG one.
const char *decoderName(const QByteArray &encoding)
{
    if (encoding == "EUC-KR")
        return "windows-949";   // WHATWG's EUC-KR is Microsoft's superset
    if (encoding == "x-user-defined")
        return "windows-1252";  // close enough for URLs, which are ASCII in that encoding anyway
    return encoding.constData();
}

// Collects the prescan's state: HTML "prescan a byte stream to determine its encoding".
class Prescanner {
public:
    explicit Prescanner(QByteArrayView bytes) : m_bytes(bytes.first(qMin(bytes.size(), PageCharset::kPrescanBytes))) {}

    QByteArray run()
    {
        const qsizetype end = m_bytes.size();
        while (m_pos < end) {
            if (startsWithNoCase(m_bytes, m_pos, "<!--")) {
                // The '>' of the first "-->" after "<!": "<!-->" ends the comment at once.
                const qsizetype close = m_bytes.indexOf("-->", m_pos + 2);
                if (close < 0)
                    return {};
                m_pos = close + 2;
            } else if (startsWithNoCase(m_bytes, m_pos, "<meta") && m_pos + 5 < end
                       && (isSpace(m_bytes[m_pos + 5]) || m_bytes[m_pos + 5] == '/')) {
                m_pos += 6;
                if (const QByteArray found = meta(); !found.isEmpty())
                    return found;
                if (m_pos >= end)
                    return {};
            } else if (m_bytes[m_pos] == '<' && m_pos + 1 < end
                       && (isLetter(m_bytes[m_pos + 1])
                           || (m_bytes[m_pos + 1] == '/' && m_pos + 2 < end && isLetter(m_bytes[m_pos + 2])))) {
                // A tag: skip its name, then its attributes.
                while (m_pos < end && !isSpace(m_bytes[m_pos]) && m_bytes[m_pos] != '>')
                    ++m_pos;
                while (attribute()) {
                }
                if (m_pos >= end)
                    return {};
            } else if (startsWithNoCase(m_bytes, m_pos, "<!") || startsWithNoCase(m_bytes, m_pos, "</")
                       || startsWithNoCase(m_bytes, m_pos, "<?")) {
                const qsizetype close = m_bytes.indexOf('>', m_pos + 2);
                if (close < 0)
                    return {};
                m_pos = close;
            }
            ++m_pos;
        }
        return {};
    }

private:
    static bool isLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

    QByteArray meta()
    {
        QList<QByteArray> seen;
        bool gotPragma = false;
        std::optional<bool> needPragma;
        QByteArray charset;
        while (attribute()) {
            if (seen.contains(m_name))
                continue;
            seen.append(m_name);
            if (m_name == "http-equiv") {
                gotPragma = gotPragma || m_value == "content-type";
            } else if (m_name == "content") {
                if (charset.isEmpty()) {
                    charset = PageCharset::fromMetaContent(m_value);
                    if (!charset.isEmpty())
                        needPragma = true;
                }
            } else if (m_name == "charset") {
                charset = PageCharset::encodingForLabel(m_value);
                needPragma = false;
            }
        }
        if (!needPragma.has_value() || (*needPragma && !gotPragma) || charset.isEmpty())
            return {};
        if (charset == "UTF-16LE" || charset == "UTF-16BE")
            return "UTF-8";   // a document that could say so in ASCII is not UTF-16
        if (charset == "x-user-defined")
            return "windows-1252";
        return charset;
    }

    // "Get an attribute": false when there is none (the position is then at '>' or the end).
    bool attribute()
    {
        const qsizetype end = m_bytes.size();
        m_name.clear();
        m_value.clear();
        while (m_pos < end && (isSpace(m_bytes[m_pos]) || m_bytes[m_pos] == '/'))
            ++m_pos;
        if (m_pos >= end || m_bytes[m_pos] == '>')
            return false;
        for (;; ++m_pos) {
            if (m_pos >= end)
                return false;
            const char c = m_bytes[m_pos];
            if (c == '=' && !m_name.isEmpty()) {
                ++m_pos;
                return value();
            }
            if (isSpace(c))
                break;
            if (c == '/' || c == '>')
                return true;
            m_name.append(toLower(c));
        }
        while (m_pos < end && isSpace(m_bytes[m_pos]))
            ++m_pos;
        if (m_pos >= end)
            return false;
        if (m_bytes[m_pos] != '=')
            return true;
        ++m_pos;
        return value();
    }

    bool value()
    {
        const qsizetype end = m_bytes.size();
        while (m_pos < end && isSpace(m_bytes[m_pos]))
            ++m_pos;
        if (m_pos >= end)
            return false;
        const char first = m_bytes[m_pos];
        if (first == '"' || first == '\'') {
            for (++m_pos; m_pos < end; ++m_pos) {
                if (m_bytes[m_pos] == first) {
                    ++m_pos;
                    return true;
                }
                m_value.append(toLower(m_bytes[m_pos]));
            }
            return false;
        }
        if (first == '>')
            return true;
        for (; m_pos < end; ++m_pos) {
            const char c = m_bytes[m_pos];
            if (isSpace(c) || c == '>')
                return true;
            m_value.append(toLower(c));
        }
        return false;
    }

    QByteArrayView m_bytes;
    qsizetype m_pos = 0;
    QByteArray m_name;
    QByteArray m_value;
};

} // namespace

QByteArray PageCharset::encodingForLabel(QByteArrayView label)
{
    qsizetype first = 0, last = label.size();
    while (first < last && isSpace(label[first]))
        ++first;
    while (last > first && isSpace(label[last - 1]))
        --last;
    if (last - first > 40)
        return {};
    QByteArray key;
    key.reserve(last - first);
    for (qsizetype i = first; i < last; ++i)
        key.append(toLower(label[i]));
    for (const Label &entry : kLabels) {
        if (key == entry.label)
            return entry.encoding;
    }
    return {};
}

QByteArray PageCharset::fromContentType(QByteArrayView contentType)
{
    // Parameters after the type: "text/html; charset=\"windows-1251\"".
    qsizetype pos = contentType.indexOf(';');
    while (pos >= 0 && pos < contentType.size()) {
        ++pos;
        while (pos < contentType.size() && isSpace(contentType[pos]))
            ++pos;
        qsizetype next = contentType.indexOf(';', pos);
        const QByteArrayView parameter = contentType.sliced(pos, (next < 0 ? contentType.size() : next) - pos);
        if (startsWithNoCase(parameter, 0, "charset=")) {
            QByteArrayView value = parameter.sliced(8);
            if (!value.isEmpty() && value[0] == '"') {
                value = value.sliced(1);
                const qsizetype close = value.indexOf('"');
                if (close >= 0)
                    value = value.first(close);
            }
            return encodingForLabel(value);
        }
        pos = next;
    }
    return {};
}

QByteArray PageCharset::fromMetaContent(QByteArrayView content)
{
    // HTML "extracting a character encoding from a meta element".
    qsizetype pos = 0;
    const qsizetype end = content.size();
    for (;;) {
        qsizetype found = -1;
        for (qsizetype i = pos; i + 7 <= end; ++i) {
            if (startsWithNoCase(content, i, "charset")) {
                found = i;
                break;
            }
        }
        if (found < 0)
            return {};
        pos = found + 7;
        while (pos < end && isSpace(content[pos]))
            ++pos;
        if (pos < end && content[pos] == '=')
            break;
    }
    ++pos;
    while (pos < end && isSpace(content[pos]))
        ++pos;
    if (pos >= end)
        return {};
    const char quote = content[pos];
    if (quote == '"' || quote == '\'') {
        const qsizetype close = content.indexOf(quote, pos + 1);
        return close < 0 ? QByteArray() : encodingForLabel(content.sliced(pos + 1, close - pos - 1));
    }
    qsizetype stop = pos;
    while (stop < end && !isSpace(content[stop]) && content[stop] != ';')
        ++stop;
    return encodingForLabel(content.sliced(pos, stop - pos));
}

QByteArray PageCharset::prescan(QByteArrayView bytes)
{
    return Prescanner(bytes).run();
}

PageCharset::Decision PageCharset::decide(QByteArrayView body, QByteArrayView contentType)
{
    if (body.startsWith("\xEF\xBB\xBF"))
        return {"UTF-8", Source::Bom, 3};
    if (body.startsWith("\xFE\xFF"))
        return {"UTF-16BE", Source::Bom, 2};
    if (body.startsWith("\xFF\xFE"))
        return {"UTF-16LE", Source::Bom, 2};
    if (QByteArray header = fromContentType(contentType); !header.isEmpty())
        return {header, Source::Header, 0};
    if (QByteArray meta = prescan(body); !meta.isEmpty())
        return {meta, Source::Prescan, 0};
    return {"UTF-8", Source::Default, 0};
}

QString PageCharset::decode(QByteArrayView bytes, const QByteArray &encoding)
{
    if (encoding == "replacement")
        return bytes.isEmpty() ? QString() : QString(QChar::ReplacementCharacter);
    if (encoding.isEmpty() || encoding == "UTF-8")
        return QString::fromUtf8(bytes);
    QStringDecoder decoder(decoderName(encoding));
    if (!decoder.isValid())
        return QString::fromUtf8(bytes);
    return decoder.decode(bytes);
}

} // namespace glint
