"""Each list page costs the same number of queries for 3 items as for 30."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atheneum.news.enums import CommentStatus, IssueStatus

from ..factories import UserFactory
from .factories import CommentFactory, IssueFactory, PostFactory, SubscriberFactory, TagFactory


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def assert_same_queries(client, url, make):
    client.get(url)  # Warm per-process caches (the current Site) before counting.
    make(3)
    small = count_queries(client, url)
    make(27)
    large = count_queries(client, url)
    assert small == large


@pytest.fixture
def make_posts(organisation, tag, author):
    def make(count, **extra):
        for _ in range(count):
            PostFactory(
                organisation=organisation,
                author=extra.get("author") or UserFactory(),
                tags=[tag, TagFactory()],
            )

    return make


@pytest.mark.parametrize(
    "url",
    [
        "/news/",
        "/news/tags/cpd/",
        "/news/feed/atom/",
        "/news/feed/rss/",
        "/news/tags/cpd/feed/atom/",
        "/news/tags/cpd/feed/rss/",
        "/news/tags/",
    ],
)
@pytest.mark.parametrize("role", ["anonymous", "organiser"])
def test_post_list_pages_query_count_constant(client_as, url, role, make_posts, tag):
    assert_same_queries(client_as(role), url, make_posts)


def test_author_page_query_count_constant(client, author, make_posts, organisation):
    PostFactory(organisation=organisation, author=author)
    assert_same_queries(
        client, f"/news/authors/{author.pk}/", lambda n: make_posts(n, author=author)
    )


def test_moderation_queue_query_count_constant(client_as, post):
    def make(count):
        for _ in range(count):
            CommentFactory(
                post=PostFactory(organisation=post.organisation), status=CommentStatus.PENDING
            )

    assert_same_queries(client_as("organiser"), "/news/organisations/riverside/moderation/", make)


def test_issue_list_query_count_constant(client_as, organisation, post):
    def make(count):
        for _ in range(count):
            issue = IssueFactory(
                organisation=organisation,
                posts=[post],
                created_by=UserFactory(),
                status=IssueStatus.SENT,
            )
            issue.deliveries.create(subscriber=SubscriberFactory(organisation=organisation))

    assert_same_queries(client_as("organiser"), "/news/organisations/riverside/newsletters/", make)


def test_post_detail_comments_query_count_constant(client_as, post):
    post.organisation.moderate_comments = False
    post.organisation.save()

    def make(count):
        for _ in range(count):
            CommentFactory(post=post, author=UserFactory())

    assert_same_queries(client_as("member"), f"/news/{post.slug}/", make)


def test_issue_preview_query_count_constant(client_as, organisation):
    issue = IssueFactory(organisation=organisation)

    def make(count):
        for _ in range(count):
            issue.posts.add(PostFactory(organisation=organisation, author=UserFactory()))

    assert_same_queries(client_as("organiser"), f"/news/newsletters/{issue.pk}/", make)
