"""The one array type every layer passes embeddings as."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["FloatMatrix"]

FloatMatrix = NDArray[np.float32]
"""Embeddings: ``(n, dim)`` (or one ``(dim,)`` vector) of float32."""
