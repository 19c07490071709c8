"""Names of languages for any BCP 47 tag (langcodes' CLDR data), for pages that list them."""

import langcodes


def language_name(code: str, in_language: str | None = None) -> str:
    """The language's name in `in_language`, or in its own script when None; else the code."""
    try:
        return langcodes.Language.get(code).display_name(in_language or code)
    except (ValueError, LookupError):
        return code
