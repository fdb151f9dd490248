"""Credited media: the medium a quote is credited to, in every form news
copy uses. Sentences written for these tests."""

from __future__ import annotations

import pytest

from provenance.quotes.media import credited_medium, find_media, lookup


def credit_of(quotes_of, text, contains=None):
    quotes = quotes_of(text)
    if contains:
        quotes = [q for q in quotes if contains in q.text]
    assert quotes, text
    q = quotes[-1]
    return q.credited, q.credited_kind


@pytest.mark.parametrize(
    "text, name, kind",
    [
        ('"Talks are going well," Energy Minister Orhan Demir told the NTV television channel.', "NTV", "tv"),
        ('"The deal is close," the Anadolu news agency quoted the minister as saying.', "Anadolu", "wire"),
        (
            '"We need the system now," the minister said on Monday, Turkey\'s Daily Sabah reported.',
            "Daily Sabah",
            "newspaper",
        ),
        ('"Deliveries start in spring," the arms agency chief told Rossiya-1 television.', "Rossiya-1", "tv"),
        (
            '"I will not step down," the premier said in an interview with the Financial Times.',
            "Financial Times",
            "newspaper",
        ),
        ('"The road is blocked by snow," a local official said, speaking to Reuters by phone.', "Reuters", "wire"),
        (
            '"The plan was never viable," the adviser said, according to a transcript obtained by Politico.',
            "Politico",
            "website",
        ),
        ('"Our units crossed the river at dawn," the general wrote on Telegram.', "Telegram", "social"),
        ('"We did not order the strike," the spokesman told the German news agency dpa.', "dpa", "wire"),
        ('"Prices will rise again," the banker told the business daily Vedomosti.', "Vedomosti", "newspaper"),
        ('"The vote was clean," the observer told the local Kanal 7 television.', "Kanal 7", "tv"),
        ('"It is a sad day," the prime minister posted on Facebook.', "Facebook", "social"),
        ('"Everything is calm," the mayor said, as quoted by TASS.', "TASS", "wire"),
    ],
)
def test_credited_medium_in_every_form(quotes_of, text, name, kind):
    assert credit_of(quotes_of, text) == (name, kind)


@pytest.mark.parametrize(
    "text",
    [
        '"The budget is balanced," the finance minister told reporters.',
        '"The law protects everyone," the judge told the Senate Judiciary Committee.',
        '"CNN got this story wrong," the spokesman said.',
        '"Sales fell sharply," the chief executive said on a call with analysts.',
    ],
)
def test_no_credit_without_a_medium(quotes_of, text):
    assert credit_of(quotes_of, text) == (None, None)


@pytest.mark.parametrize(
    "text, name, mention",
    [
        (
            '"We will respond firmly," the foreign minister said at a press conference in Ankara.',
            "press conference",
            "a press conference",
        ),
        ('"Nobody here wants a war," the spokesman told a news conference.', "press conference", "a news conference"),
        (
            'Speaking at a Kremlin press conference, the aide said: "The date is not fixed."',
            "press conference",
            "a Kremlin press conference",
        ),
        ('"We have nothing to hide," the company said in a statement.', "statement", "a statement"),
        (
            'In a joint statement, the two leaders called the deal "a turning point for the region."',
            "statement",
            "a joint statement",
        ),
        ('"This is not over," the candidate told supporters at a rally.', "rally", "a rally"),
        (
            '"Our patience has limits," the president said in a televised address.',
            "televised address",
            "a televised address",
        ),
        ('"The treaty is dead," the premier said in a speech to parliament.', "speech", "a speech to parliament"),
        ('"I should have acted sooner," the governor said in an interview.', "interview", "an interview"),
        ('"We were never warned," the engineer told a Senate hearing.', "hearing", "a Senate hearing"),
    ],
)
def test_an_occasion_is_credited_when_no_medium_is_named(quotes_of, text, name, mention):
    quote = quotes_of(text)[-1]
    assert (quote.credited, quote.credited_kind, quote.credited_mention) == (name, "event", mention)


