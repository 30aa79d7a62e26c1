"""``-o /dev/stdout`` (the usual way to name standard output where ``-`` is refused) run
as root replaced the system's ``/dev/stdout`` symlink with a regular file, printed
``wrote /dev/stdout``, and sent nothing down the pipe. A symlink at the destination is
still replaced, not written through, when it leads to a regular file (documented); one
that leads to a FIFO, a device or a socket, or into ``/proc`` (a process's open file,
whatever it is: ``/dev/stdout`` is ``/proc/self/fd/1``), is refused as the device or
FIFO itself is, before anything is sent."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from beatkit._core.files import atomic_file, check_directory
from tests.hls._cli import run

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX symlinks and FIFOs")


def _links_to_special_files(tmp_path: Path) -> list[Path]:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    links = [tmp_path / "to-fifo"]
    links[0].symlink_to(fifo)
    if Path("/dev/null").exists() and stat.S_ISCHR(os.stat("/dev/null").st_mode):
        links.append(tmp_path / "to-null")
        links[-1].symlink_to("/dev/null")
    return links


@posix_only
def test_a_symlink_to_a_fifo_or_device_is_refused_and_kept(tmp_path: Path) -> None:
    for link in _links_to_special_files(tmp_path):
        with pytest.raises(OSError, match="not a regular file"):
            check_directory(link)
        with pytest.raises(OSError, match="not a regular file"), atomic_file(link) as output:
            output.write(b"x")  # pragma: no cover - never entered
        assert link.is_symlink()
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@posix_only
@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="no /proc")
def test_a_symlink_into_proc_is_refused_whatever_it_leads_to(tmp_path: Path) -> None:
    # As /dev/stdout is, also when standard output is redirected to a regular file.
    regular = tmp_path / "out.aac"
    with regular.open("wb") as opened:
        stdout = tmp_path / "stdout"
        stdout.symlink_to(f"/proc/self/fd/{opened.fileno()}")
        assert stat.S_ISREG(os.stat(stdout).st_mode)
        with pytest.raises(OSError, match="/proc"):
            check_directory(stdout)
        assert stdout.is_symlink()


@posix_only
def test_a_symlink_to_a_regular_file_is_still_replaced(tmp_path: Path) -> None:
    target = tmp_path / "target.bin"
    target.write_bytes(b"target")
    link = tmp_path / "link.bin"
    link.symlink_to(target)
    with atomic_file(link) as output:
        output.write(b"new")
    assert not link.is_symlink()
    assert target.read_bytes() == b"target"
    # A dangling link too: nothing is behind it to refuse.
    dangling = tmp_path / "dangling.bin"
    dangling.symlink_to(tmp_path / "nowhere")
    check_directory(dangling)


@posix_only
def test_the_command_refuses_a_link_to_standard_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    link = tmp_path / "stdout"
    link.symlink_to(tmp_path / "fifo")
    os.mkfifo(tmp_path / "fifo")
    # Refused before any request: the port nothing listens on is never tried.
    assert run("hls", "download", "http://127.0.0.1:9/p.m3u8", "-o", str(link), "--quiet") == 1
    err = capsys.readouterr().err
    assert err.startswith(f"beatkit hls: error: cannot save to {link}: ")
    assert "ConnectError" not in err
    assert link.is_symlink()
