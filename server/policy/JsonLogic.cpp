#include "JsonLogic.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>

#include <cmath>
#include <functional>
#include <limits>

namespace countersign::server::jsonlogic {

namespace {

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

bool isLogic(const QJsonValue &v)
{
    return v.isObject() && v.toObject().size() == 1;
}

// JavaScript's String(value).
QString jsString(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Undefined:
        return QStringLiteral("undefined");
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (std::isnan(d))
            return QStringLiteral("NaN");
        if (std::isinf(d))
            return d > 0 ? QStringLiteral("Infinity") : QStringLiteral("-Infinity");
        if (d == std::floor(d) && std::abs(d) < 1e21)
            return QString::number(static_cast<qint64>(d));
        return QString::number(d, 'g', QLocale::FloatingPointShortest);
    }
    case QJsonValue::String:
        return v.toString();
    case QJsonValue::Array: {
        QStringList parts;
        for (const QJsonValue &e : v.toArray())
            parts.append(e.isNull() || e.isUndefined() ? QString() : jsString(e));
        return parts.join(u',');
    }
    case QJsonValue::Object:
        return QStringLiteral("[object Object]");
    }
    return {};
}

// JavaScript's Number(value).
double jsNumber(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return 0;
    case QJsonValue::Undefined:
        return NaN;
    case QJsonValue::Bool:
        return v.toBool() ? 1 : 0;
    case QJsonValue::Double:
        return v.toDouble();
    case QJsonValue::String: {
        const QString s = v.toString().trimmed();
        if (s.isEmpty())
            return 0;
        if (s == QLatin1String("Infinity") || s == QLatin1String("+Infinity"))
            return std::numeric_limits<double>::infinity();
        if (s == QLatin1String("-Infinity"))
            return -std::numeric_limits<double>::infinity();
        bool ok = false;
        const double d = s.toDouble(&ok);
        return ok ? d : NaN;
    }
    case QJsonValue::Array:
        return jsNumber(QJsonValue(jsString(v)));
    case QJsonValue::Object:
        return NaN;
    }
    return NaN;
}

// JavaScript's parseFloat: the longest numeric prefix, NaN when there is none.
double jsParseFloat(const QJsonValue &v)
{
    static const QRegularExpression prefix(
        QStringLiteral(R"(^\s*([+-]?(?:Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)))"));
    const QRegularExpressionMatch m = prefix.match(jsString(v));
    if (!m.hasMatch())
        return NaN;
    return jsNumber(QJsonValue(m.captured(1)));
}

bool strictEquals(const QJsonValue &a, const QJsonValue &b)
{
    if (a.type() != b.type())
        return false;
    switch (a.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return true;
    case QJsonValue::Bool:
        return a.toBool() == b.toBool();
    case QJsonValue::Double:
        return a.toDouble() == b.toDouble();
    case QJsonValue::String:
        return a.toString() == b.toString();
    default:
        return false;  // arrays and objects compare by identity in JavaScript; two evaluated values never share one
    }
}

bool isPrimitive(const QJsonValue &v)
{
    return !v.isArray() && !v.isObject();
}

// JavaScript's abstract equality (==).
bool looseEquals(const QJsonValue &a, const QJsonValue &b)
{
    const bool aNullish = a.isNull() || a.isUndefined();
    const bool bNullish = b.isNull() || b.isUndefined();
    if (aNullish || bNullish)
        return aNullish && bNullish;
    if (a.type() == b.type())
        return strictEquals(a, b);
    if (a.isBool())
        return looseEquals(QJsonValue(jsNumber(a)), b);
    if (b.isBool())
        return looseEquals(a, QJsonValue(jsNumber(b)));
    if (a.isDouble() && b.isString())
        return a.toDouble() == jsNumber(b);
    if (a.isString() && b.isDouble())
        return jsNumber(a) == b.toDouble();
    if (!isPrimitive(a) && isPrimitive(b))
        return looseEquals(QJsonValue(jsString(a)), b);
    if (isPrimitive(a) && !isPrimitive(b))
        return looseEquals(a, QJsonValue(jsString(b)));
    return false;
}

// JavaScript's a < b (and, through `orEqual`, a <= b) after ToPrimitive.
bool lessThan(const QJsonValue &a, const QJsonValue &b, bool orEqual)
{
    const QJsonValue pa = isPrimitive(a) ? a : QJsonValue(jsString(a));
    const QJsonValue pb = isPrimitive(b) ? b : QJsonValue(jsString(b));
    if (pa.isString() && pb.isString())
        return orEqual ? pa.toString() <= pb.toString() : pa.toString() < pb.toString();
    const double x = jsNumber(pa);
    const double y = jsNumber(pb);
    return orEqual ? x <= y : x < y;
}

QJsonValue at(const QJsonArray &args, qsizetype i)
{
    return i < args.size() ? args.at(i) : QJsonValue(QJsonValue::Undefined);
}

