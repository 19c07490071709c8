"""API endpoints for the translations area (to be written)."""

from ninja import Router

router = Router(tags=["translations"])
