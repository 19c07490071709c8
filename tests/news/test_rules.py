import rules

from atheneum.news.enums import CommentStatus

from .factories import CommentFactory


def test_add_comment_allowed_for_active_member_on_published_post(member, post):
    assert member.has_perm("news.add_comment", post) is True


def test_add_comment_denied_for_inactive_member(member, post):
    member.is_active = False
    assert rules.has_perm("news.add_comment", member, post) is False


def test_add_comment_denied_on_draft(member, draft_post):
    assert member.has_perm("news.add_comment", draft_post) is False


def test_view_draft_only_for_organisers(member, manager, organiser, admin, draft_post):
    assert member.has_perm("news.view_post", draft_post) is False
    assert manager.has_perm("news.view_post", draft_post) is False
    assert organiser.has_perm("news.view_post", draft_post) is True
    assert admin.has_perm("news.view_post", draft_post) is True


def test_moderate_comment_only_for_organisers_of_its_organisation(
    member, organiser, other_org_manager, post
):
    comment = CommentFactory(post=post, author=member, status=CommentStatus.PENDING)
    assert organiser.has_perm("news.moderate_comment", comment) is True
    assert member.has_perm("news.moderate_comment", comment) is False
    assert other_org_manager.has_perm("news.moderate_comment", comment) is False


def test_write_and_newsletter_only_for_organisers(
    member, organiser, organisation, other_organisation
):
    assert organiser.has_perm("news.add_post", organisation) is True
    assert organiser.has_perm("news.manage_newsletter", organisation) is True
    assert organiser.has_perm("news.add_post", other_organisation) is False
    assert member.has_perm("news.add_post", organisation) is False
    assert member.has_perm("news.manage_newsletter", organisation) is False