QJsonValue number(double d)
{
    return QJsonValue(d);
}

// A value as JSON (undefined, which JSON cannot hold, becomes null).
QJsonValue defined(const QJsonValue &v)
{
    return v.isUndefined() ? QJsonValue() : v;
}

QJsonValue var(const QJsonValue &path, const QJsonValue &fallback, const QJsonValue &data)
{
    const QJsonValue notFound = fallback.isUndefined() ? QJsonValue() : fallback;
    if (path.isUndefined() || path.isNull() || (path.isString() && path.toString().isEmpty())
        || (path.isArray() && path.toArray().isEmpty()))
        return data;
    QJsonValue current = data;
    const QStringList parts = jsString(path).split(u'.');
    for (const QString &part : parts) {
        if (current.isNull() || current.isUndefined())
            return notFound;
        if (current.isObject()) {
            current = current.toObject().value(part);
        } else if (current.isArray()) {
            bool ok = false;
            const int index = part.toInt(&ok);
            current = ok && index >= 0 ? at(current.toArray(), index) : QJsonValue(QJsonValue::Undefined);
        } else if (current.isString()) {
            bool ok = false;
            const int index = part.toInt(&ok);
            const QString s = current.toString();
            current = ok && index >= 0 && index < s.size() ? QJsonValue(QString(s.at(index))) : QJsonValue(QJsonValue::Undefined);
        } else {
            current = QJsonValue(QJsonValue::Undefined);
        }
        if (current.isUndefined())
            return notFound;
    }
    return current;
}

QJsonArray missing(const QJsonArray &args, const QJsonValue &data)
{
    const QJsonArray keys = !args.isEmpty() && args.first().isArray() ? args.first().toArray() : args;
    QJsonArray result;
    for (const QJsonValue &key : keys) {
        const QJsonValue value = var(key, QJsonValue::Undefined, data);
        if (value.isNull() || (value.isString() && value.toString().isEmpty()))
            result.append(key);
    }
    return result;
}

// JavaScript's String.prototype.substr(start, length).
QString substr(const QString &s, double start, std::optional<double> length)
{
    const qsizetype size = s.size();
    qsizetype from = std::isnan(start) ? 0 : static_cast<qsizetype>(start);
    if (from < 0)
        from = std::max<qsizetype>(size + from, 0);
    from = std::min(from, size);
    qsizetype count = size - from;
    if (length)
        count = std::clamp<qsizetype>(std::isnan(*length) ? 0 : static_cast<qsizetype>(*length), 0, size - from);
    return s.mid(from, count);
}

using Eager = std::function<QJsonValue(const QJsonArray &args)>;

QJsonValue fold(const QJsonArray &args, double start, double (*op)(double, double), double (*convert)(const QJsonValue &))
{
    double acc = start;
    for (const QJsonValue &v : args)
        acc = op(acc, convert(v));
    return number(acc);
}

