"""Crash safety: `provenance build` and `provenance add` killed with SIGKILL
at many points leave a database that opens, passes PRAGMA integrity_check
and holds either the old state or the new one, never a mix.

Kill points are measured from the moment the process starts writing (the
build's temporary database appears, or the add's rollback journal), so they
fall in the work itself, not in Python's start-up.
"""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

NAMES = ["Ana Ruiz", "Tomas Berg", "Ida Lund", "Olav Dahl", "Marta Quist", "Leif Aune", "Agnes Holm", "Ruben Salo"]
PLACES = ["Port Ellery", "Kestrel Bay", "Nordwind", "Fenland", "Harrow Cross", "Lakeside", "Millbrook", "Stonehaven"]
THINGS = ["the bridge", "the ferry terminal", "the school", "the hospital wing", "the tram line", "the sea wall"]


def write_corpus(folder: Path, start: int, count: int) -> None:
    """``count`` small articles of our own, each with two quotes."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(start, start + count):
        name, place = NAMES[n % len(NAMES)], PLACES[(n // 3) % len(PLACES)]
        thing, other = THINGS[n % len(THINGS)], THINGS[(n + 2) % len(THINGS)]
        (folder / f"story_{n:03d}.txt").write_text(
            f"{place} council backs plan number {n}\n\n"
            f"The council of {place} voted on Tuesday to rebuild {thing}, at a cost of {n + 3} million euros.\n\n"
            f'"We have waited {n + 2} years for {thing} and we will not wait any longer," the mayor, {name}, said '
            f"after the vote.\n\n"
            f'Opponents said the money should go to {other} instead. "This plan number {n} is the wrong priority '
            f'for {place}," said a councillor who voted against it.\n',
            encoding="utf-8",
        )


def state(db: Path):
    """What a database holds, in terms that do not depend on row order; and
    proof that it is whole."""
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        articles = tuple(sorted(r[0] for r in conn.execute("select sha256 from articles")))
        quotes = tuple(
            sorted(
                conn.execute(
                    'select a.sha256, q.start, q."end", q.text from quotes q join articles a on a.id = q.article_id'
                )
            )
        )
        clusters = conn.execute("select count(*) from clusters").fetchone()[0]
        statements = conn.execute("select count(*) from statements").fetchone()[0]
        orphans = conn.execute(
            "select count(*) from quotes where cluster_id is null or cluster_id not in (select id from clusters)"
        ).fetchone()[0]
        return articles, quotes, clusters, statements, orphans
    finally:
        conn.close()


def provenance(*args: str) -> list[str]:
    return [sys.executable, "-m", "provenance", *args, "--quiet"]


def run_and_kill(cmd: list[str], started, delay: float | None) -> tuple[str, float]:
    """Run ``cmd``; ``delay`` seconds after ``started(pid)`` turns true (or,
    with ``None``, the moment it turns false again: the work is committed),
    SIGKILL it. Returns ('killed' or 'finished', seconds from the start of
    its work to the kill or to its end)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while proc.poll() is None and not started(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.002)
    began = time.monotonic()
    if delay is None:
        while proc.poll() is None and started(proc.pid):
            time.sleep(0.001)
    end = began + (delay or 0)
    while proc.poll() is None and time.monotonic() < end:
        time.sleep(0.002)
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        return "killed", time.monotonic() - began
    assert proc.returncode == 0
    return "finished", time.monotonic() - began


def _started(kind: str, target: Path):
    """A test for 'process PID has begun writing': its own temporary
    database (not one a killed build left), or the WAL of its transaction
    (held 0.3 s: the schema checks on opening make one that comes and goes
    within milliseconds)."""
    if kind == "build":
        return lambda pid: target.with_name(f".{target.name}.building-{pid}").exists()
    journal = Path(f"{target}-wal")
    seen: list[float] = []

    def started(pid: int) -> bool:
        if not journal.exists():
            seen.clear()
            return False
        seen.append(time.monotonic())
        return seen[-1] - seen[0] >= 0.3

    return started


