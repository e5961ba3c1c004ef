#pragma once
// A srcset attribute ("a.jpg 480w, b.jpg 2x") split into candidates with the HTML parsing
// algorithm, which, unlike splitting at commas, keeps URLs that contain commas
// ("https://cdn/w_300,h_200/a.jpg 300w"). Pure and thread-safe.
#include <QList>
#include <QString>
#include <QStringView>

namespace glint {

struct SrcsetCandidate {
    QString url;
    double width = 0;     // the w descriptor, 0 when absent
    double density = 0;   // the x descriptor, 0 when absent (then 1x unless a width is given)
};

class Srcset final {
public:
    static QList<SrcsetCandidate> parse(QStringView srcset);
    // How large a candidate is in pixels, to compare candidates of different sets: its width, or
    // its density times pixelsPerX (the img's width attribute when known).
    static double score(const SrcsetCandidate &candidate, double pixelsPerX);
    // The URL of the largest candidate (the first of equals), or empty when there is none.
    static QString largest(QStringView srcset, double pixelsPerX = kDefaultPixelsPerX);

    // A guess at the CSS width of an image whose width is not given: a typical content column.
    static constexpr double kDefaultPixelsPerX = 800;
};

} // namespace glint
