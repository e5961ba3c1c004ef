#include "app/gallerydelegate.h"

#include "app/gallerymodel.h"
#include "app/galleryproxy.h"
#include "core/pipeline/item.h"

#include <QApplication>
#include <QPainter>
#include <QPainterPath>
#include <QStaticText>

namespace glint {

namespace {

// A scaled copy is a textured fill: like a gradient's (see placeholderArt()), Qt 6.4 splits one of 96
// or more scan lines across QThreadPool::globalInstance() and waits for it. Clipped to 64 device
// rows at a time, each part stays on this thread; the pixels are the same.
void drawScaledInBands(QPainter *painter, const QRect &target, const QPixmap &pixmap)
{
    const int band = qMax(1, int(64 / painter->device()->devicePixelRatioF()));
    for (int y = target.top(); y <= target.bottom(); y += band) {
        painter->save();
        painter->setClipRect(QRect(target.left(), y, target.width(), qMin(band, target.bottom() + 1 - y)), Qt::IntersectClip);
        painter->drawPixmap(target, pixmap);
        painter->restore();
    }
}

} // namespace

QSize GalleryDelegate::sizeHint(const QStyleOptionViewItem &, const QModelIndex &) const
{
    return {m_imageArea.width() + 2 * kPadding, m_imageArea.height() + kCaptionHeight + 2 * kPadding};
}

void GalleryDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QPalette &palette = option.palette;
    const bool selected = option.state.testFlag(QStyle::State_Selected);
    const bool hovered = option.state.testFlag(QStyle::State_MouseOver);
    const auto state = Item::State(index.data(GalleryModel::StateRole).toInt());

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const qreal dpr = painter->device()->devicePixelRatioF();
    const QRectF card = QRectF(option.rect).adjusted(3, 3, -3, -3);
    painter->drawPixmap(option.rect.topLeft(), cardArt(option.rect.size(), selected, hovered, palette, dpr));
    // The keyboard's place, visible whether or not the tile is selected (arrows move it, Enter opens).
    if (option.state.testFlag(QStyle::State_HasFocus)) {
        QPen focus(palette.color(QPalette::Highlight), 1, Qt::DashLine);
        painter->setPen(focus);
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(card.adjusted(-2, -2, 2, 2), 9, 9);
    }

    const QRect imageRect(option.rect.left() + kPadding, option.rect.top() + kPadding, m_imageArea.width(), m_imageArea.height());
    const QPixmap pixmap = index.data(Qt::DecorationRole).value<QPixmap>();
    if (!pixmap.isNull()) {
        const QSize size = pixmap.size().scaled(imageRect.size(), Qt::KeepAspectRatio).boundedTo(pixmap.size());
        QRect target(QPoint(), size);
        target.moveCenter(imageRect.center());
        if (size == pixmap.size()) {
            painter->drawPixmap(target, pixmap);   // a copy as it is
        } else {
            painter->setRenderHint(QPainter::SmoothPixmapTransform);
            drawScaledInBands(painter, target, pixmap);
        }
        if (!m_paintedThumbnail) {
            m_paintedThumbnail = true;
            // After this paint returns: the signal means "on screen", not "about to be".
            QMetaObject::invokeMethod(const_cast<GalleryDelegate *>(this), &GalleryDelegate::firstThumbnailPainted, Qt::QueuedConnection);
        }
    } else {
        // Cancelled is the user's own choice, not an error: drawn like a tile still waiting.
        const bool cancelled = index.data(GalleryModel::CancelledRole).toBool();
        const bool failed = state == Item::State::Failed && !cancelled;
        painter->drawPixmap(imageRect.topLeft(), placeholderArt(failed, palette, dpr));
        const QPointF centre = QRectF(imageRect).center();
        if (failed) {
            painter->setPen(Qt::NoPen);
            painter->setBrush(QColor(0xd9, 0x3f, 0x2f));
            painter->drawEllipse(centre, 18, 18);
            QFont badge = option.font;
            badge.setBold(true);
            badge.setPixelSize(24);
            painter->setFont(badge);
            painter->setPen(Qt::white);
            painter->drawText(QRectF(centre.x() - 18, centre.y() - 18, 36, 36), Qt::AlignCenter, QStringLiteral("!"));
        } else {
            const double progress = index.data(GalleryModel::ProgressRole).toDouble();
            // Done without a pixmap: evicted from the cache and being made again (ThumbnailCache).
            // The card alone: no word for the few milliseconds that takes.
            const QString label = cancelled                  ? tr("Cancelled")
                : state == Item::State::Done                 ? QString()
                : state == Item::State::Queued               ? tr("Queued")
                : state == Item::State::Decoding             ? tr("Decoding…")
                : progress >= 0                              ? tr("Downloading %L1 %").arg(int(progress * 100))
                                                             : tr("Downloading…");
            painter->setPen(palette.color(QPalette::PlaceholderText));
            painter->drawText(imageRect, Qt::AlignCenter, label);
            if (state == Item::State::Downloading && progress >= 0) {
                const QRectF track(imageRect.left() + 24, imageRect.bottom() - 24, imageRect.width() - 48, 5);
                painter->setPen(Qt::NoPen);
                painter->setBrush(palette.color(QPalette::Mid).lighter(140));
                painter->drawRoundedRect(track, 2.5, 2.5);
                painter->setBrush(palette.color(QPalette::Highlight));
                painter->drawRoundedRect(QRectF(track.topLeft(), QSizeF(track.width() * progress, track.height())), 2.5, 2.5);
            }
        }
    }

    paintGroup(painter, option, index, card, imageRect);