@pytest.fixture(scope="module")
def corpora(tmp_path_factory):
    root = tmp_path_factory.mktemp("crash")
    write_corpus(root / "old", 0, 12)
    write_corpus(root / "new", 100, 90)
    old_db = root / "old.db"
    subprocess.run(provenance("build", str(root / "old"), "--db", str(old_db)), check=True, timeout=600)
    fresh_db = root / "fresh.db"
    shutil.copy(old_db, fresh_db)
    _, build_work = run_and_kill(
        provenance("build", str(root / "new"), "--db", str(fresh_db)), _started("build", fresh_db), 600
    )
    added_db = root / "added.db"
    shutil.copy(old_db, added_db)
    _, add_work = run_and_kill(
        provenance("add", str(root / "new"), "--db", str(added_db)), _started("add", added_db), 600
    )
    return root, old_db, fresh_db, added_db, {"build": build_work, "add": add_work}


def _delays(count: int, work: float) -> list[float]:
    """Kill points spread evenly over the work and a little past its usual
    end (runs vary), and one right after the commit (or the rename)."""
    return [round(work * 1.2 * (i + 0.5) / (count - 1), 3) for i in range(count - 1)] + [None]


def _kill_many(kind: str, corpora, count: int, *, then_clean_run: bool = True) -> dict[str, int]:
    root, old_db, fresh_db, added_db, work = corpora
    old, new = state(old_db), state(fresh_db if kind == "build" else added_db)
    assert old != new
    target = root / f"target-{kind}.db"
    outcomes = {"killed": 0, "finished": 0, "old": 0, "new": 0, "work_s": round(work[kind], 1)}
    for delay in _delays(count, work[kind]):
        shutil.copy(old_db, target)  # state() has rolled back any hot journal (or WAL) of the last kill
        outcome, _ = run_and_kill(
            provenance(kind, str(root / "new"), "--db", str(target)), _started(kind, target), delay
        )
        outcomes[outcome] += 1
        now = state(target)  # opens (rolling back a hot journal), integrity_check ok
        assert now in (old, new), f"{kind} killed {delay}s into its work left a mix of old and new"
        outcomes["old" if now == old else "new"] += 1
    if not then_clean_run:
        return outcomes
    # a clean run afterwards sweeps away what the killed ones left
    outcomes["debris"] = len(list(root.glob(f".{target.name}.building-*")))
    subprocess.run(
        provenance(kind, str(root / "new"), "--db", str(target)), check=True, timeout=600, stderr=subprocess.DEVNULL
    )
    assert state(target) == new
    assert not list(root.glob(f".{target.name}.building-*")), "temporary databases of killed builds left behind"
    return outcomes


KILLS = int(os.environ.get("PROVENANCE_CRASH_KILLS", "10"))
needs_sigkill = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")


@pytest.mark.slow
@needs_sigkill
@pytest.mark.parametrize("kind", ["build", "add"])
def test_sigkill_at_many_points_leaves_old_or_new_never_a_mix(kind, corpora):
    outcomes = _kill_many(kind, corpora, KILLS)
    print(f"\n{kind}: {outcomes}")
    assert outcomes["killed"] >= KILLS // 2, outcomes


@needs_sigkill
@pytest.mark.parametrize("kind", ["build", "add"])
def test_sigkill_mid_work_leaves_old_or_new(kind, corpora):
    """The quick version for every test run: two kills each."""
    outcomes = _kill_many(kind, corpora, 2, then_clean_run=False)
    assert outcomes["killed"] >= 1, outcomes


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_serving_after_a_killed_add_shows_the_old_state(seeds_db_copy, journal):
    """A big `add` spills pages before it commits. In a database made
    before WAL mode they go into the file, and only its rollback journal
    can undo them: serving rolls it back first. In WAL mode they go into
    the WAL, without a commit that readers would take."""
    from provenance.site.serve import make_datasette

    before = state(seeds_db_copy)
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"""
import sqlite3, time
conn = sqlite3.connect({str(seeds_db_copy)!r}, isolation_level=None)
conn.execute("PRAGMA journal_mode={journal}")
conn.execute("PRAGMA cache_size=5")  # spill to the file early, as a large add does
conn.execute("BEGIN IMMEDIATE")
for i in range(3000):
    conn.execute("INSERT INTO articles (source, text, sha256) VALUES (?, ?, ?)", (f"x{{i}}", "word " * 200, f"h{{i}}"))
conn.execute("DELETE FROM quotes")
print("written", flush=True)
time.sleep(120)
""",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout.readline().strip() == "written"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert Path(f"{seeds_db_copy}-{'journal' if journal == 'delete' else 'wal'}").stat().st_size > 0
    make_datasette(seeds_db_copy)
    conn = sqlite3.connect(f"file:{seeds_db_copy}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert state(seeds_db_copy) == before
