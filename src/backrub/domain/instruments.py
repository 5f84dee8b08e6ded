"""Define the questionnaires and measurements backrub records, as data.

Each ``Instrument`` says what a person answers (items and their scales), how
the answers become a score (``Scoring`` plus the ``Missing`` rule), which way
is better, the bands or risk groups its developers published, the rule ids
of its minimal important change, its codes for FHIR, and its licence.

Item text is shipped only where the owner allows it (NRS, PEG, RMDQ, PHQ-2,
GAD-2, PHQ-9, GAD-7, PSFS, sleep, FFD). The ODI and the STarT Back tool are scoring only:
their ``Item.text`` is ``None`` and a clinic that holds a licence loads the
wording with ``backrub.domain.licensed``. Facts come from
``reference/instruments.md``; every instrument names its evidence ids.

This module looks them up by id. Their shape is ``instrument_model``; the data are
``instrument_items`` (pain, function, sleep) and ``mood_instruments`` (mood screens).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from backrub.domain.instrument_items import FIRST, LATER
from backrub.domain.instrument_items import NRS_CODE as NRS_CODE
from backrub.domain.instrument_items import RMDQ_STATEMENTS as RMDQ_STATEMENTS
from backrub.domain.instrument_model import LOINC as LOINC
from backrub.domain.instrument_model import PROJECT_CODES as PROJECT_CODES
from backrub.domain.instrument_model import Band as Band
from backrub.domain.instrument_model import Code as Code
from backrub.domain.instrument_model import Direction as Direction
from backrub.domain.instrument_model import Instrument as Instrument
from backrub.domain.instrument_model import Missing as Missing
from backrub.domain.instrument_model import Scale as Scale
from backrub.domain.instrument_model import Scoring as Scoring
from backrub.domain.instrument_model import minimal_change as minimal_change
from backrub.domain.mood_instruments import MOOD_SCREENS
from backrub.domain.mood_instruments import PFIZER_NOTICE as PFIZER_NOTICE
from backrub.errors import InvalidInput
from backrub.i18n import _

ALL = (*FIRST, *MOOD_SCREENS, *LATER)

INSTRUMENTS: Mapping[str, Instrument] = MappingProxyType({i.id: i for i in ALL})


def get_instrument(instrument_id: str) -> Instrument:
    """Return the instrument called ``instrument_id`` (case and spaces forgiven)."""
    found = INSTRUMENTS.get(str(instrument_id).strip().lower())
    if found is None:
        raise InvalidInput(
            "instrument", instrument_id, _("choose one of: %(ids)s", ids=", ".join(INSTRUMENTS))
        )
    return found
