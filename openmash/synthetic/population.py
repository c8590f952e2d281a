"""Households and the true people in them, built district by district."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from openmash.synthetic.geography import District, StreetCursor
from openmash.synthetic.identifiers import NhsNumberAllocator, make_upn
from openmash.synthetic.names import NameBook, Weighted, feminine_family_name
from openmash.synthetic.params import (
    ADULT_HOUSEHOLD_TYPES,
    ADULT_HOUSEHOLDS_PER_FAMILY,
    BIRTHS_PER_FAMILY_YEAR,
    CARE_NEEDS_BY_AGE,
    CHILDREN_PER_FAMILY,
    FAMILY_TYPES,
    NEED_LEVEL_SHARES,
)
from openmash.synthetic.records import Household, Person
from openmash.synthetic.sampling import below

MOVED_RECENTLY = 0.35
MARRIED_SHARE = 0.6
CHILD_TAKES_FATHERS_NAME = 0.85


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_on(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


@dataclass(slots=True)
class Ids:
    """Sequential identifiers shared by the whole run."""

    household: int = 0
    person: int = 0

    def next_household(self) -> str:
        self.household += 1
        return f"H{self.household:08d}"

    def next_person(self) -> str:
        self.person += 1
        return f"P{self.person:09d}"


@dataclass(slots=True)
class _Member:
    role: str
    sex: str
    age: int
    code: str
    culture: str
    family_name: str = ""
    born: date | None = None  # a birth during the window


@dataclass(frozen=True, slots=True)
class Window:
    start: date
    end: date


class PopulationBuilder:
    def __init__(
        self, *, window: Window, names: NameBook, nhs: NhsNumberAllocator, ids: Ids
    ) -> None:
        self.start = window.start
        self.end = window.end
        self._birth_spans: dict[int, tuple[int, int]] = {}
        self.names = names
        self.nhs = nhs
        self.ids = ids
        self.children_per_family = Weighted.from_mapping(CHILDREN_PER_FAMILY)
        self.family_types = Weighted.from_mapping(FAMILY_TYPES)
        self.adult_types = Weighted.from_mapping(ADULT_HOUSEHOLD_TYPES)
        self.need_levels = Weighted.from_mapping(NEED_LEVEL_SHARES)

    def district_households(
        self, district: District, rng: Random, child_quota: int
    ) -> Iterator[tuple[Household, list[Person]]]:
        """Family households until the district's child quota is met, each followed by
        households of adults only in the national proportion."""
        streets = StreetCursor(rng, district.outward)
        upn_serials: dict[tuple[str, int], int] = {}
        children = 0
        while children < child_quota:
            members = self._family_members(rng)
            household, people = self._household(rng, district, streets, members, upn_serials)
            children += sum(1 for m in members if m.role == "child" and m.born is None)
            yield household, people
            extra = int(ADULT_HOUSEHOLDS_PER_FAMILY)
            extra += rng.random() < ADULT_HOUSEHOLDS_PER_FAMILY - extra
            for _ in range(extra):
                yield self._household(rng, district, streets, self._adult_members(rng), upn_serials)

    # -- composition -------------------------------------------------------------------

    def _family_members(self, rng: Random) -> list[_Member]:
        child_code = self.names.child_ethnicity.pick(rng)
        ages = self._child_ages(rng, self.children_per_family.pick(rng))
        mother_age = max(ages) + int(min(45, max(16, rng.gauss(29.5, 5.5))))
        members = self._parents(rng, child_code, mother_age)
        for age in sorted(ages, reverse=True):
            parent = members[below(rng, min(2, len(members)))]
            role = "child" if age < 18 else "adult_child"
            sex = "M" if rng.random() < 0.51 else "F"
            members.append(_Member(role, sex, age, child_code, parent.culture))
        self._birth(rng, members, mother_age, child_code)
        self._family_names(rng, members)
        return members

    def _parent_codes(self, rng: Random, child_code: str) -> tuple[str, str]:
        """Mother's and father's ethnicity: for a mixed code, one of them is White British."""
        names = self.names
        if child_code in names.mixed_partner:
            partner = names.mixed_partner[child_code].pick(rng)
            return ("WBRI", partner) if rng.random() < 0.5 else (partner, "WBRI")
        if child_code in ("REFU", "NOBT"):
            code = names.any_code.pick(rng)
            return code, code
        return child_code, child_code

    def _parents(self, rng: Random, child_code: str, mother_age: int) -> list[_Member]:
        names = self.names
        family_type = self.family_types.pick(rng)
        mother_code, father_code = self._parent_codes(rng, child_code)
        mother = _Member(
            "parent", "F", mother_age, mother_code, names.culture_for(rng, mother_code)
        )
        members = [mother]
        if family_type != "lone_parent":
            father_age = max(18, mother_age + int(rng.gauss(2.5, 3.0)))
            same = father_code == mother_code and rng.random() < 0.9
            culture = mother.culture if same else names.culture_for(rng, father_code)
            members.append(_Member("parent", "M", father_age, father_code, culture))
        elif rng.random() < 0.1:  # a lone father
            culture = names.culture_for(rng, father_code)
            members[0] = _Member("parent", "M", mother_age + 2, father_code, culture)
        if family_type == "multigenerational":
            sex = "F" if rng.random() < 0.6 else "M"
            age = mother_age + int(max(17, rng.gauss(28, 4)))
            members.append(_Member("grandparent", sex, age, mother_code, members[0].culture))
        return members

    def _birth(self, rng: Random, members: list[_Member], mother_age: int, code: str) -> None:
        """A baby born during the window, to a mother under 44."""
        days = (self.end - self.start).days
        if members[0].sex != "F" or mother_age >= 44:
            return
        if rng.random() >= BIRTHS_PER_FAMILY_YEAR * days / 365.25:
            return
        born = self.start + timedelta(days=below(rng, days))
        members.append(
            _Member(
                "child",
                "M" if rng.random() < 0.51 else "F",
                -1,
                code,
                members[0].culture,
                born=born,
            )
        )

    def _child_ages(self, rng: Random, count: int) -> list[int]:
        gaps = [1 + int(rng.expovariate(0.5)) for _ in range(count - 1)]
        span = sum(gaps)
        youngest = below(rng, 18 - span) if span < 18 else below(rng, 18)
        ages = [youngest]
        for gap in gaps:
            ages.append(ages[-1] + gap)
        return [a for a in ages if a <= 24]

    def _family_names(self, rng: Random, members: list[_Member]) -> None:
        names = self.names
        parents = [m for m in members if m.role == "parent"]
        for parent in parents:
            parent.family_name = names.family_name(rng, parent.culture, parent.sex)
        father = next((p for p in parents if p.sex == "M"), None)
        mother = next((p for p in parents if p.sex == "F"), None)
        if father and mother and rng.random() < MARRIED_SHARE:
            mother.family_name = father.family_name
        child_name = parents[0].family_name
        if father and mother and rng.random() < CHILD_TAKES_FATHERS_NAME:
            child_name = father.family_name
        elif mother and not father and rng.random() < 0.3:
            child_name = names.family_name(rng, mother.culture)  # the absent father's name
        for member in members:
            if member.role in ("child", "adult_child"):
                member.family_name = child_name
            elif member.role == "grandparent":
                member.family_name = names.family_name(rng, member.culture, member.sex)

    def _adult_members(self, rng: Random) -> list[_Member]:
        names = self.names
        kind = self.adult_types.pick(rng)
        code = names.adult_ethnicity.pick(rng)
        if code in names.mixed_partner:
            code = "WBRI"
        culture = names.culture_for(rng, code)
        stage, size = kind.split("_")
        first_sex = "F" if rng.random() < (0.65 if stage == "older" else 0.5) else "M"
        members = [_Member("adult", first_sex, _adult_age(rng, stage), code, culture)]
        if size in ("couple", "sharers"):
            sex = ("M" if first_sex == "F" else "F") if rng.random() < 0.95 else first_sex
            members.append(_Member("adult", sex, _adult_age(rng, stage), code, culture))
        if size == "sharers":
            members.append(
                _Member(
                    "adult",
                    "M" if rng.random() < 0.5 else "F",
                    _adult_age(rng, stage),
                    code,
                    culture,
                )
            )
        for member in members:
            member.family_name = names.family_name(rng, member.culture, member.sex)
        if size == "couple" and rng.random() < MARRIED_SHARE:
            members[1].family_name = members[0].family_name
            if stage == "middle" and rng.random() < 0.3:
                members.append(
                    _Member(
                        "adult_child",
                        "M" if rng.random() < 0.5 else "F",
                        18 + below(rng, 8),
                        code,
                        culture,
                        members[0].family_name,
                    )
                )
        return members

    # -- people ----------------------------------------------------------------------

    def _household(
        self,
        rng: Random,
        district: District,
        streets: StreetCursor,
        members: list[_Member],
        upn_serials: dict[tuple[str, int], int],
    ) -> tuple[Household, list[Person]]:
        household_id = self.ids.next_household()
        address, postcode = streets.next_address()
        previous, previous_postcode, moved_in = "", "", None
        if rng.random() < MOVED_RECENTLY:
            previous, previous_postcode = streets.elsewhere()
            moved_in = self.start - timedelta(days=30 + below(rng, 1095 - 30))
        has_children = any(m.role == "child" for m in members)
        need = self.need_levels.pick(rng) if has_children else 0
        household_type = _household_type(members)
        household = Household(
            household_id,
            district.outward,
            household_type,
            address,
            district.town,
            postcode,
            previous,
            previous_postcode,
            moved_in,
            need,
        )
        people = [self._person(rng, household_id, district, m, upn_serials) for m in members]
        return household, people

    def _person(
        self,
        rng: Random,
        household_id: str,
        district: District,
        member: _Member,
        upn_serials: dict[tuple[str, int], int],
    ) -> Person:
        dob = member.born or self._date_of_birth(rng, member.age)
        given = self.names.given_name(rng, member.culture, member.sex, dob.year)
        family = member.family_name
        if member.sex == "F":
            married = member.role in ("parent", "grandparent", "adult")
            family = feminine_family_name(family, member.culture, married=married)
            south_asian = member.culture in ("bangladeshi", "pakistani")
            if south_asian and member.role != "child" and rng.random() < 0.35:
                family = "Begum" if member.culture == "bangladeshi" else "Bibi"
        upn, school = "", ""
        if member.role == "child" and member.age >= 4:
            upn, school = self._school_place(rng, district, member.age, upn_serials)
        practices = district.gp_practices
        gp = practices[below(rng, len(practices))].code if rng.random() < 0.97 else ""
        care = rng.random() < _care_needs_rate(member.age) if member.role != "child" else False
        return Person(
            self.ids.next_person(),
            household_id,
            member.role,
            given,
            family,
            member.sex,
            dob,
            member.code,
            member.culture,
            self.nhs.allocate(),
            upn,
            school,
            gp,
            care_needs=care,
        )

    def _date_of_birth(self, rng: Random, age: int) -> date:
        """A birthday making the person `age` on the first day of the window."""
        span = self._birth_spans.get(age)
        if span is None:
            latest = years_before(self.start, age)
            earliest = years_before(self.start, age + 1) + timedelta(days=1)
            span = self._birth_spans[age] = (earliest.toordinal(), (latest - earliest).days + 1)
        return date.fromordinal(span[0] + below(rng, span[1]))

    def _school_place(
        self, rng: Random, district: District, age: int, serials: dict[tuple[str, int], int]
    ) -> tuple[str, str]:
        schools = district.primaries if age <= 10 else district.secondaries
        school = schools[below(rng, len(schools))]
        year = self.start.year - (age - 4)
        key = (school.urn, year)
        serials[key] = serials.get(key, 0) + 1
        upn = make_upn(school.la_code, school.establishment, year, serials[key])
        return upn, school.urn


def _adult_age(rng: Random, stage: str) -> int:
    if stage == "young":
        return 18 + below(rng, 17)
    if stage == "middle":  # parents of dependent children are mostly 30-49 already
        return 40 + below(rng, 25)
    return min(100, 65 + int(rng.expovariate(1 / 12)))


def _care_needs_rate(age: int) -> float:
    for limit, rate in CARE_NEEDS_BY_AGE:
        if age < limit:
            return rate
    return CARE_NEEDS_BY_AGE[-1][1]


def _household_type(members: list[_Member]) -> str:
    roles = [m.role for m in members]
    if "child" in roles:
        parents = roles.count("parent")
        if "grandparent" in roles:
            return "multigenerational"
        return "couple_with_children" if parents == 2 else "lone_parent"
    ages = [m.age for m in members if m.role == "adult"]
    older = min(ages) >= 65
    if len(ages) == 1:
        return "older_single" if older else "single_adult"
    if len(ages) == 2:
        return "older_couple" if older else "couple"
    return "sharers"
