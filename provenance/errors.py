"""Named exceptions. Library code raises these; the CLI prints them as one
line, ``Error: ...``, naming the file when there is one."""

from __future__ import annotations


class ProvenanceError(Exception):
    """Base class for every error provenance raises on purpose."""


class InputError(ProvenanceError):
    """An input (article file, record, manifest line) cannot be used.

    ``source`` names the file (and line, where there is one)."""

    def __init__(self, source: str, problem: str):
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class ManifestError(InputError):
    """A manifest file, or one line of it, is unusable."""


class ArticleTooLarge(InputError):
    """An article exceeds the configured size cap."""


class ModelNotFound(ProvenanceError):
    """No spaCy pipeline of the configured name is installed."""


class DatabaseError(ProvenanceError):
    """The database is missing, unreadable, or not a provenance database."""


class ServeError(ProvenanceError):
    """The site cannot be served (the port is taken, the address is wrong)."""


class NothingRead(ProvenanceError):
    """A build or add read no article: the database is left as it was."""
