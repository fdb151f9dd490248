"""Page chrome leaves articles.text; every article paragraph stays.

The chrome below is written for these tests in the manner of several kinds
of outlet (a reader-funded exile newsroom, a regional daily, a non-profit
investigative site, a state broadcaster, a tabloid with comments): the rules
must recognise chrome they have never seen.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from provenance.ingest.chrome import remove_chrome

ARTICLE = [
    "Harbour authority approves new ferry terminal",
    "The harbour authority of Port Ellery approved plans for a second ferry terminal on Thursday, ending a "
    "dispute that had run for three years.",
    '"We have listened to the fishermen and moved the berth north," the authority\'s chair, Marta Quist, said.',
    'Opponents said the vote was rushed. "Your support for this plan will be remembered at the next election," '
    "a councillor, Tomas Berg, told the chair during the debate.",
    "The charity that runs the lifeboat station urged residents to donate to its appeal for a new boat, "
    "which it said would cost about 2 million euros.",
    '"We need your help to keep the station open," the station\'s coxswain, Ida Lund, told the meeting.',
    "Construction is due to start in the spring.",
]

CHROME_STYLES = {
    "exile newsroom appeal": """A letter from the Kestrel Weekly team:
Dear reader,
Our newsroom was forced out of the country two years ago. Every story we publish now is written from abroad.
The government calls us "extremists" and has blocked our site. We keep reporting anyway.
Only our readers keep us going. Please become a supporter today.
One-time
Monthly
€5
€10
Other amount
Donate now
Maybe later""",
    "regional daily newsletter box": """Get the Morning Briefing
Sign up to our free daily newsletter and get the top stories delivered to your inbox every morning.
Enter your email address
By signing up you agree to our Terms of Use and Privacy Policy.""",
    "non-profit investigative pitch": """Before you go...
Stories like this one take months to report. We are a non-profit newsroom and we depend on readers like you.
Can you chip in $10 to keep our reporting free for everyone?
$10/month
$25/month
Give now""",
    "ad-free pitch": """Support The Fenland Courier - Go Ad-Free!
Tired of ads? Read the Courier ad-free for $3 a month.""",
    "share prompts": """Share this story
Share on Facebook
Share on Twitter
Email
Print
Copy link""",
    "read more and related": """Read more: Lifeboat crew rescues three sailors off the point
Related articles
You may also like""",
    "comment rules": """Comment policy: Be civil. Comments that insult other readers will be removed and repeat offenders will be banned.
Join the conversation
12 comments""",
    "alternate addresses": """Nordwind Radio's website can also be accessed at the following alternate addresses:
www.nordwind-radio.example
nordwindradio.example""",
    "follow and app prompts": """Follow us on Telegram
Download our app""",
}


def _text(blocks: list[str]) -> str:
    return "\n\n".join(blocks) + "\n"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


@pytest.mark.parametrize("style", sorted(CHROME_STYLES))
@pytest.mark.parametrize("where", ["top", "middle", "bottom"])
def test_chrome_of_an_unseen_outlet_goes_and_the_article_stays(style, where):
    chrome = CHROME_STYLES[style]
    at = {"top": 0, "middle": 3, "bottom": len(ARTICLE)}[where]
    text = _text(ARTICLE[:at] + [chrome] + ARTICLE[at:])
    cleaned = remove_chrome(text)
    assert _lines(cleaned) == ARTICLE, f"{style} at the {where}"


def test_all_chrome_styles_together_leave_exactly_the_article():
    blocks = [
        CHROME_STYLES["ad-free pitch"],
        ARTICLE[0],
        CHROME_STYLES["share prompts"],
        *ARTICLE[1:4],
        CHROME_STYLES["read more and related"],
        *ARTICLE[4:],
        CHROME_STYLES["regional daily newsletter box"],
        CHROME_STYLES["exile newsroom appeal"],
        CHROME_STYLES["comment rules"],
    ]
    assert _lines(remove_chrome(_text(blocks))) == ARTICLE


def test_scare_quotes_inside_an_appeal_go_with_it():
    text = _text([CHROME_STYLES["exile newsroom appeal"], *ARTICLE])
    assert "extremists" not in remove_chrome(text)


def test_an_article_about_fundraising_is_not_chrome():
    article = [
        "Hospital appeal passes its target",
        "A campaign to buy a new scanner for the county hospital has raised more than it needed.",
        '"Thank you for your support, every one of you," the hospital\'s director, Agnes Holm, told donors.',
        "Donations came from 4,000 people, the hospital said. Residents can still contribute through the "
        "hospital's website until the end of the month.",
        '"We never thought a small town would give so much," said Ruben Salo, who organised the collection.',
    ]
    assert _lines(remove_chrome(_text(article))) == article


def test_line_breaks_inside_paragraphs_and_blank_lines_are_kept():
    text = "Title line\n\nFirst paragraph,\nwrapped.\n\n\n\nSecond paragraph.\n"
    assert remove_chrome(text) == "Title line\n\nFirst paragraph,\nwrapped.\n\nSecond paragraph.\n"


GOLD = Path("/work/shared/acceptance/seeds-gold.json")


@pytest.mark.skipif(not GOLD.exists(), reason="the shared gold file is not here")
def test_seed_appeal_not_quotes_disappear_and_every_gold_quote_stays(seeds_db):
    """The hand-annotated seeds: the not-quotes inside page chrome leave the
    text, and the text of every real quote is still there."""
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    with sqlite3.connect(seeds_db) as conn:
        texts = {
            Path(source).name: " ".join(text.split())
            for source, text in conn.execute("select source, text from articles")
        }
    in_chrome = [n for n in gold["not_quotes"] if "appeal" in n["why"]]
    assert in_chrome
    for item in in_chrome:
        assert item["text"] not in texts[item["file"]]
    for quote in gold["quotes"]:
        assert " ".join(quote["text"].split()) in texts[quote["file"]], quote["id"]
