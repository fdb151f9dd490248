"""Building small databases from articles written in the tests, without
spaCy: quotes go straight to the database writer and to the same
clustering, tracing and group writing that ``build`` and ``add`` run."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from provenance import store as publish
from provenance.pipeline import update_groups
from provenance.records import Article, Quote


@dataclass
class Said:
    """One quote in a test article."""

    text: str
    speaker: str | None = None
    credited: str | None = None
    credited_kind: str | None = None


@dataclass
class Story:
    """One test article: its outlet, date, wire and quotes."""

    outlet: str
    quotes: list[Said]
    published: str | None = None
    wire: str | None = None
    name: str | None = None
    extra: str = ""  # more body text, to tell two stories with the same quotes apart

    def article(self) -> tuple[Article, list[Quote]]:
        parts, quotes, pos = [f"{self.outlet} reports. {self.extra}\n\n"], [], 0
        pos = len(parts[0])
        for said in self.quotes:
            lead = f"{said.speaker or 'An official'} said: \u201c"
            start = pos + len(lead)
            parts.append(f"{lead}{said.text}\u201d\n\n")
            quotes.append(
                Quote(
                    text=said.text,
                    start=start,
                    end=start + len(said.text),
                    speaker=said.speaker,
                    speaker_mention=said.speaker,
                    cue="said",
                    credited=said.credited,
                    credited_kind=said.credited_kind,
                )
            )
            pos += len(parts[-1])
        source = self.name or f"{self.outlet.lower().replace(' ', '-')}-{abs(hash(self.extra + str(self.quotes)))}.txt"
        return Article(
            source=source, text="".join(parts), outlet=self.outlet, published=self.published, wire=self.wire
        ), quotes


def add_stories(path: Path, stories: list[Story]) -> list[int]:
    """Store stories in the database at path (created if missing) in one
    transaction and fold their quotes into the groups; returns quote ids."""
    db = publish.open_database(path)
    speakers = publish.load_speaker_index(db)
    db.conn.execute("BEGIN")
    ids: list[int] = []
    for story in stories:
        article, quotes = story.article()
        if publish.has_article(db, article.sha256):
            continue
        ids.extend(publish.insert_article(db, article, quotes, speakers)[1])
    if ids:
        update_groups(db, ids)
    db.conn.execute("COMMIT")
    db.conn.close()
    return ids


def groups_of(path: Path, column: str = "cluster_id") -> set[frozenset[str]]:
    """The partition of quote texts: by cluster, or by statement."""
    db = publish.open_database(path, create=False)
    key = "q.cluster_id" if column == "cluster_id" else "c.statement_id"
    groups: dict[int, set[str]] = {}
    for text, group in db.conn.execute(f"select q.text, {key} from quotes q join clusters c on c.id = q.cluster_id"):
        groups.setdefault(group, set()).add(text)
    db.conn.close()
    return {frozenset(g) for g in groups.values()}


def together(path: Path, a: str, b: str, column: str = "cluster_id") -> bool:
    return any(a in g and b in g for g in groups_of(path, column))


@dataclass
class Row:
    values: dict = field(default_factory=dict)


def rows(path: Path, sql: str, params: tuple = ()) -> list[dict]:
    db = publish.open_database(path, create=False)
    db.conn.row_factory = lambda cur, row: {d[0]: v for d, v in zip(cur.description, row)}
    out = list(db.conn.execute(sql, params))
    db.conn.close()
    return out
