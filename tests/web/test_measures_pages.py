"""Questionnaires and progress in the browser: item text, licences, scores, honest change."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from backrub.domain.instruments import INSTRUMENTS, PFIZER_NOTICE, RMDQ_STATEMENTS
from backrub.domain.progress import NOT_A_PREDICTION, NOT_RANDOMISED
from backrub.web import WebSettings
from tests.web.conftest import API, TestClient, counts, make_client, post_form, soup


@pytest.fixture
def lite(tmp_path: Path) -> Iterator[TestClient]:
    with make_client(WebSettings(db=str(tmp_path / "m.sqlite3"))) as client:
        client.get("/welcome")
        yield client


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The demo profile: twelve weeks of check-ins, sessions, PEG and RMDQ answers."""
    db = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    with make_client(WebSettings(db=str(db), demo=True)) as client:
        client.get("/")
        yield client


def clinic_file(instrument: str = "odi") -> str:
    if instrument == "odi":
        options = ", ".join(f'"Section option {k}"' for k in range(6))
        items = "".join(
            f'[[items]]\ntext = "ODI section {n}"\noptions = [{options}]\n' for n in range(1, 11)
        )
        return (
            f'instrument = "odi"\nnotice = "ODI © Jeremy Fairbank, 1980 (clinic copy)"\n\n{items}'
        )
    items = '[[items]]\ntext = "Keele statement"\noptions = ["Disagree", "Agree"]\n' * 8
    bother = '"Not at all", "Slightly", "Moderately", "Very much", "Extremely"'
    items += f'[[items]]\ntext = "Bothered"\noptions = [{bother}]\n'
    return f'instrument = "startback"\nnotice = "Copyright Keele University"\n\n{items}'


def upload(client: TestClient, instrument: str, text: str) -> Any:
    files = {"items_file": ("items.toml", text.encode(), "text/plain")}
    return post_form(client, f"/questionnaires/{instrument}/items", {}, files=files)


def test_the_list_links_every_instrument_with_its_sources_and_says_which_are_licensed(
    lite: TestClient,
) -> None:
    page = soup(lite.get("/questionnaires"))
    for instrument in INSTRUMENTS.values():
        row = page.find("tr", id=f"instrument-{instrument.id}")
        assert row is not None
        assert row.find("a", href=f"/questionnaires/{instrument.id}") is not None
        licensed = "licensed" in row.get_text()
        assert licensed is not instrument.ships_item_text
        for source in instrument.sources:
            if source != "product-default":
                assert row.find("a", href=f"/evidence/{source}") is not None


def test_the_rmdq_form_shows_the_24_statements_unchanged_with_their_citation(
    lite: TestClient,
) -> None:
    page = soup(lite.get("/questionnaires/rmdq"))
    labels = [page.find("label", attrs={"for": f"f-answer_{n}"}) for n in range(1, 25)]
    shown = [label.get_text().split(". ", 1)[1] for label in labels if label is not None]
    assert shown == list(RMDQ_STATEMENTS)
    assert shown[8] == "I get dressed more slowly than usual because of my back."
    assert "Roland M, Fairbank J. Spine 2000" in page.get_text()


@pytest.mark.parametrize(
    ("data", "unanswered"),
    [
        ({"answer_1": "5"}, (2, 3)),  # regression: 1 of 3 PEG answers showed a green box
        ({"answer_1": "5", "answer_3": "4"}, (2,)),
    ],
)
def test_a_peg_with_unanswered_questions_is_refused_beside_each_and_nothing_is_saved(
    lite: TestClient, data: dict[str, str], unanswered: tuple[int, ...]
) -> None:
    response = post_form(lite, "/questionnaires/peg", data)
    assert response.status_code == 422
    page = soup(response)
    assert page.find(class_="saved") is None and page.find(attrs={"role": "status"}) is None
    box = page.find(class_="error-box")
    assert box is not None and "needs all 3 answers for a score" in box.get_text()
    for n in (1, 2, 3):
        error = page.find(id=f"f-answer_{n}-error")
        assert (error is not None) is (n in unanswered), n
        if error is not None:
            assert "No answer to this question yet" in error.get_text()
    assert counts(lite.app.state.backend.store).get("responses", 0) == 0  # type: ignore[attr-defined]


