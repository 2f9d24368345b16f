"""Reading the arrays of an `.npz` or `.npy` file a user gives a tool
(`asic-run --inputs`, `asic-sim --inputs`, `--verify-inputs`, the `data=`
of calibrate, prune, low-rank, quantize, choose-bits).

`read_arrays(path, what)` returns the arrays of an `.npz` archive by name
(member `x.npy` is array `x`, as `np.load` names them) or the one array of
an `.npy` file in a list. The file is user input, so nothing in it is
trusted:

- the format is recognized by its first bytes (a zip archive, or the
  `\\x93NUMPY` magic of `.npy`), never by the file name;
- arrays of Python objects are refused, never unpickled (unpickling runs
  code);
- each array's header is read before its data: the data the header
  declares (shape times item size) must be exactly what the file holds
  for it, and at most `MAX_ARRAY_BYTES`, so a corrupt or hostile header is
  a diagnostic, not an allocation of its size;
- a damaged archive (bad zip structure, CRC or compression) is a
  diagnostic.

A file that cannot be opened raises the `OSError` (the tools print it as
`cannot read 'PATH': REASON`); everything else wrong is an `ArrayFileError`
naming `what` the file is for and `path`.
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from typing import IO

import numpy as np

from asic.diagnostics import UserError

MAX_ARRAY_BYTES = 1 << 32
"""The largest array (4 GiB of data) read from a file."""

_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")  # a member, or an empty archive
_NPY_MAGIC = np.lib.format.MAGIC_PREFIX


class ArrayFileError(UserError):
    """A file of arrays that is not a readable `.npz` or `.npy`."""


def read_arrays(path: str, what: str, *, npy: bool = True) -> dict[str, np.ndarray] | list[np.ndarray]:
    """The arrays in `path`: by name for an `.npz`, a list of one for an
    `.npy` (refused unless `npy`). `what` names the file in diagnostics
    ("inputs", "calibration data")."""
    with open(path, "rb") as file:
        magic = file.read(len(_NPY_MAGIC))
        file.seek(0)
        if magic.startswith(_ZIP_MAGICS):
            return _read_npz(file, path, what)
        if magic == _NPY_MAGIC and npy:
            size = os.fstat(file.fileno()).st_size
            return [_read_npy(file, size, f"{what} '{path}'")]
    if npy:
        raise ArrayFileError(f"cannot read {what} '{path}': not an .npz or .npy file")
    raise ArrayFileError(f"{what} '{path}' is not an .npz archive of named arrays")


def _read_npz(file: IO[bytes], path: str, what: str) -> dict[str, np.ndarray]:
    where = f"{what} '{path}'"
    arrays: dict[str, np.ndarray] = {}
    try:
        with zipfile.ZipFile(file) as archive:
            for info in archive.infolist():
                if not info.filename or info.is_dir():
                    continue
                name = info.filename.removesuffix(".npy")
                if not info.filename.endswith(".npy"):
                    raise ArrayFileError(
                        f"cannot read {where}: member '{info.filename}' is not an .npy array "
                        "(an .npz holds arrays saved by numpy.savez)"
                    )
                if name in arrays:
                    raise ArrayFileError(f"cannot read {where}: array '{name}' is stored twice")
                with archive.open(info) as member:
                    arrays[name] = _read_npy(member, info.file_size, f"array '{name}' of {where}")
    except (
        zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError,
        ValueError, OverflowError, struct.error, OSError,
    ) as error:  # fmt: skip
        # What zipfile raises on a damaged archive besides BadZipFile:
        # RuntimeError for an encrypted member, NotImplementedError for an
        # unknown compression method, struct.error, ValueError and
        # OverflowError for fields out of range, OSError (EINVAL) for a
        # member offset that seeks before the start of the file.
        raise ArrayFileError(f"cannot read {where}: the .npz (zip) archive is damaged ({error})") from None
    return arrays


def _read_npy(file: IO[bytes], size: int, where: str) -> np.ndarray:
    """The array of the `.npy` data in `file` (`size` bytes), checked
    against its header before the data is read."""
    try:
        version = np.lib.format.read_magic(file)
        if version == (1, 0):
            shape, fortran, dtype = np.lib.format.read_array_header_1_0(file)
        elif version in ((2, 0), (3, 0)):
            shape, fortran, dtype = np.lib.format.read_array_header_2_0(file)
        else:
            raise ValueError(f"unknown .npy format version {version}")
    except (ValueError, EOFError, SyntaxError, TypeError) as error:
        raise ArrayFileError(f"cannot read {where}: not a valid .npy array ({error})") from None
    if dtype.names is not None or dtype.subdtype is not None or dtype.itemsize == 0:
        raise ArrayFileError(f"cannot read {where}: its dtype {dtype} is not a plain numeric type")
    if dtype.hasobject:
        raise ArrayFileError(
            f"cannot read {where}: it holds Python objects (dtype {dtype}), which numpy stores "
            "pickled; pickled data is not loaded (unpickling can run code): store numeric arrays"
        )
    count = 1
    for d in shape:
        count *= int(d)
    declared = count * dtype.itemsize
    if declared > MAX_ARRAY_BYTES:
        raise ArrayFileError(
            f"cannot read {where}: its header declares {declared} bytes of data (shape "
            f"{list(shape)}), more than the {MAX_ARRAY_BYTES} bytes an array may have"
        )
    header = file.tell()
    if size - header != declared:
        raise ArrayFileError(
            f"cannot read {where}: its header declares {declared} bytes of data (shape "
            f"{list(shape)}, {dtype}), the file holds {size - header}: truncated or damaged"
        )
    data = file.read(declared)
    if len(data) != declared:
        raise ArrayFileError(f"cannot read {where}: the data ends early (truncated)")
    array = np.frombuffer(data, dtype=dtype, count=count)
    if fortran:
        return array.reshape(shape[::-1]).transpose().copy()
    return array.reshape(shape).copy()
