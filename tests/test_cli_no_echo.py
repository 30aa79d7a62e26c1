"""argparse's own errors repeat the arguments they could not use: ``beatkit`` leaves
their values out, since they may be a key or a credential (a mistyped ``--header``)."""

from __future__ import annotations

import pytest

from beatkit.cli import main

_KEY = "5ec4e7" + "a1" * 13
_TOKEN = "Bearer s3cr3t-t0ken"


def _usage_error(capsys: pytest.CaptureFixture[str], argv: list[str]) -> str:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Traceback" not in captured.err
    return captured.err.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        # A mistyped option: argparse printed "--headr Authorization: Bearer ..." whole.
        (
            ["hls", "inspect", "URL", "--headr", f"Authorization: {_TOKEN}"],
            "beatkit: error: unrecognized arguments: --headr and 1 value "
            "(values are not shown: they may be secrets)",
        ),
        (
            ["hls", "inspect", "URL", f"--headr=Authorization: {_TOKEN}"],
            "beatkit: error: unrecognized arguments: --headr=... "
            "(values are not shown: they may be secrets)",
        ),
        (
            ["hls", "inspect", "URL", _KEY, _KEY],
            "beatkit: error: unrecognized arguments: 2 values "
            "(values are not shown: they may be secrets)",
        ),
        (
            ["demo", "--kye", _KEY],
            "beatkit: error: unrecognized arguments: --kye and 1 value "
            "(values are not shown: they may be secrets)",
        ),
        # --ke abbreviates both --key and --key-file: argparse repeated "--ke=VALUE".
        (
            ["hls", "decrypt", "in", "out", f"--ke={_KEY}", "--iv", "00" * 16],
            "beatkit hls decrypt: error: ambiguous option: --ke=... could match --key, --key-file",
        ),
        (
            ["hls", "download", "URL", "-o", "o", f"--h=Authorization: {_TOKEN}"],
            "beatkit hls download: error: ambiguous option: --h=... could match --help, --header",
        ),
    ],
)
def test_argparse_errors_do_not_repeat_values(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    last = _usage_error(capsys, argv)
    assert last == expected
    assert _KEY[:8] not in last and "s3cr3t" not in last


def test_ambiguous_option_without_a_value_is_reported_as_before(
    capsys: pytest.CaptureFixture[str],
) -> None:
    last = _usage_error(capsys, ["hls", "decrypt", "in", "out", "--ke", _KEY, "--iv", "00" * 16])
    assert last == (
        "beatkit hls decrypt: error: ambiguous option: --ke could match --key, --key-file"
    )


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        # An option that takes no value, given one with "=": argparse said "ignored explicit
        # argument 'Authorization: Bearer ...'", the value whole.
        (
            ["hls", "download", "URL", "-o", "o", f"--hel=Authorization: {_TOKEN}"],
            "beatkit hls download: error: argument -h/--help: ignored explicit argument "
            "(not shown: it may be a secret)",
        ),
        (
            ["hls", "download", "URL", "-o", "o", f"--quiet={_KEY}"],
            "beatkit hls download: error: argument --quiet: ignored explicit argument "
            "(not shown: it may be a secret)",
        ),
        (
            [f"--version={_KEY}"],
            "beatkit: error: argument --version: ignored explicit argument "
            "(not shown: it may be a secret)",
        ),
        # A word is shown back, as a mistyped command is.
        (
            ["hls", "download", "URL", "-o", "o", "--quiet=yes"],
            "beatkit hls download: error: argument --quiet: ignored explicit argument 'yes'",
        ),
    ],
)
def test_a_value_given_to_an_option_that_takes_none_is_not_repeated(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    last = _usage_error(capsys, argv)
    assert last == expected
    assert _KEY[:8] not in last and "s3cr3t" not in last


def test_a_short_option_with_its_value_attached_is_shown_by_its_letter_only(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # curl's habit, -H'Authorization: ...' in one word: argparse's unknown-argument
    # message took the whole word for an option name and repeated it.
    last = _usage_error(capsys, ["hls", "inspect", "URL", f"-HAuthorization: {_TOKEN}"])
    assert last == (
        "beatkit: error: unrecognized arguments: -H... (values are not shown: they may be secrets)"
    )


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        # A value given to the wrong option (a token pasted after --concurrency, or an
        # option skipped so the next one's value lands there): argparse's type errors
        # repeated it, "not an integer: 's3cr3t'".
        (
            ["hls", "download", "URL", "-o", "o", "--concurrency", "s3cr3t"],
            "beatkit hls download: error: argument --concurrency: not an integer "
            "(not shown: it may be a secret)",
        ),
        (
            ["hls", "download", "URL", "-o", "o", f"--concurrency={_KEY}"],
            "beatkit hls download: error: argument --concurrency: not an integer "
            "(not shown: it may be a secret)",
        ),
        (
            ["hls", "download", "URL", "-o", "o", "--max-segment-mb", _TOKEN],
            "beatkit hls download: error: argument --max-segment-mb: not a number "
            "(not shown: it may be a secret)",
        ),
        (
            ["hls", "download", "URL", "-o", "o", "--max-segment-mb", _KEY],
            "beatkit hls download: error: argument --max-segment-mb: not a number "
            "(not shown: it may be a secret)",
        ),
        (
            ["hls", "download", "URL", "-o", "o", "--variant", "s3cr3t"],
            "beatkit hls download: error: argument --variant: "
            "expected best, worst or a BANDWIDTH number",
        ),
        # A word or a short number is shown back, as a mistyped command is.
        (
            ["hls", "download", "URL", "-o", "o", "--concurrency", "many"],
            "beatkit hls download: error: argument --concurrency: not an integer: 'many'",
        ),
        (
            ["hls", "download", "URL", "-o", "o", "--max-segment-mb", "1,5"],
            "beatkit hls download: error: argument --max-segment-mb: not a number: '1,5'",
        ),
    ],
)
def test_a_value_of_the_wrong_type_is_not_repeated(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    last = _usage_error(capsys, argv)
    assert last == expected
    assert _KEY[:8] not in last and "s3cr3t" not in last


def test_a_bandwidth_too_long_for_an_int_is_a_usage_error_that_does_not_repeat_it(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # int() refuses more than 4300 digits with a ValueError: argparse then said "invalid
    # _variant value: '9999...'", the function's private name and the value whole.
    argv = ["hls", "download", "URL", "-o", "o", "--variant", "9" * 5000]
    last = _usage_error(capsys, argv)
    assert last == (
        "beatkit hls download: error: argument --variant: a BANDWIDTH number too long to read"
    )


def test_argparse_own_type_errors_do_not_repeat_the_value(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Any option with type=int (or a type function raising ValueError) that a later
    # change adds: argparse says "invalid int value: 's3cr3t'".
    from beatkit.cli import build_parser

    parser = build_parser()
    parser.add_argument("--count", type=int)
    hidden = " (not shown: it may be a secret)"
    for value, shown in ((_KEY, hidden), ("it's s3cr3t", hidden), ("many", ": 'many'")):
        with pytest.raises(SystemExit):
            parser.parse_known_args(["--count", value])
        last = capsys.readouterr().err.strip().splitlines()[-1]
        assert last == f"beatkit: error: argument --count: invalid int value{shown}"
