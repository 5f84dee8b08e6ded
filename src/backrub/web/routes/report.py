"""The report for a doctor or therapist: choose the sections, download HTML or PDF.

The bytes come from ``services.render_report``, the same as ``backrub report``;
a download is a read, so the form uses GET and needs no token.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backrub import services
from backrub.errors import InvalidInput
from backrub.i18n import N_, _
from backrub.reports.model import SECTION_TITLES
from backrub.web.context import Here, HereDep
from backrub.web.forms import FormState
from backrub.web.templating import render
from backrub.web.wording import for_people

router = APIRouter(include_in_schema=False)

FORMATS = (("pdf", N_("PDF (to print or send)")), ("html", N_("HTML (opens in a browser)")))
MEDIA = {"pdf": "application/pdf", "html": "text/html; charset=utf-8"}


def report_file(here: Here, *, fmt: str, sections: str | None) -> Response:
    """Return the report as an attachment; bad sections or format raise InvalidInput."""
    data = services.render_report(
        here.store, here.profile, now=here.now, fmt=fmt, sections=sections
    )
    name = f"backrub-report-{here.profile.name}-{here.today.isoformat()}.{fmt}"
    return Response(
        data,
        media_type=MEDIA[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _page(request: Request, here: Here, form: FormState, status: int = 200) -> Response:
    context = {
        "form": form,
        "sections": [(name, _(title)) for name, title in SECTION_TITLES.items()],
        "formats": [(value, _(label)) for value, label in FORMATS],
        "here": here,
    }
    return render(request, "report.html", context, status=status, profile_name=here.profile.name)


@router.get("/report")
def report_page(request: Request, here: HereDep) -> Response:
    """Offer the sections (all chosen) and the two formats."""
    start = FormState({"format": "pdf"}, {"sections": tuple(SECTION_TITLES)})
    return _page(request, here, start)


@router.get("/report/download")
def download(request: Request, here: HereDep) -> Response:
    """Send the chosen report; nothing chosen or an unknown format comes back next to its field."""
    chosen = tuple(request.query_params.getlist("sections"))
    fmt = request.query_params.get("format", "")
    form = FormState({"format": fmt}, {"sections": chosen})
    try:
        if fmt not in MEDIA:
            raise InvalidInput("format", fmt, _("choose pdf or html"))
        if not chosen:
            raise InvalidInput("sections", None, _("choose at least one section"))
        return report_file(here, fmt=fmt, sections=",".join(chosen))
    except InvalidInput as error:
        where = "sections" if error.field.lstrip("-") == "sections" else "format"
        return _page(
            request, here, FormState(form.values, form.lists, {where: for_people(error)}), 422
        )
