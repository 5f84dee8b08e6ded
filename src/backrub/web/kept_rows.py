"""Table rows rendered once per process for what they show, the rest in one pass.

A page that lists many records (a therapist's client list, a history) words the
same rows again on every visit: a dozen translated strings and filters a row.
Here a row is kept under a key that holds every value it shows (the caller's
duty: the record itself, the zone, the language, ...), so a kept row can never be
older than the page around it, which is read afresh each visit. The rows not kept
yet are rendered together, in one pass of their template, each followed by
``MARK``, and split there.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

# Written after each row; no row can hold it, as every "<" of a value is escaped.
MARK = Markup("<!--end of row-->")


class KeptRows:
    """Rows rendered so far, the least recently shown forgotten first."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._rows: OrderedDict[Hashable, Markup] = OrderedDict()
        self._lock = threading.Lock()  # pages are rendered in several threads

    def get(self, key: Hashable) -> Markup | None:
        with self._lock:
            found = self._rows.get(key)
            if found is not None:
                self._rows.move_to_end(key)
            return found

    def put(self, key: Hashable, row: Markup) -> None:
        with self._lock:
            self._rows[key] = row
            self._rows.move_to_end(key)
            while len(self._rows) > self._size:
                self._rows.popitem(last=False)

    def rows(
        self,
        env: Environment,
        template: str,
        items: Sequence[Any],
        keys: Sequence[Hashable],
        context: Callable[[], Mapping[str, Any]],
        *,
        name: str,
    ) -> list[Markup]:
        """Return each item's row, in order: kept ones as they were, the others rendered now.

        ``template`` renders the list ``name`` (with what ``context()`` returns), writing
        ``mark`` after each row; ``context`` is called only when a row is missing, so a
        page whose rows are all kept does not gather the template's values.
        """
        found = [self.get(key) for key in keys]
        missing = [n for n, row in enumerate(found) if row is None]
        if missing:
            html = env.get_template(template).render(
                {**context(), name: [items[n] for n in missing], "mark": MARK}
            )
            made = html.split(MARK)[: len(missing)]
            for n, row_html in zip(missing, made, strict=True):
                row = Markup(row_html)  # escaped by the environment as it rendered (autoescape)
                found[n] = row
                self.put(keys[n], row)
        return [row for row in found if row is not None]  # every one, by now
