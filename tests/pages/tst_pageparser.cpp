// The page-image extractor against fixture pages written the way real sites write them, plus its
// parts (srcset, CSS url(), lazy data-* values, charset prescan) on their own. Each fixtures/NAME.html has a
// NAME.expected: "kind url" lines in page order, and "#! key: value" lines for the page URL,
// the Content-Type header, the charset expected and the number of data: URIs dropped.
#include "core/pages/cssurls.h"
#include "core/pages/lazyattributes.h"
#include "core/pages/pagecharset.h"
#include "core/pages/pageparser.h"
#include "core/pages/srcset.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

using namespace glint;

namespace {

const QUrl kDefaultPage(QStringLiteral("https://example.com/gallery/page.html"));

QByteArray readFixture(const QString &name)
{
    QFile file(QStringLiteral(GLINT_PAGES_FIXTURES "/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read fixture %s", qPrintable(name));
    return file.readAll();
}

QStringList describe(const PageScan &scan)
{
    QStringList lines;
    for (const PageReference &reference : scan.references)
        lines << referenceKindName(reference.kind) + QLatin1Char(' ') + reference.url.toString(QUrl::FullyEncoded);
    return lines;
}

} // namespace

class TestPageParser : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fixturePageYieldsExactlyTheImagesABrowserLoads_data();
    void fixturePageYieldsExactlyTheImagesABrowserLoads();
    void imageUrlsKeepsItsMeaning();
    void tenThousandReferencesAreCappedAtFiveThousand();
    void pathologicalNestingIsCutShort_data();
    void pathologicalNestingIsCutShort();
    void ordinaryNestingIsParsedWhole_data();
    void ordinaryNestingIsParsedWhole();
    void tenMegabytePageIsParsedWhole();
    void emptyAndBinaryBodiesGiveNothing();
    void srcsetCandidates_data();
    void srcsetCandidates();
    void cssUrls_data();
    void cssUrls();
    void lazyValues_data();
    void lazyValues();
    void lazyBackgrounds_data();
    void lazyBackgrounds();
    void placeholderSources_data();
    void placeholderSources();
    void charsetFromContentType_data();
    void charsetFromContentType();
    void charsetPrescan_data();
    void charsetPrescan();
};

void TestPageParser::fixturePageYieldsExactlyTheImagesABrowserLoads_data()
{
    QTest::addColumn<QString>("name");
    const QStringList pages = QDir(QStringLiteral(GLINT_PAGES_FIXTURES)).entryList({QStringLiteral("*.html")}, QDir::Files, QDir::Name);
    QVERIFY(pages.size() >= 15);
    for (const QString &page : pages) {
        const QString name = page.chopped(5);
        QTest::newRow(qPrintable(name)) << name;
    }
}

void TestPageParser::fixturePageYieldsExactlyTheImagesABrowserLoads()
{
    QFETCH(QString, name);
    QUrl page = kDefaultPage;
    QByteArray contentType = "text/html";
    QByteArray charset;
    int droppedData = -1;
    QStringList expected;
    const QList<QByteArray> lines = readFixture(name + QStringLiteral(".expected")).split('\n');
    for (const QByteArray &line : lines) {
        if (line.startsWith("#! ")) {
            const qsizetype colon = line.indexOf(':');
            const QByteArray key = line.mid(3, colon - 3), value = line.mid(colon + 1).trimmed();
            if (key == "page")
                page = QUrl(QString::fromUtf8(value));
            else if (key == "content-type")
                contentType = value;
            else if (key == "charset")
                charset = value;
            else if (key == "dropped-data")
                droppedData = value.toInt();
            else
                QFAIL(qPrintable(QStringLiteral("unknown directive ") + QString::fromUtf8(line)));
        } else if (!line.trimmed().isEmpty()) {
            expected << QString::fromUtf8(line.trimmed());
        }
    }
    const PageScan scan = PageParser::scan(readFixture(name + QStringLiteral(".html")), contentType, page);
    const QStringList actual = describe(scan);
    if (actual != expected)
        qWarning().noquote() << "actual:\n" << actual.join(QLatin1Char('\n'));
    QCOMPARE(actual, expected);
    QVERIFY(!scan.capped);
    QVERIFY(!scan.truncated);
    if (!charset.isEmpty())
        QCOMPARE(scan.charset, charset);
    if (droppedData >= 0)
        QCOMPARE(scan.droppedDataUris, droppedData);
}

