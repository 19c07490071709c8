"""Forwards activities other apps record to the organisations' learning record stores.

No rules here: the handler hands over to `outbound.deliveries_for_activity`. It runs after the
recording transaction committed; a failure here is logged, never raised, so an attendance or a
finished module is never undone or reported as an error because a store is unreachable.
"""

import logging

from django.dispatch import receiver

from atheneum.portfolio.signals import activity_recorded

logger = logging.getLogger(__name__)


@receiver(activity_recorded, dispatch_uid="xapi.forward_activity")
def forward_activity(sender, *, activity, source_key, **kwargs) -> None:
    from .outbound import deliveries_for_activity

    try:
        deliveries_for_activity(activity=activity, source_key=source_key)
    except Exception:
        logger.exception("xAPI forwarding failed for %s", source_key)
