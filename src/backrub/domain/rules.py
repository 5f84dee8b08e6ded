"""Rules as data: every number backrub uses in advice, with its source.

The table itself lives in ``backrub/evidence/rules.toml`` and is loaded by
``backrub.evidence``; domain functions receive it as a ``Rules`` mapping so
they stay pure. A rule's ``sources`` are evidence ids from the catalogue, or
the single word ``product-default`` when no study sets the number, in which
case ``note`` says why the default was chosen. ``name`` says what the rule
sets in words for a page; the id stays for code, JSON and the CLI.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from backrub.i18n import _

PRODUCT_DEFAULT = "product-default"


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    value: float
    unit: str
    sources: tuple[str, ...]
    note: str
    name: str = ""  # what the rule sets, in words for a page ("Daily self-massage limit")

    @property
    def is_product_default(self) -> bool:
        return PRODUCT_DEFAULT in self.sources

    def cite(self) -> str:
        """Return how the rule names its source in text shown to a person."""
        if self.is_product_default:
            informed = [s for s in self.sources if s != PRODUCT_DEFAULT]
            if informed:
                return _(
                    "product default, not evidence; informed by %(sources)s",
                    sources=", ".join(informed),
                )
            return _("product default, not evidence")
        return _("source: %(sources)s", sources=", ".join(self.sources))


Rules = Mapping[str, Rule]


def number(rules: Rules, rule_id: str) -> float:
    """Return the value of ``rule_id``; a missing rule is a programming error."""
    return rules[rule_id].value


def whole(rules: Rules, rule_id: str) -> int:
    """Return the value of ``rule_id`` as an int."""
    return int(rules[rule_id].value)
