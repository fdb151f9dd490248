"""Clustering: variant wordings into clusters, clusters into statements
(the cluster stage). See :mod:`.core`."""

from .core import MatchStore, regroup
from .rules import MATCH_RULES

__all__ = ["MATCH_RULES", "MatchStore", "regroup"]
