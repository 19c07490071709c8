"""CSV cells that spreadsheet programs show as text and never run as formulas (OWASP CSV
injection): a cell starting with = + - @, a tab or a carriage return gets a leading apostrophe."""

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
