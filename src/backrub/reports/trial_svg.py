"""Draw an N-of-1 trial's schedule as plain SVG (no script, no ``style``), as CENT asks.

One column a day: the lower band says the arm (dark: massage, light: without),
with each period's washout days paler; above it, a dot for each day's pain on
0-10. The report prints the same figures as tables beside it (the accessible form).
Given the first day, each period's first day is written under the band ("3 Mar",
people review 7 F5): the trial page draws it so.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from xml.sax.saxutils import quoteattr

from markupsafe import Markup

from backrub.i18n import _, formats
from backrub.reports.svgplot import EDGE, FONT, GRID, INK, WIDTH, text

__all__ = ["schedule_svg"]

_LEFT, _RIGHT, _TOP, _PLOT_H, _BAND_H = 34, 8, 10, 120, 22
_MASSAGE, _WITHOUT = "#0b5394", "#9fc5e8"
_WASHOUT_OPACITY = "0.45"


def schedule_svg(
    days: Sequence[tuple[str, bool, float | None]],
    total: int,
    *,
    first_day: date | None = None,
    period_days: int = 7,
) -> Markup:
    """Return the diagram: ``days`` = (arm, washout, pain) for each day so far, of
    ``total``; with ``first_day``, each period's first day under the band."""
    step = (WIDTH - _LEFT - _RIGHT) / max(total, 1)
    band_top = _TOP + _PLOT_H + 8
    dates = 0 if first_day is None else 22
    height = band_top + _BAND_H + 26 + dates
    label = quoteattr(_("Schedule of the trial and daily pain"))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-label={label}>'
    ]
    for value in (0, 5, 10):
        y = _TOP + _PLOT_H * (1 - value / 10)
        parts.append(
            f'<line x1="{_LEFT}" y1="{y:.1f}" x2="{WIDTH - _RIGHT}" y2="{y:.1f}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        parts.append(text(_LEFT - 4, y + 5, str(value), anchor="end"))
    for n, (arm, washout, pain) in enumerate(days):
        x = _LEFT + n * step
        colour = _MASSAGE if arm == "A" else _WITHOUT
        opacity = f' fill-opacity="{_WASHOUT_OPACITY}"' if washout else ""
        parts.append(
            f'<rect x="{x:.2f}" y="{band_top}" width="{step:.2f}" height="{_BAND_H}" '
            f'fill="{colour}"{opacity}/>'
        )
        if pain is not None:
            y = _TOP + _PLOT_H * (1 - pain / 10)
            parts.append(f'<circle cx="{x + step / 2:.2f}" cy="{y:.1f}" r="2.5" fill="{INK}"/>')
    if first_day is not None:
        parts.extend(_period_dates(first_day, total, period_days, step, band_top + _BAND_H + 18))
    legend_y = band_top + _BAND_H + 20 + dates
    parts.append(
        f'<rect x="{_LEFT}" y="{legend_y - 11}" width="12" height="12" fill="{_MASSAGE}"/>'
    )
    parts.append(text(_LEFT + 16, legend_y, _("massage")))
    middle = WIDTH / 2
    parts.append(
        f'<rect x="{middle}" y="{legend_y - 11}" width="12" height="12" fill="{_WITHOUT}"/>'
    )
    parts.append(text(middle + 16, legend_y, _("no massage")))
    parts.append("</svg>")
    return Markup("".join(parts))  # every value above is a number or escaped by text()


def _period_dates(first: date, total: int, period_days: int, step: float, y: float) -> list[str]:
    """A tick at the start of every period, and its first day ("3 Mar") where it fits.

    A label that would touch the one before it (or run off the right edge) is left
    out: eight 1-week periods leave about two characters a period at this width
    (people review 8, F4). Widths are guessed at 0.6 of the font size a character.
    """
    out = []
    free_from = float("-inf")  # where the last label drawn ends
    for start in range(0, total, max(period_days, 1)):
        x = _LEFT + start * step
        out.append(
            f'<line x1="{x:.2f}" y1="{y - 18:.1f}" x2="{x:.2f}" y2="{y - 12:.1f}" '
            f'stroke="{INK}" stroke-width="1"/>'
        )
        label = formats.day_month(first + timedelta(days=start))
        wide = 0.6 * FONT * len(label)
        centred = x - wide / 2 >= 0
        left = x - wide / 2 if centred else x
        if left < free_from + 6 or left + wide > WIDTH - EDGE:
            continue
        out.append(text(x, y, label, anchor="middle" if centred else "start"))
        free_from = left + wide
    return out