    const QRect caption(imageRect.left(), imageRect.bottom() + 6, imageRect.width(), kCaptionHeight - 6);
    painter->setPen(palette.color(QPalette::Text));
    drawLine(painter, caption.adjusted(0, 0, 0, -caption.height() / 2), index.data(Qt::DisplayRole).toString(),
             option.font, Qt::ElideMiddle);
    QFont small = option.font;
    small.setPointSizeF(small.pointSizeF() * 0.88);
    QString detail = index.data(GalleryModel::DetailRole).toString();
    if (state == Item::State::Failed) {
        const bool cancelled = index.data(GalleryModel::CancelledRole).toBool();
        painter->setPen(cancelled ? palette.color(QPalette::PlaceholderText) : QColor(0xc6, 0x28, 0x28));
        detail = index.data(GalleryModel::ErrorRole).toString();
    } else {
        painter->setPen(palette.color(QPalette::PlaceholderText));
    }
    drawLine(painter, caption.adjusted(0, caption.height() / 2, 0, 0), detail, small, Qt::ElideRight);
    painter->restore();
}

void GalleryDelegate::drawLine(QPainter *painter, const QRect &rect, const QString &text, const QFont &font,
                               Qt::TextElideMode mode) const
{
    if (text.isEmpty())
        return;
    const QFontMetricsF metrics(font);
    const QString key = QString::number(rect.width()) + QLatin1Char(mode == Qt::ElideMiddle ? 'm' : 'r')
        + font.key() + QLatin1Char('\n') + text;
    QStaticText *line = m_lines.object(key);
    if (!line) {
        line = new QStaticText(metrics.elidedText(text, mode, rect.width()));
        line->setTextFormat(Qt::PlainText);
        line->prepare(QTransform(), font);
        m_lines.insert(key, line);
    }
    // Where drawText() puts one line centred in `rect`: the line's height is its ascent and descent.
    const qreal top = rect.top() + (rect.height() - (metrics.ascent() + metrics.descent())) / 2;
    painter->setFont(font);
    painter->drawStaticText(QPointF(rect.left(), top), *line);
}

const QPixmap &GalleryDelegate::remembered(Art &art, QSize size, qreal dpr, const std::array<QRgb, 2> &colors,
                                           const std::function<void(QPainter &, const QRectF &)> &paint)
{
    if (art.size == size && art.dpr == dpr && art.colors == colors)
        return art.pixmap;
    QImage image((QSizeF(size) * dpr).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.setDevicePixelRatio(dpr);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    paint(painter, QRectF(QPointF(0, 0), QSizeF(size)));
    painter.end();
    art = {size, dpr, colors, QPixmap::fromImage(std::move(image))};
    return art.pixmap;
}

const QPixmap &GalleryDelegate::cardArt(QSize tile, bool selected, bool hovered, const QPalette &palette, qreal dpr) const
{
    QColor fill = palette.color(QPalette::Base);
    if (hovered)
        fill = fill.darker(104);
    const QColor outline = selected ? palette.color(QPalette::Highlight) : palette.color(QPalette::Mid).lighter(130);
    return remembered(m_cards[(selected ? 2 : 0) + (hovered ? 1 : 0)], tile, dpr, {fill.rgba(), outline.rgba()},
                      [&](QPainter &painter, const QRectF &area) {
                          painter.setPen(QPen(outline, selected ? 2 : 1));
                          painter.setBrush(fill);
                          painter.drawRoundedRect(area.adjusted(3, 3, -3, -3), 8, 8);
                      });
}

const QPixmap &GalleryDelegate::placeholderArt(bool failed, const QPalette &palette, qreal dpr) const
{
    const QColor from = failed ? QColor(0xfb, 0xe9, 0xe7) : palette.color(QPalette::AlternateBase);
    const QColor to = failed ? QColor(0xf6, 0xd5, 0xd1) : palette.color(QPalette::Window);
    return remembered(m_placeholders[failed ? 1 : 0], m_imageArea, dpr, {from.rgba(), to.rgba()},
                      [&](QPainter &painter, const QRectF &area) {
                          QPainterPath path;
                          path.addRoundedRect(area, 6, 6);
                          QLinearGradient gradient(area.topLeft(), area.bottomRight());
                          gradient.setColorAt(0, from);
                          gradient.setColorAt(1, to);
                          painter.fillPath(path, gradient);
                      });
}

// Grouped by page (View ▸ Sort By ▸ Group by Page): a stripe in the page's colour on every tile, and
// the page's address over the first tile of each group. Both answers are O(1) (GalleryProxy).
void GalleryDelegate::paintGroup(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index,
                                 const QRectF &card, const QRect &imageRect) const
{
    const QVariant group = index.data(GalleryProxy::GroupRole);
    if (!group.isValid() || group.toInt() < 0)
        return;
    const QColor tint = QColor::fromHsv((group.toInt() * 137) % 360, 150, 190);
    painter->setPen(Qt::NoPen);
    painter->setBrush(tint);
    painter->drawRoundedRect(QRectF(card.left() + 1, card.top() + 10, 4, card.height() - 20), 2, 2);
    const QString heading = index.data(GalleryProxy::GroupHeadingRole).toString();
    if (heading.isEmpty())
        return;
    QFont font = option.font;
    font.setBold(true);
    const QFontMetrics metrics(font);
    const QRect band(imageRect.left(), imageRect.top(), imageRect.width(), metrics.height() + 8);
    QColor fill = tint.darker(160);
    fill.setAlpha(235);
    painter->setBrush(fill);
    painter->drawRoundedRect(QRectF(band), 5, 5);
    painter->setFont(font);
    painter->setPen(Qt::white);
    painter->drawText(band.adjusted(8, 0, -8, 0), Qt::AlignLeft | Qt::AlignVCenter,
                      metrics.elidedText(heading, Qt::ElideMiddle, band.width() - 16));
}

} // namespace glint