void TestPageParser::imageUrlsKeepsItsMeaning()
{
    // Pipeline's call: the URLs of scan() without a header, in the same order.
    const QByteArray page = readFixture(QStringLiteral("real-site.html"));
    const QUrl url(QStringLiteral("https://www.example-news.com/2024/05/spring-in-the-mountains"));
    QCOMPARE(PageParser::imageUrls(page, url), PageParser::scan(page, QByteArray(), url).urls());
    QCOMPARE(PageParser::imageUrls("<img src=a.png>", kDefaultPage),
             QList<QUrl>{QUrl(QStringLiteral("https://example.com/gallery/a.png"))});
}

void TestPageParser::tenThousandReferencesAreCappedAtFiveThousand()
{
    QByteArray page = "<!doctype html><title>many</title><body>\n";
    for (int i = 0; i < 10000; ++i)
        page += "<img src=\"img/" + QByteArray::number(i) + ".jpg\" alt=\"image number " + QByteArray::number(i) + "\">\n";
    QElapsedTimer clock;
    clock.start();
    const PageScan scan = PageParser::scan(page, "text/html", kDefaultPage);
    qInfo("10,000 references: %lld ms", qint64(clock.elapsed()));   // reported, not asserted
    QCOMPARE(scan.references.size(), PageParser::kMaxReferences);
    QVERIFY(scan.capped);
    QVERIFY(!scan.truncated);
    QCOMPARE(scan.references.first().url, QUrl(QStringLiteral("https://example.com/gallery/img/0.jpg")));
    QCOMPARE(scan.references.last().url, QUrl(QStringLiteral("https://example.com/gallery/img/4999.jpg")));

    // Exactly the cap is not "capped".
    QByteArray exact = "<body>";
    for (int i = 0; i < PageParser::kMaxReferences; ++i)
        exact += "<img src=" + QByteArray::number(i) + ".png>";
    const PageScan full = PageParser::scan(exact, {}, kDefaultPage);
    QCOMPARE(full.references.size(), PageParser::kMaxReferences);
    QVERIFY(!full.capped);
}

void TestPageParser::pathologicalNestingIsCutShort_data()
{
    QTest::addColumn<QByteArray>("unit");
    QTest::addColumn<int>("repeat");
    // Each of these takes gumbo 0.10 minutes to hours, or gigabytes, when parsed whole.
    QTest::newRow("nested divs") << QByteArray("<div>") << 200000;
    QTest::newRow("nested lists") << QByteArray("<ul><li>") << 100000;
    QTest::newRow("div/ in html") << QByteArray("<div/>") << 200000;
    QTest::newRow("distinct unclosed formatting in paragraphs") << QByteArray("<p><b id=N>") << 100000;
    QTest::newRow("distinct unclosed formatting and </p>") << QByteArray("<b class=N></p>") << 100000;
    QTest::newRow("nested tables in cells") << QByteArray("<table><tr><td>") << 100000;
}

void TestPageParser::pathologicalNestingIsCutShort()
{
    QFETCH(QByteArray, unit);
    QFETCH(int, repeat);
    QByteArray page = "<body><img src=before.jpg>";
    for (int i = 0; i < repeat; ++i)
        page += QByteArray(unit).replace('N', QByteArray::number(i));
    page += "<img src=after.jpg>";
    QElapsedTimer clock;
    clock.start();
    const PageScan scan = PageParser::scan(page, {}, kDefaultPage);
    qInfo("%lld KB: %lld ms", qint64(page.size() / 1024), qint64(clock.elapsed()));   // reported, not asserted
    QVERIFY(scan.truncated);
    QCOMPARE(scan.urls(), QList<QUrl>{QUrl(QStringLiteral("https://example.com/gallery/before.jpg"))});
}

