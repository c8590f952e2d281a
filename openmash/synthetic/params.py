"""Model parameters. Source keys in brackets refer to /work/shared/reference/national-figures.md.

These drive the generator. The realism report (`targets.py`, `report.py`) holds its own target
table and measures the generated records, so a parameter that misses its target shows up there.
Parameters marked "tuned" have no published value: they were set so that the measured figures
land on their targets (see docs/synthetic-data.md, "How calibration works").
"""

from __future__ import annotations

# fmt: off
# --- population ----------------------------------------------------------------------------
CHILDREN_PER_FAMILY = {1: 0.42, 2: 0.38, 3: 0.14, 4: 0.045, 5: 0.015}
FAMILY_TYPES = {"couple": 0.70, "lone_parent": 0.25, "multigenerational": 0.05}
ADULT_HOUSEHOLD_TYPES = {
    "young_single": 17, "young_couple": 12, "young_sharers": 5, "middle_single": 14,
    "middle_couple": 17, "older_single": 20, "older_couple": 19,
}
BIRTHS_PER_FAMILY_YEAR = 0.13  # mothers under 44; keeps the child population steady
ADULT_HOUSEHOLDS_PER_FAMILY = 2.5  # so that people per child ~4.2 (Knowsley; England 4.7)
CARE_NEEDS_BY_AGE = ((65, 0.035), (75, 0.08), (85, 0.20), (200, 0.45))  # (age below, share)

# --- family need: hidden levels that drive contacts (family households; tuned) --------------
NEED_LEVEL_SHARES = {0: 0.78, 1: 0.14, 2: 0.06, 3: 0.02}
INCIDENT_RATE = {0: 0.091, 1: 0.53, 2: 1.22, 3: 1.6}  # root incidents per household-year
FOLLOW_UP_PROBABILITY = {0: 0.06, 1: 0.12, 2: 0.17, 3: 0.22}  # the family comes back
FOLLOW_UP_MEAN_DAYS = 110
SEVERITY_MEAN = {0: -0.5, 1: -0.22, 2: 0.0, 3: 0.2}
INCIDENT_SEVERITY_SD = 0.85  # shared by the children in one incident
CHILD_SEVERITY_SD = 0.53  # per child (0.85**2 + 0.53**2 ~ 1)
CHILD_INCLUDED = 0.85  # each sibling named on a household-level incident
CHILDREN_PER_FAMILY_INCIDENT = 1.67  # measured: children named when the concern is the family

# --- referral sources: shares of referrals [C5] 2020, [SWT25] 2025 ---------------------------
REFERRAL_SOURCE_SHARES = {
    "1A": 0.045, "1B": 0.012, "1C": 0.010, "1D": 0.013, "2A": 0.190, "2B": 0.020, "3A": 0.020,
    "3B": 0.025, "3C": 0.010, "3D": 0.020, "3E": 0.035, "3F": 0.040, "4": 0.012, "5A": 0.048,
    "5B": 0.038, "5C": 0.020, "5D": 0.029, "6": 0.310, "7": 0.033, "8": 0.040, "9": 0.018,
    "10": 0.012,
}
# Relative chance that a contact from each source becomes a referral (police lowest [MASH19]).
SOURCE_CONVERSION = {
    "police": 0.17, "school": 0.27, "education": 0.24, "health": 0.26, "la": 0.33,
    "individual": 0.20, "anonymous": 0.12, "housing": 0.20, "legal": 0.32, "other": 0.20,
    "unknown": 0.20,
}
TARGET_CONVERSION = 0.223  # contacts -> referrals [ADCS8],[ADCS9],[C1]
POLICE_DA_CONVERSION = 0.058  # so ~5% of police DA notifications reach assessment [STAN10]

_SOURCE_GROUPS = {
    "2A": "school", "2B": "education", "4": "housing", "6": "police", "7": "legal",
    "8": "other", "9": "anonymous", "10": "unknown",
}


def source_group(code: str) -> str:
    """The group of a CIN referral source code (1A-1D individual, 3x health, 5x LA, ...)."""
    if code.startswith("1") and code != "10":
        return "individual"
    return _SOURCE_GROUPS.get(code, "health" if code.startswith("3") else "la")


