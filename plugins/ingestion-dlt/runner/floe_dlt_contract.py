"""The product's contract on its rows: typed columns, nullability, no
undeclared columns. Each record is checked and converted before dlt sees
it, so every violation is known with its file, line and column.

Values are never quoted in messages: they may be personal data.
"""

import datetime
import decimal
import json
import re

_INTEGER = re.compile(r"[+-]?[0-9]+")
_INT64 = (-(2**63), 2**63 - 1)
_TRUE = {"true", "t", "yes", "y", "1"}
_FALSE = {"false", "f", "no", "n", "0"}


class Invalid(Exception):
    """A value that does not fit its declared type; the message says what it is instead."""


def kind_of(value):
    """What a value is, for messages that must not quote it."""
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float, decimal.Decimal)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, datetime.datetime):
        return "a timestamp"
    if isinstance(value, datetime.date):
        return "a date"
    if value is None:
        return "null"
    if isinstance(value, datetime.time):
        return "a time"
    return f"a {type(value).__name__}"


def _text(value):
    if isinstance(value, str):
        return value
    raise Invalid(f"{kind_of(value)}, not a string")


def _bigint(value):
    if isinstance(value, str):
        text = value.strip()
        if not _INTEGER.fullmatch(text):
            raise Invalid("text that is not an integer")
        value = int(text)
    elif isinstance(value, decimal.Decimal) and value == value.to_integral_value():
        value = int(value)
    elif isinstance(value, bool) or not isinstance(value, int):
        raise Invalid(f"{kind_of(value)}, not an integer")
    if not _INT64[0] <= value <= _INT64[1]:
        raise Invalid("an integer outside the 64-bit range")
    return value


def _decimal(value):
    if isinstance(value, str):
        try:
            result = decimal.Decimal(value.strip())
        except decimal.InvalidOperation:
            raise Invalid("text that is not a decimal number") from None
    elif isinstance(value, bool):
        raise Invalid("a boolean, not a decimal number")
    elif isinstance(value, (int, decimal.Decimal)):
        result = decimal.Decimal(value)
    elif isinstance(value, float):
        result = decimal.Decimal(repr(value))
    else:
        raise Invalid(f"{kind_of(value)}, not a decimal number")
    if not result.is_finite():
        raise Invalid("a decimal that is not finite")
    return result


def _double(value):
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            raise Invalid("text that is not a number") from None
    if isinstance(value, bool) or not isinstance(value, (int, float, decimal.Decimal)):
        raise Invalid(f"{kind_of(value)}, not a number")
    return float(value)


def _bool(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise Invalid("text that is not a boolean (true/false, t/f, yes/no, y/n, 1/0)")
    raise Invalid(f"{kind_of(value)}, not a boolean")


def _iso(value, kind, parse, what):
    """A `kind` value as it is, or one parsed from ISO 8601 text."""
    if isinstance(value, str):
        try:
            return parse(value.strip())
        except ValueError:
            raise Invalid(f"text that is not an ISO 8601 {what}") from None
    if isinstance(value, kind):
        return value
    raise Invalid(f"{kind_of(value)}, not a {what}")


def _date(value):
    if isinstance(value, datetime.datetime):  # a datetime is a date too, for isinstance
        raise Invalid("a timestamp, not a date")
    return _iso(value, datetime.date, datetime.date.fromisoformat, "date")


def _fromisoformat_utc(text):
    # Python before 3.11 does not read a "Z" suffix.
    if text.endswith(("Z", "z")):
        text = text[:-1] + "+00:00"
    return datetime.datetime.fromisoformat(text)


def _parse_timestamp(value):
    return _iso(value, datetime.datetime, _fromisoformat_utc, "timestamp")


def _timestamp(value):
    """Without a time zone: an offset is converted to UTC and dropped."""
    parsed = _parse_timestamp(value)
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return parsed


def _timestamptz(value):
    """With a time zone: a timestamp without one is taken as UTC."""
    parsed = _parse_timestamp(value)
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=datetime.timezone.utc)


def _time(value):
    return _iso(value, datetime.time, datetime.time.fromisoformat, "time")


def _json(value):
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            raise Invalid("text that is not JSON") from None
    return value


# dlt data type (+ "tz" for timestamps with a time zone) -> converter. The
# plugin maps floe's type names onto these (src/column_types.cpp).
CONVERTERS = {
    "text": _text,
    "bigint": _bigint,
    "decimal": _decimal,
    "double": _double,
    "bool": _bool,
    "date": _date,
    "timestamp": _timestamp,
    "timestamptz": _timestamptz,
    "time": _time,
    "json": _json,
}


def converter_of(column):
    key = column["data_type"]
    if key == "timestamp" and column.get("timezone"):
        key = "timestamptz"
    return CONVERTERS[key]


class Violation:
    """One way a row breaks the contract."""

    def __init__(self, kind, column, message):
        self.kind = kind  # "type", "null", "undeclared"
        self.column = column
        self.message = message


class Contract:
    def __init__(self, columns):
        self.columns = {column["name"]: column for column in columns}
        self.converters = {column["name"]: converter_of(column) for column in columns}

    def check(self, record):
        """(converted record, violations). The converted record keeps the
        original value wherever a value did not convert, and keeps undeclared
        columns, so that a caller that lets violations through (warn) loads
        what it was given."""
        converted = {}
        violations = []
        for name, column in self.columns.items():
            value = record.get(name)
            if value is None:
                if not column["nullable"]:
                    what = "is null" if name in record else "is missing"
                    violations.append(Violation("null", name, f"{what}, but the contract says it is not nullable"))
                converted[name] = None
                continue
            try:
                converted[name] = self.converters[name](value)
            except Invalid as invalid:
                violations.append(
                    Violation("type", name, f"should be {column['floe_type']} but is {invalid}"))
                converted[name] = value
        for name, value in record.items():
            if name in self.columns or value is None:
                continue
            violations.append(Violation("undeclared", name, "is not a column of the contract"))
            converted[name] = value
        return converted, violations
