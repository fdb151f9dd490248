"""Ingestion: formats, the manifest, what is inferred from the text, and
decoding. Library level: no spaCy needed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from provenance.errors import InputError
from provenance.ingest import read_articles
from provenance.ingest.decode import clean_text, decode_bytes
from provenance.ingest.infer import infer_outlet, infer_published, infer_title
from provenance.ingest.manifest import normalize_date

STORY = """Water prices to rise in the autumn

The city's water company will raise prices by four percent in October, its chief executive said on Monday.

"Our pipes are older than anyone working here," the chief executive, Nils Ekberg, said at a news conference.
"""


def read(sources, manifest=None, **kw):
    problems = []
    articles = list(read_articles(sources, manifest, on_problem=problems.append, **kw))
    return articles, problems


def by_name(articles):
    return {Path(a.source).name: a for a in articles}


def test_manifest_wins_and_what_it_lacks_is_inferred(tmp_path):
    (tmp_path / "a.txt").write_text(STORY + "\n© 2021 The Lakeside Record. All rights reserved.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(STORY.replace("four", "five") + "\n© 2021 The Lakeside Record\n", encoding="utf-8")
    (tmp_path / "manifest.jsonl").write_text(
        json.dumps({"path": "a.txt", "outlet": "Lake Post", "published": "3 May 2021", "url": "https://lp.example/a"})
        + "\n",
        encoding="utf-8",
    )
    articles, problems = read([tmp_path])
    a, b = by_name(articles)["a.txt"], by_name(articles)["b.txt"]
    assert (a.outlet, a.published, a.url) == ("Lake Post", "2021-05-03", "https://lp.example/a")
    assert a.title == "Water prices to rise in the autumn"  # inferred: the manifest gives none
    assert b.outlet == "The Lakeside Record"  # from the copyright line
    assert b.published is None
    assert not [p for p in problems if p.level == "error"]


def test_manifest_null_is_kept_rather_than_guessed(tmp_path):
    (tmp_path / "a.txt").write_text("Published: 2 March 2020\n\n" + STORY, encoding="utf-8")
    (tmp_path / "manifest.jsonl").write_text('{"path": "a.txt", "published": null, "wire": null}\n', encoding="utf-8")
    (article,), _ = read([tmp_path])
    assert article.published is None and article.wire is None


def test_date_printed_at_the_top_is_used_without_a_manifest(tmp_path):
    (tmp_path / "a.txt").write_text("Published: 2 March 2020\n\n" + STORY, encoding="utf-8")
    (article,), _ = read([tmp_path])
    assert article.published == "2020-03-02"


def test_manifest_problems_are_warnings_and_the_build_goes_on(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "manifest.jsonl").write_text(
        "\n".join(
            [
                '{"path": "a.txt", "outlet": "Lake Post", "published": "the day after", "desk": "city", "editor": "K"}',
                '{"path": "a.txt", broken',
                '"a string"',
                '{"outlet": "Nowhere"}',
                '{"path": "gone.txt", "outlet": "Ghost Gazette"}',
                '{"path": "b.txt", "outlet": 12}',
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    (article,), problems = read([tmp_path])
    assert article.outlet == "Lake Post" and article.published is None
    assert article.meta == {"desk": "city", "editor": "K"}
    assert all(p.level == "warning" for p in problems)
    said = "\n".join(str(p) for p in problems)
    assert "manifest.jsonl:1: 'published' is not a date" in said
    assert "manifest.jsonl:2: bad JSON" in said
    assert "manifest.jsonl:3: manifest line is not a JSON object" in said
    assert "manifest.jsonl:4: manifest line has neither 'path' nor 'url'" in said
    assert "manifest.jsonl:5: path 'gone.txt' does not exist" in said
    assert "manifest.jsonl:6: 'outlet' should be text, not a number" in said
    assert "unknown manifest fields 'desk', 'editor'" in said
    assert "manifest.jsonl:6: path 'b.txt' does not exist" in said
    # one line per problem
    assert len(problems) == 8, said


def test_explicit_manifest_matches_files_by_name_in_another_folder(tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(STORY, encoding="utf-8")
    manifest = tmp_path / "meta.jsonl"
    manifest.write_text(
        '{"path": "a.txt", "outlet": "Lake Post", "published": "2021-05-03T09:30:00Z"}\n', encoding="utf-8"
    )
    (article,), problems = read([tmp_path / "articles"], manifest)
    assert article.outlet == "Lake Post"
    assert article.published == "2021-05-03T09:30+00:00"
    assert problems == []


def test_an_unreadable_manifest_is_one_error_and_articles_still_come(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    manifest = tmp_path / "meta.jsonl"
    manifest.write_bytes(b"\xff\xfe\x00garbage\x81")
    articles, problems = read([tmp_path / "a.txt"], manifest)
    assert len(articles) == 1
    assert [p.level for p in problems] == ["error"] and "meta.jsonl" in str(problems[0])


@pytest.mark.parametrize(
    "written, iso",
    [
        ("2017-03-14", "2017-03-14"),
        ("March 14, 2017", "2017-03-14"),
        ("14 March 2017", "2017-03-14"),
        ("2017/03/14", "2017-03-14"),
        ("Tue, 14 Mar 2017 10:05:00 GMT", "2017-03-14T10:05+00:00"),
        ("2017-03-14T10:05:09+03:00", "2017-03-14T10:05:09+03:00"),
        ("March 2017", "2017-03"),
        ("2017", "2017"),
        (None, None),
        ("", None),
    ],
)
def test_dates_are_normalised_to_iso_8601(written, iso):
    assert normalize_date(written) == iso


@pytest.mark.parametrize("bad", ["next Tuesday", "13/45/2017", "March", True, [2017], "2017-13"])
def test_bad_dates_are_refused(bad):
    with pytest.raises(ValueError):
        normalize_date(bad)


def test_jsonl_records_are_articles_named_by_url(tmp_path):
    records = tmp_path / "feed.jsonl"
    records.write_text(
        "\n".join(
            [
                json.dumps(
                    {
                        "url": "https://news.example/water",
                        "outlet": "Lake Post",
                        "published": "May 3, 2021",
                        "text": STORY,
                        "section": "city",
                    }
                ),
                json.dumps({"path": "second.txt", "text": STORY.replace("four", "six")}),
                json.dumps({"text": STORY.replace("four", "seven")}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "manifest.jsonl").write_text(
        '{"url": "https://news.example/water", "title": "Prices up"}\n', encoding="utf-8"
    )
    articles, problems = read([tmp_path])
    first, second, third = articles
    assert first.source == "https://news.example/water"
    assert (first.outlet, first.published, first.title) == ("Lake Post", "2021-05-03", "Prices up")
    assert first.meta == {"section": "city"}
    assert second.source == "second.txt"
    assert third.source.endswith("feed.jsonl:3")
    assert problems == []


def test_html_goes_through_trafilatura_with_its_metadata(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        """<!DOCTYPE html><html><head>
<title>Water prices to rise | Lakeside Record</title>
<meta property="og:site_name" content="Lakeside Record">
<meta property="article:published_time" content="2021-05-03T08:00:00Z">
<link rel="canonical" href="https://lakeside.example/water-prices">
</head><body><nav><a href="/">Home</a> <a href="/city">City</a></nav>
<article><h1>Water prices to rise in the autumn</h1>
<p>The city's water company will raise prices by four percent in October, its chief executive said on Monday.</p>
<p>"Our pipes are older than anyone working here," the chief executive, Nils Ekberg, said at a news conference.</p>
<p>Customers will receive letters explaining the change before the end of the summer, the company said.</p>
</article><footer>Contact us</footer></body></html>""",
        encoding="utf-8",
    )
    (article,), problems = read([page])
    assert article.outlet == "Lakeside Record"
    assert article.published == "2021-05-03"
    assert article.url == "https://lakeside.example/water-prices"
    assert "Water prices to rise" in article.title
    assert "Nils Ekberg" in article.text and "Home" not in article.text
    assert problems == []


def test_symlink_loops_end_and_each_file_is_read_once(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "sub" / "up").symlink_to("..", target_is_directory=True)
    (tmp_path / "sub" / "again").symlink_to(".", target_is_directory=True)
    (tmp_path / "sub" / "knot").symlink_to("knot")
    articles, problems = read([tmp_path])
    assert [Path(a.source).name for a in articles] == ["a.txt"]
    assert len(problems) == 3 and all(p.level == "warning" for p in problems)


def test_the_same_text_twice_is_kept_once_naming_the_first(tmp_path):
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "b.txt").write_text(STORY.replace("\n", "\r\n"), encoding="utf-8")
    articles, problems = read([tmp_path])
    assert len(articles) == 1
    assert "b.txt: same text as" in str(problems[0]) and "a.txt" in str(problems[0])


def test_size_cap_names_the_file_and_the_option(tmp_path):
    (tmp_path / "big.txt").write_text(STORY * 40, encoding="utf-8")
    (tmp_path / "small.txt").write_text(STORY, encoding="utf-8")
    articles, problems = read([tmp_path], max_bytes=2_000)
    assert [Path(a.source).name for a in articles] == ["small.txt"]
    (problem,) = problems
    assert "big.txt" in str(problem) and "--max-bytes" in problem.message and problem.level == "error"


# --- decoding -----------------------------------------------------------------------------

RUSSIAN = "«Мы откроем мост в мае», — сказала мэр Анна Котова журналистам во вторник.\n"


@pytest.mark.parametrize("encoding", ["cp1251", "koi8-r", "utf-16", "utf-8-sig", "utf-32"])
def test_russian_in_other_encodings_is_decoded(encoding):
    text = RUSSIAN if encoding != "koi8-r" else RUSSIAN.replace("«", '"').replace("»", '"').replace("—", "-")
    decoded = decode_bytes((text * 3).encode(encoding), "x.txt")
    assert decoded.text == text * 3


def test_latin1_is_decoded_with_a_note():
    text = "Le maire, Étienne Lefèvre, a déclaré : « Nous ouvrirons à temps », mardi à Nîmes.\n" * 2
    decoded = decode_bytes(text.encode("latin-1"), "x.txt")
    assert decoded.text == text and decoded.notes


def test_utf16_without_bom_is_decoded():
    text = 'The harbour master said "the crew is ready" on Monday.\n'
    assert decode_bytes(text.encode("utf-16-be"), "x.txt").text == text


@pytest.mark.parametrize(
    "raw, says",
    [
        (b"", "empty"),
        (b"  \n\t ", "whitespace"),
        (b"%PDF-1.7\n...", "PDF"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (b"\x1f\x8b\x08\x00\x00", "gzip"),
        (b"PK\x03\x04\x14\x00", "ZIP"),
        (b"\x00" * 100, "NUL"),
        (bytes(range(256)) * 20, "not"),
    ],
)
def test_binary_and_empty_files_are_refused_with_a_reason(raw, says):
    with pytest.raises(InputError) as err:
        decode_bytes(raw, "thing.txt")
    assert says.lower() in err.value.problem.lower()
    assert err.value.source == "thing.txt"


def test_control_characters_and_invisible_marks_are_removed():
    text, notes = clean_text("Storm\x07 closes\r\nthe road\x1b[0m\x0cagain, says co\u00adun\u200bcil\u2028.", "x.txt")
    assert text == "Storm closes\nthe road[0m\nagain, says council\n."
    assert notes == ["removed 2 control characters"]


def test_decomposed_accents_are_composed():
    text, _ = clean_text("Fikri Is\u0327\u0131k and Mevlu\u0308t", "x.txt")
    assert text == "Fikri Iş\u0131k and Mevlüt"


# --- what the text says -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, outlet",
    [
        ("Bridge reopens after repairs | The Fenland Courier\n\nBody text here.", "The Fenland Courier"),
        ("Support Canal Street Herald - Go Ad-Free!\n\nBody.", "Canal Street Herald"),
        ("Body text.\n\nA message from Kestrel Weekly:\n\nDear readers, ...", "Kestrel Weekly"),
        ("Body text.\n\nNordwind Radio’s website can also be accessed at the following addresses:", "Nordwind Radio"),
        ("Body text.\n\nCopyright © 2019-2024 Harbour Ledger Media. All rights reserved.", "Harbour Ledger Media"),
        ("Body text.\n\n© Copyright 2016 Reuters. All rights reserved.", None),  # a wire, not the outlet
        ("Turkey talks progress — Minister\n\nBody text.", None),
    ],
)
def test_outlet_from_the_text(text, outlet):
    found = infer_outlet(text)
    assert (found[0] if found else None) == outlet


def test_title_skips_breadcrumbs_and_drops_the_outlet():
    assert (
        infer_title("World / Europe\n\nBridge reopens after repairs | The Fenland Courier\n\nBody.")
        == "Bridge reopens after repairs"
    )


def test_published_from_a_dateline():
    assert infer_published("Bridge reopens\nUpdated on March 4, 2019 at 10:15\n\nBody.") == "2019-03-04T10:15"
    assert infer_published("Bridge reopens\nPosted: sometime\n\nBody.") is None


def test_mojibake_is_repaired_and_clean_text_left_alone():
    broken = "French President Fran\u00c3\u0083\u00c2\u00a7ois Hollande said \u00e2\u0080\u009cno\u00e2\u0080\u009d."
    text, notes = clean_text(broken, "x.txt")
    assert text == "French President François Hollande said “no”."
    assert notes and "mojibake" in notes[0]
    for fine in ["Fikri Işık told NTV: «Мы ведём переговоры»", "naïve café — “quoted” ‘marks’ Â"]:
        assert clean_text(fine, "x.txt") == (fine, [])
