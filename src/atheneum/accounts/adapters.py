from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        """New members start in the language they signed up in."""
        user = super().save_user(request, user, form, commit=False)
        language = getattr(request, "LANGUAGE_CODE", "") or ""
        from django.conf import settings

        if language in dict(settings.LANGUAGES):
            user.interface_language = language
        zone = request.COOKIES.get(settings.TIMEZONE_COOKIE_NAME)
        from atheneum.common.timezones import is_valid_timezone

        if is_valid_timezone(zone):
            user.time_zone = zone
        if commit:
            user.save()
        return user
