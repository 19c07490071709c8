from django.conf import settings


def site(request):
    return {
        "timezone_name": getattr(request, "timezone_name", "UTC"),
        "timezone_guessed": getattr(request, "timezone_guessed", False),
        "site_languages": settings.LANGUAGES,
    }
