"""Clean a raw document into an Article: the text every later offset points into.

    RawDocument --(HTML: trafilatura + htmldate)--> text --normalise--> lines
        --drop boilerplate, bylines, dateline lines--> paragraphs --join "\\n\\n"--> Article

Everything here is general: patterns describe kinds of web boilerplate (link lines, comment
forms, share bars, credits), never phrases from a particular article. Lines that are dropped
are kept in ``Article.removed`` so a user can see what cleaning took away.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from eventwire.errors import InputError, TooLarge
from eventwire.model import Article, RawDocument

__all__ = [
    "MAX_HTML_BYTES",
    "CleanText",
    "HtmlContent",
    "clean",
    "clean_text",
    "dateline_place",
    "dateline_prefix",
    "extract_html",
    "is_boilerplate",
    "match_byline",
    "match_dateline",
    "normalize_text",
]

logger = logging.getLogger(__name__)

# Real article pages are well under 5 MB; anything bigger is a dump or an attack, and
# trafilatura's run time grows with page size.
MAX_HTML_BYTES = 5_000_000
# Attributes this long are inline data (base64 images, state blobs), never article text.
MAX_ATTRIBUTE_CHARS = 10_000

# ----------------------------------------------------------------------------------------
# Normalisation tables
# ----------------------------------------------------------------------------------------

_ODD_SPACES = "\t\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_LINE_BREAKS = "\u000b\u000c\u0085\u2028\u2029"
# Invisible characters that only get in the way of matching; ZWJ/ZWNJ are kept because
# some scripts (Persian, Indic, emoji) need them.
_INVISIBLE = "\u00ad\u200b\u2060\ufeff"


def _translation_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(c): " " for c in _ODD_SPACES}
    table.update({ord(c): "\n" for c in _LINE_BREAKS})
    table.update({ord(c): None for c in _INVISIBLE})
    controls = [c for c in range(0x20) if chr(c) not in "\n\t\r"] + list(range(0x7F, 0xA0))
    table.update({c: None for c in controls if c != 0x85})
    return table


_TRANSLATION = _translation_table()
_SPACE_RUN = re.compile(r" {2,}")
_BLANK_RUN = re.compile(r"\n{3,}")


def normalize_text(text: str) -> str:
    """NFC, plain spaces, ``\\n`` line endings, no trailing spaces, at most one blank line.

    Curly quotes and guillemets are kept as written: the quote extractor reads both kinds.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text.translate(_TRANSLATION))
    lines = (_SPACE_RUN.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")


# ----------------------------------------------------------------------------------------
# Boilerplate lines
# ----------------------------------------------------------------------------------------

# Link lines that point elsewhere: "See also ...", "Read more: ...". Such a line is dropped
# when it is short and has no final full stop (a link title), or when a separator follows.
_LINK_PREFIX = re.compile(
    r"^(?:see also|read also|also read|read more|read next|read the full|more from|"
    r"you may also like|you might also like|you may be interested in|further reading|"
    r"recommended (?:reading|for you|articles?|stories)|"
    r"related (?:articles?|stories|story|content|coverage|news|posts?|reading|topics|links?))\b",
    re.IGNORECASE,
)
# Words that are link labels only when a separator follows ("Related: ...", "More >").
_LABEL_PREFIX = re.compile(
    r"^(?:related|more|recommended|trending|popular|latest|watch|listen|also|next|previous)"
    r"\s*(?:[:|>»›→]|$)",
    re.IGNORECASE,
)
_LINK_SEPARATOR = re.compile(r"^\s*(?:[:|>»›→…–—-]|\.\.\.|$)")
_SENTENCE_END = re.compile(r"[.!?][\"'”’»)]*$")

# Patterns that mark a whole line as boilerplate, each with the longest line (in words) it
# may apply to: a long line that happens to mention "cookies" is news, not a banner.
_BOILERPLATE_PATTERNS: tuple[tuple[re.Pattern[str], int], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), max_words)
    for pattern, max_words in (
        # comment forms
        (r"^leave a (?:reply|comment|response)\b", 40),
        (r"\be-?mail(?: address)? (?:will|shall) not be (?:published|shared|displayed)\b", 40),
        (r"\brequired fields are marked\b", 40),
        (r"^(?:post|add|write|view|show|load|read|see) (?:a |your |all |the |\d+ |more )?comments?\b", 8),
        (r"^\d+ (?:comments?|replies|responses)$", 3),
        (r"^(?:you must be logged in|log in|sign in) to (?:post a )?comment", 15),
        # rights and credits
        (r"\ball rights reserved\b", 30),
        (r"^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4}|:))", 30),
        (r"©\s*(?:\d{4}|[A-Z])", 20),
        (r"^(?:photo|photos|image|images|picture|pictures|photograph|illustration|graphic|"
         r"caption|video|file photo|credit|credits|source)(?: credits?| source| caption)?\s*[:|/]", 30),
        (r"^(?:photo|photos|image|picture|photograph|video|illustration)s? "
         r"(?:by|courtesy(?: of)?|credit|source|caption)\b", 25),
        (r"^\(?(?:photo|image|picture|file)s?\b[^)]*\)$", 20),
        (r"\b(?:getty images|shutterstock|afp via getty|ap photo)\b", 15),
        (r"^\(?(?:additional )?(?:reporting|writing|editing|compiled|translated) by\b", 40),
        # sharing, following, subscribing
        (r"^(?:click to )?share(?: this(?: \w+)?| on \w+| via \w+| the story)?\s*(?:[:|]|$)", 12),
        (r"^click to (?:share|print|email|tweet)\b", 15),
        (r"^follow (?:us|me|@\w+|(?:the )?(?:latest|live|our)\b|\S+(?: \S+){0,3} on "
         r"(?:twitter|x|facebook|instagram|telegram|linkedin|youtube|tiktok|threads)\b)", 20),
        (r"^(?:subscribe|sign up|signup|register|join|get)\b.*\b(?:newsletters?|"
         r"inbox|alerts|updates|subscription|for free|for \$)", 25),
        (r"\bnewsletters?\b.*\b(?:sign up|subscribe|inbox)\b", 25),
        (r"^subscribe(?: now| today| here)?\b", 12),
        (r"\b(?:we|this (?:site|website)|our (?:site|website|partners)) uses? cookies\b", 80),
        (r"\bcookie (?:policy|settings|preferences|consent|notice|banner)\b", 40),
        (r"\baccept (?:all )?cookies\b|\bby continuing to (?:browse|use)\b", 60),
        (r"\b(?:click|tap) here\b", 25),
        (r"^(?:privacy policy|terms of (?:use|service)|terms and conditions|contact us|"
         r"about us|cookie policy)\b", 12),
        # page furniture
        (r"^(?:tags?|topics?|categories|category|filed under|keywords)\s*:", 40),
        (r"^(?:published|updated|last updated|posted|first published)\b[ :]*(?:on |at )?"
         r"[\w,]*\s*\d", 15),
        (r"^(?:story|article) continues (?:below|after)\b", 8),
        (r"^(?:advertisement|advertising|sponsored(?: content| post| by\b.*)?)\s*[-–—]*$", 8),
        (r"^image (?:source|caption)\b", 20),
    )
)

