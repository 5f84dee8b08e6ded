"""``/clinic/cohort``: the clinic's cohort report (issue 14), for staff only.

An administrator sees the whole clinic and every therapist beside it; a
therapist sees their own clients' figures beside the clinic's. Anyone else:
404. Downloads: the same report as CSV and PDF (counts only, never a client),
and, for an administrator only, every questionnaire answer in the clinic as
FHIR NDJSON (streamed; written to the audit log by the service).
"""

from __future__ import annotations

from datetime import UTC
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse

from backrub.domain.accounts import Role, WebSession
from backrub.domain.cohort_cells import Suppressed
from backrub.domain.cohort_counts import MissingRule, Share
from backrub.domain.cohort_funnel import FUNNEL_METHOD
from backrub.domain.cohort_intervals import WILSON_METHOD
from backrub.domain.cohort_published import caveats
from backrub.domain.cohort_report import CohortReport
from backrub.domain.cohort_shrinkage import SHRINKAGE_METHOD
from backrub.domain.cohort_summary import FOLLOW_UPS, RULES
from backrub.domain.instruments import INSTRUMENTS
from backrub.i18n import _
from backrub.reports.cohort_csv import cohort_csv
from backrub.reports.cohort_fhir import MEDIA_TYPE
from backrub.reports.cohort_svg import funnel_svg
from backrub.reports.report import html_to_pdf
from backrub.reports.svgplot import number
from backrub.services import cohort
from backrub.web.clinic.who import client_address, staff
from backrub.web.context import BackendDep
from backrub.web.templating import render

router = APIRouter(include_in_schema=False)

StaffDep = Annotated[WebSession, staff(Role.ADMIN, Role.THERAPIST)]
AdminDep = Annotated[WebSession, staff(Role.ADMIN)]
FHIR_PATH = "/clinic/cohort/fhir"


def _report(backend: Any, who: WebSession) -> CohortReport:
    if who.account.role is Role.ADMIN:
        return cohort.clinic_report(backend.store, who.account, backend.clock())
    return cohort.therapist_report(backend.store, who.account, backend.clock())


def percent(share: float) -> str:
    return _("%(share)s%%", share=number(round(share * 100)))


def published(pct: float) -> str:
    """Return a published percentage with its one decimal, as the study printed it."""
    return _("%(share)s%%", share=number(pct, 1))


def share_words(value: Share | Suppressed | None) -> str:
    """Return one share in words: "57% (40% to 72%), 17 of 30"; why not, when hidden."""
    if value is None:
        return _("Nobody answered")
    if isinstance(value, Suppressed):
        return value.words
    i = value.interval
    return _(
        "%(share)s (%(lower)s to %(upper)s), %(responders)s of %(n)s",
        share=percent(i.share),
        lower=percent(i.lower),
        upper=percent(i.upper),
        responders=i.successes,
        n=i.n,
    )


def _context(report: CohortReport, who: WebSession) -> dict[str, Any]:
    return {
        "report": report,
        "is_admin": who.account.role is Role.ADMIN,
        "instrument_name": lambda i: _(INSTRUMENTS[i].name_en),
        "follow_ups": FOLLOW_UPS,
        "rules": RULES,
        "persistence_rule": MissingRule,
        "share_words": share_words,
        "percent": percent,
        "published": published,
        "number": number,
        "funnel_svg": funnel_svg,
        "methods": (_(WILSON_METHOD), _(FUNNEL_METHOD), _(SHRINKAGE_METHOD)),
        "caveats": caveats(),
        "cohort_days": cohort.COHORT_DAYS,
        "fhir_path": FHIR_PATH,
    }


@router.get("/clinic/cohort")
def cohort_page(request: Request, backend: BackendDep, who: StaffDep) -> Response:
    return render(request, "clinic/cohort.html", _context(_report(backend, who), who))


@router.get("/clinic/cohort/csv")
def cohort_csv_download(backend: BackendDep, who: StaffDep) -> Response:
    day = backend.clock().astimezone(UTC).date().isoformat()
    return Response(
        cohort_csv(_report(backend, who)),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="cohort-{day}.csv"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/clinic/cohort/pdf")
def cohort_pdf_download(request: Request, backend: BackendDep, who: StaffDep) -> Response:
    now = backend.clock()
    context = _context(_report(backend, who), who)
    template = request.app.state.templates.get_template("clinic/cohort_print.html")
    html = template.render(**context, request=request, made_on=now.astimezone(UTC).date())
    day = now.astimezone(UTC).date()
    return Response(
        html_to_pdf(html, made_on=day),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="cohort-{day.isoformat()}.pdf"',
            "Cache-Control": "no-store",
        },
    )


@router.get(FHIR_PATH)
def cohort_fhir_download(request: Request, backend: BackendDep, who: AdminDep) -> Response:
    now = backend.clock()
    lines = cohort.fhir_export(
        backend.store,
        who.account,
        now,
        address=client_address(request.scope),
        what=f"GET {FHIR_PATH}",
    )
    day = now.astimezone(UTC).date().isoformat()
    return StreamingResponse(
        lines,
        media_type=MEDIA_TYPE,
        headers={
            "Content-Disposition": f'attachment; filename="questionnaire-responses-{day}.ndjson"',
            "Cache-Control": "no-store",
        },
    )
