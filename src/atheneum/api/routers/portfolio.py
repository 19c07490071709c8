"""API endpoints for the portfolio area (to be written)."""

from ninja import Router

router = Router(tags=["portfolio"])
