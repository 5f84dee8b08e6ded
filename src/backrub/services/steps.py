"""Progress of long use cases, for a face that wants to show it.

A long service (import, export, the demo, the PDF report) takes an optional
``progress`` callback and calls it with ``(done, total)`` after each step.
Services never print: the CLI draws a bar from these calls on a terminal,
and passes nothing otherwise.
"""

from __future__ import annotations

from collections.abc import Callable

StepCallback = Callable[[int, int], None]
"""Called with (steps done, steps in all) after each step of a long use case."""


def tick(progress: StepCallback | None, done: int, total: int) -> None:
    """Tell ``progress``, if any, that ``done`` of ``total`` steps are finished."""
    if progress is not None:
        progress(done, total)