# Lines that are page furniture whatever they say around the letters: "- Advertisement -",
# "Share", "Print | Email".
_FURNITURE_WORDS = frozenset(
    "advertisement advertising ad ads sponsored share tweet print email e-mail mail facebook "
    "twitter x whatsapp telegram linkedin reddit pinterest messenger instagram youtube "
    "tiktok flipboard copy link comments comment menu search close loading home skip to "
    "content main continue reading scroll sign in log out subscribe save bookmark".split()
)
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def _alternation(patterns: list[re.Pattern[str]]) -> re.Pattern[str] | None:
    """One pattern that ``search`` finds exactly where one of ``patterns`` would be found."""
    if not patterns:
        return None
    return re.compile("|".join(f"(?:{pattern.pattern})" for pattern in patterns), re.IGNORECASE)


def _reach_tiers() -> tuple[tuple[int, tuple[re.Pattern[str], ...]], ...]:
    """For each reach, shortest first, the patterns that apply to a line of that many words,
    combined: one search instead of up to ten. Line-start patterns and the others are kept
    apart: together, the engine would try every line-start one at every position."""
    tiers = []
    for reach in sorted({max_words for _, max_words in _BOILERPLATE_PATTERNS}):
        applying = [pattern for pattern, max_words in _BOILERPLATE_PATTERNS if max_words >= reach]
        at_start = _alternation([pattern for pattern in applying if pattern.pattern.startswith("^")])
        anywhere = _alternation([pattern for pattern in applying if not pattern.pattern.startswith("^")])
        tiers.append((reach, tuple(pattern for pattern in (at_start, anywhere) if pattern is not None)))
    return tuple(tiers)


