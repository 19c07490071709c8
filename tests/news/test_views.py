"""Every page for every role."""

import re

import pytest
from django.urls import reverse

from atheneum.news.enums import CommentStatus

from .factories import CommentFactory, IssueFactory, SubscriberFactory

ROLES = [
    "anonymous",
    "member",
    "other_member",
    "manager",
    "other_org_manager",
    "organiser",
    "admin",
]
ORGANISERS = {"organiser", "admin"}


def expected(role, *, allowed, denied):
    if role == "anonymous":
        return 302
    return allowed if role in ORGANISERS else denied


@pytest.mark.parametrize("role", ROLES)
def test_post_list_renders_for_role(client_as, role, post, draft_post):
    response = client_as(role).get(reverse("news:post_list"))
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1
    assert post.title.encode() in response.content
    assert draft_post.title.encode() not in response.content


@pytest.mark.parametrize("role", ROLES)
def test_post_detail_renders_for_role(client_as, role, post):
    response = client_as(role).get(reverse("news:post_detail", args=[post.slug]))
    assert response.status_code == 200
    assert response.content.count(b"<h1") == 1
    assert b"<strong>useful</strong>" in response.content


@pytest.mark.parametrize("role", ROLES)
def test_post_detail_of_draft_for_role(client_as, role, draft_post):
    response = client_as(role).get(reverse("news:post_detail", args=[draft_post.slug]))
    assert response.status_code == (200 if role in ORGANISERS else 404)


@pytest.mark.parametrize("role", ROLES)
def test_tag_detail_renders_for_role(client_as, role, post, tag):
    response = client_as(role).get(reverse("news:tag_detail", args=[tag.slug]))
    assert response.status_code == 200
    assert b"<h1>Tag archives: continuing professional development</h1>" in response.content
    assert post.title.encode() in response.content


@pytest.mark.parametrize("role", ROLES)
def test_tag_list_renders_for_role(client_as, role, post, tag):
    response = client_as(role).get(reverse("news:tag_list"))
    assert response.status_code == 200
    assert reverse("news:tag_detail", args=[tag.slug]).encode() in response.content


@pytest.mark.parametrize("role", ROLES)
def test_author_detail_renders_for_role(client_as, role, post, author):
    response = client_as(role).get(reverse("news:author_detail", args=[author.pk]))
    assert response.status_code == 200
    assert b"<h1>Posts by Wren Writer</h1>" in response.content


@pytest.mark.parametrize("role", ROLES)
def test_subscription_renders_for_role(client_as, role, organisation):
    response = client_as(role).get(reverse("news:subscription"))
    assert response.status_code == 200
    assert b"novalidate" in response.content


@pytest.mark.parametrize("role", ROLES)
def test_manage_for_role(client_as, role):
    response = client_as(role).get(reverse("news:manage"))
    assert response.status_code == (302 if role == "anonymous" else 200)


@pytest.mark.parametrize("role", ROLES)
def test_post_create_page_for_role(client_as, role, organisation):
    response = client_as(role).get(reverse("news:post_create"))
    assert response.status_code == expected(role, allowed=200, denied=403)


@pytest.mark.parametrize("role", ROLES)
def test_post_edit_page_for_role(client_as, role, post):
    response = client_as(role).get(reverse("news:post_edit", args=[post.slug]))
    assert response.status_code == expected(role, allowed=200, denied=403)


@pytest.mark.parametrize("role", ROLES)
def test_moderation_queue_for_role(client_as, role, post, other_member):
    CommentFactory(post=post, author=other_member, status=CommentStatus.PENDING, body="Hold me")
    response = client_as(role).get(reverse("news:moderation_queue", args=["riverside"]))
    assert response.status_code == expected(role, allowed=200, denied=403)
    if response.status_code == 200:
        assert b"Hold me" in response.content


@pytest.mark.parametrize("role", ROLES)
def test_issue_list_for_role(client_as, role, organisation):
    response = client_as(role).get(reverse("news:issue_list", args=[organisation.slug]))
    assert response.status_code == expected(role, allowed=200, denied=403)


@pytest.mark.parametrize("role", ROLES)
def test_issue_create_page_for_role(client_as, role, organisation):
    response = client_as(role).get(reverse("news:issue_create", args=[organisation.slug]))
    assert response.status_code == expected(role, allowed=200, denied=403)


@pytest.mark.parametrize("role", ROLES)
def test_issue_detail_for_role(client_as, role, organisation, post):
    issue = IssueFactory(organisation=organisation, posts=[post], subject="March news")
    response = client_as(role).get(reverse("news:issue_detail", args=[issue.pk]))
    assert response.status_code == expected(role, allowed=200, denied=404)
    if response.status_code == 200:
        assert b"<h1>Newsletter issue: March news</h1>" in response.content
        assert post.title.encode() in response.content


@pytest.mark.parametrize("role", ROLES)
def test_issue_edit_page_for_role(client_as, role, organisation, post):
    issue = IssueFactory(organisation=organisation, posts=[post])
    response = client_as(role).get(reverse("news:issue_edit", args=[issue.pk]))
    assert response.status_code == expected(role, allowed=200, denied=404)


@pytest.mark.parametrize("role", ROLES)
def test_unsubscribe_page_for_role(client_as, role, organisation):
    subscriber = SubscriberFactory(organisation=organisation)
    response = client_as(role).get(reverse("news:unsubscribe", args=[subscriber.token]))
    assert response.status_code == 200
    assert b"<h1>Unsubscribe</h1>" in response.content