void TestPageParser::ordinaryNestingIsParsedWhole_data()
{
    QTest::addColumn<QByteArray>("unit");
    QTest::addColumn<int>("repeat");
    // What sloppy real pages do a lot of: never cut.
    QTest::newRow("unclosed paragraphs") << QByteArray("<p>text") << 20000;
    QTest::newRow("unclosed list items") << QByteArray("<li>item") << 20000;
    QTest::newRow("unclosed cells and rows") << QByteArray("<tr><td>a<td>b") << 20000;
    QTest::newRow("same font never closed") << QByteArray("<p><font size=2>text") << 20000;
    QTest::newRow("font in every cell") << QByteArray("<td><font face=arial><b>x") << 20000;
    QTest::newRow("options") << QByteArray("<option>x") << 20000;
    QTest::newRow("closed divs") << QByteArray("<div><span>x</span></div>") << 20000;
    QTest::newRow("self-closing svg") << QByteArray("<svg><path d=M/><circle/></svg>") << 20000;
}

void TestPageParser::ordinaryNestingIsParsedWhole()
{
    QFETCH(QByteArray, unit);
    QFETCH(int, repeat);
    QByteArray page = "<body><table>";
    for (int i = 0; i < repeat; ++i)
        page += unit;
    page += "<img src=after.jpg>";
    const PageScan scan = PageParser::scan(page, {}, kDefaultPage);
    QVERIFY(!scan.truncated);
    QCOMPARE(scan.urls(), QList<QUrl>{QUrl(QStringLiteral("https://example.com/gallery/after.jpg"))});
}

void TestPageParser::tenMegabytePageIsParsedWhole()
{
    // The largest page the downloader lets through, written like a real one: it is all parsed.
    const QByteArray article = readFixture(QStringLiteral("real-site.html"));
    const qsizetype bodyStart = article.indexOf("<body");
    QByteArray page = article.left(bodyStart);
    int copies = 0;
    while (page.size() + bodyStart < PageParser::kMaxPageBytes - 8192) {
        page += article.mid(bodyStart).replace("photos/", "photos/" + QByteArray::number(copies++) + '/');
    }
    page += "<img src=last.jpg>";
    QElapsedTimer clock;
    clock.start();
    const PageScan scan = PageParser::scan(page, "text/html", kDefaultPage);
    qInfo("%lld MB, %d copies of an article: %lld ms", qint64(page.size() >> 20), copies, qint64(clock.elapsed()));
    QVERIFY(!scan.truncated);
    QVERIFY(scan.capped);   // four new links per copy: past 5,000 well before the end
    QCOMPARE(scan.references.size(), PageParser::kMaxReferences);
}

void TestPageParser::emptyAndBinaryBodiesGiveNothing()
{
    QVERIFY(PageParser::scan({}, {}, kDefaultPage).references.isEmpty());
    QByteArray binary(4096, '\0');
    for (int i = 0; i < binary.size(); ++i)
        binary[i] = char((i * 7919) & 0xFF);
    QVERIFY(PageParser::scan(binary, "text/html; charset=shift_jis", kDefaultPage).references.isEmpty());
    QVERIFY(PageParser::scan("<img src=a.jpg>", {}, QUrl()).references.isEmpty());   // nothing to resolve against
}

void TestPageParser::srcsetCandidates_data()
{
    QTest::addColumn<QString>("srcset");
    QTest::addColumn<QString>("largest");
    QTest::newRow("widths") << QStringLiteral("a.jpg 100w, b.jpg 300w, c.jpg 200w") << QStringLiteral("b.jpg");
    QTest::newRow("densities") << QStringLiteral("a.jpg, b.jpg 1.5x, c.jpg 2x") << QStringLiteral("c.jpg");
    QTest::newRow("no spaces after commas") << QStringLiteral("a.jpg 1x,b.jpg 2x") << QStringLiteral("b.jpg");
    QTest::newRow("comma in url") << QStringLiteral("https://x/w_1,h_2/a.jpg 10w,https://x/w_3,h_4/b.jpg 20w") << QStringLiteral("https://x/w_3,h_4/b.jpg");
    QTest::newRow("trailing comma") << QStringLiteral("a.jpg,") << QStringLiteral("a.jpg");
    QTest::newRow("newlines") << QStringLiteral("\n a.jpg\n 400w,\n b.jpg\n 800w\n") << QStringLiteral("b.jpg");
    QTest::newRow("invalid descriptor") << QStringLiteral("a.jpg 2q, b.jpg") << QStringLiteral("b.jpg");
    QTest::newRow("two descriptors") << QStringLiteral("a.jpg 2x 400w, b.jpg") << QStringLiteral("b.jpg");
    QTest::newRow("height allowed") << QStringLiteral("a.jpg 400w 300h") << QStringLiteral("a.jpg");
    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("commas only") << QStringLiteral(" , ,, ") << QString();
}