def test_the_api_refuses_to_keep_answers_it_cannot_score(lite: TestClient) -> None:
    refused = lite.post(
        "/api/responses",
        json={"instrument": "rmdq", "answers": ",".join(["1", "1"] + ["-"] * 22)},
        headers=API,
    )
    assert refused.status_code == 422
    body = refused.json()
    assert body["field"] == "answers[3]"
    assert "statements 3 to 24 are unanswered" in str(body)
    scored = lite.post("/api/instruments/peg/score", json={"answers": "5,-,-"}, headers=API)
    assert scored.status_code == 200
    assert scored.json()["score"] is None and scored.json()["missing"] == [2, 3]
    assert counts(lite.app.state.backend.store).get("responses", 0) == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("instrument", ["phq2", "gad2"])
def test_the_mood_screeners_carry_the_pfizer_attribution_and_four_answers_per_item(
    lite: TestClient, instrument: str
) -> None:
    page = soup(lite.get(f"/questionnaires/{instrument}"))
    assert PFIZER_NOTICE in page.get_text(" ")
    for n in (1, 2):
        options = page.find_all("input", attrs={"name": f"answer_{n}"})
        assert [o["value"] for o in options] == ["0", "1", "2", "3"]
    assert "Nearly every day" in page.get_text()


@pytest.mark.parametrize(
    ("instrument", "data", "shown"),
    [
        ("nrs", {"answer_1": "6"}, "6 out of 10, lower is better"),
        (
            "peg",
            {"answer_1": "6", "answer_2": "4", "answer_3": "5"},
            "5 out of 10, lower is better",
        ),
        (
            "rmdq",
            {"answer_1": "1", "answer_3": "1", "answer_9": "1"},
            "3 out of 24, lower is better",
        ),
        ("rmdq", {}, "0 out of 24, lower is better"),
        ("phq2", {"answer_1": "2", "answer_2": "1"}, "3 out of 6 (positive screen)"),
        ("gad2", {"answer_1": "0", "answer_2": "1"}, "1 out of 6 (negative screen)"),
        ("sleep", {"answer_1": "7"}, "7 out of 10, higher is better"),
        ("ffd", {"answer_1": "12.5"}, "12.5 cm, lower is better"),
        (
            "psfs",
            {
                "activity_1": "sitting",
                "answer_1": "4",
                "activity_2": "lifting",
                "answer_2": "2",
                "activity_3": "running",
                "answer_3": "6",
            },
            "4 out of 10, higher is better",
        ),
    ],
)
def test_answers_are_saved_and_the_score_is_shown(
    lite: TestClient, instrument: str, data: dict[str, str], shown: str
) -> None:
    client = lite
    response = post_form(client, f"/questionnaires/{instrument}", data)
    assert response.status_code == 200
    status = soup(response).find(attrs={"role": "status"})
    assert status is not None and status.find("strong").get_text() == shown  # type: ignore[union-attr]
    store = client.app.state.backend.store  # type: ignore[attr-defined]
    assert counts(store)["responses"] == 1


def test_a_positive_screen_says_it_is_no_diagnosis_and_names_its_source(
    client: TestClient,
) -> None:
    page = soup(post_form(client, "/questionnaires/phq2", {"answer_1": "3", "answer_2": "3"}))
    warning = page.find(class_="warn")
    assert warning is not None and "not a diagnosis" in warning.get_text()
    assert warning.find("a", href="/evidence/kroenke-2003") is not None


@pytest.mark.parametrize(
    ("instrument", "data", "field"),
    [
        ("nrs", {}, "form"),
        ("nrs", {"answer_1": "11"}, "answer_1"),
        ("phq2", {"answer_1": "7", "answer_2": "1"}, "answer_1"),
        ("ffd", {"answer_1": "200"}, "answer_1"),
        ("ffd", {"answer_1": "1,2,5"}, "answer_1"),
        ("peg", {"answer_1": "5", "answer_2": "x", "answer_3": "5"}, "answer_2"),
        ("psfs", {"activity_1": "sitting", "answer_1": "4"}, "activities"),
        ("psfs", {"answer_1": "4", "answer_2": "4", "answer_3": "4"}, "activity_1"),
        ("nrs", {"answer_1": "5", "at": "next week"}, "at"),
    ],
)
def test_a_bad_answer_comes_back_next_to_its_question_and_nothing_is_saved(
    lite: TestClient, instrument: str, data: dict[str, str], field: str
) -> None:
    response = post_form(lite, f"/questionnaires/{instrument}", data)
    assert response.status_code == 422
    page = soup(response)
    if field == "form":
        assert page.find(class_="error-box") is not None
    else:
        assert page.find(id=f"f-{field}-error") is not None, page.find("main")
    for name, value in data.items():  # what was typed is kept
        if page.find("input", attrs={"name": name, "type": "text"}) is not None:
            assert page.find("input", attrs={"name": name})["value"] == value  # type: ignore[index]
    assert counts(lite.app.state.backend.store).get("responses", 0) == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("instrument", ["odi", "startback"])
