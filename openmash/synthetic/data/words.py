"""Word lists for nicknames, fictional streets and towns, and England postcode areas."""

from __future__ import annotations


def words(text: str) -> tuple[str, ...]:
    """A word list written as whitespace-separated text."""
    return tuple(text.split())


# Given name -> forms another agency may record instead (nicknames and common respellings).
NICKNAMES: dict[str, tuple[str, ...]] = {
    "Alexander": ("Alex", "Xander"),
    "Alexandra": ("Alex", "Alexa"),
    "Alfred": ("Alf", "Alfie"),
    "Andrew": ("Andy", "Drew"),
    "Anthony": ("Tony", "Ant"),
    "Benjamin": ("Ben", "Benji"),
    "Bradley": ("Brad",),
    "Callum": ("Cal",),
    "Catherine": ("Cath", "Cathy", "Kate"),
    "Charles": ("Charlie", "Chas"),
    "Charlotte": ("Lottie", "Charlie"),
    "Christine": ("Chris",),
    "Christopher": ("Chris",),
    "Daniel": ("Dan", "Danny"),
    "David": ("Dave", "Davey"),
    "Deborah": ("Debbie", "Deb"),
    "Dominic": ("Dom",),
    "Edward": ("Ed", "Eddie", "Ted"),
    "Eleanor": ("Ellie", "Nell"),
    "Elizabeth": ("Liz", "Beth", "Lizzie", "Betty"),
    "Emily": ("Em", "Emmy"),
    "Frederick": ("Fred", "Freddie"),
    "Gabriel": ("Gabe",),
    "Gabriella": ("Gabby",),
    "Isabella": ("Bella", "Izzy"),
    "Isabelle": ("Izzy", "Belle"),
    "Jacob": ("Jake",),
    "James": ("Jim", "Jimmy", "Jamie"),
    "Jennifer": ("Jen", "Jenny"),
    "Jessica": ("Jess",),
    "Jonathan": ("Jon", "Jonny"),
    "Joseph": ("Joe", "Joey"),
    "Joshua": ("Josh",),
    "Katherine": ("Kate", "Katie", "Kath"),
    "Kimberley": ("Kim",),
    "Lawrence": ("Laurie",),
    "Leonard": ("Len", "Lenny"),
    "Margaret": ("Maggie", "Peggy", "Meg"),
    "Matilda": ("Tilly",),
    "Matthew": ("Matt",),
    "Michael": ("Mike", "Mick", "Mikey"),
    "Nathan": ("Nate",),
    "Nathaniel": ("Nate", "Nat"),
    "Nicholas": ("Nick", "Nicky"),
    "Nicola": ("Nicky",),
    "Oliver": ("Ollie",),
    "Patricia": ("Pat", "Trish"),
    "Patrick": ("Pat", "Paddy"),
    "Penelope": ("Penny",),
    "Peter": ("Pete",),
    "Philip": ("Phil",),
    "Rebecca": ("Becky", "Becca"),
    "Richard": ("Rich", "Rick", "Dick"),
    "Robert": ("Rob", "Bob", "Bobby"),
    "Ronald": ("Ron", "Ronnie"),
    "Samantha": ("Sam",),
    "Samuel": ("Sam", "Sammy"),
    "Sebastian": ("Seb",),
    "Sophia": ("Sophie",),
    "Stephanie": ("Steph",),
    "Stephen": ("Steve",),
    "Steven": ("Steve",),
    "Susan": ("Sue",),
    "Theodore": ("Theo", "Ted"),
    "Thomas": ("Tom", "Tommy"),
    "Timothy": ("Tim",),
    "Victoria": ("Vicky", "Tori"),
    "William": ("Will", "Bill", "Billy", "Liam"),
    "Zachary": ("Zach", "Zac"),
    "Muhammad": ("Mohammed", "Mohammad", "Mohamed"),
    "Mohammed": ("Muhammad", "Mohamed", "Mohd"),
    "Mohamed": ("Mohammed", "Mohamud"),
    "Fatima": ("Fatma", "Fatimah"),
    "Fatema": ("Fatima",),
    "Aisha": ("Ayesha", "Aysha"),
    "Ayesha": ("Aisha",),
    "Yusuf": ("Yousef", "Joseph"),
    "Youssef": ("Yusuf",),
    "Maryam": ("Mariam", "Miriam"),
    "Abdirahman": ("Abdi",),
    "Abdullahi": ("Abdi",),
    "Oluwaseun": ("Seun",),
    "Olumide": ("Mide",),
    "Chukwuemeka": ("Emeka",),
    "Oluwatoyin": ("Toyin",),
    "Temitope": ("Tope", "Temi"),
    "Funmilayo": ("Funmi",),
    "Adebayo": ("Bayo",),
    "Ayomide": ("Ayo",),
    "Jokūbas": ("Jokubas", "Jacob"),
    "Mikołaj": ("Mikolaj", "Nicholas"),
    "Michał": ("Michal", "Michael"),
    "Łukasz": ("Lukasz", "Luke"),
    "Wojciech": ("Wojtek",),
    "Małgorzata": ("Gosia", "Malgorzata"),
    "Katarzyna": ("Kasia", "Kate"),
    "Aleksandra": ("Ola", "Alex"),
    "Zuzanna": ("Zuzia", "Susan"),
    "Ionuț": ("Ionut",),
    "Ștefan": ("Stefan",),
    "Siobhan": ("Shiv", "Shevaun"),
    "Niamh": ("Neve", "Neeve"),
    "Caoimhe": ("Keeva",),
    "Saoirse": ("Sersha",),
    "Jayden": ("Jaden", "Jaydon"),
    "Aaliyah": ("Aliyah", "Aleah"),
    "Sienna": ("Siena",),
}

