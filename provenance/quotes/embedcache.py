"""The first layer of the pipeline's networks, computed once per kind of token.

Each token-to-vector network (the one the tagger and parser share, and
the entity recogniser's own) starts by embedding every token from its own
features alone (its norm, prefix, suffix, shape, whether a space follows):
hash-table lookups mixed by a dense layer, a third of the network's
arithmetic and the same for every "the" of every article. :func:`cache_embeddings`
wraps that layer so that each distinct feature row is embedded once and
kept (up to :data:`MAX_ROWS` per network); the context layers after it
run as before, so every tag, parse and entity is the pipeline's own.
"""

from __future__ import annotations

import numpy as np
from spacy.language import Language
from thinc.api import Model

from .rows import distinct_rows

#: Feature rows kept per network (96 floats each: about 40 MB).
MAX_ROWS = 100_000
NAME = "cached-embed"


def cache_embeddings(nlp: Language) -> int:
    """Wrap the embedding layer of every token-to-vector network of the
    pipeline; returns how many were wrapped (none the second time). A
    network of another shape is left as it is."""
    found = []
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if isinstance(model, Model):
            found += [
                (node, k)
                for node in model.walk()
                if node.name != NAME  # wrapped already: calling this twice changes nothing
                for k, layer in enumerate(node.layers)
                if _is_embed(layer)
            ]
    for node, k in found:
        node.layers[k] = _cached(node.layers[k])
    return len(found)


def _is_embed(layer: Model) -> bool:
    """extract_features >> list2ragged >> with_array(hash tables) >> with_array(mix) >> ragged2list"""
    parts = layer.layers
    return (
        len(parts) == 5
        and parts[0].name == "extract_features"
        and parts[1].name == "list2ragged"
        and parts[2].name.startswith("with_array(")
        and "hashembed" in parts[2].name
        and parts[3].name.startswith("with_array(maxout")
        and parts[4].name == "ragged2list"
    )


def _cached(embed: Model) -> Model:
    model = Model(NAME, _forward, layers=[embed], dims={"nO": embed.get_dim("nO") if embed.has_dim("nO") else None})
    model.attrs["keys"] = {}
    model.attrs["table"] = None
    model.attrs["rows"] = 0
    return model


def _forward(model: Model, docs, is_train: bool):
    embed = model.layers[0]
    if is_train:
        return embed(docs, is_train)
    extract, _, tables, mix, _ = embed.layers
    features = extract.predict(docs)
    lengths = [len(f) for f in features]
    if not sum(lengths):
        return embed(docs, is_train)
    rows = np.ascontiguousarray(model.ops.xp.vstack(features))
    first, inverse = distinct_rows(rows)
    unique = rows[first]
    keys: dict[bytes, int] = model.attrs["keys"]
    if model.attrs["rows"] + len(unique) > MAX_ROWS:  # full: start again rather than grow without bound
        keys.clear()
        model.attrs["rows"] = 0
    found = np.empty(len(unique), dtype="int64")
    missing: list[int] = []
    for n, row in enumerate(unique):
        at = keys.get(row.tobytes())
        if at is None:
            missing.append(n)
        else:
            found[n] = at
    table = model.attrs["table"]
    if missing:
        made = mix.predict(tables.predict(unique[missing]))
        if table is None:
            table = model.ops.alloc2f(max(1024, len(made)), made.shape[1])
        used = model.attrs["rows"]
        if used + len(made) > len(table):
            size = min(max(2 * len(table), used + len(made)), max(MAX_ROWS, used + len(made)))
            bigger = model.ops.alloc2f(size, table.shape[1])
            bigger[:used] = table[:used]
            table = bigger
        table[used : used + len(made)] = made
        for offset, n in enumerate(missing):
            keys[unique[n].tobytes()] = used + offset
            found[n] = used + offset
        model.attrs["rows"] = used + len(made)
        model.attrs["table"] = table
    vectors = table[found[inverse.reshape(-1)]]
    out = []
    start = 0
    for length in lengths:
        out.append(vectors[start : start + length])
        start += length
    return out, lambda d: (_ for _ in ()).throw(NotImplementedError("the cached embedding layer does not train"))
