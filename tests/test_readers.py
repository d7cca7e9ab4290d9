"""Tests for eventwire.readers: every input format, bad items as Skipped, never a crash."""

from __future__ import annotations

import gzip
import io
import json
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.errors import InputError
from eventwire.model import RawDocument, Skipped
from eventwire.readers import (
    parse_date,
    parse_feed,
    read_bytes,
    read_path,
    read_sources,
    read_stream,
    read_warc,
    strip_markdown,
)

BODY = (
    "The defence ministry said on Tuesday that its troops would leave the border region "
    "within weeks, after talks with the neighbouring government."
)


def _write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _documents(items: list[RawDocument | Skipped]) -> list[RawDocument]:
    return [item for item in items if isinstance(item, RawDocument)]


def _skipped(items: list[RawDocument | Skipped]) -> list[Skipped]:
    return [item for item in items if isinstance(item, Skipped)]


def _only_document(path: Path, **kwargs: object) -> RawDocument:
    items = list(read_path(path, **kwargs))  # type: ignore[arg-type]
    assert len(items) == 1 and isinstance(items[0], RawDocument), items
    return items[0]


def _only_skipped(path: Path, **kwargs: object) -> Skipped:
    items = list(read_path(path, **kwargs))  # type: ignore[arg-type]
    assert len(items) == 1 and isinstance(items[0], Skipped), items
    return items[0]


# --- plain files and decoding -------------------------------------------------------------


def test_text_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.txt", BODY)
    document = _only_document(path)
    assert (document.text, document.origin, document.is_html) == (BODY, str(path), False)


@pytest.mark.parametrize(
    ("encoded", "text"),
    [
        (b"\xef\xbb\xbf" + "Genève café".encode(), "Genève café"),
        ("Kyiv — Київ, «мир».".encode("utf-16"), "Kyiv — Київ, «мир»."),
        ("\ufeffOslo, Tromsø".encode("utf-16-be"), "Oslo, Tromsø"),
        ("Beijing 北京".encode("utf-32"), "Beijing 北京"),
    ],
)
def test_byte_order_marks_are_honoured(tmp_path: Path, encoded: bytes, text: str) -> None:
    assert _only_document(_write(tmp_path / "bom.txt", encoded)).text == text


def test_latin1_file_is_detected(tmp_path: Path) -> None:
    text = (
        "Le ministre de la Défense a déclaré mardi à Genève que les troupes françaises "
        "quitteraient la région frontalière d'ici quelques semaines, après des négociations "
        "avec le gouvernement voisin. Les délégués se réuniront à nouveau à Paris."
    )
    document = _only_document(_write(tmp_path / "latin.txt", text.encode("latin-1")))
    assert document.text == text


def test_html_declared_charset_is_used(tmp_path: Path) -> None:
    text = "Министр обороны заявил во вторник, что войска покинут приграничный район."
    page = f'<html><head><meta charset="windows-1251"></head><body><p>{text}</p></body></html>'
    document = _only_document(_write(tmp_path / "ru.html", page.encode("windows-1251")))
    assert document.is_html and text in document.text


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        b"PK\x03\x04\x14\x00\x00\x00\x08\x00" + b"payload" * 10,
        b"some text\x00with a NUL byte in it",
        bytes(range(32)) * 50,
    ],
)
def test_binary_files_are_skipped(tmp_path: Path, data: bytes) -> None:
    skipped = _only_skipped(_write(tmp_path / "file.txt", data))
    assert skipped.reason == "binary" and skipped.detail


@pytest.mark.parametrize("data", [b"", b"   \n\n\t  \r\n"])
def test_empty_files_are_skipped(tmp_path: Path, data: bytes) -> None:
    assert _only_skipped(_write(tmp_path / "empty.txt", data)).reason == "empty"


def test_file_over_max_bytes_is_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path / "big.txt", BODY * 10)
    skipped = _only_skipped(path, max_bytes=100)
    assert skipped.reason == "too-large" and "100" in skipped.detail


def test_missing_path_raises_with_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(InputError, match="nope.txt"):
        list(read_path(missing))


# --- gzip ---------------------------------------------------------------------------------


