"""Plain words for numbers: counted nouns, so a person reads "1 point" and "2 points"."""

from __future__ import annotations

__all__ = ["counted", "number"]

_IRREGULAR = {"activity": "activities"}


def number(value: float) -> str:
    """Return ``value`` as a person writes it: ``2``, ``2.5``, never ``2.0`` or ``-0``."""
    value = round(float(value), 2)
    if value == 0:
        return "0"
    return f"{value:g}"


def counted(value: float, noun: str) -> str:
    """Return ``value`` with ``noun`` in the right number: ``1 point``, ``2.5 points``.

    Units written as symbols (``cm``, ``%``, ``min``) never take an s.
    """
    shown = number(value)
    if noun in ("cm", "%", "min", "s"):
        return f"{shown}%" if noun == "%" else f"{shown} {noun}"
    if shown in ("1", "-1"):
        return f"{shown} {noun}"
    return f"{shown} {_IRREGULAR.get(noun, noun + 's')}"
