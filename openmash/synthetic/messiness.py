"""The same person as different agencies record them.

Every person has one clean `register` record. When an agency (a police system, a school,
health, ...) first reports a person, that agency's record is made from the true details with
the variations of `MessinessRates` applied independently; the variations applied are listed
in the record's `variants` column. `true_person_id` always points back to the person.
"""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from random import Random

from openmash.synthetic.config import MessinessRates
from openmash.synthetic.data.words import NICKNAMES
from openmash.synthetic.names import NameBook
from openmash.synthetic.records import Household, Person, PersonRecord
from openmash.synthetic.sampling import below

_KEYBOARD = {
    "a": "qwsz",
    "b": "vghn",
    "c": "xdfv",
    "d": "serfcx",
    "e": "wsdr",
    "f": "drtgvc",
    "g": "ftyhbv",
    "h": "gyujnb",
    "i": "ujko",
    "j": "huikmn",
    "k": "jiolm",
    "l": "kop",
    "m": "njk",
    "n": "bhjm",
    "o": "iklp",
    "p": "ol",
    "q": "wa",
    "r": "edft",
    "s": "awedxz",
    "t": "rfgy",
    "u": "yhji",
    "v": "cfgb",
    "w": "qase",
    "x": "zsdc",
    "y": "tghu",
    "z": "asx",
}
_NOT_DECOMPOSED = str.maketrans({"Ł": "L", "ł": "l", "\u0131": "i", "Ø": "O", "ø": "o", "ß": "ss"})
# Systems that know a child's school and UPN, or a person's GP practice.
_KNOWS_SCHOOL = frozenset({"register", "school", "la_services"})
_KNOWS_GP = frozenset({"register", "health", "care_provider"})


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(_NOT_DECOMPOSED))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def typo(rng: Random, text: str) -> str:
    """One keying error: a neighbouring key, two letters swapped, one dropped or doubled."""
    if len(text) < 3:
        return text
    i = 1 + below(rng, len(text) - 2)
    kind = below(rng, 4)
    if kind == 0:
        near = _KEYBOARD.get(text[i].lower())
        if near:
            return text[:i] + near[below(rng, len(near))] + text[i + 1 :]
        kind = 1
    if kind == 1:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind == 2:
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i] + text[i:]


def _shift_date(day: date, *, days: int = 0, years: int = 0) -> date:
    moved = day + timedelta(days=days)
    try:
        return moved.replace(year=moved.year + years)
    except ValueError:
        return moved.replace(year=moved.year + years, day=28)


def _hit(rng: Random, applied: list[str], name: str, rate: float) -> bool:
    """Draw one variation; note it when it applies."""
    if rng.random() < rate:
        applied.append(name)
        return True
    return False


class RecordFactory:
    def __init__(self, rates: MessinessRates, names: NameBook) -> None:
        self.rates = rates
        self.names = names
        self._count = 0

    def _next_id(self) -> str:
        self._count += 1
        return f"R{self._count:09d}"

    def register_record(self, rng: Random, person: Person, household: Household) -> PersonRecord:
        missing = rng.random() < self.rates.nhs_missing.get("register", 0.0)
        return self._record(person, household, "register", nhs="" if missing else None)

    def agency_record(
        self,
        rng: Random,
        person: Person,
        household: Household,
        system: str,
        relatives: list[Person],
    ) -> PersonRecord:
        rates = self.rates
        record = self._record(person, household, system)
        applied: list[str] = []

        def hit(name: str, rate: float) -> bool:
            return _hit(rng, applied, name, rate)

        given, family = record.given_name, record.family_name
        if hit(
            "diacritics_stripped",
            rates.diacritics_stripped if not given.isascii() or not family.isascii() else 0.0,
        ):
            given, family = strip_diacritics(given), strip_diacritics(family)
        nicknames = NICKNAMES.get(person.given_name)
        if nicknames and hit("nickname", rates.nickname):
            given = nicknames[below(rng, len(nicknames))]
        if hit("given_name_typo", rates.given_name_typo):
            given = typo(rng, given)
        if hit("family_name_typo", rates.family_name_typo):
            family = typo(rng, family)
        if hit("surname_hyphenated", rates.surname_hyphenated):
            other = self._other_family_name(rng, person, relatives)
            family = f"{family}-{other}" if rng.random() < 0.5 else f"{other}-{family}"
        elif hit("surname_changed", rates.surname_changed):
            family = self._other_family_name(rng, person, relatives)
        if hit("names_swapped", rates.names_swapped):
            given, family = family, given
        record.given_name, record.family_name = given, family
        record.date_of_birth = self._vary_dob(rng, person.date_of_birth, applied)
        if household.previous_postcode and hit("stale_address", rates.stale_address):
            record.address_line = household.previous_address_line
            record.postcode = household.previous_postcode
        if record.nhs_number and hit("nhs_missing", rates.nhs_missing.get(system, 0.5)):
            record.nhs_number = ""
        record.variants = tuple(applied)
        return record

    def _vary_dob(self, rng: Random, dob: date, applied: list[str]) -> date | None:
        rates = self.rates
        if _hit(rng, applied, "dob_missing", rates.dob_missing):
            return None
        swappable = dob.day <= 12 and dob.day != dob.month
        if swappable and _hit(rng, applied, "dob_day_month_swapped", rates.dob_day_month_swapped):
            return date(dob.year, dob.day, dob.month)
        if _hit(rng, applied, "dob_digit_error", rates.dob_digit_error):
            if rng.random() < 0.6:
                return _shift_date(dob, days=1 if rng.random() < 0.5 else -1)
            return _shift_date(dob, years=1 if rng.random() < 0.5 else -1)
        return dob

    def _other_family_name(self, rng: Random, person: Person, relatives: list[Person]) -> str:
        others = sorted({p.family_name for p in relatives if p.family_name != person.family_name})
        if others and rng.random() < 0.7:
            return others[below(rng, len(others))]
        return self.names.any_family_name(rng)

    def _record(
        self, person: Person, household: Household, system: str, nhs: str | None = None
    ) -> PersonRecord:
        return PersonRecord(
            record_id=self._next_id(),
            true_person_id=person.person_id,
            household_id=person.household_id,
            source_system=system,
            given_name=person.given_name,
            family_name=person.family_name,
            date_of_birth=person.date_of_birth,
            sex=person.sex,
            ethnicity=person.ethnicity,
            nhs_number=person.nhs_number if nhs is None else nhs,
            upn=person.upn if system in _KNOWS_SCHOOL else "",
            address_line=household.address_line,
            postcode=household.postcode,
            is_child=person.role == "child",
            role=person.role,
            school_urn=person.school_urn if system in _KNOWS_SCHOOL else "",
            gp_code=person.gp_code if system in _KNOWS_GP else "",
        )