@pytest.mark.parametrize("role", ROLES)
def test_subscription_confirm_page_for_role(client_as, role, organisation):
    subscriber = SubscriberFactory(organisation=organisation, confirmed_at=None)
    response = client_as(role).get(reverse("news:subscription_confirm", args=[subscriber.token]))
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None


@pytest.mark.parametrize(
    "url",
    [
        "/news/no-such-post/",
        "/news/tags/no-such-tag/",
        "/news/tags/no-such-tag/feed/atom/",
        "/news/tags/no-such-tag/feed/rss/",
        "/news/authors/999999/",
        "/news/unsubscribe/not-a-token/",
        "/news/subscription/confirm/not-a-token/",
        "/news/organisations/nowhere/moderation/",
    ],
)
def test_unknown_addresses_are_404(client_as, url, organiser):
    assert client_as("organiser").get(url).status_code == 404


def test_author_page_of_person_without_posts_is_404(client, member):
    assert client.get(reverse("news:author_detail", args=[member.pk])).status_code == 404


def test_post_detail_links_translations_with_lang(client, organisation, post):
    from .factories import PostFactory

    spanish = PostFactory(
        organisation=organisation,
        language="es",
        title="Por qué reflexionar",
        slug="por-que-reflexionar",
        translation_group=post.translation_group,
    )
    response = client.get(reverse("news:post_detail", args=[post.slug]))
    assert (
        f'<a href="/news/{spanish.slug}/" lang="es" hreflang="es">español</a>'.encode()
        in response.content
    )


def test_post_detail_notes_missing_viewer_language(client, organisation):
    from .factories import PostFactory

    spanish = PostFactory(organisation=organisation, language="es", slug="solo-en-espanol")
    response = client.get(reverse("news:post_detail", args=[spanish.slug]))
    assert b"This post is not available in English. It is shown in Spanish." in response.content


def test_post_detail_no_note_when_viewer_language_exists(client, post):
    response = client.get(reverse("news:post_detail", args=[post.slug]))
    assert b"is not available in" not in response.content


def test_post_create_by_organiser_publishes(client_as, organisation):
    response = client_as("organiser").post(
        reverse("news:post_create"),
        {
            "organisation": organisation.pk,
            "title": "A new post",
            "body": "Text <script>bad()</script>",
            "language": "en",
            "status": "published",
            "tags": "coaching, mentoring",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/news/a-new-post/"
    page = client_as("organiser").get("/news/a-new-post/")
    assert b"bad()" not in page.content


def test_post_create_with_overlong_title_changes_nothing(client_as, organisation):
    from atheneum.news.models import Post

    response = client_as("organiser").post(
        reverse("news:post_create"),
        {
            "organisation": organisation.pk,
            "title": "x" * 201,
            "body": "b",
            "language": "en",
            "status": "draft",
        },
    )
    assert response.status_code == 400
    assert b"Ensure this value has at most 200 characters (it has 201)." in response.content
    assert Post.objects.count() == 0


def test_post_create_for_other_organisation_is_refused(client_as, other_organisation):
    from atheneum.news.models import Post

    response = client_as("organiser").post(
        reverse("news:post_create"),
        {
            "organisation": other_organisation.pk,
            "title": "T",
            "body": "b",
            "language": "en",
            "status": "draft",
        },
    )
    assert response.status_code == 400
    assert b"Select a valid choice." in response.content
    assert Post.objects.count() == 0


def test_subscription_post_shows_same_answer_for_known_and_new(client, organisation):
    SubscriberFactory(organisation=organisation, email="known@example.net")
    known = client.post(
        reverse("news:subscription"),
        {"organisation": organisation.slug, "email": "known@example.net", "language": "en"},
    )
    new = client.post(
        reverse("news:subscription"),
        {"organisation": organisation.slug, "email": "new@example.net", "language": "en"},
    )
    assert known.status_code == new.status_code == 200

    def main(response):
        content = response.content.decode()
        content = content[content.index("<main") : content.index("</main>")]
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", content)

    assert main(known) == main(new)
    assert "a message with a confirmation link is on its way" in main(new)


def test_subscription_post_with_bad_email_shows_error(client, organisation):
    from atheneum.news.models import Subscriber

    response = client.post(
        reverse("news:subscription"),
        {"organisation": organisation.slug, "email": "not an address", "language": "en"},
    )
    assert response.status_code == 400
    assert b"Enter a valid email address." in response.content
    assert Subscriber.objects.count() == 0


def test_post_detail_in_arabic_interface_is_right_to_left(client, organisation, post):
    client.cookies["atheneum_language"] = "ar"
    response = client.get(reverse("news:post_detail", args=[post.slug]))
    assert response.status_code == 200
    assert b'<html lang="ar" dir="rtl">' in response.content
    assert b'<h1 lang="en" dir="ltr">Why reflection matters</h1>' in response.content


def test_arabic_post_title_is_right_to_left(client, organisation):
    from .factories import PostFactory

    arabic = PostFactory(organisation=organisation, language="ar", title="مرحبا", slug="marhaba")
    response = client.get(reverse("news:post_detail", args=[arabic.slug]))
    assert '<h1 lang="ar" dir="rtl">مرحبا</h1>'.encode() in response.content


def test_home_page_lists_latest_posts(client, post, draft_post):
    response = client.get("/")
    assert post.title.encode() in response.content
    assert draft_post.title.encode() not in response.content
