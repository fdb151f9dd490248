"""Clustering: variant wordings into clusters, clusters into statements
(the cluster stage).

The unit is the *phrase* (:mod:`.phrases`): one distinct wording in its
matching form (:mod:`provenance.wording.form`) on one day; all quotes with
that wording that day share it (a wording under eight tokens is a phrase
per speaker, so a short line two people happen to say is not one remark).
Phrases are linked by a phrase graph in the spirit of MemeTracker:

1. **Blocking** (:mod:`.blocking`): phrases sharing enough rare keys
   (shingles, spans, identity, content stems per speaker) are candidates;
   a key held by too many phrases is a formula and proposes nothing.
2. **Verification** (:mod:`.alignment`): an order-aware alignment, and
   rules on what it leaves over, tell whether two candidates are one
   wording.
3. **One parent** (:mod:`.parents`): each phrase joins at most its best
   verified match among greater phrases; clusters are the trees of this
   forest. Every decision depends only on the phrases, never on the order
   they arrived in.
4. **Statements** (:mod:`.parents`): each phrase also takes at most one
   statement parent (the same speaker's remark in other words); statements
   are clusters joined by those links.

Every tunable is in :mod:`.rules`. :func:`regroup` (:mod:`.regroup`) runs
this incrementally over a :class:`MatchStore` (the database side lives in
:mod:`provenance.store.matchstore`): it recomputes only the phrases a
batch of new quotes can touch, then only the clusters and statements
whose members changed.
"""

from .regroup import MatchStore, regroup
from .rules import MATCH_RULES

__all__ = ["MATCH_RULES", "MatchStore", "regroup"]
