#include "app/tilegrid.h"

#include <QtGlobal>

namespace glint {

namespace {

// The cells meeting [from, to] along one axis; a value before 0 clips to the first cell.
Span cellsIn(int from, int to, int cell, int count)
{
    if (cell <= 0 || count <= 0 || to < 0 || to < from)
        return {};
    return {qMax(0, from) / cell, qMin(count - 1, to / cell)};
}

// The same, counting a cell only when its card ([offset, offset + extent) inside it) is met.
Span cardsIn(int from, int to, int cell, int offset, int extent, int count)
{
    Span span = cellsIn(from, to, cell, count);
    if (span.isEmpty())
        return span;
    if (from >= 0 && from - span.first * cell >= offset + extent)
        ++span.first;   // starts below (or right of) the first cell's card
    if (to / cell == span.last && to - span.last * cell < offset)
        --span.last;    // ends above (or left of) the last cell's card
    return span;
}

} // namespace

TileGrid::TileGrid(QSize card, int width, int gap) : m_card(card), m_gap(gap)
{
    if (card.isEmpty() || width <= 0)
        return;
    const int least = card.width() + 2 * gap;
    m_columns = qMax(1, width / least);
    m_cell = QSize(qMax(least, width / m_columns), card.height() + 2 * gap);
    m_inset = (m_cell.width() - card.width()) / 2;
}

QRect TileGrid::cardRect(int row) const
{
    if (isNull() || row < 0)
        return {};
    const int line = row / m_columns;
    const int column = row % m_columns;
    return {QPoint(column * m_cell.width() + m_inset, line * m_cell.height() + m_gap), m_card};
}

int TileGrid::rowAt(QPoint point, int rows) const
{
    if (isNull() || point.x() < 0 || point.y() < 0)
        return -1;
    const int column = point.x() / m_cell.width();
    if (column >= m_columns)
        return -1;
    const int row = point.y() / m_cell.height() * m_columns + column;
    if (row >= rows || !cardRect(row).contains(point))
        return -1;
    return row;
}

Span TileGrid::linesIn(int top, int bottom, int rows) const
{
    return isNull() ? Span{} : cellsIn(top, bottom, m_cell.height(), lines(rows));
}

Span TileGrid::cardLinesIn(const QRect &rect, int rows) const
{
    const QRect r = rect.normalized();
    return isNull() ? Span{} : cardsIn(r.top(), r.bottom(), m_cell.height(), m_gap, m_card.height(), lines(rows));
}

Span TileGrid::cardColumnsIn(const QRect &rect) const
{
    const QRect r = rect.normalized();
    return isNull() ? Span{} : cardsIn(r.left(), r.right(), m_cell.width(), m_inset, m_card.width(), m_columns);
}

Span TileGrid::rowsOf(Span lines, int rows) const
{
    if (isNull() || lines.isEmpty() || rows <= 0)
        return {};
    return {lines.first * m_columns, qMin(rows - 1, (lines.last + 1) * m_columns - 1)};
}

} // namespace glint