void TestPageParser::srcsetCandidates()
{
    QFETCH(QString, srcset);
    QFETCH(QString, largest);
    QCOMPARE(Srcset::largest(srcset), largest);
}

void TestPageParser::cssUrls_data()
{
    QTest::addColumn<QString>("css");
    QTest::addColumn<QStringList>("urls");
    QTest::newRow("unquoted") << QStringLiteral("a{background:url(x.png)}") << QStringList{QStringLiteral("x.png")};
    QTest::newRow("quoted") << QStringLiteral("a{background:url( \"x y.png\" )}") << QStringList{QStringLiteral("x y.png")};
    QTest::newRow("escapes") << QStringLiteral("a{b:url(a\\)b.png) c:url('\\31 .png')}") << QStringList{QStringLiteral("a)b.png"), QStringLiteral("1.png")};
    QTest::newRow("comment") << QStringLiteral("/* url(no.png) */a{b:url(yes.png)}") << QStringList{QStringLiteral("yes.png")};
    QTest::newRow("string") << QStringLiteral("a{content:'url(no.png)'}") << QStringList();
    QTest::newRow("import") << QStringLiteral("@import url(a.css);@IMPORT 'b.css';x{y:url(c.png)}") << QStringList{QStringLiteral("c.png")};
    QTest::newRow("font-face") << QStringLiteral("@font-face{src:url(f.woff)}x{y:url(c.png)}") << QStringList{QStringLiteral("c.png")};
    QTest::newRow("not url") << QStringLiteral("a{b:myurl(x.png) c:url-ish(y.png)}") << QStringList();
    QTest::newRow("bad url") << QStringLiteral("a{b:url(x y.png) c:url(z.png)}") << QStringList{QStringLiteral("z.png")};
    QTest::newRow("unterminated") << QStringLiteral("a{b:url(end.png") << QStringList{QStringLiteral("end.png")};
    QTest::newRow("unterminated comment") << QStringLiteral("a{b:url(x.png)} /* url(y.png)") << QStringList{QStringLiteral("x.png")};
    QTest::newRow("empty") << QStringLiteral("a{b:url() c:url('')}") << QStringList();
}

void TestPageParser::cssUrls()
{
    QFETCH(QString, css);
    QFETCH(QStringList, urls);
    QCOMPARE(CssUrls::extract(css), urls);
}

