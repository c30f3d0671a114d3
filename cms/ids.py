"""Numbers typed or forged by callers: ids in forms and URLs, ports, header values.

`str.isdigit()` accepts « ² » or « ٣ », which `int()` then refuses or reads as another
number: every number a caller sends is read here, once.
"""

MAX_DIGITS = 18  # fits a PostgreSQL bigint


def parse_id(value):
    """`value` as a non-negative integer when it is only ASCII digits (at most 18), else None."""
    text = str(value if value is not None else "")
    if text and len(text) <= MAX_DIGITS and text.isascii() and text.isdigit():
        return int(text)
    return None