def test_a_licensed_instrument_asks_for_the_clinic_file_before_showing_any_item(
    lite: TestClient, instrument: str
) -> None:
    page = soup(lite.get(f"/questionnaires/{instrument}"))
    assert "item text of this questionnaire is licensed" in page.get_text()
    assert page.find("input", attrs={"type": "file", "name": "items_file"}) is not None
    assert page.find("input", attrs={"name": "answer_1"}) is None


def test_the_odi_is_shown_in_the_clinics_wording_and_scored_with_its_band(
    lite: TestClient,
) -> None:
    form = soup(upload(lite, "odi", clinic_file()))
    assert "ODI section 3" in form.get_text() and "(clinic copy)" in form.get_text()
    hidden = form.find("input", attrs={"name": "items_text"})
    assert hidden is not None
    answers = {f"answer_{n}": "1" for n in range(1, 11)}
    result = post_form(lite, "/questionnaires/odi", {"items_text": hidden["value"], **answers})
    assert result.status_code == 200
    assert soup(result).find(attrs={"role": "status"}).find("strong").get_text() == (  # type: ignore[union-attr]
        "20%, lower is better (minimal disability)"
    )


def test_the_odi_result_page_shows_neutral_band_words(lite: TestClient) -> None:
    form = soup(upload(lite, "odi", clinic_file()))
    hidden = form.find("input", attrs={"name": "items_text"})
    assert hidden is not None
    answers = {f"answer_{n}": "4" for n in range(1, 11)}
    result = post_form(lite, "/questionnaires/odi", {"items_text": hidden["value"], **answers})
    text = soup(result).get_text(" ")
    assert "80%, lower is better (very severe disability)" in text
    assert "crippled" not in text and "exaggerat" not in text


def test_fingertip_to_floor_says_its_threshold_is_a_clinicians_detectable_change(
    lite: TestClient,
) -> None:
    form = soup(lite.get("/questionnaires/ffd")).get_text(" ")
    assert "Clinicians measure this test" in form
    result = soup(post_form(lite, "/questionnaires/ffd", {"answer_1": "12.5"})).get_text(" ")
    assert "Change bigger than the score's everyday ups and downs" in result
    assert "Change that matters" not in result
    assert "trained clinicians in a mixed group" in result


def test_startback_scores_a_risk_group(lite: TestClient) -> None:
    hidden = soup(upload(lite, "startback", clinic_file("startback"))).find(
        "input", attrs={"name": "items_text"}
    )
    answers = {f"answer_{n}": "1" for n in range(1, 9)} | {"answer_9": "4"}
    result = post_form(
        lite, "/questionnaires/startback", {"items_text": hidden["value"], **answers}
    )  # type: ignore[index]
    assert "(high risk)" in soup(result).find(attrs={"role": "status"}).get_text()  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("instrument", "text"),
    [
        ("odi", "this is not toml ["),
        ("odi", clinic_file("startback")),
        (
            "odi",
            clinic_file().replace('[[items]]\ntext = "ODI section 10"', '[[extra]]\ntext = "x"'),
        ),
        ("startback", clinic_file()),
    ],
)
def test_a_wrong_clinic_file_is_refused_next_to_the_upload(
    lite: TestClient, instrument: str, text: str
) -> None:
    response = upload(lite, instrument, text)
    assert response.status_code == 422
    assert soup(response).find(id="f-items_file-error") is not None


def test_answers_to_a_licensed_instrument_without_its_file_are_refused(lite: TestClient) -> None:
    response = post_form(lite, "/questionnaires/odi", {f"answer_{n}": "1" for n in range(1, 11)})
    assert response.status_code == 422
    assert soup(response).find(id="f-items_file-error") is not None
    assert counts(lite.app.state.backend.store).get("responses", 0) == 0  # type: ignore[attr-defined]


