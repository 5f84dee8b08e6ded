"""A progress bar for long commands: drawn on stderr when it is a terminal, else nothing.

Services report steps through a ``(done, total)`` callback and never print;
this is the CLI's side. The bar is transient: it disappears when the work is
done, leaving the command's usual one-line outcome. In a script, a pipe or a
log (stderr not a terminal) nothing at all is written.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from backrub.services.steps import StepCallback


@contextmanager
def progress_bar(description: str) -> Iterator[StepCallback | None]:
    """Yield a ``(done, total)`` callback drawing a bar on a terminal's stderr, else None."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    bar = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    with bar:
        task = bar.add_task(description, total=None)

        def step(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield step