# Record system an agency's record of a person comes from, by source group.
RECORD_SYSTEM = {
    "school": "school", "education": "la_services", "health": "health", "la": "la_services",
    "housing": "housing", "legal": "legal", "other": "voluntary", "individual": "public",
    "anonymous": "public", "unknown": "public",
}
# Timing profile of each source group (see timing.py).
TIMING_PROFILE = {
    "police": "police", "school": "school", "education": "office", "health": "health",
    "la": "office", "housing": "office", "legal": "office", "other": "office",
    "individual": "public", "anonymous": "public", "unknown": "public",
}
CHANNELS = {
    "school": {"portal": 55, "email": 30, "phone": 15},
    "health": {"portal": 35, "email": 35, "phone": 30},
    "office": {"email": 55, "portal": 25, "phone": 15, "letter": 5},
    "public": {"phone": 85, "email": 10, "in_person": 5},
}
POLICE_SYSTEMS = {"VIST": 0.55, "CARA": 0.45}
POLICE_DUPLICATE = 0.12  # notified by both systems
POLICE_LAG_DAYS = {0: 0.55, 1: 0.25, 2: 0.1, 3: 0.06, 5: 0.04}

# --- lead concern (as a CIN factor) by source group ------------------------------------------
LEAD_FACTORS = {
    "police": {
        "3B": 50, "18C": 9, "10A": 5, "24A": 4, "13A": 3, "1B": 6, "2B": 7, "14A": 4, "16A": 5,
        "11A": 2, "19C": 2, "3A": 3,
    },
    "school": {
        "16A": 16, "17A": 12, "18C": 15, "4A": 13, "15A": 8, "4B": 8, "3B": 6, "19C": 4, "20": 10,
        "14A": 3, "5A": 3, "2B": 2,
    },
    "health": {
        "4B": 22, "4A": 13, "16A": 14, "18C": 12, "15A": 10, "2B": 7, "1B": 5, "6A": 5, "5A": 4,
        "3B": 5, "19C": 3,
    },
    "la": {
        "16A": 20, "4B": 15, "3B": 12, "17A": 10, "2B": 7, "1B": 6, "20": 10, "5A": 5, "6B": 5,
        "14A": 5, "4A": 5,
    },
    "public": {
        "16A": 30, "18C": 12, "17A": 12, "3B": 10, "2B": 8, "1B": 8, "4B": 10, "19C": 3, "20": 7,
    },
    "office": {
        "16A": 18, "4B": 14, "3B": 14, "17A": 10, "20": 14, "2B": 6, "1B": 5, "4A": 6, "14A": 5,
        "6B": 4, "5B": 4,
    },
}
# Which lead list each source group uses.
LEAD_PROFILE = {
    "police": "police", "school": "school", "health": "health", "la": "la",
    "individual": "public", "anonymous": "public", "unknown": "public", "education": "office",
    "housing": "office", "legal": "office", "other": "office",
}
# Factors about one child: the lead names only that child, old enough for it.
CHILD_FACTOR_MIN_AGE = {
    "1A": 10, "2A": 10, "3A": 13, "4A": 5, "5A": 0, "6A": 0, "7A": 8, "10A": 10, "11A": 10,
    "12A": 10, "13A": 10, "14A": 10, "15A": 10, "18B": 5, "19B": 5, "22A": 0, "24A": 10,
}
# Share of incidents whose household has a child old enough for a concern with this minimum age
# (measured on generated households; used to predict the mix of leads after substitution).
CHILD_LEAD_APPLICABLE = ((0, 1.0), (5, 0.85), (8, 0.68), (10, 0.57), (13, 0.38))
# Share of assessment episodes (with a factor) recording each factor [C3] 2025, up to 13A (4B is
# set a point below 33.5%: it lands on target); the others are our estimates so that episodes
# average ~2.75 factors.
FACTOR_TARGETS = {
    "4B": 0.325, "3B": 0.317, "17A": 0.19, "4A": 0.176, "16A": 0.176, "1B": 0.143, "2B": 0.141,
    "5A": 0.123, "18C": 0.12, "3A": 0.113, "15A": 0.05, "10A": 0.033, "24A": 0.032, "11A": 0.024,
    "13A": 0.017, "20": 0.2, "6B": 0.08, "4C": 0.05, "5B": 0.04, "3C": 0.03, "2C": 0.025,
    "1C": 0.02, "2A": 0.04, "1A": 0.02, "6A": 0.045, "7A": 0.03, "14A": 0.05, "19C": 0.04,
    "19B": 0.015, "18B": 0.02, "5C": 0.01, "6C": 0.02, "12A": 0.006, "22A": 0.003, "23A": 0.003,
}
# The contact's concern category (vocabularies.md section 3.2) for each factor number.
FACTOR_CONCERN = {
    "1": "alcohol_misuse", "2": "drug_misuse", "3": "domestic_abuse", "4": "mental_health",
    "5": "learning_disability", "6": "physical_disability_illness", "7": "young_carer",
    "10": "missing", "11": "child_sexual_exploitation", "12": "trafficking_modern_slavery",
    "13": "gangs_serious_youth_violence", "14": "offending_asb", "15": "self_harm_suicidal",
    "16": "neglect", "17": "emotional_abuse", "18": "physical_abuse", "19": "sexual_abuse",
    "20": "other", "22": "fgm", "23": "abuse_faith_belief", "24": "child_criminal_exploitation",
}
SUBJECT_BY_SUFFIX = {"A": "child", "B": "parent_carer", "C": "other_household_member"}

