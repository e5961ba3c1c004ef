#include "app/settings/theme.h"

#include "app/settings/groovecachestyle.h"

#include <QApplication>
#include <QPalette>
#include <QStyle>
#include <QStyleFactory>

namespace glint {
namespace {

struct SystemLook {
    QString style;
    QPalette palette;
};

// What the platform gave, taken before the first change so that System can go back to it.
const SystemLook &systemLook()
{
    static const SystemLook look{QApplication::style()->name(), QApplication::palette()};
    return look;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2b, 0x2e), base(0x1e, 0x1e, 0x20), text(0xe8, 0xe8, 0xea);
    const QColor highlight(0x5b, 0x6c, 0xff);   // the icon's blue
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, window);
    p.setColor(QPalette::ToolTipBase, base);
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, QColor(0x8a, 0x8a, 0x90));
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, window);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x3c, 0x3c, 0x40));
    p.setColor(QPalette::Midlight, QColor(0x34, 0x34, 0x38));
    p.setColor(QPalette::Mid, QColor(0x24, 0x24, 0x26));
    p.setColor(QPalette::Dark, QColor(0x18, 0x18, 0x1a));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, highlight);
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x8f, 0x9b, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb3, 0x8c, 0xff));
    for (const auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, QColor(0x7a, 0x7a, 0x80));
    return p;
}

// Fusion paints its scroll bars' grooves in a way that makes the GUI thread wait (GrooveCacheStyle).
bool isFusion(const QString &styleName)
{
    return styleName.compare(QLatin1String("fusion"), Qt::CaseInsensitive) == 0;
}

QStyle *withCachedGrooves(QStyle *style)
{
    if (style && isFusion(style->name()))
        return new GrooveCacheStyle(style);
    return style;
}

} // namespace

void applyTheme(Preferences::Theme theme)
{
    const SystemLook &system = systemLook();
    switch (theme) {
    case Preferences::Theme::System: {
        const bool cached = qobject_cast<const GrooveCacheStyle *>(QApplication::style());
        const QString name = styleNameInUse();
        if (name != system.style || (!cached && isFusion(name)))
            QApplication::setStyle(withCachedGrooves(QStyleFactory::create(system.style)));
        QApplication::setPalette(system.palette);
        return;
    }
    case Preferences::Theme::Light:
        QApplication::setStyle(withCachedGrooves(QStyleFactory::create(QStringLiteral("Fusion"))));
        QApplication::setPalette(QApplication::style()->standardPalette());
        return;
    case Preferences::Theme::Dark:
        QApplication::setStyle(withCachedGrooves(QStyleFactory::create(QStringLiteral("Fusion"))));
        QApplication::setPalette(darkPalette());
        return;
    }
}

QString styleNameInUse()
{
    const QStyle *style = QApplication::style();
    if (const auto *cached = qobject_cast<const GrooveCacheStyle *>(style))
        return cached->baseStyle()->name();
    return style->name();
}

} // namespace glint
