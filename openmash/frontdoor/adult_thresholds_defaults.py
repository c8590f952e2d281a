"""The default adults' safeguarding risk thresholds: four levels and 39 indicators, grouped by the
types of abuse and neglect that the Care and Support Statutory Guidance (chapter 14) names.

PLACEHOLDER CONTENT: REPLACE IT WITH YOUR SAFEGUARDING ADULTS BOARD'S OWN RISK THRESHOLD TOOL.
Every Safeguarding Adults Board publishes its own threshold (or "decision support") guidance, and
practitioners are trained on that tool, not on this one. These rows are only a working start so a
new installation can screen adults on day one: an administrator renames the levels, rewrites the
typical responses and edits, adds or retires indicators in the administration pages (every change
is audited and listed in the settings history).

The wording is ours, written from the public categories of abuse and neglect in the statutory
guidance (physical, domestic, sexual, psychological, financial or material, modern slavery,
discriminatory, organisational, neglect and acts of omission, self-neglect) and the shape common to
SAB tools (a level per row, a typical response per level); no council's text is copied. The type
codes are the Safeguarding Adults Collection's "type of risk" codes (docs/frontdoor-consent-
thresholds.md), so a screening's types can later feed the return. Sexual exploitation is screened
under sexual abuse here. Modern slavery has no low level: any sign of it needs at least a
conversation about the National Referral Mechanism.

Loaded by data migration 0006 (idempotent: only missing levels and codes are created).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db import models

SCALE = "adults"

# The types of abuse and neglect, in the guidance's order, keyed by the SAC type-of-risk code.
ABUSE_TYPE_LABELS = {
    "physical": "Physical abuse",
    "domestic_abuse": "Domestic abuse",
    "sexual": "Sexual abuse and sexual exploitation",
    "psychological": "Psychological abuse",
    "financial_material": "Financial or material abuse",
    "modern_slavery": "Modern slavery",
    "discriminatory": "Discriminatory abuse",
    "organisational": "Organisational abuse",
    "neglect_omission": "Neglect and acts of omission",
    "self_neglect": "Self-neglect",
}

_TYPE_CODES = {
    "physical": "PHY",
    "domestic_abuse": "DOM",
    "sexual": "SEX",
    "psychological": "PSY",
    "financial_material": "FIN",
    "modern_slavery": "MSL",
    "discriminatory": "DIS",
    "organisational": "ORG",
    "neglect_omission": "NEG",
    "self_neglect": "SLF",
}

LEVELS: list[dict[str, Any]] = [
    {
        "number": 1,
        "label": "Low",
        "description": (
            "A one-off concern with little or no harm, no pattern, and an explanation that holds; "
            "the adult, their network or the service involved can put it right."
        ),
        "typical_response": (
            "No section 42 enquiry expected. Give advice, information or support; the provider "
            "or agency acts through its own processes (care review, incident reporting). Record "
            "the concern so that a pattern can be seen."
        ),
    },
    {
        "number": 2,
        "label": "Moderate",
        "description": (
            "Harm, or a risk of harm, that is more than minor, or repeated low-level concerns; "
            "the adult may need help to stay safe."
        ),
        "typical_response": (
            "Consider a section 42 enquiry (if the three tests are met) or an other safeguarding "
            "enquiry; a care needs assessment or review. Ask the adult what they want to happen."
        ),
    },
    {
        "number": 3,
        "label": "Substantial",
        "description": (
            "Serious harm, a pattern of abuse or neglect, or a risk of serious harm, which the "
            "adult cannot stop on their own."
        ),
        "typical_response": (
            "Section 42 enquiry and a safeguarding plan; consider the police, a strategy "
            "discussion and an independent advocate."
        ),
    },
    {
        "number": 4,
        "label": "Critical",
        "description": (
            "A risk to the adult's life or of serious harm now, or a serious crime against them."
        ),
        "typical_response": (
            "Urgent protection today: emergency services or police as needed, then a section 42 "
            "enquiry and a strategy discussion without delay."
        ),
    },
]

# (type, level, text), in the order each type lists them.
_ROWS: list[tuple[str, int, str]] = [
    (
        "physical",
        1,
        "A single minor mark or injury with a clear, consistent explanation (for example from a "
        "care task), no pattern, and the provider has acted to stop it happening again.",
    ),
    (
        "physical",
        2,
        "An unexplained minor injury, a second minor incident, or being held or moved roughly.",
    ),
    (
        "physical",
        3,
        "Injuries that are unexplained or do not fit the explanation, repeated assaults, or "
        "restraint or medication used to control the adult.",
    ),
    (
        "physical",
        4,
        "A serious injury (fracture, burn, head injury), a weapon used, or an assault that puts "
        "the adult's life at risk.",
    ),
    (
        "domestic_abuse",
        1,
        "A one-off argument between partners or family members, with no threats and no fear; the "
        "adult says they feel safe.",
    ),
    (
        "domestic_abuse",
        2,
        "Threatening or controlling behaviour by a partner or family member, or a DASH risk "
        "assessment at standard or medium risk.",
    ),
    (
        "domestic_abuse",
        3,
        "Repeated incidents, or coercive control (isolation, checking, control of money or "
        "medication), including by a carer of the person they care for.",
    ),
    (
        "domestic_abuse",
        4,
        "A high-risk DASH assessment (refer to MARAC), strangulation or choking, threats to kill, "
        "or violence that is getting worse.",
    ),
    (
        "sexual",
        1,
        "A single sexualised remark between people using a service, dealt with at once, that did "
        "not distress the adult.",
    ),
    (
        "sexual",
        2,
        "Repeated sexualised remarks, sexual harassment, or being shown sexual images without "
        "agreeing to it.",
    ),
    (
        "sexual",
        3,
        "Unwanted sexual touching, indecent exposure, being filmed or photographed for sexual "
        "purposes, or being groomed or exploited for sex.",
    ),
    (
        "sexual",
        4,
        "Rape or other serious sexual assault, or sexual activity with an adult who cannot "
        "consent, or by someone in a position of trust or care.",
    ),
    (
        "psychological",
        1,
        "Being spoken to in a dismissive or disrespectful way on one occasion, with no lasting "
        "distress.",
    ),
    (
        "psychological",
        2,
        "Repeated belittling, shouting, threats or humiliation, or being kept from family or "
        "friends for short periods.",
    ),
    (
        "psychological",
        3,
        "Persistent intimidation, harassment, online abuse or isolation causing marked distress, "
        "or unreasonable control over daily life.",
    ),
    (
        "psychological",
        4,
        "Threats that make the adult fear for their life, or abuse that has seriously harmed "
        "their mental health or put them at risk of suicide.",
    ),
    (
        "financial_material",
        1,
        "A small sum or item missing and quickly explained or repaid, or a minor error in "
        "handling the adult's money.",
    ),
    (
        "financial_material",
        2,
        "Repeated small losses, pressure to lend or give money, or a scam that cost a small sum.",
    ),
    (
        "financial_material",
        3,
        "Misuse of benefits, bank cards or a power of attorney; pressure over a will, property "
        "or inheritance; or a large loss to a scam or fraud.",
    ),
    (
        "financial_material",
        4,
        "The loss of a large sum or of the home, theft that leaves the adult without money for "
        "food, heating or care, or someone taking over the home (cuckooing).",
    ),
    (
        "modern_slavery",
        2,
        "Signs that others control the adult's work: no access to their own documents or wages, "
        "or living where they work.",
    ),
    (
        "modern_slavery",
        3,
        "Forced labour, domestic servitude or being made to commit crime; consider a referral to "
        "the National Referral Mechanism.",
    ),
    (
        "modern_slavery",
        4,
        "Trafficking, being held against their will, or threats of violence to the adult or their "
        "family.",
    ),
    (
        "discriminatory",
        1,
        "A one-off insensitive remark about a protected characteristic (such as age, disability, "
        "race, religion, sex or sexuality) that was challenged and apologised for.",
    ),
    (
        "discriminatory",
        2,
        "Repeated remarks or jokes about a protected characteristic, or care that ignores the "
        "adult's culture, religion or way of communicating.",
    ),
    (
        "discriminatory",
        3,
        "Harassment, hate incidents, or being refused a service or treated unfairly because of a "
        "protected characteristic.",
    ),
    (
        "discriminatory",
        4,
        "A hate crime with violence or threats of violence, or repeated targeting that causes "
        "serious harm.",
    ),
    (
        "organisational",
        1,
        "A one-off lapse in a service (a late call, a missed activity) that caused no harm and "
        "that the provider has put right.",
    ),
    (
        "organisational",
        2,
        "Repeated lapses affecting several people, such as missed calls or poor hygiene, or rigid "
        "routines that ignore people's choices.",
    ),
    (
        "organisational",
        3,
        "Poor care across a service that is harming people: unsafe staffing, neglectful practice, "
        "or a culture that discourages complaints.",
    ),
    (
        "organisational",
        4,
        "Widespread abuse or neglect in a service that puts people's lives at risk; urgent action "
        "with the regulator (CQC) and commissioners.",
    ),
    (
        "neglect_omission",
        1,
        "A one-off missed medicine dose or care task that caused no harm, and the carer or "
        "provider has put it right.",
    ),
    (
        "neglect_omission",
        2,
        "Repeatedly missed care, medicines or meals, or poor help with personal care, causing "
        "discomfort or minor harm.",
    ),
    (
        "neglect_omission",
        3,
        "Care, health or nutrition needs left unmet and causing harm: avoidable pressure damage, "
        "dehydration, weight loss, untreated illness.",
    ),
    (
        "neglect_omission",
        4,
        "Neglect that causes or risks serious harm or death: severe pressure ulcers, urgent "
        "medical help not sought, or the adult left with no care.",
    ),
    (
        "self_neglect",
        1,
        "Poor self-care or a neglected home, but the adult understands the risks, accepts some "
        "support, and nobody else is at risk.",
    ),
    (
        "self_neglect",
        2,
        "Self-care, hygiene or diet getting worse, or clutter (hoarding) starting to affect "
        "health, safety or access to the home.",
    ),
    (
        "self_neglect",
        3,
        "Serious risk to health or safety from self-neglect or hoarding (fire risk, vermin, "
        "blocked exits, no heating), and the adult refuses help.",
    ),
    (
        "self_neglect",
        4,
        "Self-neglect that threatens life: refusing essential care or treatment when at risk of "
        "death, or an immediate fire or structural danger; consider the adult's capacity.",
    ),
]


# One indicator per type and level to start with, so each code ends -01; a council adds -02...
INDICATORS: list[dict[str, Any]] = [
    {
        "scale": SCALE,
        "code": f"A{level}-{_TYPE_CODES[abuse_type]}-01",
        "level": level,
        "domain": abuse_type,
        "subdomain": "",
        "text": text,
        "sort_order": position,
    }
    for position, (abuse_type, level, text) in enumerate(_ROWS, start=1)
]


def adult_thresholds_load_defaults(
    *,
    level_model: type[models.Model] | None = None,
    indicator_model: type[models.Model] | None = None,
) -> int:
    """Create any missing adults' level or indicator (by number or code); edited ones are left
    alone, and the children's continuum is not touched."""
    if level_model is None:
        from openmash.frontdoor.models import ThresholdLevel

        level_model = ThresholdLevel
    if indicator_model is None:
        from openmash.frontdoor.models import ThresholdIndicator

        indicator_model = ThresholdIndicator
    created = 0
    for row in LEVELS:
        created += level_model._default_manager.get_or_create(
            scale=SCALE, number=row["number"], defaults=row
        )[1]
    for row in INDICATORS:
        created += indicator_model._default_manager.get_or_create(code=row["code"], defaults=row)[1]
    return created
