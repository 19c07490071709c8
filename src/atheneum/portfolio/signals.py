"""Signals other apps listen to, so the portfolio never imports them.

`activity_recorded` is sent once, after the transaction commits, when `record_activity` adds an
activity another app observed (attendance, a finished module, coaching, a published translation).
Listeners (xAPI forwarding, badges) receive `activity` and `source_key`; they must be idempotent,
because a retried caller can never cause a second send but a listener's own task may be retried.
"""

from django.dispatch import Signal

activity_recorded = Signal()
