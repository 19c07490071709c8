"""ETags and conditional GETs for the API's reads.

Django's ConditionalGetMiddleware hashes the body into an ETag and answers `If-None-Match`
with 304; here it is limited to the API (pages carry per-request CSRF tokens and nonces), and
responses vary by the caller so no shared cache hands one member's page to another.
"""

from django.middleware.http import ConditionalGetMiddleware
from django.utils.cache import patch_vary_headers

API_PREFIX = "/api/v1/"


class ApiConditionalGetMiddleware(ConditionalGetMiddleware):
    def process_response(self, request, response):
        if not request.path.startswith(API_PREFIX):
            return response
        patch_vary_headers(response, ("Authorization", "Cookie", "Accept-Language"))
        if response.status_code != 200:
            return response
        response.setdefault("Cache-Control", "private, no-cache")
        return super().process_response(request, response)
