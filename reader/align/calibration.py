"""Fitting the counterpart model: logistic regression by Newton's method, in plain Python.

The model has a handful of features, so the normal equations are tiny: each Newton step solves a
k×k system by Gaussian elimination. The fit is a development tool (`python -m
reader.importing.evaluate --fit`); the app only reads the coefficients it produced.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """x with matrix · x = vector (Gaussian elimination with partial pivoting; matrix is k×k)."""
    size = len(vector)
    rows = [[*matrix[i], vector[i]] for i in range(size)]
    for column in range(size):
        pivot = max(range(column, size), key=lambda row: abs(rows[row][column]))
        rows[column], rows[pivot] = rows[pivot], rows[column]
        lead = rows[column][column]
        if abs(lead) < 1e-12:
            continue
        for row in range(size):
            if row != column:
                factor = rows[row][column] / lead
                if factor:
                    rows[row] = [a - factor * b for a, b in zip(rows[row], rows[column], strict=True)]
    return [rows[i][size] / rows[i][i] if abs(rows[i][i]) >= 1e-12 else 0.0 for i in range(size)]


def fit_logistic(
    features: Sequence[Sequence[float]],
    labels: Sequence[int],
    weights: Sequence[float] | None = None,
    ridge: float = 1e-3,
    steps: int = 50,
) -> list[float]:
    """Coefficients (intercept first) of a logistic regression of `labels` on `features`.

    Args:
        features: one row of k values per example.
        labels: 1 or 0 per example.
        weights: per example (None: all 1); lets a rare class count as much as a common one.
        ridge: an L2 penalty on the coefficients except the intercept, which keeps them finite
            when the classes are separable.
        steps: Newton steps at most (it converges in about ten).
    """
    size = len(features[0]) + 1
    rows = [[1.0, *row] for row in features]
    example_weights = list(weights) if weights is not None else [1.0] * len(rows)
    beta = [0.0] * size
    for _ in range(steps):
        gradient = [0.0] * size
        hessian = [[0.0] * size for _ in range(size)]
        for row, label, weight in zip(rows, labels, example_weights, strict=True):
            z = sum(b * x for b, x in zip(beta, row, strict=True))
            p = 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))
            residual = weight * (label - p)
            curvature = weight * p * (1.0 - p)
            for i in range(size):
                gradient[i] += residual * row[i]
                if curvature:
                    hessian_row = hessian[i]
                    scaled = curvature * row[i]
                    for j in range(size):
                        hessian_row[j] += scaled * row[j]
        for i in range(1, size):
            gradient[i] -= ridge * beta[i]
            hessian[i][i] += ridge
        step = _solve(hessian, gradient)
        beta = [b + s for b, s in zip(beta, step, strict=True)]
        if max(abs(s) for s in step) < 1e-8:
            break
    return beta
