import datetime

import feedparser
import pytest
from django.conf import settings
from django.utils import timezone

from atheneum.news.enums import CommentStatus

from .factories import CommentFactory, PostFactory, TagFactory

FEEDS = [
    "/news/feed/atom/",
    "/news/feed/rss/",
    "/news/tags/cpd/feed/atom/",
    "/news/tags/cpd/feed/rss/",
]


@pytest.mark.parametrize("url", FEEDS)
def test_feed_is_valid_and_lists_published_post(client, url, post):
    response = client.get(url)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0
    assert [entry.title for entry in parsed.entries] == ["Why reflection matters"]
    assert [entry.link for entry in parsed.entries] == [
        f"{settings.SITE_URL}/news/why-reflection-matters/"
    ]


@pytest.mark.parametrize("url", FEEDS)
def test_feed_leaves_out_drafts_and_future_posts(client, url, post, draft_post, tag):
    PostFactory(
        organisation=post.organisation,
        title="Scheduled for tomorrow",
        published_at=timezone.now() + datetime.timedelta(days=1),
        tags=[tag],
    )
    parsed = feedparser.parse(client.get(url).content)
    assert [entry.title for entry in parsed.entries] == ["Why reflection matters"]


def test_atom_feed_has_titles_and_entry_language(client, organisation, tag):
    PostFactory(organisation=organisation, title="مرحبا", language="ar", tags=[tag])
    parsed = feedparser.parse(client.get("/news/feed/atom/").content)
    assert parsed.bozo == 0
    assert parsed.feed.title == "Atheneum news"
    assert parsed.entries[0].title == "مرحبا"
    assert parsed.entries[0].title_detail.language == "ar"


def test_tag_feed_title_names_tag(client, post):
    parsed = feedparser.parse(client.get("/news/tags/cpd/feed/rss/").content)
    assert parsed.feed.title == "Atheneum news tagged “continuing professional development”"
    assert parsed.feed.link == f"{settings.SITE_URL}/news/tags/cpd/"


def test_tag_feed_only_lists_its_tag(client, post, organisation):
    PostFactory(organisation=organisation, title="Other topic", tags=[TagFactory()])
    parsed = feedparser.parse(client.get("/news/tags/cpd/feed/atom/").content)
    assert [entry.title for entry in parsed.entries] == ["Why reflection matters"]


def test_feed_body_has_no_script(client, organisation):
    PostFactory(organisation=organisation, body_html="<p>safe</p>")
    content = client.get("/news/feed/rss/").content
    assert b"<script" not in content


def test_feed_never_contains_comments(client, post, member):
    CommentFactory(post=post, author=member, status=CommentStatus.PENDING, body="Pending words")
    for url in FEEDS:
        assert b"Pending words" not in client.get(url).content


def test_drafts_and_future_posts_hidden_from_every_public_page(client, draft_post, tag, author):
    for url in [
        "/",
        "/news/",
        "/news/tags/cpd/",
        "/news/tags/",
        f"/news/{draft_post.slug}/",
    ]:
        assert b"Secret draft about budgets" not in client.get(url).content, url
    assert client.get(f"/news/authors/{author.pk}/").status_code == 404
