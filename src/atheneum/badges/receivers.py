"""Listens to the portfolio: a recorded activity may earn a badge (decided in `achievements`)."""

from .tasks import issue_badge_for_activity

BADGE_SOURCES = ("learning:module:", "events:session:", "translations:")


def on_activity_recorded(sender, *, activity, source_key: str, **kwargs) -> None:
    if source_key.startswith(BADGE_SOURCES):
        issue_badge_for_activity.delay(activity.owner_id, source_key)
