"""Fails when any interface string lacks a translation in one of the site's languages.

Run by `make test`: `python -m atheneum.config.check_translations`.
"""

import sys
from pathlib import Path

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
REQUIRED = ["ar", "zh_Hans", "fr", "de", "ru", "es", "sv"]


def problems() -> list[str]:
    found = []
    for language in REQUIRED:
        path = LOCALE_DIR / language / "LC_MESSAGES" / "django.po"
        if not path.exists():
            found.append(f"{path}: missing")
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for message in catalog:
            if not message.id:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                found.append(f"{path}: untranslated or fuzzy: {message.id!r}")
    return found


if __name__ == "__main__":
    issues = problems()
    for line in issues:
        print(line)
    if issues:
        print(f"{len(issues)} interface strings need translating.")
        sys.exit(1)
    print("Every interface string is translated into every site language.")
