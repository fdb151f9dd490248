"""What the machine offers a command by default: its cores (build's and
add's ``--jobs``, serve's ``--workers``)."""

from __future__ import annotations

import os


def cores() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)
