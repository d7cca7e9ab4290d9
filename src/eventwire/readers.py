"""Read files, folders, stdin, JSON/JSONL/CSV dumps, feeds and web archives into RawDocuments.

    read_sources(["a.txt", "dir/", "-"])      files, folders (recursive, sorted), stdin
      -> read_path / read_stream                 one source, format from suffix or content
        -> text | markdown | html | json | jsonl | csv | feed | warc   (and .gz of each)
          -> RawDocument | Skipped

A reader never raises for one bad item: a binary file, a bad JSONL line or a broken archive
tail is yielded as ``Skipped`` with a one-line reason, and the run goes on. Only a top-level
source that does not exist raises ``InputError``. Nothing here touches the network: URLs are
for ``eventwire ingest``.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from eventwire.errors import InputError
from eventwire.model import RawDocument, Skipped

__all__ = [
    "MAX_BYTES",
    "FeedEntry",
    "decode_bytes",
    "parse_date",
    "parse_feed",
    "read_path",
    "read_sources",
    "read_stream",
    "read_warc",
    "strip_markdown",
]

logger = logging.getLogger(__name__)

Item = RawDocument | Skipped

# One document (or one uncompressed file) bigger than this is a dump, not an article.
MAX_BYTES = 20_000_000
_SNIFF_BYTES = 8192

_SUFFIX_FORMATS = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl", ".ndjson": "jsonl",
    ".csv": "csv",
    ".warc": "warc", ".arc": "warc",
    ".xml": "feed", ".rss": "feed", ".atom": "feed",
}  # fmt: skip

# File signatures of formats that are never text: images, PDFs, archives, executables.
_BINARY_MAGIC = (
    b"%PDF-", b"PK\x03\x04", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"\x7fELF", b"Rar!",
    b"7z\xbc\xaf", b"BZh", b"\xfd7zXZ", b"RIFF", b"\x00\x00\x01\x00", b"MZ", b"OggS",
    b"ID3", b"\x1a\x45\xdf\xa3", b"SQLite format 3",
)  # fmt: skip
_GZIP_MAGIC = b"\x1f\x8b"
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)  # fmt: skip
_HTML_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype html|html|head|body|meta|title|div|p|article)\b", re.I | re.S)
_FEED_START = re.compile(rb"<(?:rss|feed|rdf:RDF)\b", re.I)


# ----------------------------------------------------------------------------------------
# Sources
# ----------------------------------------------------------------------------------------


def read_sources(sources: Iterable[str], *, jsonl: bool | None = None) -> Iterator[Item]:
    """Documents from files, folders and ``-`` (stdin); URLs are skipped with a pointer."""
    for source in sources:
        if source == "-":
            yield from read_stream(sys.stdin.buffer, name="<stdin>", jsonl=bool(jsonl))
        elif re.match(r"^[a-z][a-z0-9+.-]*://", source, re.I):
            yield Skipped(source, "url", "URLs are fetched by `eventwire ingest`, not read here")
        else:
            yield from read_path(Path(source), jsonl=jsonl)


def read_path(path: Path, *, jsonl: bool | None = None, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """Documents in one file, or in every non-hidden file under a folder (sorted)."""
    path = Path(path)
    if not path.exists():
        raise InputError(
            f"no such file or folder: {str(path)!r}; check the path", origin=str(path), stage="read"
        )
    if path.is_dir():
        yield from _read_folder(path, jsonl=jsonl, max_bytes=max_bytes)
    else:
        yield from _read_file(path, jsonl=jsonl, max_bytes=max_bytes)


def _read_folder(folder: Path, *, jsonl: bool | None, max_bytes: int) -> Iterator[Item]:
    try:
        children = sorted(folder.iterdir())
    except OSError as error:
        yield Skipped(str(folder), "unreadable", f"cannot list the folder: {error.strerror}")
        return
    for child in children:
        if child.name.startswith("."):
            continue  # hidden files: editor backups, .DS_Store, VCS folders
        if child.is_dir():
            yield from _read_folder(child, jsonl=jsonl, max_bytes=max_bytes)
        elif child.is_file():
            yield from _read_file(child, jsonl=jsonl, max_bytes=max_bytes)


def _read_file(path: Path, *, jsonl: bool | None, max_bytes: int) -> Iterator[Item]:
    origin = str(path)
    name = path.name.lower()
    if name.endswith((".warc", ".warc.gz", ".arc", ".arc.gz")) and not jsonl:
        # Archives are streamed record by record; the size cap applies to each record.
        yield from _at_least_one(read_warc(path, origin=origin, max_bytes=max_bytes), origin, "warc")
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield _too_large(origin, size, max_bytes)
            return
        data = path.read_bytes()
    except OSError as error:
        yield Skipped(origin, "unreadable", f"cannot read the file: {error.strerror}")
        return
    yield from read_bytes(data, name=name, origin=origin, jsonl=jsonl, max_bytes=max_bytes)


def read_stream(
    stream: BinaryIO, *, name: str = "<stdin>", jsonl: bool = False, max_bytes: int = MAX_BYTES
) -> Iterator[Item]:
    """Documents in a byte stream (stdin): JSONL if asked, else the format its content shows."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield _too_large(name, len(data), max_bytes)
        return
    yield from read_bytes(data, name=name, origin=name, jsonl=jsonl or None, max_bytes=max_bytes)


