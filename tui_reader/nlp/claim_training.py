"""Fitting the claim finder's linear models: L2-regularised logistic regression and a
softmax ranker, over sparse binary features, by L-BFGS in numpy.

numpy comes with spaCy (the `nlp` extra), so training needs nothing more; the
finder itself only adds up weights (`claim_model`), in plain Python. Features
seen in fewer than `min_count` training articles are dropped before fitting: a
construction must recur to be learned, and a word of one article never is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    Vector = NDArray[np.float64]


@dataclass(frozen=True)
class Example:
    """One decision to learn: its features, and the article it comes from."""

    features: tuple[str, ...]
    article: str


@dataclass(frozen=True)
class Group:
    """One ranking decision: the candidates, and which of them is right."""

    candidates: tuple[tuple[str, ...], ...]
    target: int
    article: str


class FeatureIndex:
    """Feature name -> column, for the features of enough articles."""

    def __init__(self, rows: Sequence[tuple[Sequence[str], str]], min_count: int) -> None:
        articles: dict[str, set[str]] = {}
        for features, article in rows:
            for name in features:
                articles.setdefault(name, set()).add(article)
        counts = Counter({name: len(seen) for name, seen in articles.items()})
        self.names = sorted(name for name, count in counts.items() if count >= min_count)
        self.column = {name: i for i, name in enumerate(self.names)}

    def encode(self, rows: Sequence[Sequence[str]]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Rows as a sparse 0/1 matrix: (row pointers, column indices)."""
        import numpy as np

        pointers = [0]
        columns: list[int] = []
        for features in rows:
            columns.extend(sorted({self.column[f] for f in features if f in self.column}))
            pointers.append(len(columns))
        return np.array(pointers, dtype=np.int64), np.array(columns, dtype=np.int64)


def _products(matrix: tuple[NDArray[np.int64], NDArray[np.int64]], weights: Vector) -> Vector:
    import numpy as np

    pointers, columns = matrix
    sums = np.concatenate([[0.0], np.cumsum(weights[columns])])
    return np.asarray(sums[pointers[1:]] - sums[pointers[:-1]], dtype=np.float64)


def _back(
    matrix: tuple[NDArray[np.int64], NDArray[np.int64]], residuals: Vector, size: int
) -> Vector:
    import numpy as np

    pointers, columns = matrix
    spread = np.repeat(residuals, np.diff(pointers))
    return np.asarray(np.bincount(columns, weights=spread, minlength=size), dtype=np.float64)


def lbfgs(
    objective: Callable[[Vector], tuple[float, Vector]],
    start: Vector,
    iterations: int = 150,
    memory: int = 10,
    tolerance: float = 1e-7,
) -> Vector:
    """Minimise a smooth convex function given its value and gradient."""
    weights = start.copy()
    value, gradient = objective(weights)
    steps: list[Vector] = []
    changes: list[Vector] = []
    for _ in range(iterations):
        direction = -gradient.copy()
        alphas = []
        for step, change in zip(reversed(steps), reversed(changes), strict=True):
            alpha = float(step.dot(direction) / change.dot(step))
            alphas.append(alpha)
            direction -= alpha * change
        if steps:
            direction *= steps[-1].dot(changes[-1]) / changes[-1].dot(changes[-1])
        for step, change, alpha in zip(steps, changes, reversed(alphas), strict=True):
            beta = float(change.dot(direction) / change.dot(step))
            direction += step * (alpha - beta)
        slope = float(gradient.dot(direction))
        if slope >= 0:
            direction, slope = -gradient, float(-gradient.dot(gradient))
            steps, changes = [], []
        rate = 1.0
        while True:
            candidate = weights + rate * direction
            new_value, new_gradient = objective(candidate)
            if new_value <= value + 1e-4 * rate * slope or rate < 1e-10:
                break
            rate *= 0.5
        step, change = candidate - weights, new_gradient - gradient
        if change.dot(step) > 1e-12:
            steps.append(step)
            changes.append(change)
            if len(steps) > memory:
                steps.pop(0)
                changes.pop(0)
        converged = abs(value - new_value) < tolerance * max(1.0, abs(value))
        weights, value, gradient = candidate, new_value, new_gradient
        if converged:
            break
    return weights


def fit_logistic(
    examples: Sequence[Example], labels: Sequence[int], l2: float, min_count: int = 2
) -> dict[str, float]:
    """A binary classifier: feature -> weight (the bias is the feature "bias")."""
    import numpy as np

    index = FeatureIndex([(e.features, e.article) for e in examples], min_count)
    matrix = index.encode([e.features for e in examples])
    targets = np.array(labels, dtype=np.float64)
    count = len(targets)
    size = len(index.names)

    def objective(weights: Vector) -> tuple[float, Vector]:
        scores = _products(matrix, weights)
        chances = 1.0 / (1.0 + np.exp(-scores))
        loss = float(np.sum(np.logaddexp(0.0, scores) - targets * scores))
        gradient = _back(matrix, chances - targets, size)
        loss += 0.5 * l2 * float(weights.dot(weights))
        return loss / count, (gradient + l2 * weights) / count

    weights = lbfgs(objective, np.zeros(size))
    return _named(index, weights)


def fit_ranker(groups: Sequence[Group], l2: float, min_count: int = 2) -> dict[str, float]:
    """A ranker: the candidate of a group with the highest sum of weights is chosen."""
    import numpy as np

    rows = [(c, g.article) for g in groups for c in g.candidates]
    index = FeatureIndex(rows, min_count)
    matrix = index.encode([c for c, _ in rows])
    sizes = np.array([len(g.candidates) for g in groups], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    targets = starts + np.array([g.target for g in groups], dtype=np.int64)
    owner = np.repeat(np.arange(len(groups)), sizes)
    count = len(groups)
    size = len(index.names)

    def objective(weights: Vector) -> tuple[float, Vector]:
        scores = _products(matrix, weights)
        top = np.maximum.reduceat(scores, starts)
        exps = np.exp(scores - top[owner])
        totals = np.add.reduceat(exps, starts)
        chances = exps / totals[owner]
        loss = float(np.sum(np.log(totals) + top - scores[targets]))
        residuals = chances.copy()
        residuals[targets] -= 1.0
        gradient = _back(matrix, residuals, size)
        loss += 0.5 * l2 * float(weights.dot(weights))
        return loss / count, (gradient + l2 * weights) / count

    weights = lbfgs(objective, np.zeros(size))
    return _named(index, weights)


def _named(index: FeatureIndex, weights: Vector, smallest: float = 1e-3) -> dict[str, float]:
    """The weights by feature name, without those too small to change a decision."""
    return {
        name: round(float(w), 4)
        for name, w in zip(index.names, weights, strict=True)
        if abs(w) >= smallest
    }
