"""The evidence catalogue and the rules table, each rule linked to its sources."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backrub.evidence import format_citation, load_catalogue, load_rules
from backrub.web.context import ShownNameDep
from backrub.web.templating import render

router = APIRouter(include_in_schema=False)


@router.get("/evidence")
def evidence_index(request: Request, name: ShownNameDep) -> Response:
    """List the studies and guidelines, then every rule with its value and sources."""
    rules = sorted(load_rules().values(), key=lambda r: r.id)
    context = {"entries": list(load_catalogue()), "rules": rules}
    return render(request, "evidence_index.html", context, profile_name=name)


@router.get("/evidence/{entry_id}")
def evidence_entry(request: Request, name: ShownNameDep, entry_id: str) -> Response:
    """Show one entry in full; an unknown id is 404."""
    entry = load_catalogue().get(entry_id)
    used_by = sorted(
        (r for r in load_rules().values() if entry.id in r.sources), key=lambda r: r.name
    )
    context = {"entry": entry, "citation": format_citation(entry), "used_by": used_by}
    return render(request, "evidence_entry.html", context, profile_name=name)
