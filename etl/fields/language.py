"""Language codes: one rule for JSON ``language``/``lang``/``inLanguage``/``locale``,
``<html lang>``, ``og:locale`` and JSON-LD ``inLanguage`` alike.

:func:`language_code` returns the lower-case ISO 639-1 code of a BCP 47-style
tag (``en``, ``en-GB``, ``en_GB``, ``pt-BR``, ``zh-Hant-TW`` → ``en``/``pt``/``zh``),
or ``None``. The region and script are dropped because the index's ``language``
field is that two-letter code and the metadata language is only a hint for it
(:func:`etl.enrich.language.document_language`). A primary subtag that is not
a known ISO 639-1 code (``xx``, three-letter ``eng``) and free text
(``english please``) give ``None``, so language detection decides instead.
"""

from __future__ import annotations

import re
from typing import Any

__all__ = ["ISO_639_1_CODES", "language_code"]

ISO_639_1_CODES = frozenset(
    "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz "
    "ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik "
    "io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml "
    "mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd "
    "se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi "
    "vo wa wo xh yi yo za zh zu".split()
)
_TAG = re.compile(r"([a-z]{2})(?:[-_][a-z0-9]+)*")


def language_code(value: Any) -> str | None:
    """The ISO 639-1 code of a language tag (``en-GB`` → ``en``), or ``None``; see the module docstring."""
    if not isinstance(value, str):
        return None
    match = _TAG.fullmatch(value.strip().lower())
    if match is None or match.group(1) not in ISO_639_1_CODES:
        return None
    return match.group(1)
