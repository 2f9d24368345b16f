"""Fixtures shared by several test files, and the hypothesis settings of
the suite: no deadline per example (wall-clock limits fail on a loaded
machine without saying anything about the code; every property test
bounds its examples with max_examples instead)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

settings.register_profile("asic", deadline=None)
settings.load_profile("asic")


@pytest.fixture(scope="session")
def digits(tmp_path_factory) -> Path:
    """A directory with the digits MLP and its data, as
    `python -m asic.examples.digits DIR` writes them (mlp.onnx, calib.npz,
    test.npz, labels.npz)."""
    from asic.examples.digits import main

    directory = tmp_path_factory.mktemp("digits")
    main([str(directory)])
    return directory


@pytest.fixture(scope="session")
def zoo_cache(request, tmp_path_factory) -> Path:
    """Where the zoo's trained weights are kept between runs (pytest's cache
    folder; a temporary one when the cache is off), so that the networks of
    `asic.examples.zoo` train once per change to their code."""
    cache = getattr(request.config, "cache", None)
    if cache is None:
        return tmp_path_factory.mktemp("zoo-cache")
    return Path(cache.mkdir("zoo"))
