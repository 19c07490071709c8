"""Pages about the site itself, whose text lives in their templates."""

import datetime
from email.utils import parseaddr

from django.conf import settings
from django.shortcuts import render

# The day the accessibility statement was last reviewed against the site; change it with the text.
ACCESSIBILITY_REVIEWED = datetime.date(2026, 11, 28)


def accessibility(request):
    """The accessibility statement, with the address the site's operator reads reports at."""
    _name, address = parseaddr(settings.ACCESSIBILITY_CONTACT)
    return render(
        request,
        "common/accessibility.html",
        {"contact": address or settings.ACCESSIBILITY_CONTACT, "reviewed": ACCESSIBILITY_REVIEWED},
    )
