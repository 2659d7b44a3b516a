"""Errors of the profile parser (re-exported from the project hierarchy)."""

from __future__ import annotations

from forcelaw.errors import ProfileError

__all__ = ["ProfileError"]