def test_the_api_lists_instruments_scores_and_keeps_responses(lite: TestClient) -> None:
    listed = {i["id"]: i for i in lite.get("/api/instruments").json()}
    assert set(listed) == set(INSTRUMENTS)
    rmdq = lite.get("/api/instruments/rmdq").json()
    assert [i["text"] for i in rmdq["item_list"]] == list(RMDQ_STATEMENTS)
    assert all(i["text"] is None for i in lite.get("/api/instruments/odi").json()["item_list"])
    scored = lite.post("/api/instruments/phq2/score", json={"answers": "2,2"}, headers=API)
    assert scored.json()["positive_screen"] is True
    kept = lite.post(
        "/api/responses",
        json={"instrument": "psfs", "answers": "3,4,5", "activities": "a;b;c"},
        headers=API,
    )
    assert kept.status_code == 201 and kept.json()["score"] == 4
    odi = lite.post(
        "/api/responses",
        json={"instrument": "odi", "answers": ",".join("1" * 10), "items_file": clinic_file()},
        headers=API,
    )
    assert odi.status_code == 201 and odi.json()["band"] == "minimal disability"
    refused = lite.post(
        "/api/responses", json={"instrument": "odi", "answers": ",".join("1" * 10)}, headers=API
    )
    # The field is the body's own key (it was "items-file", the CLI flag's name).
    assert refused.status_code == 422 and refused.json()["field"] == "items_file"
    wrong = lite.post(
        "/api/responses",
        json={"instrument": "rmdq", "answers": ",".join("0" * 24), "items_file": clinic_file()},
        headers=API,
    )
    assert wrong.status_code == 422 and wrong.json()["fields"] == ["items_file"]


# -- progress ------------------------------------------------------------------------------


def test_progress_shows_each_change_against_both_thresholds_with_their_sources(
    demo: TestClient,
) -> None:
    page = soup(demo.get("/progress"))
    rows = page.select("table.changes tbody tr")
    assert {row["id"] for row in rows} >= {"change-nrs", "change-rmdq"}
    for row in rows:
        cells = row.find_all("td")
        if row["id"] in ("change-nrs", "change-rmdq", "change-odi"):
            assert "threshold 30%" in cells[2].get_text()
            assert cells[2].find("a", href="/evidence/ostelo-2008") is not None
        else:  # no source gives the 30% rule for the PEG, PSFS or fingertip-to-floor
            assert "not used" in cells[2].get_text()
        assert "minimal important change" in cells[3].get_text()
        assert cells[3].find("a") is not None
    changes = page.find("section", attrs={"aria-labelledby": "changes-h"})
    assert changes is not None
    words = changes.get_text(" ")
    assert "positive = better" not in words and "+" not in words
    assert "improved by" in words or "got worse by" in words


def test_progress_gives_trend_day_comparison_with_its_caveat_dose_and_trials(
    demo: TestClient,
) -> None:
    page = soup(demo.get("/progress"))
    text = page.get_text(" ", strip=True)
    trend = page.find("section", attrs={"aria-labelledby": "trend-h"})
    assert trend is not None and "a week" in trend.get_text()
    assert " ".join(NOT_RANDOMISED.split()[:6]) in text
    assert "in the whole plan" in text and "due up to" in text  # the one session count
    trials = page.find("section", attrs={"aria-labelledby": "trials-h"})
    assert trials is not None and NOT_A_PREDICTION in trials.get_text(" ")
    assert trials.find("a", href="/evidence/cherkin-2011") is not None
    assert "Your change on Roland-Morris" in trials.get_text()


def test_progress_charts_are_inline_svg_without_inline_css(demo: TestClient) -> None:
    page = soup(demo.get("/progress"))
    charts = page.select("figure.chart svg")
    assert len(charts) >= 3  # pain, a questionnaire, self-massage minutes
    assert all(svg.get("role") == "group" and svg.get("aria-label") for svg in charts)
    main = page.find("main")
    assert main is not None
    assert main.find_all("style") == [] and main.select("[style]") == []
    assert all(script.get("src") for script in main.find_all("script"))  # no inline script
    assert charts[0].find("circle", attrs={"fill": True}) is not None  # colours as attributes
    # Every reading can be read: a named point in the chart and a row in its table.
    for figure in page.select("figure.chart"):
        named = [p.title.get_text() for p in figure.select(".chart-point") if p.title]
        assert named and all(": " in str(n) for n in named)
        assert figure.select("details.chart-table table tbody tr")


def test_progress_on_a_fresh_install_says_there_is_not_enough_data(lite: TestClient) -> None:
    response = lite.get("/progress")
    assert response.status_code == 200
    assert "Not enough data yet" in response.text
    assert soup(response).select("figure.chart") == []


def test_the_progress_api_has_the_shape_of_the_cli(demo: TestClient) -> None:
    body = demo.get("/api/progress").json()
    assert set(body) == {
        "as_of",
        "changes",
        "pain_trend",
        "days_compared",
        "dose",
        "trials",
        "assessments",
    }
    assert body["trials"][0]["caveat"] == NOT_A_PREDICTION
