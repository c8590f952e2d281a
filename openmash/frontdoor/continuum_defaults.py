"""The default children's continuum of need: four levels and 59 indicators (DOMAIN §5).

The level wording and the indicators are our own paraphrase of published partnership threshold
documents (Buckinghamshire, Hampshire, Devon, Kent, the London Continuum of Need, Westmorland &
Furness); no sentence is copied from them. Sources and links: docs/frontdoor-consent-thresholds.md.
Councils rename levels and edit, add or retire indicators in the administration pages; these rows
are only where a new installation starts (loaded by data migrations 0002 and 0003).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db import models

DOMAIN_LABELS = {
    "child_development": "Child's development",
    "parenting_capacity": "Parenting capacity",
    "family_environment": "Family and environment",
}

LEVELS: list[dict[str, Any]] = [
    {
        "number": 1,
        "label": "Universal",
        "description": (
            "The child's needs are met by their family and by universal services such as "
            "schools, early years settings, health visitors and GPs."
        ),
        "typical_response": "Needs met by the family and universal services; no referral.",
    },
    {
        "number": 2,
        "label": "Additional needs / early help",
        "description": (
            "Emerging needs that one agency, or a coordinated early help assessment with a team "
            "around the family, can meet with the family's agreement."
        ),
        "typical_response": (
            "Single-agency or light multi-agency early help with consent; early help assessment."
        ),
    },
    {
        "number": 3,
        "label": "Complex needs: targeted early help or child in need",
        "description": (
            "Multiple or complex needs that need a coordinated multi-agency plan; in some areas "
            "this is the threshold for a section 17 child in need assessment."
        ),
        "typical_response": (
            "A coordinated multi-agency plan (lead professional, team around the family) or a "
            "section 17 social work assessment, depending on the local model."
        ),
    },
    {
        "number": 4,
        "label": "Acute / specialist: significant harm",
        "description": (
            "The child is suffering, or is likely to suffer, significant harm, or needs to be "
            "looked after."
        ),
        "typical_response": (
            "Children's social care: strategy discussion and section 47 enquiry, child "
            "protection, accommodation, or high-level child in need."
        ),
    },
]

# (code, level, domain, subdomain, text), in the order each level lists them.
_ROWS: list[tuple[str, int, str, str, str]] = [
    (
        "L1-CD-01",
        1,
        "child_development",
        "health",
        (
            "The child is generally healthy, growing as expected and up to date with routine "
            "checks and immunisations."
        ),
    ),
    (
        "L1-CD-02",
        1,
        "child_development",
        "education_learning",
        (
            "The child attends school or an early years setting regularly and makes progress in "
            "line with their ability."
        ),
    ),
    (
        "L1-CD-03",
        1,
        "child_development",
        "emotional_wellbeing",
        (
            "The child shows emotional responses and behaviour that fit their age, and any "
            "difficulties are handled within the family or setting."
        ),
    ),
    (
        "L1-CD-04",
        1,
        "child_development",
        "identity_relationships",
        (
            "The child has good relationships with family and friends and a positive sense of who"
            " they are."
        ),
    ),
    (
        "L1-CD-05",
        1,
        "child_development",
        "exploitation_safety",
        (
            "There are no signs of exploitation or online harm, and the child understands "
            "everyday risks for their age."
        ),
    ),
    (
        "L1-PC-01",
        1,
        "parenting_capacity",
        "basic_care",
        "Parents or carers reliably provide food, warmth, hygiene, clothing and health care.",
    ),
    (
        "L1-PC-02",
        1,
        "parenting_capacity",
        "ensuring_safety",
        (
            "Parents or carers supervise the child appropriately and protect them from hazards at"
            " home and outside."
        ),
    ),
    (
        "L1-PC-03",
        1,
        "parenting_capacity",
        "emotional_warmth",
        (
            "The child receives steady warmth, encouragement and a secure attachment from the "
            "people who care for them."
        ),
    ),
    (
        "L1-PC-04",
        1,
        "parenting_capacity",
        "guidance_boundaries",
        (
            "Routines and boundaries are consistent and suited to the child's age, and parents "
            "use advice when they need it."
        ),
    ),
    (
        "L1-FE-01",
        1,
        "family_environment",
        "family_functioning",
        "Family relationships are supportive, including where parents live apart.",
    ),
    (
        "L1-FE-02",
        1,
        "family_environment",
        "housing",
        "The home is safe, has basic amenities and is suitable for the family.",
    ),
    (
        "L1-FE-03",
        1,
        "family_environment",
        "finances",
        "The household manages its income well enough to meet everyone's basic needs.",
    ),
    (
        "L1-FE-04",
        1,
        "family_environment",
        "community",
        (
            "The family has friends, relatives or community networks to call on and can use local"
            " services."
        ),
    ),
    (
        "L1-FE-05",
        1,
        "family_environment",
        "adult_mental_health",
        (
            "Any adult health condition or substance use in the household does not affect the "
            "care the child receives."
        ),
    ),
    (
        "L2-CD-01",
        2,
        "child_development",
        "health",
        (
            "Health checks, immunisations or dental care are being missed, there are minor "
            "concerns about diet, weight or hygiene, or the child is slow to reach some "
            "milestones such as speech and language."
        ),
    ),
    (
        "L2-CD-02",
        2,
        "child_development",
        "education_learning",
        (
            "Attendance or punctuality is slipping, there has been a fixed-term exclusion, or the"
            " child is at risk of not achieving or of becoming NEET."
        ),
    ),
    (
        "L2-CD-03",
        2,
        "child_development",
        "emotional_wellbeing",
        (
            "The child seems anxious, low or angry, often after a life event such as bereavement "
            "or parental separation."
        ),
    ),
    (
        "L2-CD-04",
        2,
        "child_development",
        "behaviour",
        (
            "There are early signs of anti-social behaviour, experimenting with alcohol, drugs or"
            " tobacco, or early sexual activity."
        ),
    ),
    (
        "L2-CD-05",
        2,
        "child_development",
        "exploitation_safety",
        (
            "Low self-esteem or a wish for attention could make the child open to people who "
            "would exploit them; there may be an occasional short absence from home or some "
            "online risk."
        ),
    ),
    (
        "L2-CD-06",
        2,
        "child_development",
        "identity_relationships",
        (
            "The child takes on some caring for a parent or siblings, or is involved in bullying "
            "as victim or perpetrator."
        ),
    ),
    (
        "L2-PC-01",
        2,
        "parenting_capacity",
        "basic_care",
        (
            "Basic care is provided but not consistently, and parents are struggling to put the "
            "child's needs before their own pressures."
        ),
    ),
    (
        "L2-PC-02",
        2,
        "parenting_capacity",
        "ensuring_safety",
        (
            "Supervision or home safety is patchy, or parental stress is beginning to affect how "
            "well the child is kept safe."
        ),
    ),
    (
        "L2-PC-03",
        2,
        "parenting_capacity",
        "emotional_warmth",
        (
            "Parents respond to the child inconsistently and there are early signs of attachment "
            "difficulties."
        ),
    ),
    (
        "L2-PC-04",
        2,
        "parenting_capacity",
        "guidance_boundaries",
        (
            "Routines and boundaries are inconsistent and parents would benefit from parenting "
            "advice."
        ),
    ),
    (
        "L2-PC-05",
        2,
        "parenting_capacity",
        "basic_care",
        (
            "Young or inexperienced parents have little family support, or some antenatal care "
            "has been missed."
        ),
    ),
    (
        "L2-FE-01",
        2,
        "family_environment",
        "family_functioning",
        (
            "Conflict between adults sometimes involves the child, or there are early concerns "
            "about possible domestic abuse not yet assessed as high risk."
        ),
    ),
    (
        "L2-FE-02",
        2,
        "family_environment",
        "housing",
        "Housing is poor or overcrowded, or basic facilities are sometimes lacking.",
    ),
    (
        "L2-FE-03",
        2,
        "family_environment",
        "finances",
        "Low income, debt or unemployment is starting to limit what the child can do or have.",
    ),
    (
        "L2-FE-04",
        2,
        "family_environment",
        "adult_mental_health",
        (
            "A parent's physical or mental ill-health or substance use is starting to affect "
            "routines, but the family is engaging with help."
        ),
    ),
    (
        "L3-CD-01",
        3,
        "child_development",
        "health",
        (
            "A chronic or recurring health problem is untreated or badly managed, appointments "
            "are repeatedly missed, or weight is falling across centiles."
        ),
    ),
    (
        "L3-CD-02",
        3,
        "child_development",
        "health",
        (
            "The child has a significant disability or developmental delay that needs coordinated"
            " or specialist support."
        ),
    ),
    (
        "L3-CD-03",
        3,
        "child_development",
        "education_learning",
        (
            "The child is persistently absent, repeatedly excluded or not in education, and "
            "learning is seriously affected."
        ),
    ),
    (
        "L3-CD-04",
        3,
        "child_development",
        "emotional_wellbeing",
        (
            "Mental health difficulties are emerging, such as an eating disorder, depression or "
            "self-harm that is not immediately dangerous, or ongoing discrimination, bullying or "
            "victimisation is wearing down the child's wellbeing."
        ),
    ),
    (
        "L3-CD-05",
        3,
        "child_development",
        "behaviour",
        (
            "The child is offending or behaving anti-socially in several settings, or uses "
            "substances regularly."
        ),
    ),
    (
        "L3-CD-06",
        3,
        "child_development",
        "exploitation_safety",
        (
            "There are emerging signs of exploitation, such as older associates, unexplained "
            "money or gifts, or going missing without the family knowing where."
        ),
    ),
    (
        "L3-PC-01",
        3,
        "parenting_capacity",
        "basic_care",
        (
            "Parents are struggling to give adequate care; care is erratic and this is visibly "
            "affecting the child, raising a possibility of neglect."
        ),
    ),
    (
        "L3-PC-02",
        3,
        "parenting_capacity",
        "ensuring_safety",
        (
            "The child is exposed to unsafe situations and parents are not engaging with services"
            " despite professional concern."
        ),
    ),
    (
        "L3-PC-03",
        3,
        "parenting_capacity",
        "emotional_warmth",
        (
            "A parent's own difficulties limit their ability to nurture the child, or the child "
            "is seen as the problem in the family."
        ),
    ),
    (
        "L3-PC-04",
        3,
        "parenting_capacity",
        "guidance_boundaries",
        (
            "Boundaries are missing, far too strict or enforced physically, and parents cannot "
            "manage the child's behaviour."
        ),
    ),
    (
        "L3-FE-01",
        3,
        "family_environment",
        "domestic_abuse",
        (
            "There are incidents of domestic abuse between adults in the household that are not "
            "assessed as high risk."
        ),
    ),
    (
        "L3-FE-02",
        3,
        "family_environment",
        "adult_substance_misuse",
        (
            "A parent's mental ill-health, substance misuse or learning disability is "
            "significantly affecting the care of the child."
        ),
    ),
    (
        "L3-FE-03",
        3,
        "family_environment",
        "housing",
        (
            "The family is in temporary, unsafe or overcrowded housing, moves often, or faces "
            "eviction because of arrears."
        ),
    ),
    (
        "L3-FE-04",
        3,
        "family_environment",
        "finances",
        (
            "Serious debt or poverty means basic needs such as food, heating or clothing are not "
            "reliably met."
        ),
    ),
    (
        "L3-FE-05",
        3,
        "family_environment",
        "community",
        (
            "The family is isolated with no support network, and several people or agencies have "
            "raised concerns."
        ),
    ),
    (
        "L4-CD-01",
        4,
        "child_development",
        "health",
        (
            "The child has an unexplained or non-accidental injury, or discloses physical, sexual"
            " or emotional abuse."
        ),
    ),
    (
        "L4-CD-02",
        4,
        "child_development",
        "health",
        (
            "Faltering growth, or a serious untreated health or dental need, appears to result "
            "from neglect, or needed medical treatment is being refused."
        ),
    ),
    (
        "L4-CD-03",
        4,
        "child_development",
        "exploitation_safety",
        (
            "A child under 13 is sexually active or pregnant, or the child has been sexually "
            "abused or assaulted."
        ),
    ),
    (
        "L4-CD-04",
        4,
        "child_development",
        "exploitation_safety",
        (
            "The child is being sexually or criminally exploited or trafficked, or is at imminent"
            " risk of FGM or forced marriage."
        ),
    ),
    (
        "L4-CD-05",
        4,
        "child_development",
        "emotional_wellbeing",
        (
            "The child is in acute mental health crisis, for example serious self-harm, a suicide"
            " attempt or psychosis."
        ),
    ),
    (
        "L4-CD-06",
        4,
        "child_development",
        "behaviour",
        (
            "The child goes missing often or for long periods without accounting for where they "
            "were, or behaves in ways that put themselves or others at serious risk."
        ),
    ),
    (
        "L4-CD-07",
        4,
        "child_development",
        "behaviour",
        (
            "The child is harming other children, including harmful sexual behaviour, or is "
            "involved in serious or persistent offending."
        ),
    ),
    (
        "L4-CD-08",
        4,
        "child_development",
        "identity_relationships",
        (
            "Nobody is able or willing to care for the child, for example abandonment, an "
            "unaccompanied child, or parents asking for the child to be accommodated."
        ),
    ),
    (
        "L4-PC-01",
        4,
        "parenting_capacity",
        "basic_care",
        (
            "Parents cannot provide safe, good-enough care, or previous children have needed "
            "statutory protection or removal."
        ),
    ),
    (
        "L4-PC-02",
        4,
        "parenting_capacity",
        "ensuring_safety",
        (
            "Parents cannot or will not keep someone who poses a risk to children away from the "
            "child."
        ),
    ),
    (
        "L4-PC-03",
        4,
        "parenting_capacity",
        "ensuring_safety",
        "There is a suspicion of fabricated or induced illness.",
    ),
    (
        "L4-PC-04",
        4,
        "parenting_capacity",
        "emotional_warmth",
        (
            "Parents are persistently hostile, rejecting or severely critical of the child, or "
            "threaten to exclude them from the home."
        ),
    ),
    (
        "L4-FE-01",
        4,
        "family_environment",
        "domestic_abuse",
        (
            "Domestic abuse is serious, escalating or high-risk (MARAC level), or the child is "
            "directly involved or injured."
        ),
    ),
    (
        "L4-FE-02",
        4,
        "family_environment",
        "housing",
        (
            "The home is dangerous to the child or is used for drug dealing, sexual exploitation "
            "or other crime, or the family is homeless with no safe option."
        ),
    ),
    (
        "L4-FE-03",
        4,
        "family_environment",
        "adult_substance_misuse",
        (
            "A parent's mental illness or substance misuse is so severe that the child's safety "
            "is compromised."
        ),
    ),
]

INDICATORS: list[dict[str, Any]] = [
    {
        "code": code,
        "level": level,
        "domain": domain,
        "subdomain": subdomain,
        "text": text,
        "sort_order": position,
    }
    for position, (code, level, domain, subdomain, text) in enumerate(_ROWS, start=1)
]


def continuum_load_defaults(
    *,
    level_model: type[models.Model] | None = None,
    indicator_model: type[models.Model] | None = None,
) -> int:
    """Create any missing level or indicator (by number or code); edited ones are left alone."""
    if level_model is None:
        from openmash.frontdoor.models import ThresholdLevel

        level_model = ThresholdLevel
    if indicator_model is None:
        from openmash.frontdoor.models import ThresholdIndicator

        indicator_model = ThresholdIndicator
    # Migrations 0002 and 0003 run before the levels had a scale (0005); since then the lookup is
    # by scale too, or the adults' level 1 would answer for the children's.
    scoped = {"scale": "children"} if _has_field(level_model, "scale") else {}
    created = 0
    for row in LEVELS:
        created += level_model._default_manager.get_or_create(
            number=row["number"], **scoped, defaults=row
        )[1]
    for row in INDICATORS:
        created += indicator_model._default_manager.get_or_create(code=row["code"], defaults=row)[1]
    return created


def _has_field(model: type[models.Model], name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())
