from django.db import models


class TaskReceipt(models.Model):
    """A message a task has finished handling, so a re-delivered copy does nothing.

    Celery delivers at least once (`acks_late`: a worker killed mid-task leaves the message to
    be delivered again). Tasks whose effect cannot be claimed row by row (a mail about one
    booking change) carry a message id and record it here after the effect succeeded.
    """

    key = models.CharField(max_length=200, unique=True)
    done_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
