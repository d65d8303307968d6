"""Hand-written word lists of the keyword rules (:mod:`etl.enrich.keywords`), read once per distinct token
by :func:`etl.enrich.vocab.keyword_core`.

Each list is a junk class of issue 13 or a part of the noun-phrase rule; why each exists is said where it
is defined. All lower-case. Kept apart from :mod:`etl.enrich.lexicon` (shared with the other enrich rules)
so that the keyword rules can change without touching the others.
"""

from __future__ import annotations

#: Weekday and month names: dates, never topics ("reported wednesday", "march"). "may" is a stopword.
DATE_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
    january february march april june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec noon midnight tonight""".split()
)

#: Units, currency abbreviations and number words: quantities, never topics ("pct", "mln dlrs").
UNIT_WORDS = frozenset(
    """pct percent cent cents pence mln mlns bln blns bn billion billions million millions trillion thousand
    thousands hundred hundreds dozen dozens dlr dlrs dlrs. cts stg bpd bbl bbls kg kgs km kms mph mw mwh kwh
    tonnes tonne tons lbs oz sq ft yds metres meters miles mile hours hour minutes minute seconds pounds
    dollars euros ago km/h eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen
    twenty thirty forty fifty sixty seventy eighty ninety""".split()
)

#: Function words the shared stopword list lacks: never in a keyphrase.
MORE_STOPWORDS = frozenset("despite aside amid whilst unless yes okay nearly prof mrs miss".split())

#: Wire agencies' sign-offs and dateline credits ("REUTER", "(Reuters)"): on every story, so no topic.
WIRE_CREDITS = frozenset("reuter reuters".split())

#: Corporate suffixes: part of a name as written, never a keyword and never a keyword's edge ("co inc").
CORPORATE_SUFFIXES = frozenset("inc corp corporation plc ltd llc co cos nv ag sa spa bhd".split())

#: Words that are no topic on their own: reporting and office words ("case", "questions", "director",
#: "spokesman"). They break a noun phrase when written lower-case (a title before a name, "officials"
#: after one), and a Capitalised one never stands alone as a keyword.
GENERIC_WORDS = frozenset(
    """spokesman spokeswoman spokesperson official officials analyst analysts expert experts economist
    economists source sources correspondent correspondents editor reporter reporters director directors
    president chairman chairwoman chief executive executives secretary minister ministers governor boss
    manager head leader leaders member members deputy vice assistant prime general senior junior
    case cases question questions report reports statement statements comment comments news issue issues
    number numbers level levels move moves matter matters thing things fact facts reason reasons result
    results end start side sides area areas kind sort type lot percentage figure figures total amount
    company companies firm firms group groups business businesses country countries world today yesterday
    tomorrow tonight morning afternoon evening night weekend period quarter half earlier later recent
    previous current future past present place places point points view views idea ideas""".split()
)

#: Capitalised titles and roles before a name: a Capitalised run sheds them at its start when at least
#: two words remain ("Prime Minister Ephraim Inoni" → "ephraim inoni"; "Prince of Wales" stays), or
#: when the title opens a sentence ("Rapper Eminem"). Only words that are titles wherever they stand:
#: not "general", "star", "major", "world" ("General Motors", "Star Wars", "World Trade Organisation").
TITLE_WORDS = frozenset(
    """spokesman spokeswoman spokesperson correspondent editor reporter director president chairman
    chairwoman chief executive secretary minister governor boss manager leader deputy assistant prime
    novelist author writer singer actor actress rapper conductor composer coach striker captain defender
    midfielder goalkeeper chancellor prof mogul lord lady sir dame prince princess pope judge professor
    mayor senator commissioner ambassador inspector detective superintendent sergeant constable colonel
    lieutenant admiral bishop archbishop reverend rev comedian""".split()
)

#: Vague nouns: never a keyword on their own, fine inside a phrase ("cost" / "cost overruns").
VAGUE_NOUNS = frozenset(
    """office cost costs plan plans proposal proposals life career age evidence appointment decline change
    changes effect effects problem problems action actions way use help support interest rise fall cut
    cuts deal deals bid bids talks talk plans concern concerns fears fear hopes hope decision decisions
    people person man men woman women child children family families home homes house team teams side
    game games match matches season seasons player players club clubs film films show shows music song
    songs album albums book books star stars fans award awards prize prizes government governments
    election elections party parties state states public country countries city cities market markets
    price prices share shares sales sale money cash profit profits loss losses firm firms industry
    industries work workers staff job jobs service services system systems project projects programme
    programmes product products technology technologies users user data information site sites online
    version versions device devices car cars factory factories building buildings step steps hold fight
    finish clash choice features feature role roles duties duty hands hand running run play attend build
    victory defeat win goal goals chance chances title titles""".split()
)

#: Evaluative and vague adjectives: they open no keyphrase ("major contract", "latest figures"), so a
#: lower-case one ends the noun phrase before it.
WEAK_ADJECTIVES = frozenset(
    """major key large larger largest huge big bigger biggest significant severe strong stronger strongest
    latest possible potential further main top total full serious important great greater greatest early
    earlier late later long longer short shorter certain particular various different similar single
    overall likely unlikely available current previous recent former own real true clear whole entire
    little small smaller smallest high higher highest low lower lowest good better best bad worse worst
    hard difficult easy simple special major minor wide widespread general specific total extra additional
    fresh tough huge massive vast open close closer free fair rare common usual only sole other such
    worth maximum minimum""".split()
)

#: Verbs that are rarely nouns, in their usual forms, and irregular past forms: a lower-case one ends the
#: noun phrase ("prices rose", "firm pulls out"). Base forms that are also common nouns (report, deal,
#: bid, strike, ban, vote …) are deliberately absent: they head keyphrases ("pension strike").
_VERB_STEMS = """accept accuse add admit agree aim allow announce appear argue arrive ask avoid become begin believe
belong bring buy cause come complain confirm consider continue contribute create criticise
criticize decide declare defend deny describe destroy die discover discuss earn emerge enable enjoy
ensure expect explain deliver fail feel find follow grow happen hear include insist intend introduce invest
involve join keep know learn leave let lose manage mean meet own predict prepare prevent produce
promise protect prove provide publish pull push raise reach receive recognise reduce refuse reject
remain remove replace require reveal say see seek seem sell send serve soar stay suggest take tell tend think
throw told try understand urge want warn worry write""".split()

_IRREGULAR = """said says told tells made makes took taken gave given came went gone been was were rose risen
fell fallen won lost left met paid sold bought thought brought began begun ran saw seen knew known grew
grown held kept led set put hit cut beat became chose chosen drove driven wrote written spoke spoken broke
broken stood sent spent built found felt meant heard struck fought caught taught sought shown shot wore
worn threw thrown understood did done had has having being got gotten let became overcame undertook""".split()


def _verb_forms(stems: list[str]) -> frozenset[str]:
    forms: set[str] = set()
    for stem in stems:
        forms.add(stem)
        if stem.endswith("e"):
            forms.update((stem + "s", stem + "d"))
        elif stem.endswith("y") and stem[-2:-1] not in "aeiou":
            forms.update((stem[:-1] + "ies", stem[:-1] + "ied"))
        elif stem.endswith(("s", "sh", "ch", "x", "z")):
            forms.update((stem + "es", stem + "ed"))
        else:
            forms.update((stem + "s", stem + "ed"))
    return frozenset(forms)


#: "-ing" forms that are verbs in news prose; other "-ing" words stay (nouns: "funding", "meeting").
_ING = """saying making taking getting being having trying expecting adding using becoming seeking hoping
looking coming giving leaving helping allowing causing facing raising putting calling asking telling
showing going doing following including insisting warning urging claiming planning speaking returning
violating covering sparking exploring protecting averting delivering generating discounting buying
growing soaring reflecting attending introducing reducing increasing cutting winning losing holding
wins holds drives opens reflects reveals heralds vows urges pulls extends reopens carries ending
averaging treating""".split()


#: Verb forms that end a lower-case noun phrase (see :data:`_VERB_STEMS`).
VERB_FORMS = _verb_forms(_VERB_STEMS) | frozenset(_IRREGULAR) | frozenset(_ING)

#: Lower-case words ending in "-ed" that are not past participles (every other one ends a noun phrase).
ED_NOUNS = frozenset("united limited need needs bed red seed speed feed greed hundred shed sled bred wed".split())

#: Lower-case words ending in "-ly" that are not adverbs (every other one ends a noun phrase).
LY_NOUNS = frozenset(
    """family supply rally assembly ally monopoly reply italy july anomaly belly jelly bully holy ugly
    daily weekly monthly quarterly yearly early friendly lonely lovely elderly""".split()
)

#: Name particles: they join the Capitalised words after them ("Theo van Gogh", "De Beers", "La Scala");
#: "new" only when written Capitalised ("New York", "New Zealand").
PARTICLES = frozenset("de van von der den da di du la le del della dos das al el bin".split())
