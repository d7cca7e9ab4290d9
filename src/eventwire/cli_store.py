"""CLI commands over the local store: ingest, watch, queries, exports, actors, quotes.

Each command opens the store, calls one library function and renders the result; see cli.py
for the group, the error mapping and the coding commands.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import click

from eventwire.cli import _library_errors, _parse_date, cli
from eventwire.settings import Settings

DB_OPTION = click.option("--db", "db", envvar="EVENTWIRE_DB", default="eventwire.db", show_default=True,
                         help="The SQLite store (env EVENTWIRE_DB).")
FORMAT_OPTION = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv", "jsonl"]), default="table",
                             show_default=True, help="Output format.")


@contextmanager
def _store(db: str, *, readonly: bool = False) -> Iterator[Any]:
    from eventwire.store import open_store

    with _library_errors(), open_store(db, readonly=readonly) as store:
        yield store


def _render(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None) -> None:
    from eventwire import query

    if fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=2))
    elif fmt == "jsonl":
        for row in rows:
            click.echo(json.dumps(row, ensure_ascii=False))
    elif fmt == "csv":
        click.echo(query.to_csv(rows, columns), nl=False)
    else:
        click.echo(query.to_table(rows, columns) if rows else "(no rows)")


def coder_factory(store: Any) -> Any:
    """A picklable factory for coding workers that loads the store's user actors too."""
    from eventwire.pipeline import Coder
    from eventwire.user_actors import materialise

    extra = materialise(store)
    return partial(Coder.load, Settings(actors=(str(extra),) if extra else ()))


# -- ingest and watch -----------------------------------------------------------------------


@cli.command("ingest")
@click.argument("sources", nargs=-1, required=True)
@DB_OPTION
@click.option("--workers", type=int, default=None, help="Coding processes (default: the number of cores).")
@click.option("--batch-size", type=int, default=16, show_default=True, help="Documents per coding batch.")
@click.option("--jsonl", is_flag=True, default=None, help="Read every source as JSON Lines.")
@click.option("--allow-private", is_flag=True, help="Allow fetching from private, loopback and link-local addresses.")
@click.option("--strict", is_flag=True, help="Exit non-zero if any document failed.")
@click.option("--no-progress", is_flag=True, help="No progress bar.")
@click.option("--date", "today", callback=_parse_date, help="Date for documents that carry none (default: today).")
def ingest_command(sources: tuple[str, ...], db: str, workers: int | None, batch_size: int, jsonl: bool | None,
                   allow_private: bool, strict: bool, no_progress: bool, today: date | None) -> None:
    """Ingest files, folders, URLs, RSS/Atom feeds, WARC and JSONL (- for stdin) into the store.

    Idempotent and resumable: documents already stored are skipped, near-duplicates are linked
    to their original and not coded again.
    """
    from eventwire.ingest import ingest

    with _store(db) as store, _progress(disabled=no_progress) as progress:
        summary = ingest(list(sources), store, coder_factory=coder_factory(store), workers=workers,
                         batch_size=batch_size, jsonl=jsonl, allow_private=allow_private, strict=strict,
                         progress=progress, today=today)
        _fuse(store)
    _print_summary(summary)
    if summary.exit_code:
        raise click.exceptions.Exit(summary.exit_code)


def _fuse(store: Any) -> None:
    """Bring fused events up to date with what was just stored."""
    from eventwire import fusion

    fusion.fuse_store(store)


@contextmanager
def _progress(disabled: bool) -> Iterator[Any]:
    if disabled or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, transient=True) as bar:
        task = bar.add_task("starting", total=None)

        def update(summary: Any) -> None:
            bar.update(task, description=(
                f"{summary.read} read, {summary.coded} coded, {summary.events_added} events "
                f"({summary.documents_per_second:.1f} docs/s, {summary.events_per_second:.1f} events/s)"))

        yield update


def _print_summary(summary: Any) -> None:
    data = summary.to_dict()
    click.echo(f"read {data['read']}, coded {data['coded']}, already stored {data['already_stored']}, "
               f"near-duplicates {data['near_duplicates']}, events added {data['events_added']} "
               f"in {data['elapsed']:.1f} s ({summary.documents_per_second:.1f} docs/s)")
    for kind in ("skipped", "failed"):
        for reason, count in sorted(data[kind].items()):
            click.echo(f"  {kind} {count}: {reason}")


@cli.command("watch")
@click.argument("feeds", nargs=-1, required=True)
@DB_OPTION
@click.option("--interval", type=float, default=900, show_default=True, help="Seconds between polls.")
@click.option("--iterations", type=int, default=None, help="Stop after N polls (default: run until interrupted).")
@click.option("--workers", type=int, default=1, show_default=True, help="Coding processes.")
@click.option("--allow-private", is_flag=True, help="Allow private, loopback and link-local addresses.")
def watch_command(feeds: tuple[str, ...], db: str, interval: float, iterations: int | None, workers: int,
                  allow_private: bool) -> None:
    """Poll RSS/Atom feeds and ingest only entries not seen before."""
    from eventwire.ingest import IngestOptions, watch

    def report(summary: Any) -> None:
        _print_summary(summary)

    with _store(db) as store:
        try:
            watch(list(feeds), store, interval=interval, iterations=iterations, coder_factory=coder_factory(store),
                  workers=workers, allow_private=allow_private, options=IngestOptions(progress=None))
        except KeyboardInterrupt:
            click.echo("stopped", err=True)
        _fuse(store)


