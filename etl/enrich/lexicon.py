"""Word lists shared by the enrich rules that look at single tokens (see :mod:`etl.enrich.vocab`).

Kept apart from the modules that use them so that :mod:`etl.enrich.vocab` can analyse a token once
for all of them without importing them.
"""

from __future__ import annotations

#: Words that never make a keyword on their own (:mod:`etl.enrich.keywords`), lower-case.
STOPWORDS = frozenset(
    """
    a about above across after afterwards again against all almost alone along already also although always am
    among amongst an and another any anyhow anyone anything anyway anywhere are around as at back be became
    because become becomes been before beforehand behind being below beside besides between beyond both but by
    can cannot could did do does doing done down due during each eg either else elsewhere enough etc even ever
    every everyone everything everywhere except few first for former formerly from further get gets getting
    give given go going got had has have having he hence her here hereby herein hers herself him himself his
    how however i ie if in including indeed instead into is it its itself just last latter least less like
    made make makes making many may me meanwhile might mine more moreover most mostly much must my myself
    namely neither never nevertheless new next no nobody none noone nor not nothing now nowhere of off often
    on once one only onto or other others otherwise our ours ourselves out over own part per perhaps please
    put quite rather re really said same say says see seem seemed seems several she should show since so
    some somehow someone something sometime sometimes somewhere still such take than that the their theirs
    them themselves then thence there thereafter thereby therefore therein these they this those though
    through throughout thru thus to together too took toward towards under until up upon us use used very
    via was way we well were what whatever when whence whenever where whereas whereby wherein whether which
    while who whoever whole whom whose why will with within without would yet you your yours yourself
    yourselves mr mrs ms dr told added year years time times two three four five six seven eight nine ten
    week weeks month months day days people told including according around told want wants wanted going
    lot lots good bad big small high low new old able told it's that's there's he's she's we're they're
    don't doesn't didn't can't won't isn't wasn't aren't i'm i've we've they've you're let let's s t
    """.split()
)

#: Frequent English function words: the English fast path of :mod:`etl.enrich.language`.
ENGLISH_FUNCTION_WORDS = frozenset(
    "the of and to in that for is on with was as by at from he his it are be has have said were which "
    "this but not will would their they an its who been had".split()
)

#: Stand-alone tokens that are punctuation, not words (``word_count``).
PUNCTUATION_TOKENS = frozenset(("-", "–", "—", "•", "*", "|", "/", "…", "...", "&", "--", "·"))

#: Clause punctuation: keyphrases never run across it.
CLAUSE_PUNCTUATION = ".,;:!?()[]\"“”‘—–"
