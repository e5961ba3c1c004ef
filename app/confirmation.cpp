#include "app/confirmation.h"

#include <QMessageBox>
#include <QPushButton>

namespace glint {

QMessageBox *askToConfirm(QWidget *parent, const Confirmation &question, const QObject *context, std::function<void()> yes)
{
    auto *box = new QMessageBox(QMessageBox::Question, question.title, question.text, QMessageBox::NoButton, parent);
    box->setObjectName(question.objectName);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(question.informativeText);
    QPushButton *accept = box->addButton(question.acceptText, QMessageBox::AcceptRole);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(accept);
    QObject::connect(box, &QMessageBox::finished, context, [box, accept, yes = std::move(yes)] {
        if (box->clickedButton() == accept)
            yes();
    });
    box->open();
    return box;
}

} // namespace glint
