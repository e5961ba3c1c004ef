#pragma once
// Where each tile of a gallery goes: equal cells in lines, as many columns as fit the width, each
// card centred in its cell. Every answer — a row's rectangle, the row under a point, the rows in a
// band — is arithmetic on row numbers, O(1) whatever the number of rows, so a view built on it
// never lays rows out (QListView lays every row out again after each batch of new ones: 10–20 ms
// at 100,000 rows).
//
// Threads: a value; any thread. Coordinates are the content's: y = 0 at the top of the first line,
// left to right (a view mirrors x for right-to-left itself).
#include <QPoint>
#include <QRect>
#include <QSize>

namespace glint {

// An inclusive run of numbers (rows, lines or columns); empty when last < first.
struct Span {
    int first = 0;
    int last = -1;
    bool isEmpty() const { return last < first; }
    int size() const { return isEmpty() ? 0 : last - first + 1; }
    friend bool operator==(Span, Span) = default;
};

class TileGrid {
public:
    TileGrid() = default;
    // `card`: one tile's size; `width`: the room across; `gap`: the least room on each side of a card.
    // The columns share the width left over, so the cards spread over the whole width.
    TileGrid(QSize card, int width, int gap);

    bool isNull() const { return m_columns == 0; }
    int columns() const { return m_columns; }
    QSize cell() const { return m_cell; }
    QSize card() const { return m_card; }

    int lineOf(int row) const { return m_columns ? row / m_columns : 0; }
    int lines(int rows) const { return m_columns && rows > 0 ? (rows + m_columns - 1) / m_columns : 0; }
    int height(int rows) const { return lines(rows) * m_cell.height(); }
    int lineTop(int line) const { return line * m_cell.height(); }

    QRect cardRect(int row) const;
    // The row whose card holds `point`, or -1: in a gap, right of the last column, past the last row.
    int rowAt(QPoint point, int rows) const;
    // The lines whose cells meet content rows [top, bottom]: what a paint of that band must draw.
    Span linesIn(int top, int bottom, int rows) const;
    // The lines and columns whose cards meet `rect`: what a rubber band over it selects.
    Span cardLinesIn(const QRect &rect, int rows) const;
    Span cardColumnsIn(const QRect &rect) const;
    // The rows of `lines`, first to last, clipped to the `rows` there are.
    Span rowsOf(Span lines, int rows) const;

    friend bool operator==(const TileGrid &, const TileGrid &) = default;

private:
    QSize m_card;
    QSize m_cell;
    int m_columns = 0;
    int m_inset = 0;   // from a cell's left to its card's
    int m_gap = 0;     // from a cell's top to its card's
};

} // namespace glint
