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
from collections.abc import Iterable, Iterator
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


_EXCLUSIVE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)


def _temporary(folder: Path, name: str, payload: bytes) -> Path:
    """A fresh file with a unique name beside `name`, holding `payload` (never through a link)."""
    if folder.is_symlink():
        raise UnsafeOutput(f"{folder} is a symbolic link; tierguard writes only into a real folder")
    temporary = folder / f".{name}.{secrets.token_hex(8)}.partial"
    fd = os.open(temporary, _EXCLUSIVE, 0o644)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return temporary


def write_file(path: Path, data: str | bytes) -> Path:
    """Write `data` to `path` through an exclusive temporary file renamed into place."""
    temporary = _temporary(path.parent, path.name, data.encode("utf-8") if isinstance(data, str) else data)
    try:
        os.replace(temporary, path)  # replaces a link at `path` itself, never what it points to
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    return path


def write_new_file(folder: Path, names: Iterable[str], data: bytes) -> Path:
    """Write `data` under the first of `names` that does not exist yet, never replacing anything:
    the file appears whole (a hard link of a finished temporary file), and two writers racing for one
    name each get their own."""
    temporary = _temporary(folder, "new", data)
    try:
        for name in names:
            try:
                os.link(temporary, folder / name, follow_symlinks=False)
            except FileExistsError:
                continue
            return folder / name
        raise FileExistsError(f"{folder}: no free name for the file")
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


@contextlib.contextmanager
def folder_lock(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on the lock file `path` (created if needed, never through a link), so that
    writers sharing a folder take turns. Where the platform has no flock, writers rely on write_new_file."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows
            yield
            return
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def remove_file(path: Path) -> None:
    """Remove one of tierguard's own files; a link is removed itself, never followed."""
    if path.is_symlink() or path.is_file():
        path.unlink()
