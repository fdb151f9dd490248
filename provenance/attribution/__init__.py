"""The parts of quote extraction and attribution, one concern per module.

- :mod:`.marks`: quoted spans from the characters alone (every mark style,
  quotes reopened across paragraphs, primes and apostrophes told apart);
- :mod:`.cues`: the reporting verbs and phrases ("said", "according to");
- :mod:`.people`: who is who inside one article (names, surnames, titles,
  pronouns), a small explainable coreference;
- :mod:`provenance.media` (beside this package): which medium a quote is
  credited to.

:mod:`provenance.attribute` puts them together; :mod:`provenance.extract`
wraps the result as a spaCy component.
"""
