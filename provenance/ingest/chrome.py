"""Removing page chrome from article text: donation appeals, newsletter
boxes, comment rules, ad-free pitches, share prompts, "Read more" links,
alternate-address notices and the buttons around them.

Saved web pages carry these wherever the outlet's template puts them, and
their words look like quotes ("we have been labelled an 'undesirable'
organisation"). The rules describe what chrome *is*, in any outlet's
wording: a line is classified on its own (a share prompt, a newsletter
pitch), and a donation appeal is found as a block: it opens with an address
to the reader ("Dear readers", "A message from ...") or ends in payment
buttons (Once / Monthly / $5), and asks for support somewhere in between.
Article prose around it (lines that neither address the reader nor ask)
stops the block, so a real paragraph is never swallowed.
"""

from __future__ import annotations

import re
from enum import Enum


class Kind(Enum):
    BLANK = "blank"
    OPENER = "opener"  # an address to the reader that starts an appeal
    ASK = "ask"  # asks the reader for money or support
    PAYMENT = "payment"  # a payment button or amount
    CHROME = "chrome"  # chrome on its own: removed wherever it is
    PERSONAL = "personal"  # prose in the first or second person (may belong to an appeal)
    PROSE = "prose"  # anything else: article text


_I = re.IGNORECASE

# --- lines that are chrome wherever they stand -------------------------------------------

_AD_FREE = re.compile(r"\bad[- ]?free\b|\bad[- ]?block(?:er|ing)?\b|\bremove ads\b|\bwithout ads\b", _I)
_SHARE_WORDS = (
    r"share|sharing|shares|this|the|article|story|post|page|on|via|by|to|with|your|friends|"
    r"facebook|twitter|x|whatsapp|telegram|linkedin|reddit|pinterest|vk|viber|messenger|flipboard|"
    r"e-?mail|print|tweet|copy|link|copied|save|bookmark|opens|in|new|window|click"
)
_SHARE_LINE = re.compile(rf"^(?:(?:{_SHARE_WORDS})\W*)+$", _I)
_SHARE_VERB = re.compile(r"\b(?:share|tweet|e-?mail|print|copy link|save)\b", _I)
_READ_MORE = re.compile(
    r"^(?:read (?:more|also|next|the full story)|also read|see also|related(?: articles?| stories| coverage| content)?|"
    r"more (?:on this (?:story|topic)|from [\w .&'’-]{1,40}|stories|news)|most (?:read|popular|viewed)|"
    r"you (?:may|might) (?:also )?(?:like|be interested in)|recommended(?: for you)?|trending(?: now)?|"
    r"continue reading(?: the main story| below)?|top stories|latest news|editor'?s picks?)\b.{0,150}$",
    _I,
)
_NEWSLETTER = re.compile(r"\bnewsletters?\b", _I)
_SIGN_UP = re.compile(
    r"\b(?:sign(?:ing)? ?up|subscrib\w*|inbox|mailbox|e-?mail address|you(?:'ll| will) (?:receive|get)|"
    r"delivered|every (?:morning|evening|day|week|weekday|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"(?:our|free|weekly|daily|morning|evening) newsletter)\b",
    _I,
)
_LEGAL_SMALL_PRINT = re.compile(
    r"^(?:subscribers?|by (?:signing up|subscribing|clicking|registering|continuing)|you can unsubscribe)\b"
    r".{0,200}\b(?:privacy|terms|policy|unsubscribe|consent)\b.{0,100}$"
    r"|^enter your e-?mail(?: address)?\b.{0,60}$"
    r"|^(?:we use cookies|this (?:site|website) uses cookies|accept (?:all )?cookies|cookie (?:settings|policy|preferences))\b.{0,300}$",
    _I,
)
_COMMENT_RULES = re.compile(
    r"^(?:(?:our|the|read our|please read our)\s+)?(?:comment(?:ing|s)?|community|discussion|posting|reader)\s+"
    r"(?:rules|polic(?:y|ies)|guidelines|standards|terms)\b"
    r"|^comments? (?:are|will be|is) (?:closed|moderated|reviewed|disabled|turned off|open)\b"
    r"|^(?:join|start) the (?:conversation|discussion|debate)\b.{0,80}$"
    r"|^(?:leave|post|add|write) a (?:comment|reply|response)\b.{0,60}$"
    r"|^(?:show|view|hide|load|see|read) (?:all |more )?(?:\d+ )?comments?\b.{0,30}$"
    r"|^\(?\d[\d,]* comments?\)?$|^comments?(?: \(\d+\))?:?$",
    _I,
)
_BAN_WARNING = re.compile(r"\bwe (?:will|may|reserve the right to) (?:ban|block|delete|remove)\b", _I)
_ALTERNATE_ADDRESS = re.compile(
    r"\b(?:can (?:also )?be (?:accessed|reached|found|read) at|alternat(?:e|ive) (?:web )?address(?:es)?|mirror (?:site|address)s?)\b",
    _I,
)
_BARE_ADDRESS = re.compile(r"^(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,12}(?:/\S*)?$", _I)
_FOLLOW = re.compile(
    r"^(?:follow|like|join|find|subscribe to) (?:us|our \w+(?: \w+)?) (?:on|at|in)\b.{0,80}$"
    r"|^(?:download|get) (?:our|the) (?:free )?app\b.{0,80}$",
    _I,
)
_BUTTONS = re.compile(
    r"^(?:[×✕✖xX]|close|menu|search|skip to (?:main )?content|advertisement|advert|sponsored(?: content)?|ad|"
    r"share|tweet|print|e-?mail|comments?|preview|log ?in|sign ?in|sign ?up|subscribe(?: now)?|register|"
    r"back to top|next article|previous article|listen(?: to this article)?|image|photo|video|watch)[:!.]?$",
    _I,
)

