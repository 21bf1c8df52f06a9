#pragma once

#include "Config.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QString>

#include <cmath>
#include <optional>
#include <type_traits>

namespace countersign::server {

// The key of `known` nearest to `typo` (by edit distance), or empty when none is close.
QString nearestKey(const QString &typo, const QSet<QString> &known);

// Reads typed values out of one JSON object, remembering the first key that is wrong. It also remembers every
// key it was asked for, so that rejectUnknown() can refuse a misspelt one ("escalaton") instead of leaving the
// feature silently off.
class Reader
{
public:
    Reader(const QJsonObject &obj, QString path, ConfigError *error)
        : m_obj(obj), m_path(std::move(path)), m_error(error) {}

    bool ok() const { return m_ok; }
    QString key(const QString &name) const { return m_path.isEmpty() ? name : m_path + u'.' + name; }

    void fail(const QString &name, const QString &message)
    {
        if (!m_ok)
            return;
        m_ok = false;
        if (m_error)
            *m_error = {key(name), message};
    }

    // Keys read elsewhere (by another Reader on the same object): known all the same.
    void known(std::initializer_list<const char *> names)
    {
        for (const char *n : names)
            m_asked.insert(QLatin1String(n));
    }

    // Fails on the first key of the object that no read asked for, naming the nearest known one.
    void rejectUnknown()
    {
        if (!m_ok)
            return;
        for (auto it = m_obj.begin(); it != m_obj.end(); ++it) {
            if (m_asked.contains(it.key()))
                continue;
            const QString nearest = nearestKey(it.key(), m_asked);
            return fail(it.key(), nearest.isEmpty()
                                      ? QStringLiteral("is not a known key")
                                      : QStringLiteral("is not a known key (did you mean \"%1\"?)").arg(key(nearest)));
        }
    }

    void string(const QString &name, QString *out, bool nonEmpty = false)
    {
        m_asked.insert(name);
        const QJsonValue v = m_obj.value(name);
        if (v.isUndefined())
            return;
        if (!v.isString() || (nonEmpty && v.toString().isEmpty()))
            return fail(name, nonEmpty ? QStringLiteral("must be a non-empty string") : QStringLiteral("must be a string"));
        *out = v.toString();
    }

    template<typename T>
    void number(const QString &name, T *out, double min, double max)
    {
        m_asked.insert(name);
        const QJsonValue v = m_obj.value(name);
        if (v.isUndefined())
            return;
        if (!v.isDouble() || v.toDouble() < min || v.toDouble() > max
            || (std::is_integral_v<T> && v.toDouble() != std::floor(v.toDouble()))) {
            return fail(name, QStringLiteral("must be a %1 between %2 and %3")
                                  .arg(std::is_integral_v<T> ? QStringLiteral("whole number") : QStringLiteral("number"))
                                  .arg(min).arg(max));
        }
        *out = static_cast<T>(v.toDouble());
    }

    QJsonValue value(const QString &name)
    {
        m_asked.insert(name);
        return m_obj.value(name);
    }

    // An array of non-empty strings.
    void stringList(const QString &name, QStringList *out)
    {
        m_asked.insert(name);
        const QJsonValue v = m_obj.value(name);
        if (v.isUndefined())
            return;
        QStringList list;
        const QJsonArray array = v.toArray();
        for (const QJsonValue &e : array) {
            if (!e.isString() || e.toString().isEmpty())
                return fail(name, QStringLiteral("must be an array of non-empty strings"));
            list.append(e.toString());
        }
        if (!v.isArray())
            return fail(name, QStringLiteral("must be an array of non-empty strings"));
        *out = list;
    }

    std::optional<QJsonObject> object(const QString &name)
    {
        m_asked.insert(name);
        const QJsonValue v = m_obj.value(name);
        if (v.isUndefined())
            return QJsonObject{};
        if (!v.isObject()) {
            fail(name, QStringLiteral("must be an object"));
            return std::nullopt;
        }
        return v.toObject();
    }

private:
    QJsonObject m_obj;
    QString m_path;
    ConfigError *m_error;
    bool m_ok = true;
    QSet<QString> m_asked;
};


} // namespace countersign::server
