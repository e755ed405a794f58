"""Writing tierguard's own files (reports, baselines, history, exported templates) so that the input
it judges cannot redirect them: the output folder lives in the checkout a pull request controls.

- A folder given for output must be a real folder: a symbolic link there is refused, not followed.
- A file is written to a fresh temporary name in that folder (created exclusively, never through a
  link) and renamed into place: a link planted at the final name is replaced, never written through,
  and a reader never sees half a file.
"""
from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


class UnsafeOutput(OSError):
    """The output location is a symbolic link (or not a folder); the message is one sentence."""


def prepare_folder(folder: Path) -> Path:
    """Create `folder` (and parents) if needed; refuse it when it, or a part of it that had to be
    created, is a symbolic link."""
    if folder.is_symlink():
        raise UnsafeOutput(f"{folder} is a symbolic link; tierguard writes only into a real folder")
    if folder.exists() and not folder.is_dir():
        raise UnsafeOutput(f"{folder} exists and is not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    if folder.is_symlink() or not folder.is_dir():  # replaced between the check and mkdir
        raise UnsafeOutput(f"{folder} is a symbolic link; tierguard writes only into a real folder")
    return folder


def write_file(path: Path, data: str | bytes) -> Path:
    """Write `data` to `path` through an exclusive temporary file renamed into place."""
    folder = path.parent
    if folder.is_symlink():
        raise UnsafeOutput(f"{folder} is a symbolic link; tierguard writes only into a real folder")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    temporary = folder / f".{path.name}.{secrets.token_hex(6)}.partial"
    fd = os.open(temporary, flags, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        os.replace(temporary, path)  # replaces a link at `path` itself, never what it points to
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path


def remove_file(path: Path) -> None:
    """Remove one of tierguard's own files; a link is removed itself, never followed."""
    if path.is_symlink() or path.is_file():
        path.unlink()
