"""Make the report's matplotlib charts safe to inline under the app's strict CSP.

The pages' Content-Security-Policy allows no inline style (``style-src
'self'``), so a browser would ignore matplotlib's ``style="…"`` attributes and
its ``<style>`` element and draw every shape black. SVG has presentation
attributes for the same properties (``fill="#fff"``), which no CSP restricts:
this module rewrites one into the other. The charts themselves are drawn by
``backrub.reports.charts`` and are not changed otherwise.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

__all__ = ["PRESENTATION", "csp_safe_svg"]

# The SVG 1.1 presentation attributes matplotlib writes into style="…"; anything else
# is dropped rather than passed on unchecked.
PRESENTATION = frozenset(
    {
        "fill",
        "fill-opacity",
        "fill-rule",
        "font-family",
        "font-size",
        "font-style",
        "font-weight",
        "opacity",
        "stroke",
        "stroke-dasharray",
        "stroke-dashoffset",
        "stroke-linecap",
        "stroke-linejoin",
        "stroke-miterlimit",
        "stroke-opacity",
        "stroke-width",
        "text-anchor",
    }
)
_STYLE_ELEMENT = re.compile(r"\s*<style\b[^>]*>.*?</style>", re.DOTALL)
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')
_ROOT = re.compile(r"<svg\b([^>]*)>")
_SIZE = re.compile(r'\s(width|height)="[^"]*"')


def _attributes(match: re.Match[str]) -> str:
    out = []
    for declaration in match.group(1).split(";"):
        name, sep, value = declaration.partition(":")
        name = name.strip().lower()
        if sep and name in PRESENTATION:
            out.append(f' {name}="{escape(value.strip())}"')
    return "".join(out)


def csp_safe_svg(svg: str, *, label: str) -> Markup:
    """Return ``svg`` (an ``<svg>`` element) without inline CSS, sized by its container.

    ``label`` becomes the chart's accessible name. The root keeps its
    ``viewBox``; the fixed width and height go, so CSS can make it fit 360 px.
    """
    body = _STYLE_ELEMENT.sub("", svg)
    body = _STYLE_ATTRIBUTE.sub(_attributes, body)

    def root(match: re.Match[str]) -> str:
        kept = _SIZE.sub("", match.group(1))
        # What matplotlib's <style> said for every element, as inherited attributes.
        return (
            f'<svg{kept} stroke-linejoin="round" stroke-linecap="butt" role="img" '
            f'aria-label="{escape(label)}" preserveAspectRatio="xMinYMin meet">'
        )

    body = _ROOT.sub(root, body, count=1)
    return Markup(body)  # our own chart; values escaped above
