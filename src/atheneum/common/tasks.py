"""At-least-once delivery made safe: a message id per task message, recorded when done.

    @shared_task(acks_late=True, ...)
    def send_something(obj_id, message_id=None):
        with once(f"something:{message_id}") as todo:
            if todo:
                ...  # the effect

The receipt is written only after the effect succeeded: a worker killed before that leaves no
receipt, so the re-delivered message does the work (nothing lost); a message delivered again
after it succeeded does nothing (no duplicate). A message without an id is not deduplicated.
"""

import contextlib
import uuid

from django.db import IntegrityError, transaction

from .models import TaskReceipt


def new_message_id() -> str:
    return uuid.uuid4().hex


@contextlib.contextmanager
def once(key: str | None):
    if key is None or key.endswith(":None"):
        yield True
        return
    if TaskReceipt.objects.filter(key=key).exists():
        yield False
        return
    yield True
    try:
        with transaction.atomic():
            TaskReceipt.objects.create(key=key[:200])
    except IntegrityError:
        pass  # A concurrent delivery finished first; the effect may have happened twice.