def read_bytes(
    data: bytes, *, name: str, origin: str, jsonl: bool | None = None, max_bytes: int = MAX_BYTES
) -> Iterator[Item]:
    """Documents in the bytes of one file called ``name`` (its suffix picks the format)."""
    if not data.strip():
        yield Skipped(origin, "empty", "the file holds no text")
        return
    if data.startswith(_GZIP_MAGIC):
        yield from _read_gzip(data, name=name, origin=origin, jsonl=jsonl, max_bytes=max_bytes)
        return
    if _looks_binary(data):
        yield Skipped(origin, "binary", "binary data (image, PDF, archive or similar), not text")
        return
    fmt = _format_of(name, data, jsonl)
    yield from _at_least_one(_READERS[fmt](data, origin), origin, fmt)


def _at_least_one(items: Iterator[Item], origin: str, fmt: str) -> Iterator[Item]:
    """Pass items through; a container with no items at all (``[]``, a bare CSV header,
    an archive of images) is reported rather than passed over in silence."""
    empty = True
    for item in items:
        empty = False
        yield item
    if empty:
        yield Skipped(origin, "empty", f"no documents in this {fmt} input")


def _read_gzip(
    data: bytes, *, name: str, origin: str, jsonl: bool | None, max_bytes: int
) -> Iterator[Item]:
    inner = name[:-3] if name.endswith(".gz") else name
    plain = _gunzip(data, origin, max_bytes)
    if isinstance(plain, Skipped):
        yield plain
    elif plain.startswith(b"WARC/") and not jsonl:
        yield from read_warc(io.BytesIO(data), origin=origin, max_bytes=max_bytes)
    else:
        yield from read_bytes(plain, name=inner, origin=origin, jsonl=jsonl, max_bytes=max_bytes)


def _gunzip(data: bytes, origin: str, max_bytes: int) -> bytes | Skipped:
    """Decompress all gzip members, stopping at max_bytes so a gzip bomb cannot fill memory."""
    parts: list[bytes] = []
    total = 0
    remaining = data
    try:
        while remaining.startswith(_GZIP_MAGIC):
            decompressor = zlib.decompressobj(wbits=31)
            part = decompressor.decompress(remaining, max_bytes + 1 - total)
            if decompressor.unconsumed_tail:
                return _too_large(origin, max_bytes + 1, max_bytes)
            if not decompressor.eof:
                return Skipped(origin, "corrupt", "gzip data is truncated; re-create the file")
            parts.append(part)
            total += len(part)
            remaining = decompressor.unused_data.lstrip(b"\x00")
    except zlib.error as error:
        return Skipped(origin, "corrupt", f"gzip data is corrupt ({error}); re-create the file")
    return b"".join(parts)


