"""One list of known media: a wire read from a dateline, a credited agency
and an editor's insertion name the same source with the same kind."""

from __future__ import annotations

from fixtures.databases import Said, Story, add_stories, rows

from provenance.ingest.wire import infer_wire
from provenance.quotes.media import find_media
from provenance.sources import LEXICON, WIRE_SPELLINGS, kind_of_source, lookup, wire_name
from provenance.trace import wire_in_insertion


def test_every_wire_spelling_is_a_known_wire():
    for spelling, name in WIRE_SPELLINGS.items():
        assert LEXICON[name][0] == "wire", spelling
        assert wire_name(spelling.upper()) == name


def test_a_wire_is_a_wire_in_a_dateline_a_credit_and_an_insertion():
    dateline = infer_wire("Grain talks.\n\nANKARA, May 4. /TASS/. Negotiations resumed today.")
    credited = find_media("the minister told the TASS news agency on Monday")
    inserted = wire_in_insertion("We will go on (with Russia - TASS) talking.")
    assert dateline and credited and inserted
    assert dateline[0] == credited[0].name == inserted[0] == "TASS"
    assert credited[0].kind == lookup("ITAR-TASS")[1] == "wire"


def test_every_spelling_of_a_wire_names_it_in_datelines_and_insertions():
    assert infer_wire("Ferry resumes.\n\nISTANBUL (Anadolu) - The ferry sailed again on Monday.")[0] == "Anadolu"
    assert wire_in_insertion("Talks go on (with Russia - Anadolu) as planned.")[0] == "Anadolu"
    assert infer_wire("Rain.\n\nBERLIN (Deutsche Presse-Agentur) - It rained.")[0] == "dpa"


def test_the_kind_of_an_unknown_source_is_the_one_its_stage_gave():
    assert kind_of_source("Kanal D", "tv") == "tv"
    assert kind_of_source("Tass", "agency") == "wire"


def test_a_source_has_one_kind_whichever_stage_met_it_first(tmp_path):
    path = tmp_path / "news.db"
    add_stories(
        path,
        [
            Story("Daily Herald", [Said("We are close to a deal on grain", "Ivan Petrov", "TASS", "agency")]),
            Story("Morning Star", [Said("The corridor stays open all winter", "Ivan Petrov")], wire="TASS"),
        ],
    )
    assert rows(path, "select name, kind from sources where name = 'TASS'") == [{"name": "TASS", "kind": "wire"}]
