"""Short forms and nicknames of English given names, mapped to a root (bob -> robert)."""

from __future__ import annotations

# root: short forms. Kept small and common; a council can extend it.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "alexander": ("alex", "alec", "sandy", "xander"),
    "alexandra": ("alex", "alexa", "lexi", "sandra"),
    "andrew": ("andy", "drew"),
    "anthony": ("tony", "ant"),
    "benjamin": ("ben", "benji", "benny"),
    "catherine": (
        "cath",
        "cathy",
        "kate",
        "katie",
        "kat",
        "katherine",
        "kathryn",
        "katarzyna",
        "kasia",
    ),
    "charles": ("charlie", "chas", "chuck"),
    "charlotte": ("charlie", "lottie", "lotte"),
    "christopher": ("chris", "kit"),
    "daniel": ("dan", "danny"),
    "david": ("dave", "davy", "davey", "dawid"),
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
    "alfred": ("alf", "alfie"),
    "bradley": ("brad",),
    "callum": ("cal",),
    "christine": ("chris", "chrissie"),
    "dominic": ("dom",),
    "eleanor": ("ellie", "nell", "nellie", "elle"),
    "emily": ("em", "emmy", "emmie"),
    "gabriella": ("gabby", "gabi"),
    "kimberley": ("kim", "kimberly"),
    "lawrence": ("laurie", "larry", "laurence"),
    "leonard": ("len", "lenny", "leo"),
    "matilda": ("tilly", "tilda"),
    "nicola": ("nicky", "nikki"),
    "patricia": ("pat", "trish", "tricia"),
    "penelope": ("penny",),
    "peter": ("pete",),
    "philip": ("phil", "phillip"),
    "ronald": ("ron", "ronnie"),
    "sebastian": ("seb", "bastian"),
    "stephanie": ("steph",),
    "timothy": ("tim", "timmy"),
    "fatima": ("fatma", "fatimah", "fatema"),
    "aisha": ("ayesha", "aysha", "aishah"),
    "yusuf": ("yousef", "youssef", "yousuf", "joseph"),
    "maryam": ("mariam", "miriam"),
    "abdirahman": ("abdi",),
    "abdullahi": ("abdi",),
    "oluwaseun": ("seun",),
    "olumide": ("mide",),
    "chukwuemeka": ("emeka",),
    "oluwatoyin": ("toyin",),
    "temitope": ("tope", "temi"),
    "funmilayo": ("funmi",),
    "adebayo": ("bayo",),
    "ayomide": ("ayo",),
    "jokubas": ("jacob",),
    "mikolaj": ("nicholas",),
    "michal": ("michael",),
    "lukasz": ("luke",),
    "wojciech": ("wojtek",),
    "malgorzata": ("gosia",),
    "aleksandra": ("ola", "alex", "alexandra"),
    "zuzanna": ("zuzia", "susan"),
    "siobhan": ("shiv", "shevaun"),
    "niamh": ("neve", "neeve"),
    "caoimhe": ("keeva",),
    "saoirse": ("sersha",),
    "jayden": ("jaden", "jaydon", "jaiden"),
    "aaliyah": ("aliyah", "aleah"),
    "sienna": ("siena",),
    "isabelle": ("izzy", "belle", "isabel"),
}

_ROOT: dict[str, str] = {}
_ROOTS: dict[str, set[str]] = {}
for _root, _shorts in NICKNAMES.items():
    _ROOT.setdefault(_root, _root)
    _ROOTS.setdefault(_root, set()).add(_root)
    for _short in _shorts:
        # A short form shared by two roots (sam, alex, charlie) indexes under the first root
        # listed; scoring still knows every root it may stand for (nickname_roots).
        _ROOT.setdefault(_short, _root)
        _ROOTS.setdefault(_short, set()).add(_root)
        _ROOTS[_short].add(_ROOT[_short])


def nickname_root(given: str) -> str:
    return _ROOT.get(given, given)


def nickname_roots(given: str) -> frozenset[str]:
    """Every full name `given` may be short for (itself when it is not a known short form)."""
    return frozenset(_ROOTS.get(given, {given}))
