#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QStringList>

class QTcpServer;
class QTcpSocket;

namespace countersign::test {

// An SMTP server on loopback that records the mail it is given. It can offer STARTTLS (and then refuse to
// start TLS, so the sender carries on in plain text as "auto" allows) and can refuse the first sessions.
class SmtpSink final : public QObject
{
    Q_OBJECT
public:
    enum class Session { Accept, RefuseGreeting, RejectMail };
    struct Mail
    {
        QByteArray from;
        QList<QByteArray> recipients;
        QByteArray data;  // the message as received, dot-unstuffed
        bool startTlsAsked = false;
        QByteArray auth;  // the AUTH line, when the client authenticated
        QByteArray header(const QByteArray &name) const;
        QString text() const;  // the body after the headers
    };

    explicit SmtpSink(QList<Session> script = {}, bool offerStartTls = true, QObject *parent = nullptr);
    ~SmtpSink() override;

    quint16 port() const;
    const QList<Mail> &mails() const { return m_mails; }
    int sessions() const { return m_sessions; }
    void setScript(QList<Session> script) { m_script = std::move(script); }

Q_SIGNALS:
    void mailReceived();

private:
    void accept();
    void serve(QTcpSocket *socket, Session mode);

    QTcpServer *m_server;
    QList<Session> m_script;
    bool m_offerStartTls;
    int m_sessions = 0;
    QList<Mail> m_mails;
};

} // namespace countersign::test
