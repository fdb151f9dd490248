"""Provenance: origins of wordings and remarks, wires, copy edges, and the
evidence the database gives for each."""

from __future__ import annotations

from fixtures.databases import Said, Story, add_stories, rows

REMARK = (
    "The grain corridor will stay open through the winter, whatever the insurers decide, and we expect "
    "the first convoy to leave on Monday."
)


def _cluster_of(db, text):
    return rows(
        db,
        "select c.*, ws.name wording_source, oq.text origin_text, oa.source origin_source"
        " from quotes q join clusters c on c.id = q.cluster_id"
        " left join sources ws on ws.id = c.wording_source_id"
        " left join quotes oq on oq.id = c.origin_quote_id"
        " left join articles oa on oa.id = oq.article_id where q.text = ?",
        (text,),
    )[0]


def test_with_dates_the_earliest_occurrence_is_the_origin(tmp_path):
    db = tmp_path / "t.db"
    add_stories(
        db,
        [
            Story("Late Gazette", [Said(REMARK, "Mira Sato")], published="2022-10-07", name="late.txt"),
            Story("Early Courier", [Said(REMARK[:70], "Mira Sato")], published="2022-10-03", name="early.txt"),
            Story("Middle Post", [Said(REMARK, "Mira Sato")], published="2022-10-05", name="middle.txt"),
        ],
    )
    c = _cluster_of(db, REMARK)
    assert c["origin_source"] == "early.txt"
    assert "2022-10-03" in c["origin_evidence"] and "Early Courier" in c["origin_evidence"]
    assert c["first_published"] == "2022-10-03"


def test_a_tie_within_a_day_goes_to_the_variant_with_wire_evidence(tmp_path):
    db = tmp_path / "t.db"
    add_stories(
        db,
        [
            Story("City Paper", [Said(REMARK, "Mira Sato")], published="2022-10-03", name="paper.txt"),
            Story(
                "Harbour Radio", [Said(REMARK, "Mira Sato")], published="2022-10-04", wire="Reuters", name="wire.txt"
            ),
        ],
    )
    c = _cluster_of(db, REMARK)
    assert c["origin_source"] == "wire.txt"
    assert c["wording_source"] == "Reuters"
    assert "wire evidence" in c["origin_evidence"]


def test_without_dates_an_editors_insertion_names_the_wording_source(tmp_path):
    db = tmp_path / "t.db"
    tagged = (
        "But this does not mean we will ignore the offers from Oslo. We are pushing ahead with practical "
        "work (with Norway - TASS) in this direction."
    )
    copied = (
        "But this does not mean we will ignore the offers from Oslo. We are pushing ahead with practical "
        "work in this direction."
    )
    add_stories(
        db,
        [
            Story("Echo Weekly", [Said(copied, "Defne Aksoy")], name="copy.txt"),
            Story("Gazette Online", [Said(tagged, "Defne Aksoy")], name="tagged.txt"),
        ],
    )
    c = _cluster_of(db, copied)
    assert c["wording_source"] == "TASS"
    assert c["origin_source"] == "tagged.txt"
    assert "(with Norway - TASS)" in c["origin_evidence"]
    article = rows(
        db,
        "select s.name wire, a.wire_evidence from articles a join sources s on s.id = a.wire_source_id"
        " where a.source = 'tagged.txt'",
    )[0]
    assert article["wire"] == "TASS" and "insertion" in article["wire_evidence"]
    edge = rows(
        db,
        "select e.*, fa.source f, ta.source t from copy_edges e join articles fa on fa.id = e.from_article_id"
        " join articles ta on ta.id = e.to_article_id",
    )[0]
    assert (edge["f"], edge["t"]) == ("copy.txt", "tagged.txt")
    assert edge["evidence"] and 0 < edge["confidence"] <= 1


def test_the_credited_medium_is_the_statements_primary_source(tmp_path):
    db = tmp_path / "t.db"
    add_stories(
        db,
        [
            Story(
                "Metro Times", [Said(REMARK, "Mira Sato", credited="Channel Nine", credited_kind="tv")], name="a.txt"
            ),
            Story("Valley News", [Said(REMARK, "Mira Sato")], name="b.txt"),
        ],
    )
    st = rows(
        db, "select st.*, ps.name primary_source from statements st join sources ps on ps.id = st.primary_source_id"
    )
    assert len(st) == 1
    assert st[0]["primary_source"] == "Channel Nine"
    assert "Metro Times credits the remark to Channel Nine" in st[0]["evidence"]


def test_copy_edges_say_why_and_how_sure(tmp_path):
    db = tmp_path / "t.db"
    add_stories(
        db,
        [
            Story("First Wire", [Said(REMARK, "Mira Sato")], published="2022-10-03", name="first.txt"),
            Story("Second Paper", [Said(REMARK, "Mira Sato")], published="2022-10-05", name="second.txt"),
        ],
    )
    edges = rows(db, "select * from copy_edges")
    assert len(edges) == 1
    assert "word for word" in edges[0]["evidence"] and "2022-10-05" in edges[0]["evidence"]
    assert 0.5 <= edges[0]["confidence"] <= 0.95


