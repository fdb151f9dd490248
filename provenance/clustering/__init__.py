"""Clustering: variant wordings into clusters, clusters into statements
(the cluster stage). See :mod:`.core`."""

from .core import MATCH_RULES, MatchStore, regroup

__all__ = ["MATCH_RULES", "MatchStore", "regroup"]
