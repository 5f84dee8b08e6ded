"""The screening result page says what the shared summary holds: possible sciatica with its
advice, what is left out and why, the episode's stage, and how to lift old leg pain."""

from __future__ import annotations

from datetime import timedelta

from backrub import services
from backrub.store import Store
from tests.web.conftest import API, NOW, TestClient, answers, post_form, soup

LEFT_OUT = (
    "The tennis ball and the massage gun are left out while you have leg pain below the knee; "
    "the foam roller and your hands stay, with light pressure only."
)


def _prose(response: object, where: str | None = None) -> str:
    """Return the text of the page's main part (or of the element ``where``), without
    its source links (a link's text may be an id)."""
    page = soup(response)
    main = page.find(id=where) if where else page.find("main")
    assert main is not None
    for link in main.find_all("a"):
        link.decompose()
    return " ".join(main.get_text(" ").split())


def test_leg_pain_below_the_knee_is_not_a_green_all_clear(client: TestClient) -> None:
    response = post_form(client, "/screening", answers(leg_pain_below_knee=True))
    assert response.status_code == 200
    page = soup(response)
    banner = page.find("section", class_="banner")
    assert banner is not None and "ok" not in banner["class"]
    assert banner.find("h1").get_text(strip=True) == "Some kinds of massage are left out for you"  # type: ignore[union-attr]
    text = _prose(response)
    assert LEFT_OUT in text
    assert "Pain below the knee: possible sciatica" in text
    assert "only beside exercise" in text
    assert "get help the same day if a leg or foot gets numb" in text
    assert "numbness or an odd feeling around the genitals, back passage or inner thighs" in text
    # Sources are links after the words, never ids in the sentence.
    advice = _prose(response, "leg-pain")
    assert (
        "nice-ng59" not in advice and "bass-2018" not in advice and "product-default" not in advice
    )
    assert page.find("a", href="/evidence/bass-2018") is not None
    # The same facts the API gives for the same answers.
    summary = client.post(
        "/api/screening",
        json={"answers": {**_json(answers(leg_pain_below_knee=True))}},
        headers=API,
    ).json()
    assert summary["leg_pain"]["possible_sciatica"] is True
    assert summary["restrictions"] == ["no_deep_pressure", "no_massage_gun"]
    assert "the same day if a leg or foot gets numb" in summary["leg_pain"]["advice"]


def test_no_leg_pain_and_no_warning_sign_stays_a_plain_all_clear(client: TestClient) -> None:
    response = post_form(client, "/screening", answers())
    page = soup(response)
    banner = page.find("section", class_="banner")
    assert banner is not None and "ok" in banner["class"]
    assert page.find(id="left-out") is None and page.find(id="leg-pain") is None


def test_the_episode_stage_is_said_in_words_with_both_conventions(
    client: TestClient, web_store: Store
) -> None:
    post_form(client, "/screening", answers())
    profile = web_store.profiles()[0]
    onset = NOW.date() - timedelta(weeks=5)
    services.add_episode(
        web_store, profile, today=NOW.date(), onset=onset.isoformat(), leg_pain_below_knee=False
    )
    text = _prose(client.get("/screening"))
    assert "Your back pain began 5 weeks ago: acute by the research convention" in text
    assert "Subacute by the American College of Physicians 2017 (<4 / 4–12 / >12 weeks)" in text
    # The College is named once, then its guideline by its authors (review S9), not
    # "(ACP 2017 (Qaseem et al.))" after "by the American College of Physicians 2017".
    linked = " ".join(soup(client.get("/screening")).find("main").get_text(" ").split())  # type: ignore[union-attr]
    said = "American College of Physicians 2017 (<4 / 4–12 / >12 weeks). ( Qaseem et al. 2017 )"
    assert said in linked
    assert "ACP 2017" not in linked and linked.count("Qaseem") == 1


def test_leg_pain_kept_from_an_older_episode_says_how_to_lift_it_and_the_button_does(
    client: TestClient, web_store: Store
) -> None:
    post_form(client, "/screening", answers())
    profile = web_store.profiles()[0]
    onset = NOW.date() - timedelta(weeks=3)
    services.add_episode(
        web_store, profile, today=NOW.date(), onset=onset.isoformat(), leg_pain_below_knee=True
    )
    # Today's answer is "no", but the recorded episode still has the leg pain.
    response = post_form(client, "/screening", answers())
    text = _prose(response)
    assert LEFT_OUT in text
    assert "your latest pain episode" in text and "still counts" in text
    assert "--no-leg-pain" not in response.text and "backrub episode" not in response.text

    gone = post_form(client, "/screening/leg-pain-gone", {}, follow_redirects=True)
    assert gone.status_code == 200
    after = soup(gone)
    assert after.find("h1").get_text(strip=True) == "No warning signs"  # type: ignore[union-attr]
    assert after.find(id="left-out") is None and after.find(id="leg-pain") is None
    episodes = web_store.episodes(profile.id)  # type: ignore[arg-type]
    assert len(episodes) == 2 and episodes[-1].onset == onset  # the stage does not restart
    assert not episodes[-1].leg_pain_below_knee


def _json(form: dict[str, str]) -> dict[str, object]:
    return {k: v if v not in ("yes", "no") else v == "yes" for k, v in form.items()}
