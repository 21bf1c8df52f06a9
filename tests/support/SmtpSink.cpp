#include "SmtpSink.h"

#include <QTcpServer>
#include <QTcpSocket>

#include <memory>

namespace countersign::test {

QByteArray SmtpSink::Mail::header(const QByteArray &name) const
{
    const QByteArray head = data.left(data.indexOf("\r\n\r\n"));
    for (const QByteArray &line : head.split('\n')) {
        const QByteArray l = line.trimmed();
        if (l.toLower().startsWith(QByteArray(name.toLower() + ':')))
            return l.mid(name.size() + 1).trimmed();
    }
    return {};
}

QString SmtpSink::Mail::text() const
{
    const qsizetype at = data.indexOf("\r\n\r\n");
    return QString::fromUtf8(at < 0 ? data : data.mid(at + 4));
}

SmtpSink::SmtpSink(QList<Session> script, bool offerStartTls, QObject *parent)
    : QObject(parent)
    , m_server(new QTcpServer(this))
    , m_script(std::move(script))
    , m_offerStartTls(offerStartTls)
{
    m_server->listen(QHostAddress::LocalHost, 0);
    connect(m_server, &QTcpServer::newConnection, this, &SmtpSink::accept);
}

SmtpSink::~SmtpSink() = default;

quint16 SmtpSink::port() const
{
    return m_server->serverPort();
}

void SmtpSink::accept()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        ++m_sessions;
        const Session mode = m_script.isEmpty() ? Session::Accept : m_script.takeFirst();
        serve(socket, mode);
    }
}

void SmtpSink::serve(QTcpSocket *socket, Session mode)
{
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    if (mode == Session::RefuseGreeting) {
        socket->write("554 sink: no service for you\r\n");
        socket->disconnectFromHost();
        return;
    }
    socket->write("220 sink ESMTP ready\r\n");
    auto mail = std::make_shared<Mail>();
    auto inData = std::make_shared<bool>(false);
    auto startTls = std::make_shared<bool>(false);
    auto auth = std::make_shared<QByteArray>();
    connect(socket, &QTcpSocket::readyRead, this, [this, socket, mode, mail, inData, startTls, auth] {
        while (socket->canReadLine()) {
            const QByteArray line = socket->readLine();
            if (*inData) {
                if (line == ".\r\n") {
                    *inData = false;
                    mail->startTlsAsked = *startTls;
                    mail->auth = *auth;
                    m_mails.append(*mail);
                    *mail = Mail{};
                    socket->write("250 2.0.0 queued\r\n");
                    Q_EMIT mailReceived();
                } else {
                    mail->data += line.startsWith("..") ? line.mid(1) : line;
                }
                continue;
            }
            const QByteArray command = line.trimmed();
            const QByteArray verb = command.left(command.indexOf(' ') < 0 ? command.size() : command.indexOf(' ')).toUpper();
            if (verb == "EHLO") {
                socket->write("250-sink greets you\r\n");
                if (m_offerStartTls)
                    socket->write("250-STARTTLS\r\n");
                socket->write("250-AUTH PLAIN\r\n250 8BITMIME\r\n");
            } else if (verb == "HELO") {
                socket->write("250 sink\r\n");
            } else if (verb == "STARTTLS") {
                *startTls = true;
                socket->write("454 4.7.0 TLS not available in this sink\r\n");
            } else if (verb == "AUTH") {
                *auth = command;
                socket->write("235 2.7.0 authenticated\r\n");
            } else if (verb == "MAIL") {
                if (mode == Session::RejectMail) {
                    socket->write("451 4.3.0 try again later\r\n");
                    continue;
                }
                mail->from = command.mid(command.indexOf(':') + 1).trimmed();
                socket->write("250 2.1.0 ok\r\n");
            } else if (verb == "RCPT") {
                mail->recipients.append(command.mid(command.indexOf(':') + 1).trimmed());
                socket->write("250 2.1.5 ok\r\n");
            } else if (verb == "DATA") {
                *inData = true;
                socket->write("354 end with <CRLF>.<CRLF>\r\n");
            } else if (verb == "QUIT") {
                socket->write("221 2.0.0 bye\r\n");
                socket->disconnectFromHost();
                return;
            } else {
                socket->write("250 ok\r\n");  // RSET, NOOP
            }
        }
    });
}

} // namespace countersign::test
