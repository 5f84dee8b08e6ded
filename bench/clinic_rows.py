"""The rows of bench/clinic_seed.py as COPY text lines: clinics, people and a year of records.

See bench/clinic_seed.py for the pattern. Every generator yields tab-separated
lines in the column order of ``clinic_seed.TABLES``; ids are given here (the
sequences are moved past them afterwards).
"""

from __future__ import annotations

import hashlib
import json
import random
import secrets
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from backrub.domain.screening import NO_TO_ALL, screen
from backrub.services import passwords

PASSWORD = "correct horse battery staple"
ZONES = ("Asia/Ho_Chi_Minh", "Europe/London", "America/New_York", "Australia/Sydney")
TECHNIQUES = ("relaxation", "structural", "trigger_point", "sports")
RED_FLAGS = (  # about 3 % of first screenings answer yes to one of these
    "history_of_cancer",
    "night_pain_unrelieved",
    "fever_or_chills",
    "blood_thinners",
    "osteoporosis",
    "bladder_bowel_change",
)


@dataclass(frozen=True)
class Size:
    clinics: int
    therapists: int  # in all
    clients: int  # in all
    days: int

    @property
    def therapists_per_clinic(self) -> int:
        return self.therapists // self.clinics

    @property
    def clients_per_clinic(self) -> int:
        return self.clients // self.clinics


FULL = Size(clinics=100, therapists=1_000, clients=100_000, days=365)
SMALL = Size(clinics=2, therapists=20, clients=200, days=30)


def _ids(size: Size) -> tuple[Callable[[int], int], Callable[[int], int], Callable[[int], int]]:
    """Return the account id of a clinic's admin, of therapist t and of client i."""
    per = 1 + size.therapists_per_clinic + size.clients_per_clinic

    def admin(c: int) -> int:
        return c * per + 1

    def therapist(t: int) -> int:
        c, n = divmod(t, size.therapists_per_clinic)
        return c * per + 2 + n

    def client(i: int) -> int:
        c, n = divmod(i, size.clients_per_clinic)
        return c * per + 2 + size.therapists_per_clinic + n

    return admin, therapist, client


class Calendar:
    """The year's days as text, with each zone's UTC offset on each day."""

    def __init__(self, now: datetime, days: int) -> None:
        first = now.date() - timedelta(days=days)
        self.days = [(first + timedelta(days=d)).isoformat() for d in range(days)]
        self.offsets = {
            zone: [_offset(first + timedelta(days=d), ZoneInfo(zone)) for d in range(days)]
            for zone in ZONES
        }
        self.minutes = [f"{m // 60:02d}:{m % 60:02d}:00" for m in range(24 * 60)]


def _offset(day: date, zone: ZoneInfo) -> str:
    delta = datetime(day.year, day.month, day.day, 12, tzinfo=zone).utcoffset()
    assert delta is not None
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _tails(rng: random.Random) -> list[str]:
    """Pre-made ends of check-in rows: soreness, sleep, activity, medication, note, leg."""
    tails = []
    for _ in range(512):
        sore = str(rng.randint(0, 6)) if rng.random() < 0.7 else r"\N"
        sleep = str(rng.randint(3, 9)) if rng.random() < 0.8 else r"\N"
        act = str(rng.choice((0, 10, 20, 30, 45, 60, 90))) if rng.random() < 0.6 else r"\N"
        took = rng.random() < 0.2
        med = "ibuprofen 400 mg" if took else ""
        note = "long day at the desk" if rng.random() < 0.05 else r"\N"
        leg = "t" if rng.random() < 0.002 else "f"
        tails.append(f"\t{sore}\t{sleep}\t{act}\t{'t' if took else 'f'}\t{med}\t{note}\t{leg}\n")
    return tails


def _answer_pools(rng: random.Random) -> dict[str, list[str]]:
    """Stored answers JSON as the app writes it (json.dumps of a list of whole numbers)."""
    rmdq = []
    for ticked in range(25):
        for _ in range(16):
            marks = [0] * 24
            for n in rng.sample(range(24), ticked):
                marks[n] = 1
            rmdq.append(json.dumps(marks))
    mood = {}
    for name, items in (("phq9", 9), ("gad7", 7)):
        pool = []
        for _ in range(1024):
            level = rng.choices((0.15, 0.6, 1.2, 2.0), (60, 25, 10, 5))[0]
            values = [min(3, max(0, round(rng.gauss(level, 0.7)))) for _ in range(items)]
            if name == "phq9" and rng.random() > 0.03:
                values[8] = 0  # item 9 (self-harm) stays "not at all" for nearly everyone
            pool.append(json.dumps(values))
        mood[name] = pool
    return {"rmdq": rmdq, **mood}


