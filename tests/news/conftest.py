import pytest

from ..factories import UserFactory
from .factories import PostFactory, TagFactory


@pytest.fixture
def tag(db):
    return TagFactory(name="continuing professional development", slug="cpd")


@pytest.fixture
def author(db):
    return UserFactory(email="writer@example.org", display_name="Wren Writer")


@pytest.fixture
def post(organisation, author, tag):
    return PostFactory(
        organisation=organisation,
        author=author,
        title="Why reflection matters",
        slug="why-reflection-matters",
        tags=[tag],
    )


@pytest.fixture
def draft_post(organisation, author, tag):
    return PostFactory(
        organisation=organisation,
        author=author,
        title="Secret draft about budgets",
        slug="secret-draft",
        status="draft",
        published_at=None,
        tags=[tag],
    )
