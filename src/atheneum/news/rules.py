"""Who may do what with news. Views, templates and services all ask these."""

import rules
from django.utils import timezone

from atheneum.organisations.rules import is_org_organiser, is_site_admin

from .enums import PostStatus


@rules.predicate
def is_active_user(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rules.predicate
def is_published(user, post) -> bool:
    return (
        post is not None
        and post.status == PostStatus.PUBLISHED
        and post.published_at is not None
        and post.published_at <= timezone.now()
    )


@rules.predicate
def is_post_organiser(user, post) -> bool:
    """Organisers and administrators of the organisation the post belongs to."""
    return post is not None and is_org_organiser.test(user, post.organisation)


@rules.predicate
def is_comment_organiser(user, comment) -> bool:
    return comment is not None and is_org_organiser.test(user, comment.post.organisation)


@rules.predicate
def is_issue_organiser(user, issue) -> bool:
    return issue is not None and is_org_organiser.test(user, issue.organisation)


may_organise = is_org_organiser | is_site_admin

# Objects: a Post.
rules.add_perm("news.view_post", is_published | is_post_organiser | is_site_admin)
rules.add_perm("news.view_draft", is_post_organiser | is_site_admin)
rules.add_perm("news.change_post", is_post_organiser | is_site_admin)
rules.add_perm("news.add_comment", is_active_user & is_published)
# Objects: an Organisation.
rules.add_perm("news.add_post", may_organise)
rules.add_perm("news.moderate_comments", may_organise)
rules.add_perm("news.manage_newsletter", may_organise)
# Objects: a Comment.
rules.add_perm("news.moderate_comment", is_comment_organiser | is_site_admin)
# Objects: a NewsletterIssue.
rules.add_perm("news.change_issue", is_issue_organiser | is_site_admin)
