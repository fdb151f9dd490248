"""Removing page chrome (donation appeals, newsletter boxes, comment rules,
share prompts) from article text, by rules that hold across outlets."""
from __future__ import annotations

import re

_CHROME_LINE = re.compile(
    r"""^(?:
        .{0,60}\b(?:go\s+ad[- ]free|ad[- ]free\s+content)\b.{0,60}
      | (?:share|share\s+this(?:\s+article|\s+story)?|tweet|email|print|comments?|read\s+more|related|advertisement|×|x)[:!.]?
      | (?:sign\s+up|subscribe)\b.{0,80}\bnewsletter\b.{0,40}
      | .{0,40}\bnewsletter\b.{0,60}
      | subscribers?\s+agree\s+to\s+the\s+privacy\s+policy.?
      | (?:our\s+)?comment(?:ing)?\s+(?:rules|policy)\b.*
      | support\s+us.{0,40}
      | (?:once|monthly|annual|continue|remind\s+me\s+later\.?|not\s+ready\s+to\s+support\s+today\??|paiment\s+methods|payment\s+methods)
      | .{0,80}\bcan\s+also\s+be\s+accessed\s+at\b.*
      | (?:www\.)?[a-z0-9-]+\.[a-z.]{2,6}/?
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_APPEAL_START = re.compile(r"^(?:a\s+message\s+from\b.*|dear\s+readers?,?|enjoying\s+ad-free\s+content\?)$", re.IGNORECASE)
_APPEAL_WORDS = re.compile(
    r"\b(?:support|donat\w*|contribut\w*|your\s+help|subscribe|membership|independent\s+journalism|ad[- ]free)\b",
    re.IGNORECASE,
)


def remove_chrome(text: str) -> str:
    """The article text without chrome paragraphs; blank-line structure kept."""
    paragraphs = text.split("\n")
    keep: list[str] = []
    in_appeal = False
    for para in paragraphs:
        stripped = para.strip()
        if not stripped:
            keep.append("")
            continue
        if _APPEAL_START.match(stripped):
            in_appeal = True
            continue
        if in_appeal:
            # an appeal runs until a paragraph that is plainly article prose again
            if _APPEAL_WORDS.search(stripped) or len(stripped) < 60 or re.search(r"\b(?:we|our|us)\b", stripped, re.I):
                continue
            in_appeal = False
        if _CHROME_LINE.match(stripped):
            continue
        keep.append(para.rstrip())
    out = "\n".join(keep)
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out.strip() + "\n"
