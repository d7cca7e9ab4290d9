"""The command line: a thin click layer over the library.

Each command parses its options, builds ``Settings``, calls one library function and renders
the result. Library errors become ``click.ClickException`` in one place (``_library_errors``).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import click

from eventwire import __version__
from eventwire.errors import EventwireError
from eventwire.model import Event, RawDocument, Skipped, replace
from eventwire.settings import Settings

log = logging.getLogger("eventwire")
FILENAME_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


@contextmanager
def _library_errors() -> Iterator[None]:
    try:
        yield
    except EventwireError as exc:
        error = click.ClickException(str(exc))
        error.exit_code = exc.exit_code
        raise error from exc


def _parse_date(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"{value!r} is not an ISO date (YYYY-MM-DD)") from exc


@click.group()
@click.version_option(__version__, prog_name="eventwire")
@click.option("-v", "--verbose", count=True, help="More log output (-v info, -vv debug).")
def cli(verbose: int) -> None:
    """eventwire: turn news into event data."""
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="eventwire: %(levelname)s: %(message)s", stream=sys.stderr)


@cli.command("code")
@click.argument("sources", nargs=-1, required=True)
@click.option("--date", "doc_date", callback=_parse_date, help="Document date (YYYY-MM-DD) for inputs without one.")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "table", "gdelt"]), default=None,
              help="Output format; default: table on a terminal, jsonl otherwise.")
@click.option("--jsonl", "jsonl", is_flag=True, default=None,
              help='Inputs are JSON Lines: one {"id","text","date","url","title"} per line.')
@click.option("--quotes", is_flag=True, help="Also print the quotes found (jsonl only).")
@click.option("--min-confidence", type=float, default=None, help="Drop events below this confidence.")
def code_command(sources: tuple[str, ...], doc_date: date | None, fmt: str | None, jsonl: bool | None,
                 quotes: bool, min_confidence: float | None) -> None:
    """Code documents (FILE..., folders, or - for stdin) and print their events."""
    from eventwire.clean import clean
    from eventwire.pipeline import Coder
    from eventwire.readers import read_sources

    fmt = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    settings = Settings.from_env(min_confidence=min_confidence)
    with _library_errors():
        coder = Coder.load(settings)
        articles = []
        for item in read_sources(sources, jsonl=jsonl):
            if isinstance(item, Skipped):
                click.echo(f"eventwire: {item}", err=True)
                continue
            try:
                articles.append(clean(_with_date(item, doc_date), today=doc_date))
            except EventwireError as exc:
                click.echo(f"eventwire: {item.origin or item.id}: {exc.message}", err=True)
        results = list(coder.pipe(articles))
    events = [e for r in results for e in r.events]
    if fmt == "jsonl":
        for event in events:
            click.echo(event.to_json())
        if quotes:
            for result in results:
                for quote in result.quotes:
                    click.echo(json.dumps({"quote": quote.to_dict()}, ensure_ascii=False))
    elif fmt == "gdelt":
        from eventwire.exports import gdelt_rows

        for row in gdelt_rows(events):
            click.echo("\t".join(row))
    else:
        _print_table(events)
    if not articles:
        raise click.ClickException("no document could be read")


def _with_date(raw: RawDocument, fallback: date | None) -> RawDocument:
    """The date: the input's own, else --date, else one at the start of the file name."""
    if raw.date is not None:
        return raw
    if fallback is not None:
        return replace(raw, date=fallback)
    name = Path(raw.origin or "").name
    match = FILENAME_DATE.match(name)
    if match:
        try:
            return replace(raw, date=date.fromisoformat(match.group(1)))
        except ValueError:
            pass
    return raw


def _print_table(events: list[Event]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, title=f"{len(events)} events")
    for column in ("date", "source", "event", "target", "modality", "said by", "place", "trigger"):
        table.add_column(column, overflow="fold")
    for e in events:
        table.add_row(
            e.date + (f"…{e.date_end}" if e.date_end else "") + ("*" if str(e.date_basis) == "document" else ""),
            _actor_label(e.source),
            f"{e.plover or '-'} {e.cameo}" + (f" ({e.mode})" if e.mode else ""),
            _actor_label(e.target),
            str(e.modality),
            _actor_label(e.said_by) if e.said_by else "",
            e.location.name if e.location else "",
            e.trigger.text,
        )
    Console().print(table)
    Console().print("[dim]* date from the document, not the text[/dim]")


def _actor_label(actor: object) -> str:
    if actor is None:
        return "-"
    name = getattr(actor, "name", None) or getattr(actor, "text", "")
    return f"{name} [{getattr(actor, 'id', None) or '?'}]"


@cli.group("lexicon")
def lexicon_group() -> None:
    """Inspect and check the event lexicon."""


@lexicon_group.command("lint")
@click.argument("path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def lexicon_lint(path: Path | None) -> None:
    """Validate a lexicon file against its schema and the CAMEO codebook."""
    from eventwire.lexicon import lint, load_lexicon

    with _library_errors():
        lexicon = load_lexicon(path)
        problems = lint(lexicon)
    for problem in problems:
        click.echo(problem)
    entries = len(lexicon.all_entries())
    if problems:
        raise click.ClickException(f"{len(problems)} problems in {entries} entries")
    click.echo(f"ok: {entries} entries, version {lexicon.version}")


@cli.command("eval")
@click.argument("gold", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--limit", type=int, default=None, help="Score only the first N items of each dataset.")
@click.option("--verbose", is_flag=True, help="List every failure (missed, wrong type, spurious...).")
@click.option("--floors", type=click.Path(path_type=Path), default=None,
              help="A baseline JSON of metric floors; exit 1 if a metric is under its floor.")
def eval_command(gold: tuple[Path, ...], as_json: bool, limit: int | None, verbose: bool, floors: Path | None) -> None:
    """Score the coder on gold data: PLV TSV, PLOVER GSR JSON or eventwire gold (YAML/JSONL)."""
    from eventwire.evaluate import check_floors, evaluate, format_report, report_to_json
    from eventwire.pipeline import Coder

    with _library_errors():
        report = evaluate(list(gold), Coder.load(), limit=limit)
    if as_json:
        click.echo(json.dumps(report_to_json(report), indent=2))
    else:
        click.echo(format_report(report, verbose=verbose))
    if floors is not None:
        misses = check_floors(report, floors)
        for miss in misses:
            click.echo(f"under floor: {miss}", err=True)
        if misses:
            raise click.ClickException(f"{len(misses)} metrics under their floors in {floors}")


def main() -> None:
    import eventwire.cli_store  # noqa: F401  registers the store commands on the group
    import eventwire.web.cli  # noqa: F401

    cli(prog_name="eventwire")


if __name__ == "__main__":
    main()
