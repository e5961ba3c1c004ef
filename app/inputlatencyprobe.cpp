#include "app/inputlatencyprobe.h"

#include "app/filterfield.h"
#include "app/galleryview.h"

#include <QCoreApplication>
#include <QKeyEvent>
#include <QScrollBar>
#include <QWheelEvent>
#include <algorithm>

namespace glint {
namespace {
enum Target { Gallery = 0, Field = 1 };
constexpr qint64 kGiveUpNs = 1000LL * 1000 * 1000;
}

InputLatencyProbe::InputLatencyProbe(GalleryView *gallery, FilterField *field, QObject *parent)
    : QObject(parent), m_gallery(gallery), m_field(field)
{
    m_timer.setInterval(50);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &InputLatencyProbe::postNext);
    connect(gallery, &GalleryView::painted, this, [this] { onPainted(Gallery); });
    connect(field, &FilterField::painted, this, [this] { onPainted(Field); });
    gallery->viewport()->installEventFilter(this);
    field->installEventFilter(this);
}

// Only a paint after the event was handled can show its effect; earlier paints do not count.
bool InputLatencyProbe::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::Wheel && watched == m_gallery->viewport())
        m_delivered[Gallery] = true;
    else if (event->type() == QEvent::KeyPress && watched == m_field)
        m_delivered[Field] = true;
    return false;
}

void InputLatencyProbe::start()
{
    m_clock.start();
    m_samples.clear();
    m_timer.start();
}

void InputLatencyProbe::stop()
{
    m_timer.stop();
}

void InputLatencyProbe::postNext()
{
    const int target = m_tick % 2 == 0 ? Gallery : Field;
    const int step = m_tick / 2;
    ++m_tick;
    const qint64 now = m_clock.nsecsElapsed();
    if (m_postedNs[target] >= 0 && now - m_postedNs[target] < kGiveUpNs)
        return;   // the last one has not painted yet: do not stack events
    // An input only has a paint to wait for when it changes something: a wheel turn at the end of
    // the scroll range, or before there is anything to scroll, changes nothing, and timing it would
    // measure the next unrelated repaint. Turn towards where there is room instead.
    const QScrollBar *bar = m_gallery->verticalScrollBar();
    bool down = step % 2 == 0;
    if (target == Gallery) {
        if (bar->maximum() <= bar->minimum())
            return;
        if (bar->value() <= bar->minimum())
            down = true;
        else if (bar->value() >= bar->maximum())
            down = false;
    }
    m_postedNs[target] = now;
    m_delivered[target] = false;
    if (target == Gallery) {
        // Down then up again, so the probe never drifts the user's scroll position far.
        QWidget *viewport = m_gallery->viewport();
        const QPointF pos = QRectF(viewport->rect()).center();
        const QPoint delta(0, down ? -120 : 120);
        QCoreApplication::postEvent(viewport, new QWheelEvent(pos, viewport->mapToGlobal(pos), QPoint(), delta,
                                                              Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false));
    } else {
        // A space then a backspace: the text changes and repaints, the (trimmed) filter does not.
        const bool space = step % 2 == 0;
        QCoreApplication::postEvent(m_field, new QKeyEvent(QEvent::KeyPress, space ? Qt::Key_Space : Qt::Key_Backspace,
                                                           Qt::NoModifier, space ? QStringLiteral(" ") : QString()));
    }
}

void InputLatencyProbe::onPainted(int target)
{
    if (m_postedNs[target] < 0 || !m_delivered[target])
        return;
    m_samples.push_back((m_clock.nsecsElapsed() - m_postedNs[target]) / 1e6);
    m_postedNs[target] = -1;
}

LagStats InputLatencyProbe::stats() const
{
    return LagProbe::summarize(m_samples);
}

} // namespace glint