# --- donation appeals -------------------------------------------------------------------

_OPENER = re.compile(
    r"^(?:dear (?:readers?|friends?|subscribers?|supporters?|visitors?)\b.{0,60}"
    r"|an? (?:message|note|letter|request|appeal|word) (?:from|to) [^.!?]{1,60}"
    r"|(?:before you go|one (?:more|last) thing|a (?:quick|small) (?:favou?r|request)|can you help(?: us)?|"
    r"we need your (?:help|support)|help us\b|support (?:independent|quality|our|free|fearless|reader-funded) \w+)[^.]{0,80}"
    r"|(?:are you )?(?:enjoying|liked?|enjoyed|value|appreciate|found) (?:this|our|ad[- ]?free|what you)\b[^.]{0,80}\?"
    r"|(?:did you|do you) (?:like|enjoy|value|appreciate)\b[^.]{0,80}\?)"
    r"[:!?.…]*$",
    _I,
)
_ASK = re.compile(
    r"\b(?:donat(?:e|es|ed|ing|ion|ions)|contribut(?:e|es|ion|ions|ing)|"
    r"(?:support|fund|back|sustain|help) (?:us|our (?:work|journalism|reporting|newsroom|mission|team|outlet|site))|"
    r"by supporting|supporting (?:us|our)\b|become an? (?:member|supporter|patron|subscriber|friend|sponsor)|"
    r"your (?:support|help|donation|contribution|generosity|gift|subscription)|"
    r"chip in|make a (?:gift|donation|contribution)|patreon|paypal|"
    r"(?:subscribe|join|give|donate) (?:now|today)|keep (?:us|our \w+) (?:going|free|independent|alive|afloat)|"
    r"thank you for (?:your support|standing with us|supporting|reading)|reader[- ]funded|"
    r"(?:independent|free|open|fearless) journalism (?:needs|depends|relies)|(?:costs|cost) us\b)",
    _I,
)
_PAYMENT = re.compile(
    r"^(?:once|one[- ]?(?:time|off)|single|monthly|annual(?:ly)?|yearly|weekly|every (?:month|year)|"
    r"(?:per|a|/) ?(?:month|year|mo|yr)|other(?: amount)?|custom amount|continue|next|donate(?: now)?|"
    r"give(?: now| today)?|contribute(?: now)?|support(?: us| now| today)?|pay(?: now)?|"
    r"(?:remind me|ask me|maybe) later|not now|no,? thanks?(?: you)?|not ready to [^.]{1,40}|"
    r"pay(?:ment)? (?:methods?|options?)|(?:credit|debit) card|bank transfer|"
    r"[$€£₽¥]\s?\d[\d,.]*(?:\s?(?:/|per|a)\s?\w+)?|\d[\d,.]*\s?(?:[$€£₽¥]|usd|eur|gbp|rub|euros?|dollars?|pounds?)(?:\s?(?:/|per|a)\s?\w+)?)"
    r"[.!?…]*$",
    _I,
)
_PERSON = re.compile(r"\b(?:we|we're|we've|us|our|ours|you|you're|you've|your|yours|thank you|thanks)\b", _I)

#: A line this short (in words) next to payment buttons is part of the widget.
WIDGET_WORDS = 5
#: How many non-blank lines an appeal may run from its opener.
APPEAL_LINES = 20


