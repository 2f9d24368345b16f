"""Fixtures shared by several test files."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def digits(tmp_path_factory) -> Path:
    """A directory with the digits MLP and its data, as
    `python -m asic.examples.digits DIR` writes them (mlp.onnx, calib.npz,
    test.npz, labels.npz)."""
    from asic.examples.digits import main

    directory = tmp_path_factory.mktemp("digits")
    main([str(directory)])
    return directory