# --- decisions (tuned so that workers agree only moderately [KANG06],[BOLT21]) ---------------
WORKER_BIAS_SD = 0.22
DECISION_NOISE_SD = 0.33
# Contacts that do not become referrals, lowest need first ([DEVMASH]/[CYPN] for early help).
NON_REFERRAL_OUTCOMES = {
    "nfa": 0.40, "information_advice": 0.25, "signpost_universal": 0.10, "early_help": 0.25,
}
RAG_SHARES = {"blue": 0.28, "green": 0.37, "amber": 0.27, "red": 0.08}  # local; no national data
RAG_NOISE_SD = 0.5
DECISION_HOURS = {"red": (0.5, 4), "amber": (2, 24), "green": (4, 60), "blue": (4, 60)}

# --- referral funnel [C1],[C4],[D3] -----------------------------------------------------------
REFERRAL_NFA = 0.065
S47_SHARE_OF_REFERRALS = 0.36
ICPC_SHARE_OF_S47 = 0.31
CPP_SHARE_OF_ICPC = 0.86
NOT_IN_NEED_IF_S47 = 0.12
NOT_IN_NEED_OTHERWISE = 0.46  # together ~30.8% of referrals [C1]
NOT_IN_NEED_NO_FACTORS = 0.6  # recorded as factor 21
NOT_IN_NEED_TO_EARLY_HELP = 0.3  # RC9 rather than RC8
SECOND_ASSESSMENT = 0.075  # so assessments ~ referrals [CC23],[C2]
EARLY_HELP_TAKEN_UP = 0.8
EARLY_HELP_OUTCOMES = {"completed": 0.65, "disengaged": 0.2, "stepped_up": 0.1, "moved": 0.05}

# Working days from referral to assessment start / strategy discussion.
ASSESSMENT_START_DELAY = {0: 0.55, 1: 0.25, 2: 0.1, 3: 0.05, 5: 0.05}
STRATEGY_DELAY = {0: 0.5, 1: 0.3, 2: 0.1, 4: 0.06, 8: 0.04}
# Assessment duration in working days as (cumulative share, working days) [C2]:
# 25th 17, median 33, 75th 43, 85.7% within 45.
ASSESSMENT_DURATION_QUANTILES = (
    (0.0, 0.0), (0.1, 7.0), (0.25, 17.0), (0.5, 33.0), (0.75, 43.0), (0.857, 45.4),
    (0.93, 60.0), (0.98, 90.0), (1.0, 150.0),
)
# Strategy discussion -> ICPC in working days: median 14, IQR 13-15, 81% within 15 [C4].
ICPC_DELAY = {
    5: 0.02, 6: 0.02, 7: 0.02, 8: 0.02, 9: 0.03, 10: 0.03, 11: 0.04, 12: 0.05, 13: 0.17, 14: 0.22,
    15: 0.19, 16: 0.05, 17: 0.04, 18: 0.03, 19: 0.02, 20: 0.02, 22: 0.01, 24: 0.01, 30: 0.01,
}
# CPP initial category [A6] 2020 (plans at 31 March; [SA25] says about the same for starts).
CPP_CATEGORIES = {"NEG": 0.505, "EMO": 0.357, "PHY": 0.074, "SAB": 0.038, "MUL": 0.026}
CPP_LATEST_CHANGES = 0.1
# Length of plans that end [D7] 2025: (share, shortest days, longest days).
CPP_LENGTH = (
    (0.159, 14, 91), (0.110, 92, 182), (0.435, 183, 365), (0.252, 366, 730), (0.044, 731, 1100),
)
PRIOR_CP_PLANS = {0: 0.77, 1: 0.18, 2: 0.038, 3: 0.012}  # before the window [D3]; tuned

