"""Body map: where it hurts and how much, region by region, several times a day.

The picture (an SVG of the lower back, hips and legs seen from behind) is a
help, not the form: every region has a labelled 0-10 select, which works
without JavaScript and with a screen reader. ``/static/bodymap.js`` makes the
regions clickable and keyboard-focusable and keeps picture and form in step.
Saving goes through ``services.record_body_map``, as ``checkin --where`` does.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from backrub import services
from backrub.domain.records import BodyRegion, PainSpot
from backrub.errors import InvalidInput
from backrub.i18n import N_, _
from backrub.web.context import Here, HereDep
from backrub.web.forms import FormDep, FormState, optional
from backrub.web.security import require_form_token
from backrub.web.templating import render
from backrub.web.wording import for_people

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_form_token)])

RECENT_DAYS = 14

LABELS: dict[BodyRegion, str] = {
    BodyRegion.SPINE_LOW: N_("lower spine (the middle line)"),
    BodyRegion.LOWER_BACK_LEFT: N_("left lower back"),
    BodyRegion.LOWER_BACK_RIGHT: N_("right lower back"),
    BodyRegion.BUTTOCK_LEFT: N_("left buttock"),
    BodyRegion.BUTTOCK_RIGHT: N_("right buttock"),
    BodyRegion.HIP_LEFT: N_("left hip (outer side)"),
    BodyRegion.HIP_RIGHT: N_("right hip (outer side)"),
    BodyRegion.THIGH_BACK_LEFT: N_("back of the left thigh"),
    BodyRegion.THIGH_BACK_RIGHT: N_("back of the right thigh"),
    BodyRegion.BELOW_KNEE_LEFT: N_("left leg below the knee"),
    BodyRegion.BELOW_KNEE_RIGHT: N_("right leg below the knee"),
}

# The picture's shapes (viewBox 0 0 240 440, seen from behind: the person's left is on
# the viewer's left): (element, attributes, label x, label y).
SHAPES: dict[BodyRegion, tuple[str, str, int, int]] = {
    BodyRegion.LOWER_BACK_LEFT: ("rect", 'x="76" y="92" width="34" height="72" rx="6"', 93, 133),
    BodyRegion.SPINE_LOW: ("rect", 'x="113" y="86" width="14" height="84" rx="4"', 120, 133),
    BodyRegion.LOWER_BACK_RIGHT: ("rect", 'x="130" y="92" width="34" height="72" rx="6"', 147, 133),
    BodyRegion.HIP_LEFT: ("ellipse", 'cx="55" cy="196" rx="12" ry="25"', 55, 200),
    BodyRegion.BUTTOCK_LEFT: ("ellipse", 'cx="94" cy="200" rx="25" ry="25"', 94, 205),
    BodyRegion.BUTTOCK_RIGHT: ("ellipse", 'cx="146" cy="200" rx="25" ry="25"', 146, 205),
    BodyRegion.HIP_RIGHT: ("ellipse", 'cx="185" cy="196" rx="12" ry="25"', 185, 200),
    BodyRegion.THIGH_BACK_LEFT: ("rect", 'x="72" y="236" width="42" height="92" rx="10"', 93, 287),
    BodyRegion.THIGH_BACK_RIGHT: (
        "rect",
        'x="126" y="236" width="42" height="92" rx="10"',
        147,
        287,
    ),
    BodyRegion.BELOW_KNEE_LEFT: ("rect", 'x="78" y="340" width="32" height="88" rx="8"', 94, 389),
    BodyRegion.BELOW_KNEE_RIGHT: (
        "rect",
        'x="130" y="340" width="32" height="88" rx="8"',
        146,
        389,
    ),
}


def region_field(region: BodyRegion) -> str:
    return f"region_{region.value}"


def region_value(form: FormState, region: BodyRegion) -> str:
    """Return what the region's box holds ('' when not marked); refuse what is no number."""
    if len(form.chosen(region_field(region))) > 1:
        raise InvalidInput(f"where {region.value}", None, _("mark each region once"))
    value = form.value(region_field(region)).strip()
    if "," in value or ":" in value:
        raise InvalidInput(f"where {region.value}", value, _("use a whole number from 0 to 10"))
    return value


def where_text(form: FormState) -> str:
    """Return the marked regions as 'region:N,...' (the CLI's --where) from the selects."""
    marked = ((region, region_value(form, region)) for region in BodyRegion)
    return ",".join(f"{region.value}:{value}" for region, value in marked if value)


def region_errors(here: Here, form: FormState) -> list[InvalidInput]:
    """Return the error of each region's box, checked one by one, so all are shown at once."""
    errors = []
    for region in BodyRegion:
        try:
            value = region_value(form, region)
            if value:
                services.parse_spots(here.profile, f"{region.value}:{value}", at=here.now)
        except InvalidInput as error:
            errors.append(error)
    return errors


def field_of(error: InvalidInput) -> str:
    """Return the form field of an error from ``parse_spots``."""
    name = error.field
    if name.startswith("where "):
        return f"region_{name.removeprefix('where ')}"
    if name == "at":
        return "at"
    return "form"


def grouped(spots: list[PainSpot] | tuple[PainSpot, ...]) -> list[tuple[datetime, list[PainSpot]]]:
    """Return the marks grouped by the moment they were made, newest first."""
    moments: dict[datetime, list[PainSpot]] = defaultdict(list)
    for spot in spots:
        moments[spot.at].append(spot)
    return sorted(moments.items(), key=lambda item: item[0], reverse=True)


def _page(request: Request, here: Here, form: FormState, status: int = 200) -> Response:
    recent: list[tuple[datetime, list[PainSpot]]] = []
    if not here.is_new:
        since = (here.today - timedelta(days=RECENT_DAYS - 1)).isoformat()
        recent = grouped(list(services.history(here.store, here.profile, since=since).pain_spots))
    context = {
        "form": form,
        "regions": [(r, region_field(r), _(LABELS[r]), SHAPES[r]) for r in BodyRegion],
        "labels": {region: _(words) for region, words in LABELS.items()},
        "recent": recent,
        "days": RECENT_DAYS,
        "here": here,
        "scale": tuple(range(11)),
    }
    return render(request, "bodymap.html", context, status=status, profile_name=here.profile.name)


@router.get("/body-map")
def body_map(request: Request, here: HereDep) -> Response:
    """Show the map, the form and the marks of the last two weeks."""
    return _page(request, here, FormState())


@router.post("/body-map")
def mark(request: Request, here: HereDep, form: FormDep) -> Response:
    """Save the marked regions at one moment; a bad value comes back next to its region."""
    try:
        where = where_text(form)
        if not where:  # the service would list the regions by their ids
            raise InvalidInput("form", None, _("mark how much it hurts in at least one region"))
        services.record_body_map(
            here.store, here.profile, now=here.now, where=where, at=optional(form, "at")
        )
    except InvalidInput as error:
        errors = {field_of(e): for_people(e) for e in [*region_errors(here, form), error]}
        return _page(request, here, FormState(form.values, form.lists, errors), status=422)
    return RedirectResponse("/body-map?saved=1", status_code=303)
