"""The matching rules: every tunable of clustering in one place, each with
its meaning, grouped by the stage that uses it.

Changing blocking or verification changes what a build gives; bump
:data:`MATCH_RULES` then, so stored clustering state made by the old
rules is rebuilt on the next ``add``.
"""

MATCH_RULES = 6  # bumped when blocking or verification changes: stored clustering state is then rebuilt

# --------------------------------------------------------------------------- phrases

SHORT_PHRASE = 8  # shorter wordings are one phrase per speaker
MIN_TOKENS = 4  # shorter wordings only match themselves (same speaker): no wording or span keys, no alignment

# --------------------------------------------------------------------------- blocking

SHINGLE = 3  # tokens per wording key
MIN_SHARED_SHINGLES = 2  # wording keys two phrases must share to be compared ...
SHORT_BLOCK = 6  # ... or one, when either wording is this short (one changed word breaks all its other keys)
LONG_BLOCK = 20  # ... but one more, when both wordings are longer (two shingles of a stock phrase are not a match)
MIN_SHARED_SPANS = 2  # span keys (content word to content word: rarer than the shingles in it) they must share ...
SHORT_SPANS = 10  # ... or one, when either wording is this short
MAX_DF = 50  # a key shared by more phrases than this is a formula: it proposes nothing
SHORT_MAX_DF = 30  # a short wording's one shared key must be held by at most this many phrases (not a stock phrase)
NAME_WORDS = 4  # words of its speakers' names a phrase is compared on as an array
KEY_CHUNK = 100_000  # phrases whose keys are made at once
PAIR_CHUNK = 4_000_000  # candidate pairs made at once

# --------------------------------------------------------------------------- verification

MIN_MATCH = 4  # aligned tokens needed for a containment
DOVETAIL_MIN = 6  # aligned tokens needed for two overlapping windows
STRONG = 8  # aligned tokens above which speakers need not agree ...
STRONG_CONTENT = 4  # ... when this many of them are content words
MIN_CONTENT = 2  # aligned content words needed for any link
DENSITY = 0.7  # aligned share of the aligned stretch, on each side
CONTENT_DENSITY = 0.6  # aligned share of the content words in the stretch
SLACK = 2  # tokens that may stick out where a wording should end
GAP_PENALTY = 0.5  # per unaligned token when extending an aligned run
ASIDE = 4  # tokens at most of an aside between commas ("was, by most accounts, a long night") one outlet may drop
SENTENCE_MAX = 16  # wordings up to this long are looked for among the other's sentences
NEAR_DAYS = 1  # quotes published this close may be one occasion on weaker evidence (whole sentences)
FRAGMENT_DAYS = 3  # a few words (one content word) found whole in the same speaker's longer quote this close join it
WEAK_MAX_DAYS = 7  # a weak match (a short shared stretch) further apart than this is a phrase the speaker repeats

# --------------------------------------------------------------------------- parents

AMBIGUITY_CHECKS = 4  # candidates that vote on a weak match

# --------------------------------------------------------------------------- statements

STMT_MIN_SHARED_KEYS = 4  # blocking: shared (speaker, stem) keys (as many as the stems statements need)
STMT_MIN_COMMON = 4  # content stems two translations must share
STMT_MIN_SHARE = 0.5  # ... as a share of the smaller one's
STMT_MAX_DAYS = 7  # translations of one remark appear within this many days
STMT_SPREAD = 1.5  # the shared content words lie in the longer wording within this times the shorter length ...
STMT_SPREAD_SLACK = 3  # ... plus these tokens (a speaker's topic words spread over a long remark are not a translation)

# --------------------------------------------------------------------------- identity

IDENTITY_MAX_DAYS = 2  # one speaker's identical short wording on days this close: one occasion ...
IDENTITY_MAX_DF = 2  # ... unless that speaker said it on more days than this (a habit, not an occasion)
