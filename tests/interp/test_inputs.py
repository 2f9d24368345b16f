"""`read_arrays`: the arrays numpy saved come back exactly (any dtype,
shape, memory order, compressed or not); a damaged, truncated, pickled or
hostile file is an `ArrayFileError`, never another exception or an
allocation of what a header claims."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from asic.interp.inputs import MAX_ARRAY_BYTES, ArrayFileError, read_arrays

DTYPES = st.sampled_from(["f4", "f8", "f2", "i1", "u1", "i2", "i4", "i8", "u8", "?", "c8", ">f4", ">i2"])
ARRAYS = DTYPES.flatmap(lambda d: hnp.arrays(np.dtype(d), hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4)))
NAMES = st.text(st.sampled_from("abcxyz_01"), min_size=1, max_size=6)


def _npz(arrays: dict[str, np.ndarray], compressed: bool) -> bytes:
    buffer = io.BytesIO()
    (np.savez_compressed if compressed else np.savez)(buffer, **arrays)
    return buffer.getvalue()


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(NAMES, ARRAYS, max_size=3), st.booleans(), st.booleans())
def test_npz_round_trip(tmp_path_factory, arrays, compressed, fortran) -> None:
    path = tmp_path_factory.mktemp("npz") / "a.npz"
    if fortran:
        arrays = {k: np.asfortranarray(v) for k, v in arrays.items()}
    path.write_bytes(_npz(arrays, compressed))
    got = read_arrays(str(path), "inputs")
    assert isinstance(got, dict) and list(got) == list(arrays)
    for name, array in arrays.items():
        assert got[name].dtype == array.dtype and got[name].shape == array.shape
        np.testing.assert_array_equal(got[name], array)
        assert got[name].flags.writeable


@settings(max_examples=30, deadline=None)
@given(ARRAYS)
def test_npy_round_trip(tmp_path_factory, array) -> None:
    path = tmp_path_factory.mktemp("npy") / "a.npy"
    np.save(path, array)
    (got,) = read_arrays(str(path), "inputs")
    assert got.dtype == array.dtype
    np.testing.assert_array_equal(got, array)
    with pytest.raises(ArrayFileError, match="is not an .npz archive of named arrays"):
        read_arrays(str(path), "calibration data", npy=False)


@settings(max_examples=150, deadline=None)
@given(st.data(), st.booleans())
def test_damaged_files_are_diagnostics(tmp_path_factory, data, compressed) -> None:
    """Truncations and byte changes anywhere in an .npz: the arrays come
    back unchanged (a byte zip does not check) or an ArrayFileError."""
    arrays = {"x": np.arange(12, dtype=np.float32).reshape(3, 4), "y": np.array([1, -2], np.int16)}
    raw = bytearray(_npz(arrays, compressed))
    if data.draw(st.booleans()):
        raw = raw[: data.draw(st.integers(0, len(raw) - 1))]
    for _ in range(data.draw(st.integers(1, 4))):
        if raw:
            raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
    path = tmp_path_factory.mktemp("bad") / "a.npz"
    path.write_bytes(bytes(raw))
    try:
        got = read_arrays(str(path), "inputs")
    except ArrayFileError as error:
        assert str(path) in str(error)
        return
    assert isinstance(got, dict)
    for value in got.values():
        assert isinstance(value, np.ndarray)


def test_a_member_before_the_start_of_the_file(tmp_path: Path) -> None:
    """An end record whose central-directory offset lies beyond where the
    directory is puts the members before the start of the file (zipfile
    seeks to a negative offset: OSError)."""
    raw = bytearray(_npz({"x": np.arange(3, dtype=np.int8)}, compressed=False))
    end = raw.rfind(b"PK\x05\x06")
    raw[end + 16 : end + 20] = (int.from_bytes(raw[end + 16 : end + 20], "little") + 4096).to_bytes(4, "little")
    (tmp_path / "a.npz").write_bytes(bytes(raw))
    with pytest.raises(ArrayFileError, match="archive is damaged"):
        read_arrays(str(tmp_path / "a.npz"), "inputs")


def test_pickled_arrays_are_refused(tmp_path: Path) -> None:
    np.savez(tmp_path / "p.npz", x=np.array([{"a": 1}], dtype=object))
    with pytest.raises(ArrayFileError, match="array 'x' .* holds Python objects"):
        read_arrays(str(tmp_path / "p.npz"), "inputs")
    np.save(tmp_path / "p.npy", np.array([None]), allow_pickle=True)
    with pytest.raises(ArrayFileError, match="holds Python objects"):
        read_arrays(str(tmp_path / "p.npy"), "inputs")


def test_a_header_is_not_trusted(tmp_path: Path) -> None:
    """A header declaring more data than the file holds, or more than the
    limit, is refused before anything of its size is allocated."""
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": (10**12,)})
    (tmp_path / "huge.npy").write_bytes(header.getvalue() + b"\0" * 64)
    with pytest.raises(ArrayFileError, match=f"more than the {MAX_ARRAY_BYTES} bytes"):
        read_arrays(str(tmp_path / "huge.npy"), "inputs")
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": (1000,)})
    with zipfile.ZipFile(tmp_path / "short.npz", "w") as archive:
        archive.writestr("x.npy", header.getvalue() + b"\0" * 64)
    with pytest.raises(ArrayFileError, match="declares 8000 bytes .* holds 64: truncated"):
        read_arrays(str(tmp_path / "short.npz"), "inputs")


@pytest.mark.parametrize(
    "content, message",
    [
        (b"PK\x03\x04" + b"garbage" * 10, "the .npz \\(zip\\) archive is damaged"),
        (b"not numpy data", "not an .npz or .npy file"),
        (b"", "not an .npz or .npy file"),
        (b"\x93NUMPY\x01\x00\x10\x00{'descr': }    \n", "not a valid .npy array"),
    ],
)
def test_not_arrays(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "in.npz"
    path.write_bytes(content)
    with pytest.raises(ArrayFileError, match=f"inputs '{path}'.*{message}"):
        read_arrays(str(path), "inputs")


def test_other_members_and_missing_files(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "z.npz", "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(ArrayFileError, match="member 'notes.txt' is not an .npy array"):
        read_arrays(str(tmp_path / "z.npz"), "inputs")
    with pytest.raises(FileNotFoundError):
        read_arrays(str(tmp_path / "missing.npz"), "inputs")