def _too_large(origin: str, size: int, max_bytes: int) -> Skipped:
    return Skipped(origin, "too-large", f"{size:,} bytes is over the {max_bytes:,}-byte cap")


def _looks_binary(data: bytes) -> bool:
    head = data[:_SNIFF_BYTES]
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return False  # UTF-16/32 text is full of NUL bytes
    if head.startswith(_BINARY_MAGIC) or b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 0x20 and byte not in b"\t\n\r\x0c\x1b")
    return controls > 0.05 * len(head)


def _format_of(name: str, data: bytes, jsonl: bool | None) -> str:
    if jsonl:
        return "jsonl"
    suffix = Path(name).suffix.lower()
    fmt = _SUFFIX_FORMATS.get(suffix)
    if fmt == "jsonl" and jsonl is False:
        return "text"
    return fmt or _sniff_format(data)


def _sniff_format(data: bytes) -> str:
    head = data[:_SNIFF_BYTES].lstrip(codecs.BOM_UTF8).lstrip()
    if head.startswith(b"WARC/"):
        return "warc"
    if head.startswith(b"<?xml") and _FEED_START.search(head[:2000]):
        return "feed"
    if _FEED_START.match(head):
        return "feed"
    return "html" if _HTML_START.match(head) else "text"


# ----------------------------------------------------------------------------------------
# Decoding and dates
# ----------------------------------------------------------------------------------------


def decode_bytes(data: bytes, *, origin: str, html: bool = False) -> str | Skipped:
    """Text of ``data``: BOM, then UTF-8, then the page's declared charset, then detection."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_or_skip(data, encoding, origin)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = _declared_charset(data) if html else None
    if declared:
        try:
            return data.decode(declared)
        except (UnicodeDecodeError, LookupError):
            logger.debug("%s: declared charset %r does not fit", origin, declared)
    return _detect_and_decode(data, origin)


def _decode_or_skip(data: bytes, encoding: str, origin: str) -> str | Skipped:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        return Skipped(origin, "encoding", f"bad {encoding} at byte {error.start}; re-save as UTF-8")


def _declared_charset(data: bytes) -> str | None:
    found = _HTML_CHARSET.search(data[:_SNIFF_BYTES])
    if found is None:
        return None
    name = found.group(1).decode("ascii", errors="ignore")
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _detect_and_decode(data: bytes, origin: str) -> str | Skipped:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return Skipped(origin, "encoding", "cannot tell the text encoding; re-save as UTF-8")
    logger.info("%s: not UTF-8; decoded as %s", origin, best.encoding)
    return str(best)


def parse_date(value: object) -> date | None:
    """A date from an ISO string ("2021-12-31", "2021-12-31T10:00:00Z") or a date/datetime.

    Raises ValueError for anything else, so the caller can say which item was bad.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            return datetime.fromisoformat(text).date()
        except ValueError:
            return date.fromisoformat(text[:10])
    raise ValueError(f"not a date: {value!r}")


# ----------------------------------------------------------------------------------------
# Formats
# ----------------------------------------------------------------------------------------


def _read_text(data: bytes, origin: str) -> Iterator[Item]:
    text = decode_bytes(data, origin=origin)
    if isinstance(text, Skipped):
        yield text
    else:
        yield RawDocument(text=text, origin=origin)


def _read_html(data: bytes, origin: str) -> Iterator[Item]:
    text = decode_bytes(data, origin=origin, html=True)
    if isinstance(text, Skipped):
        yield text
    else:
        yield RawDocument(text=text, is_html=True, origin=origin)


