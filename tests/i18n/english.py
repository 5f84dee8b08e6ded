"""Find English a person would read in the pseudo-locale (where every translated string is
wrapped in ⟦…⟧ and accented): what is left outside the brackets was never translated.

A run of two or more plain ASCII words with a common English word among them counts;
names, numbers, units and abbreviations ("PHQ-9", "RMDQ", "Lan", "kg") do not.
Elements marked with another language (``lang="en"``: a study's title stays in its
own language) and code are left out.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Tag

from backrub.i18n.pseudo import CLOSE, OPEN

_INNER = re.compile(re.escape(OPEN) + "[^" + OPEN + CLOSE + "]*" + re.escape(CLOSE))
_RUN = re.compile(r"[A-Za-z][A-Za-z']*(?:[ \t,;:/()-]+[A-Za-z][A-Za-z']*)+")
COMMON = frozenset(
    [
        "a",
        "about",
        "after",
        "again",
        "all",
        "also",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "back",
        "be",
        "been",
        "before",
        "but",
        "by",
        "can",
        "check",
        "day",
        "days",
        "do",
        "does",
        "done",
        "each",
        "edit",
        "every",
        "for",
        "from",
        "get",
        "go",
        "has",
        "have",
        "how",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "keep",
        "last",
        "less",
        "log",
        "more",
        "most",
        "much",
        "my",
        "need",
        "new",
        "next",
        "no",
        "not",
        "now",
        "of",
        "on",
        "one",
        "only",
        "or",
        "other",
        "out",
        "over",
        "pain",
        "plan",
        "please",
        "record",
        "save",
        "see",
        "session",
        "sessions",
        "she",
        "should",
        "show",
        "so",
        "some",
        "start",
        "stop",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "time",
        "to",
        "today",
        "too",
        "up",
        "use",
        "was",
        "week",
        "weeks",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yes",
        "minutes",
        "seconds",
        "zone",
        "zones",
        "massage",
        "score",
        "progress",
        "report",
        "help",
    ]
)
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt", "aria-description")
# Names that stay as they are in every language (instruments keep their published names).
NAMES = ("STarT Back",)
_URL = re.compile(r"https?://\S+|www\.\S+|\S+/\S*")


def english_in_text(text: str) -> list[str]:
    """Return the English phrases in ``text`` outside the pseudo-locale's brackets."""
    text = _URL.sub(" ", text)
    for name in NAMES:
        text = text.replace(name, " ")
    while True:
        stripped = _INNER.sub(" ", text)
        if stripped == text:
            break
        text = stripped
    found = []
    for match in _RUN.finditer(text):
        words = re.findall(r"[A-Za-z']+", match.group(0))
        if len(words) >= 2 and any(word.lower() in COMMON for word in words):
            found.append(match.group(0))
    return found


def english_in_html(html: str) -> list[str]:
    """Return the English phrases a person would read or hear on a page."""
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup.find_all(["script", "style", "code", "pre"]):
        hidden.decompose()
    kept_as_is = []
    for other in soup.find_all(lang=True):
        if isinstance(other, Tag) and other.name != "html" and other.get("lang") != "qps":
            kept_as_is.append(other.get_text(" ").strip())
            other.decompose()
    text = soup.get_text(" ")
    for same in filter(None, kept_as_is):  # also where the page repeats it (its <title>)
        text = text.replace(same, " ")
    found = english_in_text(text)
    for tag in soup.find_all(True):
        for name in ATTRIBUTES:
            value = tag.get(name)
            if isinstance(value, str):
                found += english_in_text(value)
    return found
