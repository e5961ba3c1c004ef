#pragma once
// Help ▸ How Glint Stays Responsive: docs/ASYNC.md, compiled into the executable (":/docs/ASYNC.md")
// and shown as rendered Markdown, so the guide is there in an installed Glint too.
//
// Threads: GUI thread; the text comes from the resource (memory), no file is read. Ownership: a
// window of its own (WA_DeleteOnClose), non-modal: the user can read it while Glint works.
#include <QDialog>

namespace glint {

class GuideDialog final : public QDialog {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GuideDialog)
public:
    static constexpr const char *kResource = ":/docs/ASYNC.md";
    explicit GuideDialog(QWidget *parent = nullptr);
};

} // namespace glint