@pytest.mark.parametrize(
    "text, name",
    [
        ('"We will win this case," the minister said at a news conference broadcast live by Rossiya-24.', "Rossiya-24"),
        ('"The deal is close," the envoy said in an interview with Reuters.', "Reuters"),
        ('"Nobody will lose their job," the founder said in a CNBC interview.', "CNBC"),
        ('"The vote was stolen," the opposition leader said in a statement posted on Telegram.', "Telegram"),
    ],
)
def test_a_named_medium_wins_over_the_occasion(quotes_of, text, name):
    assert credit_of(quotes_of, text)[0] == name


@pytest.mark.parametrize(
    "text",
    [
        '"We expect a ruling soon," the lawyer said after the hearing was postponed.',
        '"It is a serious matter," the aide said, adding that the press conference had been cancelled.',
        '"We disagree with every word," the party said in response to a letter from the regulator.',
        'He made the statement when asked about the budget. "We will not cut pensions," he said.',
        '"Sales were strong," the chief executive said, a week before the annual press conference.',
    ],
)
def test_an_occasion_only_mentioned_is_no_credit(quotes_of, text):
    assert credit_of(quotes_of, text) == (None, None)


def test_a_tweet_credits_twitter(quotes_of):
    assert credit_of(quotes_of, '"The media is lying again," the senator tweeted on Sunday.') == ("Twitter", "social")


def test_credit_carried_to_the_next_sentence(quotes_of):
    text = (
        "The deal worries the generals, a defence ministry official told Kommersant. The buyer is a member "
        'of a rival alliance. This is "a matter of state security," he said.'
    )
    assert credit_of(quotes_of, text, "state security") == ("Kommersant", "newspaper")


def test_credit_carried_to_the_second_part_of_a_quote(quotes_of):
    text = (
        '"We are talking to several suppliers," Minister Selin Ak told the Haberturk television. '
        '"The best offer will win."'
    )
    quotes = quotes_of(text)
    assert [q.credited for q in quotes] == ["Haberturk", "Haberturk"]


def test_credit_not_carried_to_someone_else(quotes_of):
    text = (
        'An aide told Kommersant the talks had stalled. "We will keep trying," the foreign minister said in Brussels.'
    )
    assert credit_of(quotes_of, text) == (None, None)


def test_mention_as_written(quotes_of):
    quotes = quotes_of('"Talks are going well," Energy Minister Orhan Demir told the NTV television channel.')
    assert quotes[0].credited_mention == "the NTV television channel"


def test_find_media_names_known_and_unknown_media():
    text = (
        "The Kommersant newspaper and the Kanal D television channel both carried the story, "
        "as did Associated Press and the weekly Der Spiegel."
    )
    names = [m.name for m in find_media(text)]
    assert names == ["Kommersant", "Kanal D", "AP", "Der Spiegel"]


def test_a_medium_inside_a_longer_name_is_not_a_medium():
    assert find_media("She testified before the House Foreign Affairs Committee on Tuesday.") == []


def test_lookup_folds_spellings():
    assert lookup("Izvestiya") == ("Izvestia", "newspaper")
    assert lookup("the Associated Press") == ("AP", "wire")


def test_credited_medium_skips_quoted_text():
    text = '"Tell Reuters I said so," the clerk said.'
    assert credited_medium(text, 0, len(text), exclude=[(0, 30)]) is None


def test_a_statement_is_first_made_to_the_medium_not_the_occasion(nlp, tmp_path):
    """Two papers say the minister spoke at a press conference, a third that
    he told a television channel: the remark's primary source is the channel."""
    import sqlite3

    from provenance.pipeline import build

    remark = "We will finish the pipeline before the winter whatever our neighbours say"
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(f'"{remark}," Energy Minister Tolga Eren said at a press conference.\n')
    (articles / "b.txt").write_text(
        f'Energy Minister Tolga Eren spoke in Izmir. "{remark}," he said at a news conference.\n'
    )
    (articles / "c.txt").write_text(f'"{remark}," Energy Minister Tolga Eren told the Kanal 9 television channel.\n')
    db = tmp_path / "t.db"
    build([articles], db, nlp=nlp)
    with sqlite3.connect(db) as conn:
        credited = {
            row[0] for row in conn.execute("select s.name from quotes q join sources s on s.id = q.credited_source_id")
        }
        primary = conn.execute(
            "select s.name, s.kind from statements st join sources s on s.id = st.primary_source_id"
        ).fetchall()
    assert credited == {"press conference", "Kanal 9"}
    assert primary == [("Kanal 9", "tv")]