const QHash<QString, Eager> &eagerOperations()
{
    static const QHash<QString, Eager> ops = {
        {QStringLiteral("=="), [](const QJsonArray &a) { return QJsonValue(looseEquals(at(a, 0), at(a, 1))); }},
        {QStringLiteral("==="), [](const QJsonArray &a) { return QJsonValue(strictEquals(at(a, 0), at(a, 1))); }},
        {QStringLiteral("!="), [](const QJsonArray &a) { return QJsonValue(!looseEquals(at(a, 0), at(a, 1))); }},
        {QStringLiteral("!=="), [](const QJsonArray &a) { return QJsonValue(!strictEquals(at(a, 0), at(a, 1))); }},
        {QStringLiteral(">"), [](const QJsonArray &a) { return QJsonValue(lessThan(at(a, 1), at(a, 0), false)); }},
        {QStringLiteral(">="), [](const QJsonArray &a) { return QJsonValue(lessThan(at(a, 1), at(a, 0), true)); }},
        {QStringLiteral("<"), [](const QJsonArray &a) {
             if (a.size() >= 3)
                 return QJsonValue(lessThan(a.at(0), a.at(1), false) && lessThan(a.at(1), a.at(2), false));
             return QJsonValue(lessThan(at(a, 0), at(a, 1), false));
         }},
        {QStringLiteral("<="), [](const QJsonArray &a) {
             if (a.size() >= 3)
                 return QJsonValue(lessThan(a.at(0), a.at(1), true) && lessThan(a.at(1), a.at(2), true));
             return QJsonValue(lessThan(at(a, 0), at(a, 1), true));
         }},
        {QStringLiteral("!"), [](const QJsonArray &a) { return QJsonValue(!truthy(at(a, 0))); }},
        {QStringLiteral("!!"), [](const QJsonArray &a) { return QJsonValue(truthy(at(a, 0))); }},
        {QStringLiteral("%"), [](const QJsonArray &a) { return number(std::fmod(jsNumber(at(a, 0)), jsNumber(at(a, 1)))); }},
        {QStringLiteral("log"), [](const QJsonArray &a) { return defined(at(a, 0)); }},
        {QStringLiteral("in"), [](const QJsonArray &a) {
             const QJsonValue needle = at(a, 0);
             const QJsonValue haystack = at(a, 1);
             if (haystack.isString())
                 return QJsonValue(haystack.toString().contains(jsString(needle)));
             if (haystack.isArray()) {
                 for (const QJsonValue &e : haystack.toArray()) {
                     if (strictEquals(e, needle))
                         return QJsonValue(true);
                 }
             }
             return QJsonValue(false);
         }},
        {QStringLiteral("cat"), [](const QJsonArray &a) {
             QString s;
             for (const QJsonValue &v : a)
                 s += jsString(v);
             return QJsonValue(s);
         }},
        {QStringLiteral("substr"), [](const QJsonArray &a) {
             const QString source = jsString(at(a, 0));
             const double start = jsNumber(at(a, 1));
             const QJsonValue len = at(a, 2);
             if (len.isUndefined())
                 return QJsonValue(substr(source, start, std::nullopt));
             const double n = jsNumber(len);
             if (n < 0) {
                 const QString tail = substr(source, start, std::nullopt);
                 return QJsonValue(tail.left(std::max<qsizetype>(tail.size() + static_cast<qsizetype>(n), 0)));
             }
             return QJsonValue(substr(source, start, n));
         }},
        {QStringLiteral("+"), [](const QJsonArray &a) { return fold(a, 0, [](double x, double y) { return x + y; }, jsParseFloat); }},
        {QStringLiteral("*"), [](const QJsonArray &a) {
             if (a.isEmpty())
                 return QJsonValue();
             double acc = jsParseFloat(a.first());
             for (qsizetype i = 1; i < a.size(); ++i)
                 acc *= jsParseFloat(a.at(i));
             return number(acc);
         }},
        {QStringLiteral("-"), [](const QJsonArray &a) {
             if (a.size() < 2)
                 return number(-jsNumber(at(a, 0)));
             return number(jsNumber(a.at(0)) - jsNumber(a.at(1)));
         }},
        {QStringLiteral("/"), [](const QJsonArray &a) { return number(jsNumber(at(a, 0)) / jsNumber(at(a, 1))); }},
        {QStringLiteral("min"), [](const QJsonArray &a) {
             if (a.isEmpty())
                 return QJsonValue();
             return fold(a, std::numeric_limits<double>::infinity(), [](double x, double y) {
                 return std::isnan(x) || std::isnan(y) ? NaN : std::min(x, y);
             }, jsNumber);
         }},
        {QStringLiteral("max"), [](const QJsonArray &a) {
             if (a.isEmpty())
                 return QJsonValue();
             return fold(a, -std::numeric_limits<double>::infinity(), [](double x, double y) {
                 return std::isnan(x) || std::isnan(y) ? NaN : std::max(x, y);
             }, jsNumber);
         }},
        {QStringLiteral("merge"), [](const QJsonArray &a) {
             QJsonArray out;
             for (const QJsonValue &v : a) {
                 if (v.isArray()) {
                     for (const QJsonValue &e : v.toArray())
                         out.append(e);
                 } else {
                     out.append(v);
                 }
             }
             return QJsonValue(out);
         }},
    };
    return ops;
}

// Operations that decide themselves which arguments to evaluate, and against which data.
const QStringList &lazyOperations()
{
    static const QStringList ops = {
        QStringLiteral("if"), QStringLiteral("?:"), QStringLiteral("and"), QStringLiteral("or"),
        QStringLiteral("var"), QStringLiteral("missing"), QStringLiteral("missing_some"),
        QStringLiteral("map"), QStringLiteral("filter"), QStringLiteral("reduce"),
        QStringLiteral("all"), QStringLiteral("some"), QStringLiteral("none"),
    };
    return ops;
}

QJsonArray argumentsOf(const QJsonValue &v)
{
    if (v.isArray())
        return v.toArray();
    return QJsonArray{v};
}

QJsonArray evaluateAll(const QJsonArray &args, const QJsonValue &data)
{
    QJsonArray out;
    for (const QJsonValue &v : args)
        out.append(apply(v, data));
    return out;
}

QJsonArray filtered(const QJsonArray &args, const QJsonValue &data)
{
    const QJsonValue scope = apply(at(args, 0), data);
    QJsonArray out;
    if (!scope.isArray())
        return out;
    for (const QJsonValue &item : scope.toArray()) {
        if (truthy(apply(at(args, 1), item)))
            out.append(item);
    }
    return out;
}

