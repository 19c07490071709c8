"""Demo data for the API: one personal access token for the demo member, with a FIXED value.

DEMO ONLY. The value below is public (it is in the README), so anyone can use it against a demo
site; a real token is always random and shown once. Having a known token lets the README's curl
examples work against `make run` straight after loading the demo:

    curl -H "Authorization: Bearer ath_demo0000_member-demo-token-learn-together" \\
        http://localhost:8000/api/v1/me

Running `load` twice changes nothing: the token is found by its lookup first.
"""

from .models import ApiToken, hash_token
from .scopes import AREAS, READ, WRITE

DEMO_LOOKUP = "demo0000"
DEMO_RAW_TOKEN = f"ath_{DEMO_LOOKUP}_member-demo-token-learn-together"  # noqa: S105 - demo only
DEMO_SCOPES = sorted([f"{area}:{READ}" for area in AREAS] + [f"portfolio:{WRITE}"])


def load(*, organisations: dict, users: dict) -> None:
    if ApiToken.objects.filter(lookup=DEMO_LOOKUP).exists():
        return
    ApiToken.objects.create(
        user=users["member"],
        name="Demo token (README examples)",
        lookup=DEMO_LOOKUP,
        key_hash=hash_token(DEMO_RAW_TOKEN),
        scopes=DEMO_SCOPES,
    )
