"""Two kinds of layer of the pipeline's networks, run for prediction only.

Maxout. A maxout layer computes ``pieces`` candidate values for each output unit
and keeps the largest. thinc stores the candidates of one unit side by
side and, even when predicting, finds which piece won (for training):
for the token-to-vector networks' three pieces that step alone took about
a tenth of the pipeline's time. :func:`fast_maxout` wraps each maxout layer
so that, when predicting, its weight rows are taken piece by piece (each
piece's candidates come out as one contiguous block of the product) and
the largest is found by comparing whole blocks. Every candidate is the
same dot product of the same row of weights with the same input, on the
same kernels, so every value is the layer's own.

Layer normalisation. thinc's layer works out each row's mean twice (once
for the mean, once more inside numpy's variance) and subtracts it twice;
:func:`fast_layers` has it do each once, with the same numpy operations
in the same order, so the same values.

Training runs thinc's code unchanged.
"""

from __future__ import annotations

import numpy as np
from spacy.language import Language
from thinc.api import Model

MAXOUT = "maxout"
LAYERNORM = "layernorm"
_WRAPPED = "prediction_only"


def fast_layers(nlp: Language) -> int:
    """Wrap every maxout and layer-normalisation layer of the pipeline's
    networks (once); returns how many were wrapped."""
    wrappers = {MAXOUT: _wrap_maxout, LAYERNORM: _wrap_layernorm}
    seen: set[int] = set()
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if not isinstance(model, Model):
            continue
        for node in model.walk():
            if node.name in wrappers and id(node) not in seen and not node.attrs.get(_WRAPPED):
                seen.add(id(node))
                wrappers[node.name](node)
                node.attrs[_WRAPPED] = True
    return len(seen)


def _wrap_maxout(layer: Model) -> None:
    inner = layer._func

    def forward(model: Model, X, is_train: bool):
        if is_train or not isinstance(X, np.ndarray) or X.ndim != 2:
            return inner(model, X, is_train)
        nO, nP = model.get_dim("nO"), model.get_dim("nP")
        W, b = _by_piece(model)
        Y = model.ops.gemm(X, W, trans2=True)
        Y += b
        best = np.maximum(Y[:, :nO], Y[:, nO : 2 * nO]) if nP > 1 else Y[:, :nO].copy()
        for p in range(2, nP):
            np.maximum(best, Y[:, p * nO : (p + 1) * nO], out=best)
        return best, _no_backprop

    layer._func = forward


def _wrap_layernorm(layer: Model) -> None:
    inner = layer._func

    def forward(model: Model, X, is_train: bool):
        if is_train or not isinstance(X, np.ndarray) or X.ndim != 2 or X.dtype != np.float32:
            return inner(model, X, is_train)
        # thinc: mu = X.mean(1); var = X.var(1) + 1e-08; (X - mu) * var ** -0.5 * G + b, where
        # numpy's var is the sum of (X - mean)**2 over the row, divided by the row's length
        mu = X.mean(axis=1, keepdims=True)
        dist = X - mu
        var = np.multiply(dist, dist)
        var = np.add.reduce(var, axis=1, keepdims=True)
        np.true_divide(var, np.intp(X.shape[1]), out=var, casting="unsafe", subok=False)
        var += 1e-08
        dist *= var ** (-1.0 / 2.0)
        dist *= model.get_param("G")
        dist += model.get_param("b")
        return dist, _no_backprop

    layer._func = forward


def _by_piece(model: Model) -> tuple[np.ndarray, np.ndarray]:
    """The layer's weights and bias with the rows of each piece together
    (piece-major), made again whenever the parameters are replaced."""
    W, b = model.get_param("W"), model.get_param("b")
    key = (id(W), id(b))
    kept = model.attrs.get("by_piece_params")
    if kept is None or kept[0] != key:
        nO, nP, nI = model.get_dim("nO"), model.get_dim("nP"), model.get_dim("nI")
        rows = np.ascontiguousarray(W.reshape(nO, nP, nI).transpose(1, 0, 2).reshape(nP * nO, nI))
        bias = np.ascontiguousarray(b.reshape(nO, nP).T.reshape(nP * nO))
        kept = (key, rows, bias)
        model.attrs["by_piece_params"] = kept
    return kept[1], kept[2]


def _no_backprop(d_out):
    raise NotImplementedError("a prediction-only layer does not train")
