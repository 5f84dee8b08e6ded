"""A form as the person filled it in, and the error that belongs next to one field.

Services validate; a route turns the ``InvalidInput`` they raise into a
``FormState`` and renders the same form again, with what was typed kept and
the message beside the field it names. Inputs are named after the fields the
services name in their errors, so most errors find their field by name;
``aliases`` covers the few that differ (``weekdays`` → the ``days`` boxes).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Annotated
from urllib.parse import unquote_to_bytes

from fastapi import Depends, Request
from starlette.datastructures import FormData, UploadFile

from backrub.errors import InvalidInput, cut
from backrub.i18n import _
from backrub.web.wording import for_people, with_field


@dataclass(frozen=True, slots=True)
class FormState:
    """Typed values (single and multiple) and at most one error per field."""

    values: Mapping[str, str] = field(default_factory=dict)
    lists: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)

    def value(self, name: str, default: str = "") -> str:
        return self.values.get(name, default)

    def chosen(self, name: str) -> tuple[str, ...]:
        return self.lists.get(name, ())

    def error(self, name: str) -> str | None:
        return self.errors.get(name)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)


def read_form(form: FormData) -> FormState:
    """Return the text fields of ``form``; repeated names (check boxes) are kept as lists."""
    values: dict[str, str] = {}
    lists: dict[str, list[str]] = {}
    for key, item in form.multi_items():
        if isinstance(item, UploadFile):
            continue
        values.setdefault(key, item)
        lists.setdefault(key, []).append(item)
    return FormState(values, {k: tuple(v) for k, v in lists.items()})


def field_of(error: InvalidInput, fields: tuple[str, ...], aliases: Mapping[str, str]) -> str:
    """Return the form field ``error`` belongs to, or ``"form"`` when none matches."""
    name = error.field.lstrip("-").replace("-", "_")
    name = aliases.get(name, name)
    return name if name in fields else "form"


def with_error(
    state: FormState,
    error: InvalidInput,
    fields: tuple[str, ...],
    aliases: Mapping[str, str] | None = None,
) -> FormState:
    """Return ``state`` with ``error``'s message placed next to its field."""
    where = field_of(error, fields, aliases or {})
    message = with_field(error) if where == "form" else for_people(error)
    if where in state.errors:  # two errors away from any field: say both
        message = f"{state.errors[where]} {message}"
    return FormState(state.values, state.lists, {**state.errors, where: message})


Check = Callable[[Mapping[str, str | None]], object]


def all_errors(
    first: InvalidInput,
    check: Check,
    values: Mapping[str, str | None],
    stand_ins: Mapping[str, str] | None = None,
    aliases: Mapping[str, str] | None = None,
) -> list[InvalidInput]:
    """Return ``first`` and every further error ``check`` finds, at most one per field.

    ``check`` is a pure parser (it writes nothing) that takes the typed values by
    form field and raises ``InvalidInput`` at the first bad one. The field found
    wrong is set aside (left empty, or given its ``stand_ins`` value when the
    form needs one) and the check runs again, until it passes or a field comes
    back: so a person sees every mistake at once, not one per try.
    """
    errors = [first]
    trial = dict(values)
    for _attempt in range(len(trial)):
        name = field_of(errors[-1], tuple(trial), aliases or {})
        if name == "form":
            break  # not about one field: nothing to set aside
        trial[name] = (stand_ins or {}).get(name)
        try:
            check(trial)
        except InvalidInput as error:
            if any(e.field == error.field for e in errors):
                break
            errors.append(error)
        else:
            break
    return errors


def with_errors(
    state: FormState,
    errors: list[InvalidInput],
    fields: tuple[str, ...],
    aliases: Mapping[str, str] | None = None,
) -> FormState:
    """Return ``state`` with each of ``errors`` next to its field."""
    for error in errors:
        state = with_error(state, error, fields, aliases)
    return state


def optional(state: FormState, name: str) -> str | None:
    """Return the typed text of ``name``, ``None`` when left empty (so services see 'not given')."""
    text = state.value(name).strip()
    return text or None


def check_encoding(body: bytes) -> None:
    """Refuse an url-encoded form whose values are not UTF-8 (browsers always send UTF-8).

    Starlette would quietly turn such bytes into U+FFFD and the record would be
    saved altered; a script sending Latin-1 gets a 422 naming the field instead.
    """
    for pair in body.split(b"&"):
        name, _eq, value = pair.partition(b"=")
        try:
            unquote_to_bytes(value.replace(b"+", b" ")).decode("utf-8")
        except UnicodeDecodeError:
            field = cut(unquote_to_bytes(name).decode("utf-8", "replace"))
            shown = unquote_to_bytes(value).decode("utf-8", "replace")
            allowed = _("use text in UTF-8 (these bytes are not)")
            raise InvalidInput(field, shown, allowed) from None


async def submitted(request: Request) -> FormState:
    """Return the posted form (FastAPI dependency; the body is parsed once and cached)."""
    return read_form(await request.form())


FormDep = Annotated[FormState, Depends(submitted)]
