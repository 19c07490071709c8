from atheneum.news import demo
from atheneum.news.enums import CommentStatus, IssueStatus, PostStatus
from atheneum.news.models import Comment, NewsletterIssue, Post, Subscriber, Tag
from atheneum.organisations.enums import OrganisationKind, OrganisationRole

from ..factories import OrganisationFactory, UserFactory, add_member


def load_demo():
    organisations = {
        "association": OrganisationFactory(
            name="International Library Association", slug="ila", kind=OrganisationKind.ASSOCIATION
        ),
        "riverside": OrganisationFactory(name="Riverside Library", slug="riverside"),
        "hilltown": OrganisationFactory(name="Hill Town Library", slug="hilltown"),
    }
    users = {
        key: UserFactory(email=f"{key}@demo.example")
        for key in ["member", "manager", "organiser", "admin"]
    }
    add_member(users["organiser"], organisations["association"], role=OrganisationRole.ORGANISER)
    demo.load(organisations=organisations, users=users)
    return organisations, users


def counts():
    return [
        Post.objects.count(),
        Tag.objects.count(),
        Comment.objects.count(),
        Subscriber.objects.count(),
        NewsletterIssue.objects.count(),
    ]


def test_demo_load_creates_believable_content(db):
    load_demo()
    published = Post.objects.filter(status=PostStatus.PUBLISHED)
    assert published.count() == 12
    assert set(published.values_list("language", flat=True)) == {"en", "es", "fr", "sv", "ar"}
    groups = [p.translation_group for p in published]
    assert max(groups.count(group) for group in groups) == 3
    assert Comment.objects.filter(status=CommentStatus.PENDING).count() == 1
    assert Comment.objects.filter(status=CommentStatus.APPROVED).count() == 2
    assert Subscriber.objects.filter(confirmed_at__isnull=False).count() == 2
    assert NewsletterIssue.objects.get().status == IssueStatus.DRAFT
    assert all("<script" not in post.body_html for post in published)


def test_demo_load_twice_changes_nothing(db):
    organisations, users = load_demo()
    before = counts()
    demo.load(organisations=organisations, users=users)
    assert counts() == before


def test_demo_posts_render(client, db):
    load_demo()
    for post in Post.objects.filter(status=PostStatus.PUBLISHED):
        assert client.get(f"/news/{post.slug}/").status_code == 200