def _screening_rows(now: datetime) -> tuple[str, list[str]]:
    """The clear screening's row end, and one per red flag (answers JSON, verdict, restrictions)."""

    def row(answers: dict[str, bool | str]) -> str:
        found = screen(answers, today=now.date())
        pairs = json.dumps([list(pair) for pair in found.answers])
        restrictions = ",".join(sorted(r.value for r in found.restrictions))
        return f"\t{pairs}\t{found.verdict.value}\t{restrictions}\n"

    flagged = [row(dict(NO_TO_ALL) | {flag: True}) for flag in RED_FLAGS]
    return row(dict(NO_TO_ALL)), flagged


class Seeder:
    def __init__(self, size: Size, now: datetime) -> None:
        self.size = size
        self.now = now
        self.at = now.isoformat()
        self.admin, self.therapist, self.client = _ids(size)
        self.hash = passwords.hash_password(PASSWORD)  # once: every account shares it
        self.public = [
            str(uuid.UUID(int=random.Random(i).getrandbits(128), version=4))
            for i in range(size.clients)
        ]
        self.calendar = Calendar(now, size.days)

    def zone(self, clinic: int) -> str:
        return ZONES[clinic % len(ZONES)]

    def clinics(self) -> Iterator[str]:
        for c in range(self.size.clinics):
            yield f"{c + 1}\t{uuid.uuid4()}\tClinic {c + 1}\t{self.at}\n"

    def profiles(self) -> Iterator[str]:
        for i in range(self.size.clients):
            c = i // self.size.clients_per_clinic
            zone = self.zone(c)
            language = "vi" if zone == "Asia/Ho_Chi_Minh" else "en"
            yield f"{i + 1}\t{self.public[i]}\t{zone}\t{self.at}\t{language}\t{c + 1}\n"

    def accounts(self) -> Iterator[str]:
        s = self.size
        head = f"\t{self.hash}\t\\N"
        for c in range(s.clinics):
            yield (
                f"{self.admin(c)}\t{uuid.uuid4()}\t{c + 1}\tadmin\tadmin@c{c + 1}.example"
                f"\tAdmin {c + 1}{head}\t\\N\tt\t{self.at}\n"
            )
            for n in range(s.therapists_per_clinic):
                t = c * s.therapists_per_clinic + n
                yield (
                    f"{self.therapist(t)}\t{uuid.uuid4()}\t{c + 1}\ttherapist"
                    f"\ttherapist{t + 1}@c{c + 1}.example\tTherapist {t + 1}{head}\t\\N\tt"
                    f"\t{self.at}\n"
                )
            for n in range(s.clients_per_clinic):
                i = c * s.clients_per_clinic + n
                yield (
                    f"{self.client(i)}\t{self.public[i]}\t{c + 1}\tclient"
                    f"\tclient{i + 1}@c{c + 1}.example\tClient {i + 1}{head}\t{i + 1}\tt"
                    f"\t{self.at}\n"
                )

    def therapist_of(self, i: int) -> int | None:
        """Return the therapist index of client ``i``; None for the 2 % unassigned."""
        s = self.size
        c, n = divmod(i, s.clients_per_clinic)
        if n % 50 == 49:
            return None
        return c * s.therapists_per_clinic + n % s.therapists_per_clinic

    def assignments(self) -> Iterator[str]:
        for i in range(self.size.clients):
            t = self.therapist_of(i)
            if t is not None:
                c = i // self.size.clients_per_clinic
                yield f"{c + 1}\t{self.therapist(t)}\t{self.client(i)}\t{self.at}\n"

    def habits(self, i: int) -> tuple[random.Random, float, int]:
        """Return the client's random stream, daily chance of a check-in and last day."""
        rng = random.Random(i * 7919 + 13)
        kind = rng.random()
        if kind < 0.60:
            return rng, 0.85, self.size.days
        if kind < 0.85:
            return rng, 0.35, self.size.days
        return rng, 0.80, min(self.size.days, rng.randint(30, 120))

    def checkins(self) -> Iterator[str]:
        cal, tails = self.calendar, _tails(random.Random(1))
        noise = [round(random.Random(2).gauss(0, 1.2)) for _ in range(4096)]
        row = 0
        for i in range(self.size.clients):
            rng, chance, last = self.habits(i)
            zone = self.zone(i // self.size.clients_per_clinic)
            offsets, pid = cal.offsets[zone], f"\t{i + 1}\t"
            start = rng.uniform(4, 8)
            drop = start * rng.uniform(0, 0.6) / max(1, self.size.days)
            habit, o, t = rng.randint(6 * 60, 22 * 60), rng.randrange(4096), rng.randrange(512)
            tzcol = f"\t{zone}\t"
            for d in range(last):
                if rng.random() >= chance:
                    continue
                row += 1
                pain = min(10, max(0, round(start - drop * d) + noise[(o + d * 7) & 4095]))
                minute = min(1439, max(0, habit + noise[(o + d * 3) & 4095] * 20))
                yield (
                    f"{row}{pid}{cal.days[d]} {cal.minutes[minute]}{offsets[d]}{tzcol}{pain}"
                    f"{tails[(t + d * 13) & 511]}"
                )

    def questionnaire_days(self, i: int) -> Iterator[tuple[int, int, float]]:
        """Yield (day, minute, pain) of each 4-weekly questionnaire while the client keeps at it."""
        rng, _, last = self.habits(i)
        start = rng.uniform(4, 8)
        habit = rng.randint(6 * 60, 22 * 60)
        for d in range(rng.randrange(7), last, 28):
            yield d, habit, start * (1 - 0.4 * d / max(1, self.size.days))

    def responses(self) -> Iterator[str]:
        pools, cal = _answer_pools(random.Random(3)), self.calendar
        rng = random.Random(4)
        row = 0
        for i in range(self.size.clients):
            zone = self.zone(i // self.size.clients_per_clinic)
            language = "vi" if zone == "Asia/Ho_Chi_Minh" else "en"
            for d, minute, pain in self.questionnaire_days(i):
                at = f"{cal.days[d]} {cal.minutes[minute]}{cal.offsets[zone][d]}"
                ticked = min(24, max(0, round(pain * 1.6 + rng.gauss(0, 2))))
                for name, answers in (
                    ("rmdq", pools["rmdq"][ticked * 16 + rng.randrange(16)]),
                    ("phq9", rng.choice(pools["phq9"])),
                    ("gad7", rng.choice(pools["gad7"])),
                ):
                    row += 1
                    yield f"{row}\t{i + 1}\t{at}\t{zone}\t{name}\t{answers}\t[]\t{language}\n"

    def screenings(self) -> Iterator[str]:
        clear, flagged = _screening_rows(self.now)
        first = self.calendar.days[0] if self.calendar.days else self.now.date().isoformat()
        for i in range(self.size.clients):
            rng = random.Random(i * 31 + 5)
            end = rng.choice(flagged) if rng.random() < 0.03 else clear
            yield f"{i + 1}\t{i + 1}\t{first}{end}"

    def pro_sessions(self) -> Iterator[str]:
        cal, row = self.calendar, 0
        for i in range(self.size.clients):
            rng = random.Random(i * 17 + 3)
            t = self.therapist_of(i)
            if t is None or rng.random() >= 0.2 or not cal.days:
                continue
            zone = self.zone(i // self.size.clients_per_clinic)
            for _ in range(rng.randint(1, 6)):
                row += 1
                d = rng.randrange(len(cal.days))
                minute = cal.minutes[rng.randint(9 * 60, 18 * 60)]
                at = f"{cal.days[d]} {minute}{cal.offsets[zone][d]}"
                yield (
                    f"{row}\t{i + 1}\t{at}\t{zone}\t{rng.choice(TECHNIQUES)}"
                    f"\t{rng.choice((30, 45, 60))}\t6000\tUSD\tTherapist {t + 1}"
                    "\tStiff after long drives, pain 5/10.\tTight paraspinals L3-L5, no red flags."
                    "\tNon-specific low back pain, improving.\tWeekly for 4 weeks; walking daily."
                    f"\t{self.therapist(t)}\n"
                )

    def web_sessions(self) -> Iterator[str]:
        """Signed in now: every therapist and one client in five (tokens thrown away)."""
        people = [
            (self.therapist(t), t // self.size.therapists_per_clinic)
            for t in range(self.size.therapists)
        ]
        people += [
            (self.client(i), i // self.size.clients_per_clinic)
            for i in range(0, self.size.clients, 5)
        ]
        for row, (account, c) in enumerate(people, start=1):
            token = hashlib.sha256(secrets.token_bytes(32)).hexdigest()
            yield f"{row}\t{token}\t{account}\t{c + 1}\tfull\t{self.at}\t{self.at}\t\\N\n"
