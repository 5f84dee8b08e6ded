"""A cohort report as CSV: one row per figure, counts and shares, never a client.

Columns: instrument, group ("clinic" or the therapist's name), figure,
time point, missing-data rule, responders, out of, share, lower and upper 95%
limits (Wilson), and a note: a hidden figure has empty numbers and says why.
Each instrument also has a "started too low" row for the clinic, as the page
shows it: in ``out_of``, how many clients started below the smallest change
that matters and so are not enrolled (0 when none; hidden below 10).
Text that a spreadsheet would run as a formula is neutralised as in every CSV
backrub writes (``reports.csv_export.neutralise``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from backrub.domain.cohort_cells import Suppressed
from backrub.domain.cohort_counts import Share
from backrub.domain.cohort_report import CohortReport
from backrub.domain.cohort_summary import Figures
from backrub.reports.csv_export import neutralise

__all__ = ["HEADER", "TOO_LOW", "cohort_csv"]

HEADER = (
    "instrument",
    "group",
    "figure",
    "time_point",
    "rule",
    "responders",
    "out_of",
    "share",
    "lower_95",
    "upper_95",
    "note",
)

Row = tuple[str, ...]


def _share(value: Share | Suppressed | None) -> tuple[str, ...]:
    if value is None:
        return ("", "", "", "", "", "nobody answered")
    if isinstance(value, Suppressed):
        return ("", "", "", "", "", value.reason.value)
    i = value.interval
    return (str(i.successes), str(i.n), f"{i.share:.4f}", f"{i.lower:.4f}", f"{i.upper:.4f}", "")


def _rows(instrument: str, group: str, f: Figures) -> Iterator[Row]:
    head = (instrument, neutralise(group))
    flow = f.attrition
    if isinstance(flow, Suppressed):
        yield (*head, "enrolled", "", "", "", "", "", "", "", flow.reason.value)
    else:
        counts = (
            ("baseline", flow.enrolled),
            ("12 weeks", flow.answered_12),
            ("24 weeks", flow.answered_24),
        )
        for point, count in counts:
            if isinstance(count, Suppressed):
                yield (*head, "answered", point, "", "", "", "", "", "", count.reason.value)
            else:
                yield (*head, "answered", point, "", "", str(count), "", "", "", "")
    for (point, rule), value in f.shares.items():
        yield (*head, "improved", point.value, rule.value, *_share(value))
    for rule, value in f.persistence.items():
        yield (*head, "still improved at 24 weeks", "24 weeks", rule.value, *_share(value))


TOO_LOW = "started too low"
TOO_LOW_NOTE = "not enrolled: no room for the smallest change that matters (product default)"


def _too_low(instrument: str, value: int | Suppressed | None) -> Row:
    head = (instrument, "clinic", TOO_LOW, "baseline", "", "")
    if isinstance(value, Suppressed):
        return (*head, "", "", "", "", value.reason.value)
    return (*head, str(value or 0), "", "", "", TOO_LOW_NOTE)


def cohort_csv(report: CohortReport) -> bytes:
    """Return the whole report as UTF-8 CSV (CRLF lines, like the other exports)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for part in report.instruments:
        name = part.rule.instrument_id
        writer.writerows(_rows(name, "clinic", part.clinic))
        writer.writerow(_too_low(name, part.too_low))
        for therapist in part.therapists:
            writer.writerows(_rows(name, therapist.name, therapist.figures))
    return out.getvalue().encode("utf-8")