_REACH_TIERS = _reach_tiers()
_ALNUM = re.compile(r"[^\W_]")  # a character str.isalnum() accepts


def is_boilerplate(line: str) -> bool:
    """Whether one line (already normalised) is web boilerplate rather than article text."""
    if not _ALNUM.search(line):
        return True  # separators: "***", "• • •"
    words = len(line.split())
    if _is_link_line(line, words) or _is_furniture(line):
        return True
    return _matches_a_pattern(line, words)


def _matches_a_pattern(line: str, words: int) -> bool:
    """Whether a boilerplate pattern whose reach covers ``words`` words is found in the line."""
    for reach, combined in _REACH_TIERS:
        if words <= reach:
            return any(pattern.search(line) for pattern in combined)
    return False


def _is_link_line(line: str, word_count: int) -> bool:
    if _LABEL_PREFIX.match(line):
        return True
    prefix = _LINK_PREFIX.match(line)
    if prefix is None:
        return False
    rest = line[prefix.end():]
    if _LINK_SEPARATOR.match(rest):
        return True
    # "See also Something happened" is a link title: short and without a final stop.
    return word_count <= 20 and not _SENTENCE_END.search(line)


def _is_furniture(line: str) -> bool:
    words = _WORD.findall(line.lower())
    return 0 < len(words) <= 8 and all(word in _FURNITURE_WORDS for word in words)


# ----------------------------------------------------------------------------------------
# Bylines and datelines
# ----------------------------------------------------------------------------------------

_UPPER = "A-ZÀ-ÖØ-ÞĀ-Ž"
_NAME_WORD = rf"(?:[{_UPPER}][\w'’.-]*|de|da|del|dos|du|van|von|der|den|al|el|bin|ibn|la|le|di)"
_NAME = rf"[{_UPPER}][\w'’.-]*(?: {_NAME_WORD}){{0,4}}"
_BYLINE = re.compile(
    rf"^(?i:by):? {_NAME}(?:(?:,| and| &) {_NAME})*(?:\s*[,|/–—-]\s*[\w'’. &-]{{1,60}})?$"
)

_AGENCY = r"\((?:[A-Z][A-Za-z]{1,9}|[A-Z]{2,6}(?:/[A-Z]{2,6})?)\)"
_MONTH = (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]{0,6}\.? \d{1,2}"
          r"(?:,? \d{4})?")
_CAPS_PLACE = rf"[{_UPPER}][{_UPPER}.'’-]+(?: [{_UPPER}][{_UPPER}.'’-]*){{0,3}}"
_TITLE_PLACE = rf"[{_UPPER}][\w.'’-]+(?: [{_UPPER}][\w.'’-]+){{0,3}}"
_DASH = r"\s*[—–-]{1,2}"
_AGENCY_WORD = r"[A-Z]{2,6}"  # "Tehran, March 15, IRNA -"
# "KYIV, Ukraine (AP) —", "MOSCOW, Dec 31 (Reuters) -", "WASHINGTON —", "KABUL (Pajhwok):",
# "ISLAMABAD: ", "(Washington)", "Tehran, March 15, IRNA -". A place in title case needs a date after it:
# "Biden - " or "Biden, Harris - " is no dateline.
_DATELINE_FORMS = (
    rf"{_CAPS_PLACE}(?:, {_TITLE_PLACE})?(?:, {_MONTH})? {_AGENCY}(?:{_DASH}|:)?",
    rf"{_CAPS_PLACE}(?:, {_TITLE_PLACE})?(?:, {_MONTH})?(?:, {_AGENCY_WORD})?(?:{_DASH}|:)",
    rf"{_TITLE_PLACE}, {_MONTH}(?:,? {_AGENCY}|, {_AGENCY_WORD})?{_DASH}",
    rf"\({_TITLE_PLACE}(?:, {_TITLE_PLACE})?\)(?:{_DASH})?",
    rf"{_AGENCY}{_DASH}",
)
_DATELINE = re.compile("^(?:" + "|".join(f"(?:{form})" for form in _DATELINE_FORMS) + ")")
_DATELINE_END = re.compile(r"[\s—–:-]+$")
# Words at the start of a paragraph ("(Updated)", "WARNING:") that are labels, not places.
_NOT_PLACES = frozenset(
    "updated update corrected correction video photos audio live opinion analysis editorial "
    "exclusive breaking watch listen sponsored advertisement file note translated warning alert "
    "flash urgent factbox explainer review interview timeline quote graphic graphics".split()
)