void TestPageParser::lazyValues_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<bool>("address");
    QTest::addColumn<QString>("set");   // the largest candidate when the value is a srcset with descriptors
    QTest::newRow("relative") << QStringLiteral("photos/a.jpg") << true << QString();
    QTest::newRow("file name") << QStringLiteral("a.jpg") << true << QString();
    QTest::newRow("absolute") << QStringLiteral("https://cdn.example/a") << true << QString();
    QTest::newRow("protocol-relative") << QStringLiteral("//cdn.example/a?w=800") << true << QString();
    QTest::newRow("script with a query") << QStringLiteral("image.php?id=3") << true << QString();
    QTest::newRow("commas in the path") << QStringLiteral("https://x/w_300,h_200/a.jpg") << true << QString();
    QTest::newRow("space in a file name") << QStringLiteral("my photo.jpg") << true << QString();
    QTest::newRow("srcset") << QStringLiteral("a.jpg 300w, b.jpg 900w") << false << QStringLiteral("b.jpg");
    QTest::newRow("density srcset") << QStringLiteral("a.jpg 1x, b.jpg 2x") << false << QStringLiteral("b.jpg");
    QTest::newRow("mustache") << QStringLiteral("{{ photo.url }}") << false << QString();
    QTest::newRow("es6 template") << QStringLiteral("${item.image}") << false << QString();
    QTest::newRow("width template") << QStringLiteral("//cdn/a_{width}x.jpg") << false << QString();
    QTest::newRow("width template set") << QStringLiteral("//cdn/a_{width}x.jpg 180w") << false << QString();
    QTest::newRow("encoded template") << QStringLiteral("//cdn/a_%7Bwidth%7Dx.jpg") << false << QString();
    QTest::newRow("erb") << QStringLiteral("<%= image_path %>") << false << QString();
    QTest::newRow("json") << QStringLiteral("{\"src\":\"a.jpg\"}") << false << QString();
    QTest::newRow("json array") << QStringLiteral("[\"a.jpg\"]") << false << QString();
    QTest::newRow("data") << QStringLiteral("data:image/gif;base64,R0lGOD") << false << QString();
    QTest::newRow("javascript") << QStringLiteral("javascript:void(0)") << false << QString();
    QTest::newRow("about") << QStringLiteral("about:blank") << false << QString();
    QTest::newRow("fragment") << QStringLiteral("#gallery") << false << QString();
    QTest::newRow("true") << QStringLiteral("true") << false << QString();
    QTest::newRow("lazy") << QStringLiteral("lazy") << false << QString();
    QTest::newRow("number") << QStringLiteral("1") << false << QString();
    QTest::newRow("decimal") << QStringLiteral("1.5") << false << QString();
    QTest::newRow("ratio") << QStringLiteral("16/9") << false << QString();
    QTest::newRow("focal point") << QStringLiteral("0.5,0.5") << false << QString();
    QTest::newRow("dimensions") << QStringLiteral("2500x1667") << false << QString();
    QTest::newRow("sizes") << QStringLiteral("(max-width: 600px) 480px, 800px") << false << QString();
    QTest::newRow("caption") << QStringLiteral("A walk / by the sea") << false << QString();
    QTest::newRow("words with x") << QStringLiteral("Chapter 2x") << false << QString();
}

void TestPageParser::lazyValues()
{
    QFETCH(QString, value);
    QFETCH(bool, address);
    QFETCH(QString, set);
    QCOMPARE(LazyAttributes::isAddress(value), address);
    QCOMPARE(LazyAttributes::largestOfSet(value, Srcset::kDefaultPixelsPerX, false), set);
}

void TestPageParser::lazyBackgrounds_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QStringList>("urls");
    QTest::newRow("address") << QStringLiteral("bg.jpg") << QStringList{QStringLiteral("bg.jpg")};
    QTest::newRow("url()") << QStringLiteral("url('bg.jpg')") << QStringList{QStringLiteral("bg.jpg")};
    QTest::newRow("layers") << QStringLiteral("url(a.jpg), url(b.jpg), linear-gradient(#fff, #ccc)") << QStringList{QStringLiteral("a.jpg"), QStringLiteral("b.jpg")};
    QTest::newRow("image-set") << QStringLiteral("url(a.jpg) 1x, url(b.jpg) 2x") << QStringList{QStringLiteral("b.jpg")};
    QTest::newRow("image-set()") << QStringLiteral("image-set(url(a.jpg) 1x, url(b.jpg) 2x)") << QStringList{QStringLiteral("b.jpg")};
    QTest::newRow("image-sets per layer") << QStringLiteral("url(a.jpg) 1x, url(b.jpg) 2x | url(c.png) 1x, url(d.png) 2x") << QStringList{QStringLiteral("b.jpg"), QStringLiteral("d.png")};
    QTest::newRow("lozad list") << QStringLiteral("a.png,b.png") << QStringList{QStringLiteral("a.png"), QStringLiteral("b.png")};
    QTest::newRow("comma in one address") << QStringLiteral("https://x/w_300,h_200/a.jpg") << QStringList{QStringLiteral("https://x/w_300,h_200/a.jpg")};
    QTest::newRow("bgset") << QStringLiteral("s.jpg 400w, l.jpg 1400w") << QStringList{QStringLiteral("l.jpg")};
    QTest::newRow("template") << QStringLiteral("{{ hero }}") << QStringList();
    QTest::newRow("template in url()") << QStringLiteral("url({{ bg }})") << QStringList();
    QTest::newRow("colour") << QStringLiteral("#fafafa") << QStringList();
}

void TestPageParser::lazyBackgrounds()
{
    QFETCH(QString, value);
    QFETCH(QStringList, urls);
    QCOMPARE(LazyAttributes::backgroundUrls(value), urls);
}

