#include "app/filterfield.h"

namespace glint {

FilterField::FilterField(QWidget *parent) : QLineEdit(parent)
{
    setPlaceholderText(tr("Filter by name or address…"));
    setClearButtonEnabled(true);
}

void FilterField::paintEvent(QPaintEvent *event)
{
    QLineEdit::paintEvent(event);
    Q_EMIT painted();
}

} // namespace glint