def match_byline(line: str) -> str | None:
    """The byline if the whole line is one ("By Jane Doe and John Roe, Reuters")."""
    if len(line.split()) > 16:
        return None
    return line if _BYLINE.match(line) else None


def match_dateline(text: str) -> str | None:
    """The dateline at the start of ``text``, without its trailing dash, or None."""
    prefix = dateline_prefix(text)
    return _DATELINE_END.sub("", prefix) if prefix else None


def dateline_prefix(text: str) -> str | None:
    """The dateline at the start of ``text`` with its dash and the space after it
    ("KHARTOUM, March 16 (Xinhua) -- "), or None: what precedes the story's first word."""
    found = _DATELINE.match(text)
    if found is None:
        return None
    if _DATELINE_END.sub("", found.group(0)).strip("()").lower() in _NOT_PLACES:
        return None
    rest = text[found.end():]
    if rest and not rest.startswith(" "):
        return None  # the pattern stopped in the middle of a word
    return found.group(0) + rest[: len(rest) - len(rest.lstrip(" "))]


def dateline_place(dateline: str) -> str | None:
    """The place a dateline names: "KYIV, Ukraine (AP)" -> "KYIV, Ukraine"."""
    if dateline.startswith("("):
        return dateline.strip("() ") or None
    place = re.sub(rf"\s*{_AGENCY}$|,\s*{_AGENCY_WORD}$", "", dateline)
    place = re.sub(rf",\s*{_MONTH}$", "", place).strip("() ")
    return place or None


# ----------------------------------------------------------------------------------------
# Paragraphs
# ----------------------------------------------------------------------------------------

# Hard-wrapped text keeps its lines under this many characters; a block with a longer line
# was not wrapped, so its line breaks after a full stop are paragraph breaks.
WRAP_WIDTH = 100
# How many leading paragraphs (the title included) may carry a dateline prefix.
DATELINE_PARAGRAPHS = 3
_LIST_ITEM = re.compile(r"^(?:[-*•·▪◦–]|\d{1,3}[.)])\s+\S")
_HEADING_END = re.compile(r"[.,;:…][\"'”’»)]*$")


@dataclass(frozen=True, slots=True)
class CleanText:
    """Cleaned text with its paragraph offsets and what was taken out."""

    text: str
    paragraphs: tuple[tuple[int, int], ...]
    byline: str | None
    dateline: str | None
    removed: tuple[str, ...]


def clean_text(text: str) -> CleanText:
    """Normalise plain text, drop boilerplate lines and lay out paragraphs."""
    removed: list[str] = []
    bylines: list[str] = []
    paragraphs: list[str] = []
    for block in normalize_text(text).split("\n\n"):
        kept = [line for line in block.split("\n") if _keep_line(line, removed, bylines)]
        paragraphs.extend(_paragraphs_of(kept))
    return CleanText(
        text="\n\n".join(paragraphs),
        paragraphs=_offsets(paragraphs),
        byline=bylines[0] if bylines else None,
        dateline=_dateline_of(removed, paragraphs),
        removed=tuple(removed),
    )


def _keep_line(line: str, removed: list[str], bylines: list[str]) -> bool:
    if not line:
        return False
    if match_byline(line):
        bylines.append(line)
    elif not (is_boilerplate(line) or _is_dateline_line(line)):
        return True
    removed.append(line)
    return False


def _is_dateline_line(line: str) -> bool:
    dateline = match_dateline(line)
    return dateline is not None and len(_DATELINE_END.sub("", line)) == len(dateline)


