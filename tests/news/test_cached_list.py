"""The public post list is a cached fragment: every change shows on the next request, each
language and time zone gets its own, and a warm list costs no queries."""

import datetime
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from atheneum.news import services
from atheneum.news.enums import PostStatus

from .factories import PostFactory

URL = "/news/"


def _get(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_post_list_shows_post_created_through_service(client, organisation, organiser, post):
    assert "Why reflection matters" in _get(client)
    services.post_create(
        organisation=organisation,
        title="Fresh from the press",
        body="Text.",
        language="en",
        status=PostStatus.PUBLISHED,
        acting_user=organiser,
    )
    assert "Fresh from the press" in _get(client)


def test_post_list_shows_changes_made_through_models(client, post, tag, author, organisation):
    _get(client)
    post.title = "Renamed through the admin"
    post.save()
    tag.name = "renamed tag"
    tag.save()
    author.display_name = "Wren Renamed"
    author.save(update_fields=["display_name"])
    organisation.name = "Riverside Libraries"
    organisation.save()
    html = _get(client)
    assert "Renamed through the admin" in html
    assert "renamed tag" in html
    assert "Wren Renamed" in html
    assert "Riverside Libraries" in html


def test_post_list_forgets_removed_tag_and_deleted_author(client, post, tag, author):
    _get(client)
    assert 'href="/news/tags/cpd/"' in _get(client)
    post.tags.remove(tag)
    assert 'href="/news/tags/cpd/"' not in _get(client)
    author.delete()
    assert "Wren Writer" not in _get(client)


def test_post_list_shows_scheduled_post_when_its_time_comes(client, organisation, post):
    later = timezone.now() + datetime.timedelta(minutes=30)
    PostFactory(organisation=organisation, title="Scheduled news", published_at=later)
    assert "Scheduled news" not in _get(client)
    with mock.patch.object(timezone, "now", return_value=later + datetime.timedelta(seconds=1)):
        assert "Scheduled news" in _get(client)


def test_post_list_sign_in_does_not_empty_the_cache(client, post, author):
    _get(client)
    author.save(update_fields=["last_login"])
    with CaptureQueriesContext(connection) as queries:
        _get(client)
    assert len(queries) == 0


def test_post_list_fragment_per_language(client, organisation):
    PostFactory(
        organisation=organisation,
        published_at=datetime.datetime(2026, 1, 1, 12, 0, tzinfo=datetime.UTC),
    )
    assert "Jan. 1, 2026" in _get(client)
    client.cookies["atheneum_language"] = "de"
    html = _get(client)
    assert "1. Januar 2026" in html
    assert "Jan. 1, 2026" not in html
    client.cookies["atheneum_language"] = "en"
    assert "Jan. 1, 2026" in _get(client)


def test_post_list_fragment_per_time_zone(client, organisation):
    PostFactory(
        organisation=organisation,
        title="Late news",
        published_at=datetime.datetime(2026, 1, 1, 23, 30, tzinfo=datetime.UTC),
    )
    assert "(UTC)" in _get(client)
    client.cookies["atheneum_tz"] = "Asia/Tokyo"
    html = _get(client)
    assert "(Asia/Tokyo)" in html
    assert "(UTC)" not in html
    assert "Jan. 2, 2026" in html  # 08:30 on the next day in Tokyo
    client.cookies["atheneum_tz"] = "UTC"
    assert "Jan. 1, 2026" in _get(client)


@pytest.mark.parametrize("page", ["", "?page=2", "?page=x", "?page=99"])
def test_post_list_warm_costs_no_queries(client, organisation, page):
    for _ in range(12):
        PostFactory(organisation=organisation)
    client.get(URL + page)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL + page)
    assert response.status_code == 200
    assert len(queries) == 0


def test_post_list_pages_do_not_share_fragments(client, organisation):
    for number in range(12):
        PostFactory(organisation=organisation, title=f"Numbered post {number:02}")
    first = _get(client)
    client.get(URL + "?page=2")
    second = client.get(URL + "?page=2").content.decode()
    assert "Numbered post 11" in first
    assert "Numbered post 11" not in second
    assert "Numbered post 00" in second
