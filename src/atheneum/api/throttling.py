"""Rate limits per token (or per signed-in member, or per address when anonymous)."""

from django.conf import settings
from ninja.throttling import AuthRateThrottle


class CallerRateThrottle(AuthRateThrottle):
    """One bucket per token: `str(request.auth)` is `token:<pk>` (see ApiToken.__str__)."""

    scope = "api"

    def __init__(self) -> None:
        super().__init__(settings.API_RATE_LIMIT)

    def allow_request(self, request) -> bool:
        # Read the setting on every call, so an operator's (or a test's) change applies at once.
        if self.rate != settings.API_RATE_LIMIT:
            self.rate = settings.API_RATE_LIMIT
            self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)