def _dateline_of(removed: list[str], paragraphs: list[str]) -> str | None:
    """A dateline line of its own, else a dateline prefix in the first few paragraphs."""
    for line in removed:
        if _is_dateline_line(line):
            return match_dateline(line)
    # Datelines lead an article; "(Name)" deep in the text is more likely an aside.
    prefixes = (match_dateline(paragraph) for paragraph in paragraphs[:DATELINE_PARAGRAPHS])
    return next((prefix for prefix in prefixes if prefix), None)


def _paragraphs_of(lines: list[str]) -> list[str]:
    """Join a block's lines with spaces, except that headings and list items stand alone."""
    longest = max((len(line) for line in lines), default=0)
    paragraphs: list[list[str]] = []
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else None
        starts_new = not paragraphs or _stands_alone(lines[index - 1], line, longest)
        if starts_new or _LIST_ITEM.match(line) or _is_heading(line, following, longest):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
    return [" ".join(parts) for parts in paragraphs]


def _stands_alone(previous: str, line: str, longest: int) -> bool:
    """A line after a heading, a list item or (in unwrapped text) a full sentence is new."""
    if longest > WRAP_WIDTH and _SENTENCE_END.search(previous):
        return True  # one paragraph per line, as many exports write text
    return bool(_LIST_ITEM.match(previous)) or _is_heading(previous, line, longest)


def _is_heading(line: str, following: str | None, longest: int) -> bool:
    """A short title-like line followed by a new sentence, in a block of longer lines."""
    if following is None or len(line.split()) > 15 or _HEADING_END.search(line):
        return False
    if not (line[:1].isupper() or line[:1].isdigit()):
        return False
    starts_sentence = following[:1].isupper() or following[:1].isdigit() or following[:1] in "\"“«'‘„"
    return starts_sentence and len(line) < 0.7 * longest


def _offsets(paragraphs: list[str]) -> tuple[tuple[int, int], ...]:
    offsets: list[tuple[int, int]] = []
    start = 0
    for paragraph in paragraphs:
        offsets.append((start, start + len(paragraph)))
        start += len(paragraph) + 2  # the "\n\n" between paragraphs
    return tuple(offsets)


# ----------------------------------------------------------------------------------------
# HTML
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HtmlContent:
    """The main text of an HTML page and the metadata found in it."""

    text: str
    title: str | None = None
    url: str | None = None
    source_name: str | None = None
    language: str | None = None
    date: date | None = None


def extract_html(html: str, *, origin: str = "<html>") -> HtmlContent:
    """Main text and metadata of a page, offline; hostile pages are defused first.

    Raises TooLarge over MAX_HTML_BYTES. Extraction failures give empty text, not errors.
    """
    size = len(html.encode("utf-8", errors="replace"))
    if size > MAX_HTML_BYTES:
        raise TooLarge(
            f"HTML page is {size:,} bytes, over the {MAX_HTML_BYTES:,}-byte cap; "
            "split it or pass its text instead",
            origin=origin,
            stage="clean",
        )
    tree = _parse_html(html)
    if tree is None:
        return HtmlContent(text="")
    return HtmlContent(
        text=_main_text(tree, origin),
        language=_html_language(tree),
        **_html_metadata(tree, origin),
    )


def _parse_html(html: str) -> Any:
    """An lxml tree without scripts, styles or giant attributes, or None."""
    from trafilatura.utils import load_html

    try:
        tree = load_html(html)
        if tree is None and "<" in html:
            # trafilatura refuses some bare fragments ("<p>...</p>", as feeds carry them)
            tree = load_html(f"<html><body>{html}</body></html>")
    except Exception:  # lxml refuses some byte soup; treat it as a page without text
        logger.warning("could not parse HTML", exc_info=True)
        return None
    if tree is None:
        return None
    _defuse(tree)
    return tree


def _defuse(tree: Any) -> None:
    """Drop code and inline blobs so extraction time depends on the text, not the page."""
    from lxml import etree

    for element in list(tree.iter("script", "style", "noscript", "template", "svg")):
        if element.get("type") == "application/ld+json":
            continue  # structured metadata: the publication date often lives here
        parent = element.getparent()
        if parent is not None:
            element.tail = None
            parent.remove(element)
    for element in tree.iter(etree.Element):
        for name, value in list(element.attrib.items()):
            if len(value) > MAX_ATTRIBUTE_CHARS:
                del element.attrib[name]