# --- adults [SAC25],[SAC22],[RP24],[SAC19] -----------------------------------------------------
ADULT_CONCERN_RATE = ((65, 0.00126), (75, 0.0018), (85, 0.0028), (200, 0.0042))  # tuned
CARE_NEEDS_RATE_MULTIPLIER = 28.0
HIGH_RISK_SHARE = 0.08  # of adults with care needs: concerns come eight times as often
HIGH_RISK_MULTIPLIER = 8.0
ADULT_FOLLOW_UP = 0.36  # a further concern about the same situation
ADULT_FOLLOW_UP_MEAN_DAYS = 35
S42_IF_CARE_NEEDS = 0.33
S42_OTHERWISE = 0.058
OTHER_ENQUIRY = 0.02
ADULT_SOURCES = {
    "care_provider": 25, "health": 24, "la_social_care": 12, "police": 10, "family_friend": 12,
    "self": 3, "other_agency": 10, "anonymous": 4,
}
ADULT_SOURCE_SYSTEM = {
    "care_provider": "care_provider", "health": "health", "la_social_care": "la_services",
    "police": "police_vist", "family_friend": "public", "self": "public",
    "other_agency": "voluntary", "anonymous": "public",
}
RISK_TYPES = {
    "neglect_omission": 0.315, "physical": 0.19, "psychological": 0.135,
    "financial_material": 0.13, "self_neglect": 0.09, "domestic_abuse": 0.055,
    "organisational": 0.05, "sexual": 0.035, "discriminatory": 0.005,
    "sexual_exploitation": 0.003, "modern_slavery": 0.003,
}
SECOND_RISK_TYPE = 0.15
RISK_CONCERN_CATEGORY = {
    "neglect_omission": "neglect_omission", "physical": "physical_abuse",
    "psychological": "psychological_abuse", "financial_material": "financial_abuse",
    "self_neglect": "self_neglect_hoarding", "domestic_abuse": "domestic_abuse",
    "organisational": "organisational_abuse", "sexual": "sexual_abuse",
    "discriminatory": "discriminatory_abuse_hate_crime",
    "sexual_exploitation": "sexual_exploitation", "modern_slavery": "modern_slavery_trafficking",
}
RISK_LOCATIONS = {
    "own_home": 0.465, "care_home_residential": 0.19, "care_home_nursing": 0.10,
    "hospital_acute": 0.03, "hospital_mental_health": 0.02, "hospital_community": 0.01,
    "community": 0.06, "community_service": 0.045, "other": 0.08,
}
RISK_OUTCOMES = {
    "risk_identified": 0.70, "inconclusive": 0.14, "no_risk": 0.11, "ceased_at_request": 0.05,
}
RISK_RESULTS = {"risk_removed": 0.18, "risk_reduced": 0.715, "risk_remains": 0.105}

# --- workforce [CSWW],[MASH19] ----------------------------------------------------------------
CONTACTS_PER_MASH_DECIDER = 1_000  # a year
ASSESSMENTS_PER_SOCIAL_WORKER = 40
CONCERNS_PER_ADULT_WORKER = 400
VIGNETTES_PER_EXERCISE = 12  # each MASH team's quarterly calibration exercise
# fmt: on
