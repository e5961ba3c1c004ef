#include "app/thumbnails/tilesizeslider.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSlider>

namespace glint {

TileSizeSlider::TileSizeSlider(int minWidth, int maxWidth, int width, QWidget *parent)
    : QWidget(parent), m_slider(new QSlider(Qt::Horizontal, this)), m_settled(qBound(minWidth, width, maxWidth))
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(tr("Size"), this);
    label->setEnabled(false);   // the palette's muted text: a caption, not a control
    m_slider->setObjectName(QStringLiteral("tileSize"));
    m_slider->setRange(minWidth, maxWidth);
    m_slider->setSingleStep(8);
    m_slider->setPageStep(qMax(8, (maxWidth - minWidth) / 10));
    m_slider->setValue(m_settled);
    m_slider->setFixedWidth(120);
    m_slider->setToolTip(tr("Thumbnail size (Ctrl+wheel over the gallery)"));
    m_slider->setAccessibleName(tr("Thumbnail size"));
    layout->addWidget(label);
    layout->addWidget(m_slider);
    // Its own width and no more: with a message in the status bar (the viewer's caption) the spare
    // room would otherwise open a gap between the caption "Size" and its slider.
    setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);

    m_settle.setSingleShot(true);
    m_settle.setInterval(kSettleMs);
    connect(m_slider, &QSlider::valueChanged, this, [this](int value) {
        Q_EMIT resized(value);
        m_settle.start();   // restarted by every move: one settle after the last
    });
    connect(&m_settle, &QTimer::timeout, this, [this] {
        if (m_slider->value() == m_settled)
            return;
        m_settled = m_slider->value();
        Q_EMIT settled(m_settled);
    });
}

int TileSizeSlider::tileWidth() const
{
    return m_slider->value();
}

void TileSizeSlider::setTileWidth(int width)
{
    m_slider->setValue(width);
}

void TileSizeSlider::stepBy(int steps)
{
    m_slider->setValue(m_slider->value() + steps * m_slider->pageStep());
}

} // namespace glint
