"""The mails news sends: subscription confirmations and newsletter issues."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from atheneum.common.markdown import render_markdown

from .models import NewsletterIssue, Post, Subscriber


def absolute_url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(subscriber: Subscriber) -> str:
    return absolute_url(reverse("news:unsubscribe", args=[subscriber.token]))


def confirmation_message(*, subscriber: Subscriber) -> EmailMultiAlternatives:
    with translation.override(subscriber.language):
        context = {
            "organisation": subscriber.organisation,
            "confirm_url": absolute_url(
                reverse("news:subscription_confirm", args=[subscriber.token])
            ),
        }
        subject = render_to_string("news/email/confirm_subject.txt", context).strip()
        text = render_to_string("news/email/confirm.txt", context)
        html = render_to_string("news/email/confirm.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[subscriber.email])
    message.attach_alternative(html, "text/html")
    return message


def issue_message(
    *, issue: NewsletterIssue, subscriber: Subscriber, posts: list[Post]
) -> EmailMultiAlternatives:
    """One issue for one subscriber, in their language, with one-click unsubscribe (RFC 8058)."""
    unsubscribe = unsubscribe_url(subscriber)
    with translation.override(subscriber.language):
        context = issue_context(issue=issue, posts=posts)
        context.update({"unsubscribe_url": unsubscribe, "language": subscriber.language})
        text = render_to_string("news/email/issue.txt", context)
        html = render_to_string("news/email/issue.html", context)
    message = EmailMultiAlternatives(
        subject=issue.subject,
        body=text,
        to=[subscriber.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<{issue.organisation.slug}.news.atheneum>",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def issue_context(*, issue: NewsletterIssue, posts: list[Post]) -> dict:
    return {
        "issue": issue,
        "organisation": issue.organisation,
        "introduction_html": render_markdown(issue.introduction),
        "posts": [
            {
                "post": post,
                "url": absolute_url(reverse("news:post_detail", args=[post.slug])),
            }
            for post in posts
        ],
    }