def _read_markdown(data: bytes, origin: str) -> Iterator[Item]:
    text = decode_bytes(data, origin=origin)
    if isinstance(text, Skipped):
        yield text
        return
    front, body = _split_front_matter(text)
    try:
        document_date = parse_date(front.get("date"))
    except ValueError:
        document_date = None  # front matter dates are free-form; the text still counts
    title = front.get("title")
    yield RawDocument(
        text=strip_markdown(body),
        origin=origin,
        title=str(title) if title else None,
        date=document_date,
        language=_language(front),
    )


_MARKDOWN_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.MULTILINE), replacement)
    for pattern, replacement in (
        (r"^ {0,3}(?:```|~~~).*$", ""),  # code fences
        (r"^ {0,3}\[[^\]\n]+\]:\s+\S+.*$", ""),  # reference link definitions
        (r"^ {0,3}#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$", r"\1"),  # ATX headings
        (r"^ {0,3}>[ \t]?", ""),  # block quotes
        (r"^([ \t]*)[*+][ \t]+", r"\1- "),  # list bullets, so emphasis rules leave them be
        (r"!\[([^\]\n]*)\]\([^)\n]*\)", ""),  # images
        (r"\[([^\]\n]+)\]\([^)\n]*\)", r"\1"),  # inline links
        (r"\[([^\]\n]+)\]\[[^\]\n]*\]", r"\1"),  # reference links
        (r"<(https?://[^>\s]+)>", r"\1"),  # autolinks
        (r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", r"\2"),  # strong
        (r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])", r"\1"),  # emphasis
        (r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])", r"\1"),
        (r"~~(?=\S)(.+?)(?<=\S)~~", r"\1"),  # strikethrough
        (r"`([^`\n]+)`", r"\1"),  # inline code
    )
)


def strip_markdown(text: str) -> str:
    """Markdown to plain text, lightly: headings, emphasis, links and images lose their syntax."""
    for pattern, replacement in _MARKDOWN_RULES:
        text = pattern.sub(replacement, text)
    return text


def _split_front_matter(text: str) -> tuple[Mapping[str, Any], str]:
    """YAML front matter (``---`` ... ``---``) at the top of a Markdown file, and the rest."""
    found = re.match(r"\A(?:\ufeff)?---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", text, re.S)
    if found is None:
        return {}, text
    import yaml

    try:
        front = yaml.safe_load(found.group(1))
    except yaml.YAMLError:
        return {}, text
    return (front if isinstance(front, dict) else {}), text[found.end():]


def _read_json(data: bytes, origin: str) -> Iterator[Item]:
    text = decode_bytes(data, origin=origin)
    if isinstance(text, Skipped):
        yield text
        return
    try:
        loaded = json.loads(text)
    except json.JSONDecodeError as error:
        yield Skipped(origin, "invalid", f"not valid JSON (line {error.lineno}): {error.msg}")
        return
    if isinstance(loaded, dict):
        yield _record_document(loaded, origin)
    elif isinstance(loaded, list):
        for index, record in enumerate(loaded):
            yield _record_document(record, f"{origin}[{index}]")
    else:
        yield Skipped(origin, "invalid", "JSON must be an object or a list of objects")


def _read_jsonl(data: bytes, origin: str) -> Iterator[Item]:
    text = decode_bytes(data, origin=origin)
    if isinstance(text, Skipped):
        yield text
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            yield Skipped(f"{origin}:{number}", "invalid", f"line {number} is not JSON: {error.msg}")
            continue
        yield _record_document(record, f"{origin}:{number}")