# -- queries ----------------------------------------------------------------------------------


def _filters(func: Any) -> Any:
    options = [
        click.option("--actor", help="Actor id or name on either side (person:joe-biden, country:RUS, NATO)."),
        click.option("--country", help="ISO3 country of either actor."),
        click.option("--dyad", help="SOURCE,TARGET actor ids or countries (RUS,UKR)."),
        click.option("--plover", help="PLOVER type (CONSULT, ASSAULT, ...)."),
        click.option("--cameo", "cameo_prefix", help="CAMEO code prefix (19, 041)."),
        click.option("--quad-class", type=click.IntRange(1, 4), help="GDELT quad class 1-4."),
        click.option("--modality", type=click.Choice(["asserted", "future", "hypothetical", "negated"]),
                     help="Only events with this modality."),
        click.option("--since", help="From this date (YYYY, YYYY-MM or YYYY-MM-DD)."),
        click.option("--until", help="Up to this date, inclusive at its precision."),
        click.option("--place", help="Location name or ISO3 country."),
        click.option("--min-sources", type=int, help="Fused events reported by at least N sources."),
        click.option("--search", "text", help="Full-text search over event sentences."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@cli.command("events")
@DB_OPTION
@_filters
@click.option("--limit", type=int, default=50, show_default=True, help="At most this many rows.")
@click.option("--mentions", "unfused", is_flag=True, help="One row per mention instead of per fused event.")
@FORMAT_OPTION
def events_command(db: str, limit: int, unfused: bool, fmt: str, **filters: Any) -> None:
    """List events matching the filters, newest first."""
    from eventwire import query

    with _store(db, readonly=True) as store:
        rows = query.events(store, limit=limit, fused=not unfused, **filters)
    _render(rows if fmt in {"json", "jsonl"} else [query.summary_row(r) for r in rows], fmt)


@cli.command("timeline")
@DB_OPTION
@_filters
@click.option("--by", type=click.Choice(["day", "week", "month"]), default="week", show_default=True, help="Period length.")
@click.option("--group", type=click.Choice(["plover", "quad_class"]), default=None, help="Split counts by type.")
@FORMAT_OPTION
def timeline_command(db: str, by: str, group: str | None, fmt: str, **filters: Any) -> None:
    """Event counts and Goldstein sums per day, week or month."""
    from eventwire import query

    with _store(db, readonly=True) as store:
        rows = query.timeline(store, by=by, group=group, **filters)
    _render(rows, fmt)


@cli.command("dyads")
@DB_OPTION
@click.option("--limit", type=int, default=20, show_default=True, help="At most this many rows.")
@FORMAT_OPTION
def dyads_command(db: str, limit: int, fmt: str) -> None:
    """The most active source-target pairs."""
    from eventwire import query

    with _store(db, readonly=True) as store:
        _render(query.top_dyads(store, limit), fmt)


@cli.command("show")
@click.argument("event_id")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
def show_command(event_id: str, db: str, as_json: bool) -> None:
    """An event with every mention: sentence, trigger and actors marked, document, rule, why merged."""
    from eventwire import query

    with _store(db, readonly=True) as store:
        record = query.show(store, event_id)
    click.echo(query.to_json(record) if as_json else query.format_show(record))


@cli.command("export")
@DB_OPTION
@_filters
@click.option("--format", "fmt", required=True,
              type=click.Choice(["gdelt", "gdelt-mentions", "plover", "csv", "parquet", "mentions-csv", "mentions-parquet", "quotes",
                                 "gkg-quotations"]),
              help="GDELT 2.0 Events/Mentions TSV, PLOVER JSON Lines, CSV or Parquet of events or mentions, "
                   "quotes as JSON Lines, or GKG-style Quotations per document.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Output file (required for parquet; default: stdout).")
def export_command(db: str, fmt: str, output: Path | None, **filters: Any) -> None:
    """Export events: GDELT 2.0 TSV, PLOVER JSON Lines, CSV or Parquet (events or mentions)."""
    from eventwire import export_store

    with _store(db, readonly=True) as store:
        written = export_store.export(store, fmt, output, filters)
    if output is not None:
        click.echo(f"wrote {written} rows to {output}", err=True)


# -- actors -------------------------------------------------------------------------------------


@cli.group("actors", invoke_without_command=True)
@DB_OPTION
@click.option("--limit", type=int, default=20, show_default=True, help="At most this many rows.")
@FORMAT_OPTION
@click.pass_context
def actors_group(ctx: click.Context, db: str, limit: int, fmt: str) -> None:
    """The most active actors in the store; subcommands inspect and extend the knowledge base."""
    if ctx.invoked_subcommand is not None:
        return
    from eventwire import query

    with _store(db, readonly=True) as store:
        _render(query.top_actors(store, limit), fmt)


def _actor_row(actor: Any) -> dict[str, Any]:
    return {"id": actor.id, "name": actor.name, "country": actor.country, "sector": actor.sector, "kind": actor.kind}


def _kb(db: str | None) -> Any:
    from eventwire.kb import KnowledgeBase

    if db and Path(db).exists():
        from eventwire.user_actors import materialise

        with _store(db, readonly=True) as store:
            extra = materialise(store)
        return KnowledgeBase.load(extra_paths=(extra,) if extra else ())
    return KnowledgeBase.load()


@actors_group.command("show")
@click.argument("query")
@click.option("--date", "on", callback=_parse_date, help="Resolve at this date (default: today).")
@DB_OPTION
def actors_show(query: str, on: date | None, db: str) -> None:
    """Who a name, role or metonym denotes at a date: "the US president" --date 2021-12-31."""
    with _library_errors():
        actor = _kb(db).show(query, on=on or date.today())
    if actor is None:
        raise click.ClickException(f"no actor matches {query!r}; try `eventwire actors search`")
    _render([_actor_row(actor)], "table")


@actors_group.command("search")
@click.argument("query")
@click.option("--date", "on", callback=_parse_date, help="Resolve at this date (default: today).")
@click.option("--limit", type=int, default=10, show_default=True, help="At most this many rows.")
@DB_OPTION
def actors_search(query: str, on: date | None, limit: int, db: str) -> None:
    """Knowledge-base entries whose names resemble QUERY."""
    with _library_errors():
        found = _kb(db).search(query, on=on, limit=limit)
    _render([_actor_row(a) for a in found], "table")


@actors_group.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@DB_OPTION
def actors_import(path: Path, db: str) -> None:
    """Add actors from a YAML, CSV or Wikidata JSON file; they override built-ins with the same id."""
    from eventwire.user_actors import import_file

    with _store(db) as store:
        count = import_file(store, path)
    click.echo(f"imported {count} actors into {db}")


@actors_group.command("add")
@click.argument("actor_id")
@click.option("--name", required=True, help="The canonical name.")
@click.option("--alias", "aliases", multiple=True, help="Another name (repeatable).")
@click.option("--country", help="ISO3 country.")
@click.option("--sector", help="CAMEO agent code (GOV, MIL, ...).")
@click.option("--title", help="Role title, with --start/--end, e.g. 'foreign minister'.")
@click.option("--start", help="Role start date.")
@click.option("--end", help="Role end date.")
@DB_OPTION
def actors_add(actor_id: str, name: str, aliases: tuple[str, ...], country: str | None, sector: str | None,
               title: str | None, start: str | None, end: str | None, db: str) -> None:
    """Add one actor, e.g. person:jane-doe --name "Jane Doe" --country GBR --title "foreign minister"."""
    from eventwire.user_actors import add_entry

    with _store(db) as store:
        add_entry(store, actor_id, name=name, aliases=aliases, country=country, sector=sector,
                  title=title, start=start, end=end)
    click.echo(f"added {actor_id} to {db}")


# -- quotes ---------------------------------------------------------------------------------------


@cli.command("quotes")
@DB_OPTION
@click.option("--speaker", help="Speaker id or name.")
@click.option("--about", help="An actor the quote is about (id or name).")
@click.option("--since", help="From this date.")
@click.option("--until", help="Up to this date.")
@click.option("--limit", type=int, default=50, show_default=True, help="At most this many rows.")
@FORMAT_OPTION
def quotes_command(db: str, speaker: str | None, about: str | None, since: str | None, until: str | None,
                   limit: int, fmt: str) -> None:
    """Quotes and reported speech with their speakers."""
    from eventwire import query

    with _store(db, readonly=True) as store:
        rows = query.quotes(store, speaker=speaker, about=about, since=since, until=until, limit=limit)
    _render(rows if fmt in {"json", "jsonl"} else [query.quote_row(r) for r in rows], fmt)


# -- change feed -------------------------------------------------------------------------------


@cli.command("changes")
@DB_OPTION
@click.option("--since", "since", default="0",
              help="A sequence number from an earlier call, or an ISO timestamp (2024-05-01T00:00:00).")
@click.option("--with-events", is_flag=True, help="Include the current record of each created or updated event.")
@FORMAT_OPTION
def changes_command(db: str, since: str, with_events: bool, fmt: str) -> None:
    """Fused events created, updated, merged or deleted since a point: a feed for downstream copies.

    Remember the last ``seq`` you saw and pass it back as --since to get only what is new.
    """
    from eventwire import fusion, query

    marker: int | str = int(since) if since.isdigit() else since
    with _store(db, readonly=True) as store:
        rows = [change.to_dict() for change in fusion.changes_since(store, marker)]
        if with_events:
            for row in rows:
                if row["kind"] in {"created", "updated"}:
                    row["event"] = query.show(store, row["fused_id"])["event"]
    _render(rows, fmt)
