#include "app/guidedialog.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace glint {

GuideDialog::GuideDialog(QWidget *parent) : QDialog(parent)
{
    setWindowTitle(tr("How Glint Stays Responsive"));
    setAttribute(Qt::WA_DeleteOnClose);
    resize(900, 720);
    auto *layout = new QVBoxLayout(this);
    auto *text = new QTextBrowser(this);
    text->setOpenExternalLinks(true);
    QFile guide(QString::fromLatin1(kResource));
    if (guide.open(QIODevice::ReadOnly))
        text->setMarkdown(QString::fromUtf8(guide.readAll()));
    else
        text->setPlainText(tr("The guide is not part of this build. It is docs/ASYNC.md in Glint's sources."));
    layout->addWidget(text);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::close);
    layout->addWidget(buttons);
}

} // namespace glint