def _read_csv(data: bytes, origin: str) -> Iterator[Item]:
    text = decode_bytes(data, origin=origin)
    if isinstance(text, Skipped):
        yield text
        return
    reader = csv.DictReader(io.StringIO(text, newline=""))
    rows = iter(reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as error:  # e.g. a field over csv's size limit
            yield Skipped(f"{origin}:{reader.line_num}", "invalid", f"bad CSV row: {error}")
            continue
        record = {str(key).strip().lower(): value for key, value in row.items() if key}
        yield _record_document(record, f"{origin}:{reader.line_num}")


def _record_document(record: object, origin: str) -> Item:
    """A RawDocument from one ``{"text"|"html", "id", "date", "url", "title"}`` record."""
    if not isinstance(record, dict):
        return Skipped(origin, "invalid", f"expected an object, got {type(record).__name__}")
    is_html = not _present(record.get("text")) and _present(record.get("html"))
    body = record.get("html") if is_html else record.get("text")
    if body is None:
        return Skipped(origin, "invalid", "no 'text' or 'html' field")
    if not isinstance(body, str):
        return Skipped(origin, "invalid", f"'text'/'html' must be a string, got {type(body).__name__}")
    if not body.strip():
        return Skipped(origin, "empty", "the 'text'/'html' field is empty")
    try:
        document_date = parse_date(record.get("date"))
    except ValueError:
        return Skipped(origin, "invalid", f"date {record.get('date')!r} is not an ISO date (YYYY-MM-DD)")
    return RawDocument(
        text=body,
        id=_optional_str(record.get("id")),
        date=document_date,
        url=_optional_str(record.get("url")),
        title=_optional_str(record.get("title")),
        source_name=_optional_str(record.get("source_name") or record.get("source")),
        language=_language(record),
        is_html=is_html,
        origin=origin,
    )


def _present(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _optional_str(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _language(record: Mapping[str, Any]) -> str | None:
    return _optional_str(record.get("language") or record.get("lang"))


# ----------------------------------------------------------------------------------------
# Feeds
# ----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One RSS/Atom entry: where it points and the content the feed itself carries."""

    url: str | None
    title: str | None
    date: date | None
    summary: str | None  # the entry's content if present, else its summary (usually HTML)
    id: str | None
    is_html: bool = True


def parse_feed(data: bytes, *, origin: str) -> list[FeedEntry]:
    """Entries of an RSS or Atom feed; [] when ``data`` is not a feed. Never fetches anything."""
    import feedparser

    # A stream, not bytes or str: feedparser treats strings as URLs or file names.
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=False)
    if not parsed.get("version") and parsed.get("bozo"):
        logger.info("%s: not a feed: %s", origin, parsed.get("bozo_exception"))
        return []
    return [_feed_entry(entry) for entry in parsed.entries]


def _feed_entry(entry: Mapping[str, Any]) -> FeedEntry:
    contents = entry.get("content") or []
    body = contents[0] if contents else entry.get("summary_detail")
    summary = body.get("value") if body else entry.get("summary")
    content_type = (body.get("type") if body else None) or "text/html"
    return FeedEntry(
        url=entry.get("link") or None,
        title=entry.get("title") or None,
        date=_struct_date(entry.get("published_parsed") or entry.get("updated_parsed")),
        summary=summary or None,
        id=entry.get("id") or None,
        is_html="html" in content_type,
    )


def _struct_date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date(value.tm_year, value.tm_mon, value.tm_mday)
    except (AttributeError, ValueError):
        return None


def _read_feed(data: bytes, origin: str) -> Iterator[Item]:
    entries = parse_feed(data, origin=origin)
    if not entries:
        yield Skipped(origin, "invalid", "not an RSS/Atom feed, or a feed without entries")
    for index, entry in enumerate(entries):
        entry_origin = f"{origin}[{index}]"
        if not entry.summary or not entry.summary.strip():
            yield Skipped(entry_origin, "empty", "entry has no content; fetch its URL with `eventwire ingest`")
            continue
        yield RawDocument(
            text=entry.summary,
            id=entry.id,
            date=entry.date,
            url=entry.url,
            title=entry.title,
            is_html=entry.is_html,
            origin=entry_origin,
        )


# ----------------------------------------------------------------------------------------
# Web archives
# ----------------------------------------------------------------------------------------

_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_warc(
    path_or_stream: Path | str | BinaryIO, *, origin: str, max_bytes: int = MAX_BYTES
) -> Iterator[Item]:
    """HTML responses in a WARC archive (gzipped or not); a broken tail yields one Skipped."""
    if isinstance(path_or_stream, (str, Path)):
        try:
            with open(path_or_stream, "rb") as stream:
                yield from _read_warc_stream(stream, origin, max_bytes)
        except OSError as error:
            yield Skipped(origin, "unreadable", f"cannot read the archive: {error.strerror}")
        return
    yield from _read_warc_stream(path_or_stream, origin, max_bytes)


def _read_warc_stream(stream: BinaryIO, origin: str, max_bytes: int) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    size = _stream_size(stream)
    archive = ArchiveIterator(stream)
    count = 0
    try:
        for record in archive:
            count += 1
            item = _warc_document(record, f"{origin}#{count}", max_bytes)
            _require_complete(record)
            if item is not None:
                yield item
    except Exception as error:  # warcio, zlib and EOF errors all mean a broken tail
        yield _broken_tail(origin, count, type(error).__name__)
        return
    # warcio ends quietly at a cut record header: compare where it stopped with the size.
    if size is not None and archive.offset < size:
        yield _broken_tail(origin, count, f"{size - archive.offset} bytes left unread")


def _broken_tail(origin: str, count: int, why: str) -> Skipped:
    return Skipped(
        f"{origin}#{count + 1}",
        "corrupt",
        f"archive is truncated or corrupt after {count} records ({why}); the records before were read",
    )


def _stream_size(stream: BinaryIO) -> int | None:
    try:
        if not stream.seekable():
            return None
        position = stream.tell()
        size = stream.seek(0, io.SEEK_END)
        stream.seek(position)
    except (OSError, ValueError):
        return None
    return size - position


def _warc_document(record: Any, origin: str, max_bytes: int) -> Item | None:
    """A RawDocument for an HTML response record; None for every other kind of record."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    content_type = (record.http_headers.get_header("Content-Type") or "").lower()
    if not content_type.startswith(_HTML_TYPES):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    origin = f"{origin} {url}" if url else origin
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return _too_large(origin, len(body), max_bytes)
    text = _decode_response(body, content_type, origin)
    if isinstance(text, Skipped):
        return text
    if not text.strip():
        return Skipped(origin, "empty", "the response has no body")
    # No date: the crawl date is not the publication date; clean() reads the page's own.
    return RawDocument(text=text, url=url, is_html=True, origin=origin)


def _require_complete(record: Any) -> None:
    """Raise EOFError when a record's payload is shorter than its header says (cut archive)."""
    if record.format.startswith("warc") and not record.rec_headers.get_header("WARC-Type"):
        raise ValueError("record has no WARC-Type header")
    stream = record.raw_stream
    while stream.read(65536):
        pass  # drain what is left of the record so its length can be checked
    remaining = getattr(stream, "limit", 0)
    if isinstance(remaining, int) and remaining > 0:
        raise EOFError(f"record ends {remaining} bytes early")


def _decode_response(body: bytes, content_type: str, origin: str) -> str | Skipped:
    found = re.search(r"charset=([A-Za-z0-9_.:-]+)", content_type)
    if found:
        try:
            return body.decode(codecs.lookup(found.group(1)).name)
        except (LookupError, UnicodeDecodeError):
            logger.debug("%s: header charset %r does not fit", origin, found.group(1))
    return decode_bytes(body, origin=origin, html=True)


def _read_warc_bytes(data: bytes, origin: str) -> Iterator[Item]:
    yield from read_warc(io.BytesIO(data), origin=origin)


_READERS: dict[str, Callable[[bytes, str], Iterator[Item]]] = {
    "text": _read_text,
    "markdown": _read_markdown,
    "html": _read_html,
    "json": _read_json,
    "jsonl": _read_jsonl,
    "csv": _read_csv,
    "feed": _read_feed,
    "warc": _read_warc_bytes,
}
