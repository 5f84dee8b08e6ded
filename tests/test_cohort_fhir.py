"""The bulk QuestionnaireResponse is the profile export's, item for item."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from backrub.domain.instruments import get_instrument
from backrub.domain.records import Response
from backrub.reports import fhir
from backrub.reports.cohort_fhir import questionnaire_response

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
ANSWERS = [
    Response(AT, "Asia/Ho_Chi_Minh", "rmdq", tuple([1, 0] * 12)),
    Response(AT, "Europe/London", "odi", (1, 2, 3, 4, 5, 0, 1, 2, 3, None)),
    Response(AT, "UTC", "psfs", (3, 7.5, 2), ("walking", "", "lifting")),
    Response(AT, "UTC", "nrs", (4,)),
    Response(AT, "UTC", "phq9", (0, 1, 2, 3, 0, 1, 2, 3, 0)),
]


@pytest.mark.parametrize("response", ANSWERS, ids=lambda r: r.instrument)
def test_the_same_resource_as_the_profile_export(response: Response) -> None:
    expected = fhir._questionnaire_response(
        get_instrument(response.instrument), response, "patient", "response"
    )
    expected["subject"] = expected["source"] = {"reference": "Patient/patient"}
    assert questionnaire_response(response, "patient", "response") == expected
