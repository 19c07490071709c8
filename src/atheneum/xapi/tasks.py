"""Background work for outbound xAPI: sending each delivery to its learning record store."""

from celery import shared_task
from celery.utils.time import get_exponential_backoff_interval

MAX_RETRIES = 7  # eight attempts in all
BACKOFF_FACTOR = 30  # seconds: 30, 60, 120, … capped below
BACKOFF_MAX = 60 * 60


def retry_delay(retries: int) -> int:
    """Seconds before the next attempt after `retries` retries (exponential, full jitter off
    so the schedule is predictable: 30 s, 1 min, 2 min … at most an hour)."""
    return get_exponential_backoff_interval(
        factor=BACKOFF_FACTOR, retries=retries, maximum=BACKOFF_MAX, full_jitter=False
    )


@shared_task(bind=True, acks_late=True, max_retries=MAX_RETRIES)
def send_delivery(self, delivery_id: int) -> str:
    """Sends one delivery; safe to run again (a sent delivery is not sent twice). Network
    errors, 429 and 5xx answers are retried with exponential backoff; after the last try, or on
    any other 4xx, the delivery is marked failed with the error."""
    from . import outbound

    outcome = outbound.delivery_send(delivery_id=delivery_id)
    if not outcome.retry:
        return outcome.state
    if self.request.retries >= self.max_retries:
        outbound.delivery_give_up(delivery_id=delivery_id, error=outcome.error)
        return "failed"
    raise self.retry(countdown=retry_delay(self.request.retries))


@shared_task(acks_late=True)
def retry_failed_deliveries() -> int:
    """Daily: queues failed deliveries younger than seven days again."""
    from .outbound import deliveries_retry_failed

    return deliveries_retry_failed()
