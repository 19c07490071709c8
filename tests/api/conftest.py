"""Fixtures for API tests: a token of any scopes for any role, and a client that sends it."""

import pytest
from django.test import Client

from atheneum.api.scopes import ALL_SCOPES
from atheneum.api.services import token_create


@pytest.fixture
def token_for(db):
    """`token_for(user, scopes=ALL_SCOPES)` → the raw token."""

    def make(user, scopes=ALL_SCOPES):
        _token, raw = token_create(user=user, name="test", scopes=list(scopes))
        return raw

    return make


@pytest.fixture
def api_client(token_for):
    """`api_client(user, scopes=…)` → a Client sending `Authorization: Bearer …` (or none for
    user=None)."""

    def make(user=None, scopes=ALL_SCOPES):
        if user is None:
            return Client()
        return Client(HTTP_AUTHORIZATION=f"Bearer {token_for(user, scopes)}")

    return make
