"""API endpoints for the events area (to be written)."""

from ninja import Router

router = Router(tags=["events"])