void TestPageParser::placeholderSources_data()
{
    QTest::addColumn<QString>("src");
    QTest::addColumn<bool>("placeholder");
    QTest::newRow("none") << QString() << true;
    QTest::newRow("data gif") << QStringLiteral("data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP") << true;
    QTest::newRow("about:blank") << QStringLiteral("about:blank") << true;
    QTest::newRow("blank.gif") << QStringLiteral("/img/blank.gif") << true;
    QTest::newRow("spacer") << QStringLiteral("https://x/spacer.png") << true;
    QTest::newRow("a3 lazy") << QStringLiteral("//x/a3-lazy-load/assets/images/lazy_placeholder.gif") << true;
    QTest::newRow("1x1") << QStringLiteral("1x1.png") << true;
    QTest::newRow("loading") << QStringLiteral("img/loading.gif") << true;
    QTest::newRow("grey gif") << QStringLiteral("grey.gif") << true;
    QTest::newRow("photo") << QStringLiteral("photos/harbour.jpg") << false;
    QTest::newRow("grey photo") << QStringLiteral("photos/grey-heron.jpg") << false;
    QTest::newRow("thumbnail") << QStringLiteral("photos/harbour-300x200.jpg") << false;
}

void TestPageParser::placeholderSources()
{
    QFETCH(QString, src);
    QFETCH(bool, placeholder);
    QCOMPARE(LazyAttributes::isPlaceholderSource(src), placeholder);
}

void TestPageParser::charsetFromContentType_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QByteArray>("encoding");
    QTest::newRow("none") << QByteArray("text/html") << QByteArray();
    QTest::newRow("utf-8") << QByteArray("text/html; charset=utf-8") << QByteArray("UTF-8");
    QTest::newRow("quoted, upper case") << QByteArray("text/html;CHARSET=\"Windows-1251\"") << QByteArray("windows-1251");
    QTest::newRow("latin-1 is windows-1252") << QByteArray("text/html; charset=ISO-8859-1") << QByteArray("windows-1252");
    QTest::newRow("ascii is windows-1252") << QByteArray("text/html; charset=us-ascii") << QByteArray("windows-1252");
    QTest::newRow("gb2312 is GBK") << QByteArray("text/html; foo=bar; charset=gb2312") << QByteArray("GBK");
    QTest::newRow("unknown") << QByteArray("text/html; charset=klingon") << QByteArray();
}

void TestPageParser::charsetFromContentType()
{
    QFETCH(QByteArray, header);
    QFETCH(QByteArray, encoding);
    QCOMPARE(PageCharset::fromContentType(header), encoding);
}

void TestPageParser::charsetPrescan_data()
{
    QTest::addColumn<QByteArray>("head");
    QTest::addColumn<QByteArray>("encoding");
    QTest::newRow("meta charset") << QByteArray("<meta charset=koi8-r>") << QByteArray("KOI8-R");
    QTest::newRow("upper case, quoted") << QByteArray("<META CHARSET='SHIFT_JIS'>") << QByteArray("Shift_JIS");
    QTest::newRow("http-equiv") << QByteArray("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">") << QByteArray("windows-1251");
    QTest::newRow("content without http-equiv") << QByteArray("<meta content=\"text/html; charset=windows-1251\">") << QByteArray();
    QTest::newRow("after a comment") << QByteArray("<!-- <meta charset=big5> --><meta charset=euc-jp>") << QByteArray("EUC-JP");
    QTest::newRow("inside an attribute") << QByteArray("<div title='<meta charset=big5>'><meta charset=gbk>") << QByteArray("GBK");
    QTest::newRow("utf-16 means utf-8") << QByteArray("<meta charset=utf-16>") << QByteArray("UTF-8");
    QTest::newRow("past 1024 bytes") << (QByteArray(1100, ' ') + "<meta charset=koi8-r>") << QByteArray();
    QTest::newRow("unterminated") << QByteArray("<meta charset=\"koi8-r") << QByteArray();
    QTest::newRow("none") << QByteArray("<html><body>") << QByteArray();
}

void TestPageParser::charsetPrescan()
{
    QFETCH(QByteArray, head);
    QFETCH(QByteArray, encoding);
    QCOMPARE(PageCharset::prescan(head), encoding);
}

QTEST_GUILESS_MAIN(TestPageParser)
#include "tst_pageparser.moc"