QJsonValue applyLazy(const QString &op, const QJsonArray &args, const QJsonValue &data)
{
    if (op == QLatin1String("if") || op == QLatin1String("?:")) {
        qsizetype i = 0;
        for (; i + 1 < args.size(); i += 2) {
            if (truthy(apply(args.at(i), data)))
                return apply(args.at(i + 1), data);
        }
        return i + 1 == args.size() ? apply(args.at(i), data) : QJsonValue();
    }
    if (op == QLatin1String("and") || op == QLatin1String("or")) {
        const bool isAnd = op == QLatin1String("and");
        QJsonValue current;
        for (const QJsonValue &arg : args) {
            current = apply(arg, data);
            if (truthy(current) != isAnd)
                return current;
        }
        return current;
    }
    if (op == QLatin1String("var")) {
        const QJsonArray evaluated = evaluateAll(args, data);
        return var(at(evaluated, 0), at(evaluated, 1), data);
    }
    if (op == QLatin1String("missing"))
        return missing(evaluateAll(args, data), data);
    if (op == QLatin1String("missing_some")) {
        const QJsonArray evaluated = evaluateAll(args, data);
        const double need = jsNumber(at(evaluated, 0));
        const QJsonArray options = at(evaluated, 1).toArray();
        const QJsonArray absent = missing(QJsonArray{options}, data);
        return double(options.size() - absent.size()) >= need ? QJsonArray() : absent;
    }
    if (op == QLatin1String("map")) {
        const QJsonValue scope = apply(at(args, 0), data);
        QJsonArray out;
        for (const QJsonValue &item : scope.toArray())
            out.append(apply(at(args, 1), item));
        return out;
    }
    if (op == QLatin1String("filter"))
        return filtered(args, data);
    if (op == QLatin1String("reduce")) {
        const QJsonValue scope = apply(at(args, 0), data);
        QJsonValue accumulator = args.size() > 2 ? apply(args.at(2), data) : QJsonValue();
        if (!scope.isArray())
            return accumulator;
        for (const QJsonValue &item : scope.toArray())
            accumulator = apply(at(args, 1), QJsonObject{{QStringLiteral("current"), item},
                                                         {QStringLiteral("accumulator"), accumulator}});
        return accumulator;
    }
    if (op == QLatin1String("all")) {
        const QJsonValue scope = apply(at(args, 0), data);
        if (!scope.isArray() || scope.toArray().isEmpty())
            return false;
        for (const QJsonValue &item : scope.toArray()) {
            if (!truthy(apply(at(args, 1), item)))
                return false;
        }
        return true;
    }
    if (op == QLatin1String("some"))
        return !filtered(args, data).isEmpty();
    if (op == QLatin1String("none"))
        return filtered(args, data).isEmpty();
    return QJsonValue();
}

} // namespace

bool truthy(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return false;
    case QJsonValue::Bool:
        return v.toBool();
    case QJsonValue::Double:
        return v.toDouble() != 0 && !std::isnan(v.toDouble());
    case QJsonValue::String:
        return !v.toString().isEmpty();
    case QJsonValue::Array:
        return !v.toArray().isEmpty();
    case QJsonValue::Object:
        return true;
    }
    return false;
}

std::optional<QString> validate(const QJsonValue &rule)
{
    if (rule.isArray()) {
        for (const QJsonValue &v : rule.toArray()) {
            if (auto problem = validate(v))
                return problem;
        }
        return std::nullopt;
    }
    if (!isLogic(rule))
        return std::nullopt;  // a literal (objects with several keys are data, as in the reference implementation)
    const QJsonObject o = rule.toObject();
    const QString op = o.begin().key();
    if (!eagerOperations().contains(op) && !lazyOperations().contains(op))
        return QStringLiteral("unknown operator \"%1\"").arg(op);
    return validate(o.begin().value());
}

QJsonValue apply(const QJsonValue &rule, const QJsonValue &data)
{
    if (rule.isArray())
        return evaluateAll(rule.toArray(), data);
    if (!isLogic(rule))
        return rule;
    const QJsonObject o = rule.toObject();
    const QString op = o.begin().key();
    const QJsonArray args = argumentsOf(o.begin().value());
    if (lazyOperations().contains(op))
        return defined(applyLazy(op, args, data));
    const auto eager = eagerOperations().constFind(op);
    if (eager == eagerOperations().cend())
        return QJsonValue();
    // A single operation as the argument list ({"+": {"merge": ...}}) spreads the array it evaluates to.
    if (!o.begin().value().isArray() && isLogic(o.begin().value())) {
        const QJsonValue spread = apply(o.begin().value(), data);
        if (spread.isArray())
            return defined((*eager)(spread.toArray()));
        return defined((*eager)(QJsonArray{spread}));
    }
    return defined((*eager)(evaluateAll(args, data)));
}

} // namespace countersign::server::jsonlogic
