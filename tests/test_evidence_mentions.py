"""One rule finds the evidence ids a sentence names, for the web, the report and the trial.

Before session 10 each of the three had its own pattern: the web linked an id joined to
a hyphen (``-cherkin-2011``, ``cherkin-2011-``) that the report and the trial section
did not cite, and all three cited an id inside a web address or a dotted name. The
table below is what a person sees cited; each shape checks it against the finder.
"""

from __future__ import annotations

import re

import pytest
from markupsafe import Markup

from backrub.domain.protocols import PROTOCOLS
from backrub.evidence import Mention, find_ids, load_catalogue
from backrub.i18n import use_language
from backrub.reports import nof1_report, report
from backrub.web.citations import linked

CATALOGUE = load_catalogue()

# text -> the ids it cites, in order
CASES: dict[str, list[str]] = {
    "cherkin-2011": ["cherkin-2011"],
    "cherkin-2011 at the start": ["cherkin-2011"],
    "at the end cherkin-2011": ["cherkin-2011"],
    "(source: ostelo-2008).": ["ostelo-2008"],
    "[cherkin-2011], {nice-ng59}; 'sherman-2014' \"cook-2015\"": [
        "cherkin-2011",
        "nice-ng59",
        "sherman-2014",
        "cook-2015",
    ],
    "cherkin-2011,sherman-2014 and kroenke-2003/kroenke-2007": [
        "cherkin-2011",
        "sherman-2014",
        "kroenke-2003",
        "kroenke-2007",
    ],
    "cherkin-2011–2014 (an en dash is not part of a token)": ["cherkin-2011"],
    "a <b>cherkin-2011</b> & nice-ng59": ["cherkin-2011", "nice-ng59"],
    "nguồn: cherkin-2011, tức là Đã thấy (ostelo-2008)": ["cherkin-2011", "ostelo-2008"],
    # joined to a hyphen: the web linked these, the reports did not (changed: none now)
    "-cherkin-2011": [],
    "cherkin-2011-": [],
    "x-cherkin-2011 and cherkin-2011-style": [],
    # inside a longer word or a longer id
    "xcherkin-2011 cherkin-2011x cherkin-20111 _cherkin-2011 cherkin-2011_": [],
    "đcherkin-2011 cherkin-2011đ Cherkin-2011 nice-ng5 nice-ng59a": [],
    # inside a web address or a dotted name: all three cited these (changed: none now)
    "https://example.org/cherkin-2011": [],
    "see https://cherkin-2011.example.org/x, then ostelo-2008": ["ostelo-2008"],
    "www.cherkin-2011.com cherkin-2011.pdf cherkin-2011.5": [],
}


@pytest.mark.parametrize(("text", "cited"), CASES.items())
def test_an_id_counts_only_as_a_whole_token(text: str, cited: list[str]) -> None:
    found = find_ids(text, CATALOGUE.ids)
    assert [m.id for m in found] == cited
    assert all(text[m.start : m.end] == m.id for m in found)


def test_a_longer_id_wins_over_its_prefix() -> None:
    known = ("a-b", "a-b-c")
    assert find_ids("a-b-c, then a-b.", known) == (Mention("a-b-c", 0, 5), Mention("a-b", 12, 15))
    assert find_ids("a-b-c-d", known) == ()


def test_an_id_named_twice_is_found_twice_and_no_vocabulary_finds_nothing() -> None:
    assert [m.start for m in find_ids("ostelo-2008 ostelo-2008", CATALOGUE.ids)] == [0, 12]
    assert find_ids("ostelo-2008", ()) == ()


def _linked_ids(text: str) -> list[str]:
    return re.findall(r'href="/evidence/([^"]+)"', str(linked(text)))


def _referenced_ids(text: str) -> list[str]:
    return [ref.id for ref in report._references(text, (), CATALOGUE)]


def _named_ids(text: str) -> list[str]:
    cited: dict[str, str] = {}
    nof1_report._named(text, cited)
    return list(cited)


@pytest.mark.parametrize("shown_by", [_linked_ids, _referenced_ids, _named_ids])
@pytest.mark.parametrize(("text", "cited"), CASES.items())
def test_the_page_the_report_and_the_trial_section_cite_the_same_ids(
    shown_by: object, text: str, cited: list[str]
) -> None:
    assert callable(shown_by)
    assert shown_by(text) == list(dict.fromkeys(cited))


def test_the_web_escapes_the_rest_and_names_a_protocol_by_its_title() -> None:
    protocol = PROTOCOLS[0]
    with use_language("en"):
        shown = linked(f"<b>x</b> & ostelo-2008 and {protocol.id}; -ostelo-2008")
    assert isinstance(shown, Markup)
    assert str(shown) == (
        "&lt;b&gt;x&lt;/b&gt; &amp; "
        '<a class="source" href="/evidence/ostelo-2008" lang="en">Ostelo et al. 2008</a>'
        f" and {protocol.title}; -ostelo-2008"
    )


def test_the_trial_section_names_each_cited_id_by_its_short_citation() -> None:
    cited: dict[str, str] = {}
    shown = nof1_report._named("as measured (ostelo-2008) -ostelo-2008", cited)
    assert shown == "as measured (Ostelo et al. 2008) -ostelo-2008"
    assert list(cited) == ["ostelo-2008"]
