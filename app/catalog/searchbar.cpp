#include "app/catalog/searchbar.h"

#include "app/filterfield.h"

#include <QComboBox>
#include <QHBoxLayout>

namespace glint {

SearchBar::SearchBar(QWidget *parent)
    : QWidget(parent)
    , m_text(new FilterField(this))
    , m_format(new QComboBox(this))
    , m_minSize(new QComboBox(this))
    , m_date(new QComboBox(this))
    , m_sort(new QComboBox(this))
{
    m_text->setPlaceholderText(tr("Search the catalog: address, site, page or file name…"));
    m_text->setMinimumWidth(220);
    m_text->setToolTip(tr("Finds images whose address, site, page or file name contains this text"));

    m_format->addItem(tr("Any format"), QByteArray());
    m_format->addItem(QStringLiteral("JPEG"), QByteArray("jpeg"));
    m_format->addItem(QStringLiteral("PNG"), QByteArray("png"));
    m_format->addItem(QStringLiteral("WebP"), QByteArray("webp"));
    m_format->addItem(QStringLiteral("GIF"), QByteArray("gif"));

    // Each entry: minimum width, height and pixel count.
    const auto minimum = [](int width, int height, qint64 pixels) { return QVariantList{width, height, pixels}; };
    m_minSize->addItem(tr("Any size"), minimum(0, 0, 0));
    m_minSize->addItem(QStringLiteral("≥ 640×480"), minimum(640, 480, 0));
    m_minSize->addItem(QStringLiteral("≥ 1280×720"), minimum(1280, 720, 0));
    m_minSize->addItem(QStringLiteral("≥ 1920×1080"), minimum(1920, 1080, 0));
    m_minSize->addItem(tr("≥ %1 MP", "megapixels").arg(12), minimum(0, 0, 12'000'000));

    m_date->addItem(tr("Any time"), -1);
    m_date->addItem(tr("Today"), 0);
    m_date->addItem(tr("Last 7 days"), 7);
    m_date->addItem(tr("Last 30 days"), 30);

    m_sort->addItem(tr("Newest"), int(CatalogQuery::Sort::Newest));
    m_sort->addItem(tr("Oldest"), int(CatalogQuery::Sort::Oldest));
    m_sort->addItem(tr("Largest file"), int(CatalogQuery::Sort::Largest));
    m_sort->addItem(tr("Smallest file"), int(CatalogQuery::Sort::Smallest));
    m_sort->addItem(tr("Most pixels"), int(CatalogQuery::Sort::MostPixels));
    m_sort->addItem(tr("Site"), int(CatalogQuery::Sort::Host));
    m_sort->setToolTip(tr("Sort order"));

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text, 1);
    for (QComboBox *combo : {m_format, m_minSize, m_date, m_sort}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        layout->addWidget(combo);
        connect(combo, &QComboBox::currentIndexChanged, this, &SearchBar::emitNow);
    }

    // Typing restarts the timer: a search per pause, not per key.
    m_typing.setSingleShot(true);
    m_typing.setInterval(kTypingDelayMs);
    connect(&m_typing, &QTimer::timeout, this, &SearchBar::emitNow);
    connect(m_text, &QLineEdit::textChanged, this, [this] {
        if (!m_clearing)
            m_typing.start();
    });
    // Enter does not wait for the pause.
    connect(m_text, &QLineEdit::returnPressed, this, &SearchBar::emitNow);
}

CatalogQuery SearchBar::query(const QDateTime &now) const
{
    CatalogQuery q;
    q.text = m_text->text().trimmed();
    q.format = m_format->currentData().toByteArray();
    const QVariantList min = m_minSize->currentData().toList();
    if (min.size() == 3) {
        q.minWidth = min[0].toInt();
        q.minHeight = min[1].toInt();
        q.minPixels = min[2].toLongLong();
    }
    const int days = m_date->currentData().toInt();
    if (days >= 0) {
        // From the start of a local day: "today" means since midnight, not the last 24 hours.
        q.from = QDateTime(now.date().addDays(-days), QTime(0, 0)).toUTC();
    }
    q.sort = CatalogQuery::Sort(m_sort->currentData().toInt());
    return q;
}

void SearchBar::clear()
{
    m_clearing = true;
    m_text->clear();
    for (QComboBox *combo : {m_format, m_minSize, m_date, m_sort}) {
        const QSignalBlocker block(combo);
        combo->setCurrentIndex(0);
    }
    m_clearing = false;
    emitNow();
}

QString SearchBar::text() const
{
    return m_text->text();
}

CatalogQuery::Sort SearchBar::sort() const
{
    return CatalogQuery::Sort(m_sort->currentData().toInt());
}

void SearchBar::restore(const QString &text, CatalogQuery::Sort sort)
{
    m_clearing = true;   // no typing timer, no queryChanged
    m_text->setText(text);
    const int index = m_sort->findData(int(sort));
    if (index >= 0) {
        const QSignalBlocker block(m_sort);
        m_sort->setCurrentIndex(index);
    }
    m_clearing = false;
}

void SearchBar::emitNow()
{
    if (m_clearing)
        return;
    m_typing.stop();
    Q_EMIT queryChanged(query());
}

} // namespace glint
