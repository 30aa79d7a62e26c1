"""Usage errors of a subcommand show that subcommand's usage, with status 2, and a command
word that is not one (a key or token pasted in the wrong place) is not repeated back."""

from __future__ import annotations

import pytest

from beatkit.cli import main

_TOKEN = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"


def _usage_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> list[str]:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Traceback" not in captured.err
    return captured.err.strip().splitlines()


@pytest.mark.parametrize(
    ("argv", "usage"),
    [
        (["hls", "decrypt"], "usage: beatkit hls decrypt "),
        (["hls", "decrypt", "in"], "usage: beatkit hls decrypt "),
        (["hls", "inspect", "URL", "--bogus"], "usage: beatkit hls inspect "),
        (["hls", "inspect", "URL", "--bogus=value"], "usage: beatkit hls inspect "),
        (["hls", "download", "URL", "-o", "out", "--bogus"], "usage: beatkit hls download "),
        (
            ["hls", "decrypt", "in", "out", "--key", "00" * 16, "--iv", "00" * 16, "x"],
            "usage: beatkit hls decrypt ",
        ),
        (["demo", "--bogus"], "usage: beatkit demo "),
        (["hls", "--bogus"], "usage: beatkit hls "),
    ],
)
def test_a_subcommand_usage_error_shows_its_usage(
    capsys: pytest.CaptureFixture[str], argv: list[str], usage: str
) -> None:
    lines = _usage_error(capsys, argv)
    assert lines[0].startswith(usage), lines


def test_an_unknown_option_of_the_command_itself_shows_its_usage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    lines = _usage_error(capsys, ["--bogus"])
    assert lines[0] == "usage: beatkit [-h] [--version] COMMAND ..."


@pytest.mark.parametrize(
    ("argv", "prog", "choices"),
    [
        ([_TOKEN], "beatkit", "demo, hls"),
        (["hls", _TOKEN], "beatkit hls", "download, inspect, decrypt"),
        (["hls", _TOKEN, "URL"], "beatkit hls", "download, inspect, decrypt"),
        (["Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc"], "beatkit", "demo, hls"),
        (["5ec4e7" + "a1" * 13], "beatkit", "demo, hls"),
    ],
)
def test_an_invalid_command_that_may_be_a_secret_is_not_repeated(
    capsys: pytest.CaptureFixture[str], argv: list[str], prog: str, choices: str
) -> None:
    lines = _usage_error(capsys, argv)
    assert lines[0].startswith(f"usage: {prog} ")
    assert lines[-1] == (
        f"{prog}: error: argument COMMAND: invalid choice (not shown: it may be a secret); "
        f"choose from {choices}"
    )
    assert not any(_TOKEN[:12] in line or "eyJ" in line or "a1a1" in line for line in lines)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (
            ["dmeo"],
            "beatkit: error: argument COMMAND: invalid choice: 'dmeo' (choose from demo, hls)",
        ),
        (
            ["hls", "inspec"],
            "beatkit hls: error: argument COMMAND: invalid choice: 'inspec' "
            "(choose from download, inspect, decrypt)",
        ),
    ],
)
def test_a_mistyped_command_word_is_still_shown(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    assert _usage_error(capsys, argv)[-1] == expected
