"""The JSON API, version 1: one NinjaAPI with a router per area.

Each router lives in `routers/<area>.py`, reads through the owning app's selectors, writes
through its services and asks its rules; `require_scope` adds the token's scope check.
"""

from ninja import NinjaAPI

from . import problems
from .auth import AUTH
from .routers import coaching, competencies, events, learning, portfolio, profile, translations
from .throttling import CallerRateThrottle


class AtheneumAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        return problems.declare(super().get_openapi_schema(**kwargs))


api = AtheneumAPI(
    title="Atheneum API",
    version="1",
    description=(
        "Continuing professional development records, competencies, events, learning, coaching "
        "and translation campaigns. Authenticate with a personal access token "
        "(`Authorization: Bearer ath_…`); errors are RFC 9457 problem documents."
    ),
    urls_namespace="api-v1",
    docs_url=None,
    auth=AUTH,
    throttle=[CallerRateThrottle()],
)
problems.install(api)

api.add_router("/me", profile.router)
api.add_router("/portfolio", portfolio.router)
api.add_router("/competencies", competencies.router)
api.add_router("/events", events.router)
api.add_router("/learning", learning.router)
api.add_router("/coaching", coaching.router)
api.add_router("/translations", translations.router)
