#include "SmtpSender.h"


#include <curl/curl.h>

#include <cstring>

#include <mutex>

namespace countersign::server {

namespace {

struct Upload
{
    QByteArray data;
    qsizetype offset = 0;
};

size_t readPayload(char *buffer, size_t size, size_t count, void *userdata)
{
    auto *upload = static_cast<Upload *>(userdata);
    const size_t room = size * count;
    const size_t left = size_t(upload->data.size() - upload->offset);
    const size_t n = std::min(room, left);
    std::memcpy(buffer, upload->data.constData() + upload->offset, n);
    upload->offset += qsizetype(n);
    return n;
}

void initCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// Runs on a worker thread. Returns an empty string on success, else why it failed.
QString sendBlocking(const Config::Notifications::Email &config, const EmailMessage &message)
{
    CURL *curl = curl_easy_init();
    if (!curl)
        return QStringLiteral("libcurl could not start a session");
    const bool implicitTls = config.tls == QLatin1String("smtps");
    const QString host = config.host.contains(u':') ? u'[' + config.host + u']' : config.host;  // IPv6 literal
    const QByteArray url = QStringLiteral("%1://%2:%3")
                               .arg(implicitTls ? QStringLiteral("smtps") : QStringLiteral("smtp"), host)
                               .arg(config.port).toUtf8();
    const QByteArray from = "<" + config.from.toUtf8() + ">";
    const QByteArray user = config.user.toUtf8();
    const QByteArray password = config.password.toUtf8();
    curl_slist *recipients = nullptr;
    for (const QString &to : message.to)
        recipients = curl_slist_append(recipients, QByteArray("<" + to.toUtf8() + ">").constData());
    Upload upload{message.toRfc5322(), 0};
    char errorBuffer[CURL_ERROR_SIZE] = {};

    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, readPayload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, long(config.timeoutS));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, long(std::min(config.timeoutS, 15)));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    if (config.tls == QLatin1String("auto"))
        curl_easy_setopt(curl, CURLOPT_USE_SSL, long(CURLUSESSL_TRY));
    else if (config.tls == QLatin1String("starttls") || implicitTls)
        curl_easy_setopt(curl, CURLOPT_USE_SSL, long(CURLUSESSL_ALL));
    if (!user.isEmpty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, password.constData());
    }
    const CURLcode result = curl_easy_perform(curl);
    QString error;
    if (result != CURLE_OK) {
        long response = 0;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
        error = QString::fromUtf8(errorBuffer[0] ? errorBuffer : curl_easy_strerror(result));
        if (response > 0)
            error += QStringLiteral(" (SMTP %1)").arg(response);
    }
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    return error;
}

} // namespace

SmtpSender::SmtpSender(const Config::Notifications::Email &config, QObject *parent)
    : QObject(parent)
    , m_config(config)
{
    initCurlOnce();
    m_pool.setMaxThreadCount(4);
}

SmtpSender::~SmtpSender()
{
    m_pool.waitForDone();
}

void SmtpSender::send(const EmailMessage &message, Done done)
{
    const Config::Notifications::Email config = m_config;  // a copy: the worker must not read shared state
    // The destructor waits for the pool, so `this` outlives every task; a result posted to an object that is
    // then destroyed is dropped with it.
    m_pool.start([this, config, message, done = std::move(done)] {
        const QString error = sendBlocking(config, message);
        QMetaObject::invokeMethod(this, [error, done] { done(error.isEmpty(), error); }, Qt::QueuedConnection);
    });
}

} // namespace countersign::server