def classify(line: str) -> Kind:
    """What one stripped line of text is, on its own."""
    if not line:
        return Kind.BLANK
    if _PAYMENT.match(line):
        return Kind.PAYMENT
    if is_chrome_line(line):
        return Kind.CHROME
    if len(line) <= 300 and _OPENER.match(line):
        return Kind.OPENER
    if not _PERSON.search(line):  # first: most lines of prose never address the reader
        return Kind.PROSE
    return Kind.ASK if _ASK.search(line) else Kind.PERSONAL


def is_newsletter_box(line: str) -> bool:
    """A line of a newsletter sign-up box."""
    pitch = _NEWSLETTER.search(line)  # the box is about the newsletter from its first words
    return (
        len(line) <= 500
        and pitch is not None
        and pitch.start() <= 80
        and bool(_SIGN_UP.search(line))
        and bool(_PERSON.search(line))
    ) or bool(_LEGAL_SMALL_PRINT.match(line))


def is_chrome_line(line: str) -> bool:
    """A line that is page chrome wherever it stands."""
    n = len(line)
    if _BUTTONS.match(line) or _BARE_ADDRESS.match(line):
        return True
    if n <= 120 and _AD_FREE.search(line):
        return True
    if n <= 200 and _SHARE_LINE.match(line) and _SHARE_VERB.search(line):
        return True
    if _READ_MORE.match(line) or _FOLLOW.match(line) or is_newsletter_box(line):
        return True
    if n <= 1000 and (_COMMENT_RULES.match(line) or ("comment" in line.lower() and _BAN_WARNING.search(line))):
        return True
    return bool(n <= 300 and _ALTERNATE_ADDRESS.search(line))


def _short(line: str) -> bool:
    return len(line.split()) <= WIDGET_WORDS and len(line) <= 40


def chrome_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines (stripped) that are chrome."""
    kinds = [classify(line) for line in lines]
    drop = {i for i, k in enumerate(kinds) if k in (Kind.CHROME, Kind.PAYMENT)}
    n = len(lines)

    # An appeal that opens with an address to the reader runs while its lines
    # address the reader, and ends at its last ask or payment button.
    for i, kind in enumerate(kinds):
        if kind is not Kind.OPENER and not (kind is Kind.CHROME and len(lines[i]) <= 300 and _OPENER.match(lines[i])):
            continue
        last, seen, paid = None, 0, False
        for j in range(i + 1, n):
            k = kinds[j]
            if k is Kind.BLANK:
                continue
            seen += 1
            if k is Kind.PROSE or seen > APPEAL_LINES:
                break
            if paid and k not in (Kind.PAYMENT, Kind.CHROME) and not _short(lines[j]):
                break  # the payment buttons close the appeal
            if k in (Kind.ASK, Kind.PAYMENT):
                last = j
                paid = paid or k is Kind.PAYMENT
        if last is not None:
            drop.update(range(i, last + 1))

    # Payment buttons: the asks just above them, and the rest of the widget
    # just below (short lines up to the next blank line).
    for i, kind in enumerate(kinds):
        if kind is not Kind.PAYMENT:
            continue
        j = i - 1
        while j >= 0 and kinds[j] in (Kind.ASK, Kind.OPENER, Kind.PAYMENT, Kind.CHROME, Kind.BLANK):
            drop.add(j)
            j -= 1
        j = i + 1
        while j < n and kinds[j] is not Kind.BLANK and (kinds[j] in (Kind.PAYMENT, Kind.CHROME) or _short(lines[j])):
            drop.add(j)
            j += 1
    # A newsletter box's own heading ("Get the Morning Briefing") sits on the line just above it.
    for i in range(1, n):
        if (
            kinds[i] is Kind.CHROME
            and kinds[i - 1] is not Kind.BLANK
            and _short(lines[i - 1])
            and not lines[i - 1].endswith((".", '"', "”"))
            and is_newsletter_box(lines[i])
        ):
            drop.add(i - 1)
    # blank lines are kept (they are paragraph structure); they were only walked over
    return {i for i in drop if kinds[i] is not Kind.BLANK}


def remove_chrome(text: str) -> str:
    """The article text without chrome lines; paragraph breaks kept, runs of
    blank lines collapsed to one."""
    lines = text.split("\n")
    stripped = [line.strip() for line in lines]
    drop = chrome_lines(stripped)
    kept = ["" if not s else line.rstrip() for i, (line, s) in enumerate(zip(lines, stripped)) if i not in drop]
    out = re.sub(r"\n{3,}", "\n\n", "\n".join(kept))
    return out.strip() + "\n"
