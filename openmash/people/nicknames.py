"""Short forms and nicknames of English given names, mapped to a root (bob -> robert)."""

from __future__ import annotations

# root: short forms. Kept small and common; a council can extend it.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "alexander": ("alex", "alec", "sandy", "xander"),
    "alexandra": ("alex", "alexa", "lexi", "sandra"),
    "andrew": ("andy", "drew"),
    "anthony": ("tony", "ant"),
    "benjamin": ("ben", "benji", "benny"),
    "catherine": ("cath", "cathy", "kate", "katie", "kat", "katherine", "kathryn"),
    "charles": ("charlie", "chas", "chuck"),
    "charlotte": ("charlie", "lottie", "lotte"),
    "christopher": ("chris", "kit"),
    "daniel": ("dan", "danny"),
    "david": ("dave", "davy"),
    "deborah": ("debbie", "debs", "debra"),
    "edward": ("ed", "eddie", "ted", "teddy", "ned"),
    "elizabeth": ("liz", "lizzie", "beth", "betty", "eliza", "libby", "elisabeth"),
    "frederick": ("fred", "freddie", "freddy"),
    "gabriel": ("gabe",),
    "harrison": ("harry",),
    "henry": ("harry", "hal"),
    "isabella": ("bella", "izzy", "isabel", "isobel"),
    "jacob": ("jake",),
    "james": ("jim", "jimmy", "jamie"),
    "jennifer": ("jen", "jenny"),
    "jessica": ("jess", "jessie"),
    "jonathan": ("jon", "jonny", "john"),
    "joseph": ("joe", "joey"),
    "joshua": ("josh",),
    "katherine": ("kate", "katie", "kathy"),
    "leonardo": ("leo",),
    "margaret": ("maggie", "meg", "peggy", "marge"),
    "matthew": ("matt", "matty"),
    "michael": ("mike", "mick", "mickey", "mikey"),
    "mohammed": ("muhammad", "mohammad", "mohamed", "muhammed", "mo"),
    "nathaniel": ("nate", "nat", "nathan"),
    "nicholas": ("nick", "nicky"),
    "oliver": ("olly", "ollie"),
    "patrick": ("pat", "paddy"),
    "rebecca": ("becky", "becca", "bex"),
    "richard": ("rich", "richie", "rick", "dick"),
    "robert": ("rob", "robbie", "bob", "bobby", "bert"),
    "samantha": ("sam", "sammie"),
    "samuel": ("sam", "sammy"),
    "sophia": ("sophie",),
    "stephen": ("steve", "stevie", "steven"),
    "susan": ("sue", "susie", "suzanne"),
    "theodore": ("theo", "ted"),
    "thomas": ("tom", "tommy"),
    "victoria": ("vicky", "tori", "vic"),
    "william": ("will", "billy", "bill", "liam", "willy"),
    "zachary": ("zach", "zac", "zack"),
}

_ROOT: dict[str, str] = {}
for _root, _shorts in NICKNAMES.items():
    _ROOT.setdefault(_root, _root)
    for _short in _shorts:
        # A short form shared by two roots (sam, alex, charlie) keeps the first root listed.
        _ROOT.setdefault(_short, _root)


def nickname_root(given: str) -> str:
    return _ROOT.get(given, given)