def test_gzipped_text_and_jsonl(tmp_path: Path) -> None:
    assert _only_document(_write(tmp_path / "a.txt.gz", gzip.compress(BODY.encode()))).text == BODY
    lines = "\n".join(json.dumps({"id": f"d{i}", "text": BODY}) for i in range(3))
    items = list(read_path(_write(tmp_path / "a.jsonl.gz", gzip.compress(lines.encode()))))
    assert [item.id for item in _documents(items)] == ["d0", "d1", "d2"]


def test_truncated_gzip_is_skipped(tmp_path: Path) -> None:
    data = gzip.compress((BODY * 200).encode())
    skipped = _only_skipped(_write(tmp_path / "cut.txt.gz", data[: len(data) // 2]))
    assert skipped.reason == "corrupt" and "truncated" in skipped.detail


def test_gzip_bomb_stops_at_the_cap(tmp_path: Path) -> None:
    bomb = gzip.compress(b"a" * 5_000_000)
    path = _write(tmp_path / "bomb.txt.gz", bomb)
    assert _only_skipped(path, max_bytes=100_000).reason == "too-large"


# --- markdown and html --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("# Troops leave\n\nText", "Troops leave\n\nText"),
        ("## Heading ##", "Heading"),
        ("It was **very** _clearly_ *said*.", "It was very clearly said."),
        ("See [the report](https://example.org/r) now.", "See the report now."),
        ("![a map](map.png)Troops moved.", "Troops moved."),
        ("> Quoted line", "Quoted line"),
        ("* first\n* second", "- first\n- second"),
        ("snake_case_name and 2*3*4", "snake_case_name and 2*3*4"),
        ("Use `code` here", "Use code here"),
        ("[ref]: https://example.org\nText [here][ref].", "\nText here."),
    ],
)
def test_strip_markdown(markdown: str, plain: str) -> None:
    assert strip_markdown(markdown) == plain


def test_markdown_file_with_front_matter(tmp_path: Path) -> None:
    text = f"---\ntitle: Troops leave\ndate: 2021-12-30\nlang: en\n---\n# Troops leave\n\n{BODY}"
    document = _only_document(_write(tmp_path / "a.md", text))
    assert (document.title, document.date, document.language) == ("Troops leave", date(2021, 12, 30), "en")
    assert document.text == f"Troops leave\n\n{BODY}"


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page", "page.dat"])
def test_html_by_suffix_or_content(tmp_path: Path, name: str) -> None:
    page = f"<!DOCTYPE html><html><body><p>{BODY}</p></body></html>"
    document = _only_document(_write(tmp_path / name, page))
    assert document.is_html and BODY in document.text


# --- json, jsonl, csv ---------------------------------------------------------------------


def test_json_object_and_list(tmp_path: Path) -> None:
    one = {"id": 7, "text": BODY, "date": "2021-12-31", "url": "u", "title": "t", "language": "en"}
    document = _only_document(_write(tmp_path / "one.json", json.dumps(one)))
    assert (document.id, document.date, document.url, document.title, document.language) == (
        "7", date(2021, 12, 31), "u", "t", "en",
    )
    many = [{"text": BODY}, {"html": f"<p>{BODY}</p>"}, {"title": "no body"}, "not an object"]
    items = list(read_path(_write(tmp_path / "many.json", json.dumps(many))))
    assert [type(item).__name__ for item in items] == ["RawDocument", "RawDocument", "Skipped", "Skipped"]
    assert _documents(items)[1].is_html
    assert [s.origin for s in _skipped(items)] == [f"{tmp_path / 'many.json'}[2]", f"{tmp_path / 'many.json'}[3]"]


def test_invalid_json_file_is_skipped(tmp_path: Path) -> None:
    skipped = _only_skipped(_write(tmp_path / "bad.json", '{"text": "unterminated'))
    assert skipped.reason == "invalid" and "line 1" in skipped.detail


def test_jsonl_bad_lines_are_skipped_and_the_run_goes_on(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": BODY, "date": "2021-12-31T10:00:00Z"}),
        '{"id": "b", "text": "broken',
        "",
        json.dumps({"id": "c", "html": f"<p>{BODY}</p>", "lang": "fr"}),
        json.dumps({"id": "d", "text": BODY, "date": "last Tuesday"}),
        json.dumps({"id": "e", "text": "  "}),
        json.dumps({"id": "f", "text": BODY}),
    ]
    path = _write(tmp_path / "docs.jsonl", "\n".join(lines))
    items = list(read_path(path))
    assert [document.id for document in _documents(items)] == ["a", "c", "f"]
    assert _documents(items)[0].date == date(2021, 12, 31)
    assert _documents(items)[1].is_html and _documents(items)[1].language == "fr"
    skipped = _skipped(items)
    assert [s.origin for s in skipped] == [f"{path}:2", f"{path}:5", f"{path}:6"]
    assert [s.reason for s in skipped] == ["invalid", "invalid", "empty"]
    assert "line 2" in skipped[0].detail and "last Tuesday" in skipped[1].detail


def test_jsonl_flag_forces_the_format(tmp_path: Path) -> None:
    path = _write(tmp_path / "docs.txt", json.dumps({"id": "x", "text": BODY}))
    assert _only_document(path, jsonl=True).id == "x"
    assert _only_document(path).text.startswith("{")


def test_csv_rows(tmp_path: Path) -> None:
    rows = 'ID,Text,Date,URL,Title\n1,"' + BODY + '",2021-12-31,u,t\n2,,,,\n3,"Line one\nline two",,,\n'
    items = list(read_path(_write(tmp_path / "docs.csv", rows)))
    documents = _documents(items)
    assert [(d.id, d.date, d.url, d.title) for d in documents] == [
        ("1", date(2021, 12, 31), "u", "t"),
        ("3", None, None, None),
    ]
    assert documents[1].text == "Line one\nline two"
    assert [s.reason for s in _skipped(items)] == ["empty"]


def test_csv_html_column(tmp_path: Path) -> None:
    rows = f'id,html\nh1,"<p>{BODY}</p>"\n'
    document = _only_document(_write(tmp_path / "pages.csv", rows))
    assert document.is_html and document.id == "h1"


# --- feeds --------------------------------------------------------------------------------

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>World news</title><link>https://news.example.org/</link>
<item><title>Troops to leave border</title><link>https://news.example.org/1</link>
<guid>urn:example:1</guid><pubDate>Thu, 30 Dec 2021 10:00:00 GMT</pubDate>
<description>&lt;p&gt;{BODY}&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</description></item>
<item><title>Link only</title><link>https://news.example.org/2</link></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:wire</id>
<updated>2022-01-02T00:00:00Z</updated>
<entry><title>Talks in Geneva</title><id>urn:wire:9</id>
<link href="https://wire.example.org/9"/><published>2022-01-02T08:30:00+01:00</published>
<updated>2022-01-03T08:30:00Z</updated><summary>Short summary.</summary>
<content type="html">&lt;p&gt;{BODY}&lt;/p&gt;</content></entry></feed>"""


def test_parse_rss() -> None:
    entries = parse_feed(RSS.encode(), origin="rss")
    assert [(e.url, e.title, e.date, e.id) for e in entries] == [
        ("https://news.example.org/1", "Troops to leave border", date(2021, 12, 30), "urn:example:1"),
        ("https://news.example.org/2", "Link only", None, None),
    ]
    assert entries[0].summary is not None and BODY in entries[0].summary
    assert "alert" not in entries[0].summary  # feedparser sanitises entry HTML
    assert entries[1].summary is None


def test_parse_atom_prefers_content() -> None:
    (entry,) = parse_feed(ATOM.encode(), origin="atom")
    assert (entry.url, entry.title, entry.date, entry.id) == (
        "https://wire.example.org/9", "Talks in Geneva", date(2022, 1, 2), "urn:wire:9",
    )
    assert entry.summary is not None and BODY in entry.summary and entry.is_html


@pytest.mark.parametrize("data", [b"", b"not xml at all", b"<html><body>page</body></html>", b"\xff\xfe\x00"])
def test_parse_feed_of_non_feeds_is_empty(data: bytes) -> None:
    assert parse_feed(data, origin="x") == []


def test_feed_files_become_documents(tmp_path: Path) -> None:
    items = list(read_path(_write(tmp_path / "news.rss", RSS)))
    (document,) = _documents(items)
    assert (document.url, document.id, document.date, document.is_html) == (
        "https://news.example.org/1", "urn:example:1", date(2021, 12, 30), True,
    )
    (skipped,) = _skipped(items)
    assert skipped.reason == "empty" and "ingest" in skipped.detail
    assert _only_document(_write(tmp_path / "wire.xml", ATOM)).title == "Talks in Geneva"
    assert _only_document(_write(tmp_path / "wire-no-suffix", ATOM)).id == "urn:wire:9"


def test_xml_that_is_not_a_feed_is_skipped(tmp_path: Path) -> None:
    skipped = _only_skipped(_write(tmp_path / "data.xml", "<?xml version='1.0'?><rows><row/></rows>"))
    assert skipped.reason == "invalid"


# --- WARC ---------------------------------------------------------------------------------


def _warc(*, gzipped: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzipped)
    for index in range(3):
        page = f"<html><body><p>Page {index}. {BODY}</p><p>Déjà vu.</p></body></html>"
        headers = [("Content-Type", "text/html; charset=iso-8859-1")]
        _write_record(writer, f"https://example.org/{index}", page.encode("latin-1"), headers)
        _write_record(writer, f"https://example.org/{index}.png", b"\x89PNG\r\n", [("Content-Type", "image/png")])
    return buffer.getvalue()


def _write_record(writer: object, url: str, body: bytes, headers: list[tuple[str, str]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders

    http_headers = StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1")
    # an explicit length keeps warcio from spooling the payload to a temporary file
    record = writer.create_warc_record(  # type: ignore[attr-defined]
        url, "response", payload=io.BytesIO(body), length=len(body), http_headers=http_headers
    )
    writer.write_record(record)  # type: ignore[attr-defined]


@pytest.mark.parametrize(("gzipped", "name"), [(True, "crawl.warc.gz"), (False, "crawl.warc")])
def test_warc_html_responses(tmp_path: Path, gzipped: bool, name: str) -> None:
    items = list(read_path(_write(tmp_path / name, _warc(gzipped=gzipped))))
    assert all(isinstance(item, RawDocument) for item in items)
    assert [item.url for item in _documents(items)] == [f"https://example.org/{i}" for i in range(3)]
    assert all(item.is_html and "Déjà vu" in item.text for item in _documents(items))


@pytest.mark.parametrize("gzipped", [True, False])
@pytest.mark.parametrize("cut", [30, 200])
def test_truncated_warc_yields_what_was_readable_and_one_skipped(gzipped: bool, cut: int) -> None:
    data = _warc(gzipped=gzipped)
    items = list(read_warc(io.BytesIO(data[:-cut]), origin="cut.warc"))
    assert [item.url for item in _documents(items)] == [f"https://example.org/{i}" for i in range(3)]
    (skipped,) = _skipped(items)
    assert items[-1] is skipped and skipped.reason == "corrupt" and "truncated" in skipped.detail


def test_truncated_warc_file_inside_a_page(tmp_path: Path) -> None:
    data = _warc(gzipped=False)
    cut = data.index(b"Page 2") + 10
    items = list(read_path(_write(tmp_path / "cut.warc", data[:cut])))
    assert [item.url for item in _documents(items)] == ["https://example.org/0", "https://example.org/1"]
    assert [item.reason for item in _skipped(items)] == ["corrupt"]


def test_garbage_warc_is_skipped_not_raised(tmp_path: Path) -> None:
    items = list(read_path(_write(tmp_path / "junk.warc", b"WARC/1.0\r\nthis is not a record" * 3)))
    assert items and all(isinstance(item, Skipped) for item in items)


# --- sources ------------------------------------------------------------------------------


def test_folders_are_read_recursively_sorted_without_hidden_files(tmp_path: Path) -> None:
    _write(tmp_path / "b.txt", "second " + BODY)
    _write(tmp_path / "a" / "z.txt", "first " + BODY)
    _write(tmp_path / ".hidden.txt", "hidden " + BODY)
    _write(tmp_path / ".git" / "x.txt", "hidden " + BODY)
    _write(tmp_path / "c.png", b"\x89PNG\r\n\x1a\n\x00\x00")
    items = list(read_sources([str(tmp_path)]))
    assert [item.text.split()[0] for item in _documents(items)] == ["first", "second"]
    assert [(s.origin, s.reason) for s in _skipped(items)] == [(str(tmp_path / "c.png"), "binary")]


def test_sources_with_stdin_and_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(json.dumps({"id": "s", "text": BODY}).encode()))
    monkeypatch.setattr(sys, "stdin", stdin)
    path = _write(tmp_path / "a.txt", BODY)
    items = list(read_sources(["https://example.org/a", "-", str(path)], jsonl=True))
    assert isinstance(items[0], Skipped) and items[0].reason == "url" and "ingest" in items[0].detail
    assert isinstance(items[1], RawDocument) and items[1].id == "s" and items[1].origin == "<stdin>:1"
    # --jsonl applies to every source: a plain sentence is not a JSON line
    assert isinstance(items[2], Skipped) and items[2].origin == f"{path}:1"


def test_missing_source_raises(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="missing-folder"):
        list(read_sources([str(tmp_path / "missing-folder")]))


def test_read_stream_plain_and_html() -> None:
    (document,) = read_stream(io.BytesIO(BODY.encode()))
    assert isinstance(document, RawDocument) and document.origin == "<stdin>" and not document.is_html
    (page,) = read_stream(io.BytesIO(f"<html><p>{BODY}</p></html>".encode()), name="pipe")
    assert isinstance(page, RawDocument) and page.is_html and page.origin == "pipe"
    (big,) = read_stream(io.BytesIO(BODY.encode()), max_bytes=10)
    assert isinstance(big, Skipped) and big.reason == "too-large"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-12-31", date(2021, 12, 31)),
        ("2021-12-31T23:30:00Z", date(2021, 12, 31)),
        ("2021-12-31T23:30:00+05:00", date(2021, 12, 31)),
        ("2021-12-31 08:00", date(2021, 12, 31)),
        (date(2020, 2, 29), date(2020, 2, 29)),
        (datetime(2020, 2, 29, 12, tzinfo=timezone.utc), date(2020, 2, 29)),
        (None, None),
        ("", None),
    ],
)
def test_parse_date(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["31/12/2021", "yesterday", "2021-13-01", 20211231])
def test_parse_date_rejects_non_iso(value: object) -> None:
    with pytest.raises(ValueError):
        parse_date(value)


NAMES = ["a.txt", "a.md", "a.html", "a.json", "a.jsonl", "a.csv", "a.xml", "a.warc", "a.gz", "a"]


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(NAMES), st.binary(max_size=600) | st.text(max_size=300).map(str.encode))
def test_read_bytes_never_raises(name: str, data: bytes) -> None:
    items = list(read_bytes(data, name=name, origin=name))
    assert items
    for item in items:
        assert isinstance(item, (RawDocument, Skipped))
        if isinstance(item, Skipped):
            assert item.reason and item.detail and "\n" not in item.detail


def test_every_format_cleans_into_an_article(tmp_path: Path) -> None:
    from eventwire.clean import clean

    record = {"id": "j", "text": BODY, "date": "2021-12-31"}
    _write(tmp_path / "a.txt", BODY)
    _write(tmp_path / "b.md", f"# Troops leave\n\n**{BODY}**")
    _write(tmp_path / "c.html", f"<html><body><article><p>{BODY}</p></article></body></html>")
    _write(tmp_path / "d.jsonl", json.dumps(record))
    _write(tmp_path / "e.csv", f'text,date\n"{BODY}",2021-12-31\n')
    _write(tmp_path / "f.rss", RSS)
    _write(tmp_path / "g.warc.gz", _warc(gzipped=True))
    _write(tmp_path / "h.json.gz", gzip.compress(json.dumps([record]).encode()))
    documents = _documents(list(read_sources([str(tmp_path)])))
    assert len(documents) == 10  # 6 single documents + 1 feed entry + 3 archived pages
    for document in documents:
        article = clean(document, today=date(2020, 1, 1))
        assert BODY in article.text, document.origin
