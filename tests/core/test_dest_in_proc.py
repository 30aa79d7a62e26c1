"""A destination inside ``/proc`` (``/dev/fd/1``, ``/proc/self/fd/3``) is refused before
anything is sent, whatever the open file it names is.

``/dev/stdout`` was refused (a link into ``/proc``), but ``/dev/fd/1`` and
``/proc/self/fd/1`` themselves, with standard output redirected to a regular file,
passed the checks: a download then sent its request (using up a short-lived URL) and
failed at the temporary file with ``No such file or directory:
'/proc/self/fd/.1.XXXXXXXX.part'``, naming a file the user never named. No file can be
created there.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from beatkit._core.files import atomic_file, check_directory

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/fd").is_dir(), reason="needs Linux's /proc/self/fd"
)


@pytest.fixture
def regular_fd(tmp_path: Path) -> Iterator[int]:
    """A descriptor open on a regular file, as a redirected standard output is."""
    fd, _name = tempfile.mkstemp(dir=tmp_path)
    try:
        yield fd
    finally:
        os.close(fd)


def _destinations(fd: int) -> list[str]:
    found = [f"/proc/self/fd/{fd}", f"/proc/{os.getpid()}/fd/{fd}"]
    if Path("/dev/fd").is_dir():
        found.append(f"/dev/fd/{fd}")
    return found


def test_a_destination_in_proc_is_refused_by_the_check(regular_fd: int) -> None:
    for dest in _destinations(regular_fd):
        with pytest.raises(OSError, match=r"/proc") as caught:
            check_directory(dest)
        assert not isinstance(caught.value, FileNotFoundError)
        assert ".part" not in str(caught.value)
        assert str(caught.value).startswith(f"cannot save to {dest}:")


def test_a_destination_in_proc_is_refused_before_the_block_runs(regular_fd: int) -> None:
    ran = False
    for dest in _destinations(regular_fd):
        with pytest.raises(OSError, match=r"/proc"), atomic_file(dest):
            ran = True
    assert not ran
    assert os.fstat(regular_fd).st_size == 0
