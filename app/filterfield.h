#pragma once
#include <QLineEdit>

namespace glint {

// The tool bar's filter field. Says when a paint has finished, for the input-latency probe.
class FilterField final : public QLineEdit {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FilterField)
public:
    explicit FilterField(QWidget *parent = nullptr);

Q_SIGNALS:
    void painted();

protected:
    void paintEvent(QPaintEvent *event) override;
};

} // namespace glint