def test_a_quote_in_one_article_only_has_no_copy_edges(tmp_path):
    db = tmp_path / "t.db"
    add_stories(db, [Story("Only Paper", [Said(REMARK, "Mira Sato")], published="2022-10-03")])
    assert rows(db, "select count(*) n from copy_edges")[0]["n"] == 0
    c = _cluster_of(db, REMARK)
    assert c["origin_text"] == REMARK


def _edges(db):
    return rows(
        db,
        "select e.*, fa.source f, ta.source t from copy_edges e join articles fa on fa.id = e.from_article_id"
        " join articles ta on ta.id = e.to_article_id",
    )


def test_an_edge_without_dates_credit_insertion_or_wire_claims_no_direction(tmp_path):
    db = tmp_path / "t.db"
    add_stories(
        db,
        [
            Story("Daily Lantern", [Said(REMARK, "Mira Sato")], published="2022-10-03", name="dated.txt"),
            Story("Radio Kestrel", [Said(REMARK, "Mira Sato")], name="undated.txt"),
        ],
    )
    (edge,) = _edges(db)
    assert edge["direction_known"] == 0
    assert "copies" not in edge["evidence"]
    assert "direction unknown" in edge["evidence"] and "word for word" in edge["evidence"]
    assert edge["confidence"] <= 0.3


def test_the_same_wording_the_same_day_claims_no_direction(tmp_path):
    db = tmp_path / "t.db"
    add_stories(
        db,
        [
            Story("Daily Lantern", [Said(REMARK, "Mira Sato")], published="2022-10-03"),
            Story("Radio Kestrel", [Said(REMARK, "Mira Sato")], published="2022-10-03"),
        ],
    )
    (edge,) = _edges(db)
    assert edge["direction_known"] == 0


def test_a_later_date_a_credit_or_a_wire_gives_the_direction(tmp_path):
    db = tmp_path / "t.db"
    add_stories(
        db,
        [
            Story("Daily Lantern", [Said(REMARK, "Mira Sato")], published="2022-10-03", name="first.txt"),
            Story("Radio Kestrel", [Said(REMARK, "Mira Sato")], published="2022-10-05", name="later.txt"),
        ],
    )
    (edge,) = _edges(db)
    assert (edge["f"], edge["t"], edge["direction_known"]) == ("later.txt", "first.txt", 1)
    assert "Radio Kestrel copies Daily Lantern (a later date)" in edge["evidence"]

    db = tmp_path / "credit.db"
    add_stories(
        db,
        [
            Story("Daily Lantern", [Said(REMARK, "Mira Sato")], name="own.txt"),
            Story("Radio Kestrel", [Said(REMARK, "Mira Sato", credited="Daily Lantern")], name="credits.txt"),
        ],
    )
    (edge,) = _edges(db)
    assert edge["direction_known"] == 1 and "credits Daily Lantern" in edge["evidence"]

    db = tmp_path / "wire.db"
    add_stories(
        db,
        [
            Story("Daily Lantern", [Said(REMARK, "Mira Sato")], wire="Reuters", name="wire.txt"),
            Story("Radio Kestrel", [Said(REMARK, "Mira Sato")], name="plain.txt"),
        ],
    )
    (edge,) = _edges(db)
    assert edge["direction_known"] == 1 and "Reuters" in edge["evidence"]


def test_add_to_a_database_made_before_edge_directions_were_recorded(tmp_path, nlp, monkeypatch):
    import sqlite3

    from click.testing import CliRunner

    from provenance.cli import cli

    monkeypatch.setattr("provenance.pipeline.load_nlp", lambda name=None, with_quotes=True: nlp)
    line = '"The ferry to the islands will run twice a day from June," the mayor, Ana Ruiz, said on Monday.\n'
    (tmp_path / "a.txt").write_text("Lantern report.\n\n" + line, encoding="utf-8")
    (tmp_path / "b.txt").write_text("Kestrel report.\n\n" + line, encoding="utf-8")
    db = tmp_path / "old.db"
    assert CliRunner().invoke(cli, ["build", str(tmp_path / "a.txt"), "--db", str(db)]).exit_code == 0
    with sqlite3.connect(db) as conn:
        conn.execute("drop table copy_edges_view")  # a table written at build time, with the column
        for (trigger,) in conn.execute(  # the counting triggers name the column too
            "select name from sqlite_master where type = 'trigger' and sql like '%direction_known%'"
        ).fetchall():
            conn.execute(f"drop trigger [{trigger}]")
        conn.execute("drop index idx_copy_edges_direction_known_confidence")  # and an index
        conn.execute("alter table copy_edges drop column direction_known")
    result = CliRunner().invoke(cli, ["add", str(tmp_path / "b.txt"), "--db", str(db)])
    assert result.exit_code == 0, result.output
    with sqlite3.connect(db) as conn:
        assert conn.execute("select direction_known from copy_edges").fetchall() == [(0,)]