STREET_FIRST = words(
    """
    Acorn Alder Ash Aspen Badger Beech Birch Blackthorn Bluebell Bramble Briar Brook Buttercup
    Cedar Chestnut Clover Copper Cowslip Daisy Dove Elder Elm Fern Finch Fox Foxglove Furze Gorse
    Hawthorn Hazel Heather Heron Holly Ivy Juniper Kestrel Kingfisher Lark Laurel Lavender Lime
    Linnet Maple Marigold Meadow Mill Moor Mulberry Oak Orchard Osprey Otter Pear Pine Plover Poplar
    Primrose Quarry Raven Robin Rowan Rush Sage Sedge Sorrel Sparrow Swallow Sycamore Teal Thistle
    Thrush Tulip Vale Violet Walnut Wheat Willow Wren Yew Amber Barley Coppice Larch Oriel
    """
)
STREET_MIDDLE = (
    "",
    "",
    "",
    "field",
    "wood",
    "bank",
    "brook",
    "dale",
    "mead",
    "croft",
    "gate",
    "holme",
    "ley",
    "side",
    "well",
    "wick",
    "hurst",
    "combe",
    "stone",
    "ridge",
)
STREET_SUFFIX = (
    "Road",
    "Road",
    "Street",
    "Street",
    "Avenue",
    "Close",
    "Close",
    "Drive",
    "Lane",
    "Way",
    "Crescent",
    "Grove",
    "Gardens",
    "Court",
    "Place",
    "Walk",
    "Terrace",
    "Rise",
    "View",
    "Mews",
)
TOWN_FIRST = words(
    """
    Ash Brad Cal Dun Eld Fen Gran Hal Kel Lang Mar Nor Oak Pen
    Ral Sel Thorn Wen Yar Ber Cot Dal Har Lud Mel Rad Stan Wil
    Brom Chad Ever Hol Lin Mor Pel Ran Sut Tam Wex Ald
    """
)
TOWN_LAST = words(
    """
    bury ton ford ley by ham wick worth field stead combe borough caster mouth
    well dale thorpe bridge hurst minster
    """
)

# England postcode areas (the letters before the district number).
POSTCODE_AREAS = words(
    """
    AL B BA BB BD BH BL BN BR BS CA CB CH CM CO CR CT CV CW DA DE DH DL DN
    DT DY E EN EX FY GL GU HA HD HG HP HR HU HX IG IP KT L LA LE LN LS LU
    M ME MK N NE NG NN NR NW OL OX PE PL PO PR RG RH RM S SE SG SK SL SM
    SN SO SP SR SS ST SW TA TF TN TQ TR TS TW UB W WA WD WF WN WR WS WV YO
    """
)
