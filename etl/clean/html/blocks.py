"""Blocks: the page split into text blocks, the content root chosen, and the blocks under it filtered
by link density, length and boilerplate phrases.

Rules (measured on the multilingual dev set, BENCHMARKS.md "Multilingual extraction: text recall"):

* A table row of text cells is one block, its cells joined by `` | ``; a cell that holds block
  elements (a layout table's column) stays a block of its own.
* Lists and tables are judged as a whole, not item by item: the items of a list (the rows of a table)
  under the content root are kept when the list's *combined* link density is low — a list of short
  items ("Samstag von 16 bis 24 Uhr", "Topaz | 35 Prozent") is body text, whatever its language; a
  list whose text is mostly links (related articles, menus, tag lists) is dropped. Before this rule,
  list items and table cells had to pass the paragraph test one by one (ten words, or five and a
  sentence end), which lost 8 of the 9 missing snippets of the dev set's first batch.
* Length is counted in words for spaced scripts and as about two characters a word for unspaced
  ones (Han, kana, hangul, Thai); link density is characters in links over characters, which
  needs no language at all. No stopword density: it needs a list per language and misjudges every
  language without one; length, sentence ends (``.!?…。！？`` and closing quotes) and clause marks
  (``, ，、،``) carry the same signal in de, fr, es, pl and CJK alike (tests/unit/clean/
  test_html_extract.py, ``test_paragraph_test_needs_no_stopword_list``).
* Label lines (at most eight words, or sixteen unspaced characters, without a sentence end or a
  colon) are kept only when body text follows them, like subheads: "Mehr zum Thema" over a
  dropped link list goes with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import lxml.etree as etree

from etl.clean.html.boilerplate import _POSITIVE, _attr_names, _clean
from etl.clean.html.metadata import _as_list, _jsonld_article
from etl.fields import normalize_inline

# --------------------------------------------------------------------------
# Blocks

_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "blockquote", "pre", "table", "tr", "td", "th", "dl", "dt", "dd", "figure", "header", "address",
    "body", "center", "hr", "tbody", "thead", "caption", "details", "summary", "html",
}  # fmt: skip
_CELL_TAGS = {"td", "th"}
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}
_WS_RUN = re.compile(r"\s+")
# <br><br>, or one <br> before a bulleted line ("• item<br>• item"): a list typed as text.
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\n\s*(?=[•·▪‣◦►]\s)")
_BULLET = re.compile(r"^[•·▪‣◦►]\s+")


def _holds_blocks(cell: etree._Element) -> bool:
    """True for a table cell that contains block elements (a layout column, not a data cell)."""
    return any(isinstance(d.tag, str) and d.tag in _BLOCK_TAGS for d in cell.iterdescendants())


def _previous_cell(cell: etree._Element) -> etree._Element | None:
    prev = cell.getprevious()
    while prev is not None and not (isinstance(prev.tag, str) and prev.tag in _CELL_TAGS):
        prev = prev.getprevious()
    return prev


@dataclass(slots=True)
class _Block:
    text: str
    link_chars: int
    tag: str
    element: etree._Element
    bullet: bool = False  # a "• item" line of a list typed as text

    @property
    def link_density(self) -> float:
        return self.link_chars / max(len(self.text), 1)


def _blocks(root: etree._Element) -> list[_Block]:
    """Split the tree under ``root`` into text blocks at block-level tags, iteratively.

    ``<br><br>`` separates paragraphs, a single ``<br>`` does not.
    """
    blocks: list[_Block] = []
    buf: list[str] = []
    link_chars = 0
    owner: list[etree._Element] = [root]

    def flush() -> None:
        nonlocal link_chars
        if buf:
            raw = "".join(buf)
            pieces = _PARAGRAPH_BREAK.split(raw)
            # The block's link characters are shared out over its paragraphs by length.
            total = len(normalize_inline(raw)) if len(pieces) > 1 else None
            for piece in pieces:
                text = normalize_inline(piece)
                bullet = bool(_BULLET.match(text))
                text = _BULLET.sub("", text) if bullet else text
                if text:
                    share = int(link_chars * len(text) / max(total or len(text), 1))
                    el = owner[-1]
                    blocks.append(_Block(text, min(share, len(text)), str(el.tag), el, bullet))
            buf.clear()
        link_chars = 0

    in_link = 0
    inline_cells: set[etree._Element] = set()
    stack: list[tuple[etree._Element, bool]] = [(root, True)]
    while stack:
        el, entering = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        is_block = tag in _BLOCK_TAGS
        if tag in _CELL_TAGS:
            if entering and not _holds_blocks(el):
                inline_cells.add(el)
            is_block = el not in inline_cells
        if entering:
            if el in inline_cells and _previous_cell(el) is not None:
                buf.append(" | ")
            if is_block:
                flush()
                owner.append(el)
            if tag == "br":
                buf.append("\n")
            if tag == "a":
                in_link += 1
            if el.text:
                text = _WS_RUN.sub(" ", el.text)
                buf.append(text)
                if in_link:
                    link_chars += len(text.strip())
            stack.append((el, False))
            stack.extend((child, True) for child in reversed(el))
        else:
            if tag == "a":
                in_link -= 1
            if is_block:
                flush()
                owner.pop()
            if el is not root and el.tail:
                text = _WS_RUN.sub(" ", el.tail)
                buf.append(text)
                if in_link:
                    link_chars += len(text.strip())
    flush()
    return blocks


_BOILERPLATE_LINE = re.compile(
    r"^(?:advertisement|advertising|anzeige|sponsored( content)?|read more|read next|related( articles| stories| content)?|"
    r"more from .{0,40}|most (read|popular|viewed)|recommended( for you)?|you may also like|share( this( article| story)?)?|"
    r"share on \w+|tweet|email|print|comments?|\d+ comments?|leave a (comment|reply)|sign up.*newsletter.*|"
    r"subscribe.{0,60}|follow us.{0,60}|click here.{0,60}|continue reading.{0,40}|skip to .{0,30}|"
    r"(image|photo|picture|video)( credit)?s?:.{0,120}|copyright .{0,120}|© .{0,120}|all rights reserved.{0,60}|"
    r"we use cookies.*|this (site|website) uses cookies.*|accept( all)?( cookies)?|"
    r"updated:? .{0,40}|published:? .{0,40}|by [\w.' -]{2,60}|posted by .{0,60}|"
    r"(tags?|topics?|filed under):.{0,200})$",
    re.I,
)
# The same lines in the other languages we extract: German, French, Spanish, Italian, Dutch,
# Polish and Chinese (a whole line only; in-sentence use never matches).
_BOILERPLATE_LINE_INTL = re.compile(
    r"^(?:"
    # de
    r"werbung|anzeigen?|weiterlesen|mehr lesen|mehr zum thema.{0,80}|lesen sie (auch|mehr).{0,100}|"
    r"auch interessant.{0,80}|das könnte sie (auch )?interessieren.{0,40}|(artikel )?teilen|teilen auf \w+|"
    r"(\d+ )?kommentare?|kommentar schreiben|newsletter (abonnieren|bestellen).{0,80}|jetzt abonnieren.{0,80}|"
    r"folgen sie uns.{0,60}|wir verwenden cookies.*|diese (web)?seite verwendet cookies.*|(alle )?akzeptieren|zustimmen|"
    r"aktualisiert:? .{0,40}|veröffentlicht:? .{0,40}|(foto|bild|fotos):.{0,120}|"
    # fr
    r"publicité|lire aussi.{0,120}|à lire aussi.{0,120}|lire la suite|sur le même sujet.{0,60}|partager( sur \w+)?|"
    r"(\d+ )?commentaires?|réagir|abonnez-vous.{0,80}|s'abonner.{0,80}|inscrivez-vous.{0,80}|"
    r"nous utilisons des cookies.*|ce site utilise des cookies.*|tout accepter|accepter( et fermer)?|"
    r"mis à jour le.{0,40}|publié le.{0,40}|"
    # es
    r"publicidad|leer más|lee también.{0,120}|te puede interesar.{0,80}|noticias relacionadas|compartir( en \w+)?|"
    r"(\d+ )?comentarios?|suscríbete.{0,80}|utilizamos cookies.*|este sitio( web)? utiliza cookies.*|"
    r"aceptar( todo| todas)?( las cookies)?|actualizado:? .{0,40}|publicado:? .{0,40}|"
    # it
    r"pubblicità|leggi anche.{0,120}|continua a leggere|condividi|(\d+ )?commenti|iscriviti.{0,80}|"
    r"utilizziamo (i )?cookie.*|questo sito utilizza (i )?cookie.*|accetta( tutti)?|aggiornato:? .{0,40}|"
    # nl
    r"advertentie|lees ook.{0,120}|lees meer|delen|(\d+ )?reacties|schrijf je in.{0,80}|"
    r"wij gebruiken cookies.*|deze (web)?site gebruikt cookies.*|(alles )?accepteren|bijgewerkt:? .{0,40}|"
    # pl
    r"reklama|czytaj (też|także|więcej).{0,120}|zobacz (też|także|również).{0,120}|udostępnij|komentarze|skomentuj|"
    r"subskrybuj.{0,80}|zapisz się.{0,80}|używamy (plików )?cookies?.*|ta strona (używa|wykorzystuje) (plików |pliki )?cookies?.*|"
    r"akceptuję|akceptuj( wszystkie)?|zaktualizowano:? .{0,40}|opublikowano:? .{0,40}|"
    # zh
    r"广告|阅读更多|相关阅读.{0,60}|相关新闻.{0,60}|相关文章.{0,60}|分享到?.{0,20}|评论(（\d+）|\(\d+\))?|\d+条评论|"
    r"我们使用\s*cookies?.*|本网站使用\s*cookies?.*|责任编辑[:：].{0,30}|编辑[:：].{0,30}|点击查看.{0,40}|扫码关注.{0,40}|关注我们.{0,40}"
    r")$",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?…。！？\"”’»)]\s*$")
# Han, kana, hangul and Thai: scripts written without spaces between words.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u0e00-\u0e7f]")
_CLAUSE_MARKS = (",", "，", "、", "،")


def _is_boilerplate_line(text: str) -> bool:
    return bool(_BOILERPLATE_LINE.match(text) or _BOILERPLATE_LINE_INTL.match(text))


def _word_count(text: str) -> int:
    return len(text.split())


def _is_good(block: _Block) -> bool:
    """A paragraph that reads like body text: long enough, sentence-like, few links."""
    if block.link_density > 0.5:
        return False
    words = _word_count(block.text)
    # CJK/Thai text has no spaces: count characters instead (about two per word).
    if words < 3 and len(block.text) >= 16 and _UNSPACED.search(block.text):
        words = len(block.text) // 2
    elif words < 3 and len(block.text) >= 40:
        words = len(block.text) // 4
    return words >= 10 or (words >= 5 and bool(_SENTENCE_END.search(block.text)))


def _choose_root(body: etree._Element, blocks: list[_Block]) -> etree._Element:
    """The element whose subtree holds the article: ``itemprop=articleBody``, else the best-scoring ancestor."""
    marked = [el for el in body.iter() if el.get("itemprop") == "articleBody"]
    if marked:
        best = max(marked, key=lambda el: len(el.text_content()))
        if _word_count(best.text_content()) >= 30:
            return best

    scores: dict[etree._Element, float] = {}
    for block in blocks:
        if not _is_good(block):
            continue
        score = 1 + min(len(block.text) / 100, 3) + sum(block.text.count(mark) for mark in _CLAUSE_MARKS)
        el = block.element
        # Attribute to the block's container and its ancestors with decay so
        # the common parent of many paragraphs wins over any single paragraph.
        weight = 1.0
        node = el if el.tag not in ("p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dd", "td") else el.getparent()
        for _ in range(4):
            if node is None:
                break
            scores[node] = scores.get(node, 0.0) + score * weight
            weight *= 0.5 if weight == 1.0 else 0.67
            node = node.getparent()
    if not scores:
        return body
    for el in list(scores):
        names = _attr_names(el)
        if _POSITIVE.search(names) or el.tag in ("article", "main"):
            scores[el] *= 1.25
    best = max(scores, key=lambda el: scores[el])
    # A parent that collects nearly as much (siblings of the chosen div hold
    # more of the body) is the better root.
    parent = best.getparent()
    while parent is not None and parent in scores and scores[parent] >= 0.9 * scores[best]:
        best, parent = parent, parent.getparent()
    # The story's lead often sits beside the body div inside the same
    # <article>; take the whole <article> when it is close above.
    node, hops = best.getparent(), 0
    while node is not None and hops < 3:
        if node.tag == "article":
            return node
        node, hops = node.getparent(), hops + 1
    return best


_LIST_LINK_DENSITY = 0.3  # above it, a list or table is navigation/teasers, whatever its items say


def _container(block: _Block) -> etree._Element | None:
    """The list of a list item, the table of a table row; ``None`` for other blocks."""
    el = block.element
    if block.bullet:
        return el
    if block.tag == "li":
        return el.getparent()
    if block.tag == "tr":
        node = el.getparent()
        while node is not None and node.tag != "table":
            node = node.getparent()
        return node
    return None


def _text_lists(blocks: list[_Block]) -> set[etree._Element]:
    """Lists and tables whose items, taken together, are text rather than links."""
    chars: dict[etree._Element, list[int]] = {}
    for block in blocks:
        box = _container(block)
        if box is not None:
            tally = chars.setdefault(box, [0, 0])
            tally[0] += len(block.text)
            tally[1] += block.link_chars
    return {box for box, (n, links) in chars.items() if links <= _LIST_LINK_DENSITY * n}


def _select(blocks: list[_Block]) -> list[str]:
    kept: list[tuple[str, bool, bool]] = []  # (text, is_heading, needs body text after it)
    text_lists = _text_lists(blocks)
    for block in blocks:
        text = block.text
        if block.tag == "h1":
            continue
        if _is_boilerplate_line(text):
            continue
        if block.tag in _HEADINGS:
            if _word_count(text) <= 25 and block.link_density < 0.5:
                kept.append((text, True, True))
            continue
        if block.link_density > 0.5:
            continue
        is_item = block.bullet or block.tag in ("li", "tr")
        if is_item and _container(block) in text_lists:
            kept.append((text, False, False))
            continue
        words = _word_count(text)
        if words < 3 and len(text) < 20 and not _SENTENCE_END.search(text):
            continue
        if is_item and not _is_good(block):
            continue
        kept.append((text, False, not is_item and _is_label(text)))
    # Subheads count only when body text follows them; so do label lines (a few words, no sentence
    # end: "Explore more on these topics", "Mehr zum Thema") whose list was dropped after them.
    out: list[str] = []
    for i, (text, _heading, needs_body) in enumerate(kept):
        if needs_body and (i + 1 >= len(kept) or kept[i + 1][1]):
            continue
        out.append(text)
    return _dedupe_adjacent(out)


_LABEL_WORDS = 8


def _is_label(text: str) -> bool:
    """A few words without a sentence end or a colon (a caption of what follows, not a sentence)."""
    if _SENTENCE_END.search(text) or text.endswith((":", "：")):
        return False
    if _UNSPACED.search(text):
        return len(text) <= 2 * _LABEL_WORDS
    return _word_count(text) <= _LABEL_WORDS


def _dedupe_adjacent(paragraphs: list[str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for p in paragraphs:
        if p in seen and len(p) < 200:
            continue
        seen.add(p)
        out.append(p)
    return out


def _jsonld_body(objects: list[dict[str, Any]]) -> list[str]:
    art = _jsonld_article(objects)
    if art is None:
        return []
    bodies = _as_list(art.get("articleBody"))
    for update in _as_list(art.get("liveBlogUpdate")):
        if isinstance(update, dict):
            bodies.extend(_as_list(update.get("articleBody")))
    paragraphs: list[str] = []
    for body in bodies:
        if not isinstance(body, str):
            continue
        # Bodies sometimes carry markup; strip it without a second full parse of the page.
        body = re.sub(r"<br\s*/?>|</p>", "\n\n", body, flags=re.I)
        body = re.sub(r"<[^>]{0,500}>", "", body)
        paragraphs.extend(t for t in (normalize_inline(p) for p in re.split(r"\n\s*\n|\r?\n", body)) if t)
    return paragraphs


def _extract_paragraphs(doc: etree._Element) -> list[str]:
    body = next(doc.iter("body"), None)
    if body is None:
        body = doc
    _clean(body)
    blocks = _blocks(body)
    root = _choose_root(body, blocks)
    if root is body:
        chosen = blocks
    else:
        inside = set(root.iter())
        chosen = [b for b in blocks if b.element in inside]
    return _select(chosen)