def _main_text(tree: Any, origin: str) -> str:
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            _copy(tree),
            include_comments=False,
            include_tables=False,
            favor_precision=True,
        )
    except Exception:  # a bug in extraction must not end the run
        logger.warning("%s: trafilatura failed; using the page's paragraphs", origin, exc_info=True)
        document = None
    text = getattr(document, "text", None) or _fallback_text(tree)
    # trafilatura puts one block element per line: each is a paragraph of its own.
    return text.replace("\n", "\n\n")


def _fallback_text(tree: Any) -> str:
    import trafilatura

    try:
        _, text, _ = trafilatura.baseline(_copy(tree))
    except Exception:
        logger.warning("baseline extraction failed", exc_info=True)
        return ""
    return str(text)


def _copy(tree: Any) -> Any:
    import copy

    return copy.deepcopy(tree)


def _html_metadata(tree: Any, origin: str) -> dict[str, Any]:
    """Title, canonical URL, site name and publication date (htmldate, original date first)."""
    from trafilatura.metadata import extract_metadata
    from trafilatura.settings import set_date_params

    date_config = set_date_params(True) | {"original_date": True, "outputformat": "%Y-%m-%d"}
    try:
        metadata = extract_metadata(_copy(tree), date_config=date_config)
    except Exception:  # a bug in metadata extraction must not lose the text
        logger.warning("%s: could not read HTML metadata", origin, exc_info=True)
        return {}
    return {
        "title": metadata.title or None,
        "url": metadata.url or None,
        "source_name": metadata.sitename or None,
        "date": _iso_date(metadata.date),
    }


def _iso_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{1,8})*$")


def _html_language(tree: Any) -> str | None:
    """The primary language subtag the page declares ("en-US" -> "en")."""
    root = tree.getroottree().getroot()
    candidates = [root.get("lang"), root.get("xml:lang")]
    candidates += tree.xpath("//meta[@property='og:locale']/@content")[:1]
    candidates += tree.xpath("//meta[@http-equiv='content-language']/@content")[:1]
    for candidate in candidates:
        if candidate and _LANGUAGE.match(candidate.strip()):
            return re.split(r"[-_]", candidate.strip())[0].lower()
    return None


# ----------------------------------------------------------------------------------------
# The stage
# ----------------------------------------------------------------------------------------


def clean(raw: RawDocument, *, today: date | None = None) -> Article:
    """Turn a raw document into an Article; raise InputError if no text is left."""
    origin = raw.origin or raw.id or raw.url or "<document>"
    html = extract_html(raw.text, origin=origin) if raw.is_html else HtmlContent(text=raw.text)
    cleaned = clean_text(html.text)
    if not cleaned.text:
        raise InputError(
            "no text left after cleaning (empty, or only boilerplate/markup); "
            "check that the input holds article text",
            origin=origin,
            stage="clean",
        )
    document_date, basis = _document_date(raw, html, today, origin)
    return Article(
        id=raw.id or "doc_" + hashlib.sha1(cleaned.text.encode("utf-8")).hexdigest()[:16],
        text=cleaned.text,
        date=document_date,
        date_basis=basis,
        url=raw.url or html.url,
        title=raw.title or html.title or _title_from_text(cleaned),
        source_name=raw.source_name or html.source_name,
        language=raw.language or html.language,
        byline=cleaned.byline,
        dateline=cleaned.dateline,
        paragraphs=cleaned.paragraphs,
        removed=cleaned.removed,
    )


def _document_date(
    raw: RawDocument, html: HtmlContent, today: date | None, origin: str
) -> tuple[date, str]:
    if raw.date is not None:
        return raw.date, "given"
    if html.date is not None:
        return html.date, "metadata"
    logger.warning(
        "%s: no document date given or found; using today's date (pass a date to fix)", origin
    )
    return today or date.today(), "today"


def _title_from_text(cleaned: CleanText) -> str | None:
    """A first paragraph that reads like a headline (short, no final stop) is the title."""
    if len(cleaned.paragraphs) < 2:
        return None
    start, end = cleaned.paragraphs[0]
    first = cleaned.text[start:end]
    if len(first.split()) > 20 or _SENTENCE_END.search(first) or _HEADING_END.search(first):
        return None
    return first
