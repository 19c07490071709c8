import pytest

from atheneum.common.spreadsheet import spreadsheet_safe


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=HYPERLINK(1)", "'=HYPERLINK(1)"),
        ("+1", "'+1"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("plain", "plain"),
        (None, ""),
        (3, "3"),
    ],
)
def test_spreadsheet_safe_neutralises_formula_starts(value, expected):
    assert spreadsheet_safe(value) == expected
