"""The ``beatkit`` command: ``beatkit demo`` and ``beatkit hls ...`` (one module per command)."""

from __future__ import annotations

import argparse
import contextlib
import errno
import io
import os
import re
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from types import FrameType, TracebackType
from typing import NoReturn, TextIO

from beatkit._version import __version__
from beatkit.errors import BeatkitError

__all__ = [
    "EXIT_HUNG_UP",
    "EXIT_INTERRUPTED",
    "EXIT_TERMINATED",
    "HungUp",
    "Terminated",
    "build_parser",
    "entry_point",
    "exit_status",
    "main",
]

# 128 + SIGHUP: the status of a command whose terminal closed (a dropped SSH session).
EXIT_HUNG_UP = 129
# 128 + SIGINT: the status a shell reports for a command stopped by Ctrl-C.
EXIT_INTERRUPTED = 130
# 128 + SIGTERM: the status of a command stopped by `kill`, `timeout` or a container stop.
EXIT_TERMINATED = 143


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread while :func:`main` runs.

    A ``KeyboardInterrupt``, so that everything Ctrl-C cleans up (a download's
    threads, the temporary file of an output not yet complete) is cleaned up the
    same way: Python's default SIGTERM ends the process on the spot and leaves them.
    """


class HungUp(Terminated):
    """SIGHUP (POSIX), raised in the main thread while :func:`main` runs.

    The terminal closed or the SSH session dropped: cleaned up as :class:`Terminated`
    is, where Python's default SIGHUP ended the process on the spot.
    """


def exit_status(interrupt: KeyboardInterrupt) -> int:
    """The exit status of a command stopped by ``interrupt``: 129 for SIGHUP, 143 for
    SIGTERM, else 130."""
    if isinstance(interrupt, HungUp):
        return EXIT_HUNG_UP
    return EXIT_TERMINATED if isinstance(interrupt, Terminated) else EXIT_INTERRUPTED


def _stopped(interrupt: KeyboardInterrupt) -> str:
    """How a message says what stopped the command: "hung up", "terminated" or "interrupted"."""
    if isinstance(interrupt, HungUp):
        return "hung up"
    return "terminated" if isinstance(interrupt, Terminated) else "interrupted"


def _raising(stop: type[Terminated], handled: list[int]) -> Callable[[int, FrameType | None], None]:
    """A signal handler raising ``stop``, after which the ``handled`` signals are ignored.

    The first signal stops the command; one that follows it (a closed terminal's SIGHUP,
    then the shell's own to its jobs; a second ``kill``) must not raise again inside the
    cleanup and cut it short, leaving a download's temporary file behind.
    """

    def handler(signum: int, frame: FrameType | None) -> None:
        for other in handled:
            signal.signal(other, signal.SIG_IGN)
        raise stop

    return handler


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """Turn SIGTERM into :class:`Terminated` and SIGHUP into :class:`HungUp` for the
    block, each if nobody else handles it.

    A handler the embedding program installed is left alone, and so is an ignored
    signal (``nohup`` ignores SIGHUP so that the command outlives its terminal) and
    the main thread of a program calling :func:`main` from another thread (only the
    main thread may set handlers).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    raising: list[tuple[int, type[Terminated]]] = [(signal.SIGTERM, Terminated)]
    if hasattr(signal, "SIGHUP"):  # not on Windows
        raising.append((signal.SIGHUP, HungUp))
    installed: list[int] = []
    try:
        for signum, stop in raising:
            if signal.getsignal(signum) is signal.SIG_DFL:
                signal.signal(signum, _raising(stop, installed))
                installed.append(signum)
        yield
    finally:
        for signum in installed:
            signal.signal(signum, signal.SIG_DFL)


def _demo(args: argparse.Namespace) -> int:
    from beatkit.cli.demo import run

    return run(sys.stdout)


# argparse's message for an option that abbreviates several: the option is the whole
# argument, so "--ke=VALUE" repeats the value.
_AMBIGUOUS = re.compile(r"ambiguous option: (-[^=]*)=.* could match (.*)", re.DOTALL)
# argparse's message for a command word that is none of the choices. Python 3.11 quotes
# the choices ('demo', 'hls'), later versions do not.
_INVALID_CHOICE = re.compile(
    r"argument (?P<arg>[^:]*): invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)",
    re.DOTALL,
)
# argparse's message for a value given with "=" to an option that takes none
# ("--quiet=VALUE", "--hel=VALUE" abbreviating --help): it repeats the value.
_IGNORED_VALUE = re.compile(
    r"argument (?P<arg>[^:]*): ignored explicit argument (?P<value>.*)", re.DOTALL
)
# argparse's message for a value its type= function refused with a ValueError or TypeError
# (type=int): it names the function and repeats the value.
_INVALID_VALUE = re.compile(
    r"argument (?P<arg>[^:]*): invalid (?P<type>\S+) value: (?P<q>['\"])(?P<value>.*)(?P=q)",
    re.DOTALL,
)
# A command word mistyped ("dmeo", "inspec") is shown back; anything else (a key, a token,
# a header pasted where the command goes) is not.
_WORD = re.compile(r"[a-z][a-z-]{0,15}")
# A number as one may mistype it ("2.5" for a count, "1,5" for 1.5 MiB): shown back too.
_NUMBER = re.compile(r"[-+]?[0-9]{1,6}(?:[.,][0-9]{1,6})?")
# The attribute of the namespace naming the innermost parser that parsed the arguments.
_PARSER_ATTR = "_beatkit_parser"


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors leave out the values they would have repeated.

    A mistyped option (``--headr 'Authorization: Bearer ...'``) or an ambiguous
    abbreviation (``--ke=HEX``) made argparse print the value given with it, a key
    or a credential, into a terminal's scrollback or a CI log. Subcommands' parsers are
    of this class too (``add_subparsers`` uses the class of the parser it is called on).
    """

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        """Parse as argparse does, and note in the namespace the innermost parser used.

        A subcommand's parser finishes first, so the name it sets is kept by the
        parsers around it; :func:`main` shows that parser's usage for arguments that
        nobody took.
        """
        parsed, extras = super().parse_known_args(args, namespace)
        if not hasattr(parsed, _PARSER_ATTR):
            setattr(parsed, _PARSER_ATTR, self)
        return parsed, extras

    def error(self, message: str) -> NoReturn:
        """Print the usage and ``message``, its values left out, and exit with status 2."""
        ambiguous = _AMBIGUOUS.fullmatch(message)
        if ambiguous is not None:
            message = f"ambiguous option: {ambiguous[1]}=... could match {ambiguous[2]}"
        ignored = _IGNORED_VALUE.fullmatch(message)
        if ignored is not None and not _WORD.fullmatch(ignored["value"].strip("'")):
            message = (
                f"argument {ignored['arg']}: ignored explicit argument "
                "(not shown: it may be a secret)"
            )
        refused = _INVALID_VALUE.fullmatch(message)
        if refused is not None:
            message = (
                f"argument {refused['arg']}: invalid {refused['type']} value"
                f"{_quoted(refused['value'])}"
            )
        invalid = _INVALID_CHOICE.fullmatch(message)
        if invalid is not None:
            choices = invalid["choices"].replace("'", "")
            value = invalid["value"].strip("'")
            if _WORD.fullmatch(value):
                message = (
                    f"argument {invalid['arg']}: invalid choice: '{value}' (choose from {choices})"
                )
            else:
                message = (
                    f"argument {invalid['arg']}: invalid choice (not shown: it may be a secret); "
                    f"choose from {choices}"
                )
        super().error(message)


def _quoted(value: str) -> str:
    """How an error ends that would quote ``value``: ``: 'value'`` for a word or a short
    number, else a note that it is left out (a key or a token given to the wrong option)."""
    if _WORD.fullmatch(value) or _NUMBER.fullmatch(value):
        return f": '{value}'"
    return " (not shown: it may be a secret)"


def _unrecognized(extras: list[str]) -> str:
    """argparse's "unrecognized arguments" message, with option names only, never values."""
    names = []
    values = 0
    for extra in extras:
        if extra.startswith("-") and not extra.startswith("--") and len(extra) > 2:
            # A short option's value may be attached (-H'Authorization: ...', as curl
            # takes it): the letter is the name.
            names.append(extra[:2] + "...")
        elif extra.startswith("-") and len(extra) > 1:
            name, equals, _ = extra.partition("=")
            names.append(name + ("=..." if equals else ""))
        else:
            values += 1
    said = " ".join(names)
    if values:
        counted = f"{values} value" + ("s" if values > 1 else "")
        said = f"{said} and {counted}" if said else counted
    return f"unrecognized arguments: {said} (values are not shown: they may be secrets)"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``beatkit`` command."""
    from beatkit.cli.hls import add_hls_commands

    # Typed as the base class: add_hls_commands takes the subparsers of any parser.
    parser: argparse.ArgumentParser = _Parser(
        prog="beatkit", description="Tools from the beatkit SDK for music platform APIs."
    )
    parser.add_argument("--version", action="version", version=f"beatkit {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    demo = commands.add_parser(
        "demo",
        help="an offline tour against the bundled fake services",
        description="A tour of the four clients against the fake services bundled with "
        "beatkit (beatkit.testing): no account or credentials are needed, and nothing "
        "leaves this machine. Service settings in the environment (BEATCONNECT_API_KEY, "
        "BEATPASS_TOKEN and the like) are ignored.",
    )
    demo.set_defaults(func=_demo)
    add_hls_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Ctrl-C ends any command with one line on stderr and status 130, SIGTERM (when
    the program has no handler of its own) with one line and status 143 after the
    same cleanup (no partial output file is left), SIGHUP (the terminal closed; on
    POSIX, unless handled or ignored, as by ``nohup``) the same way with status 129
    (another SIGTERM or SIGHUP during that cleanup is ignored), a
    :class:`~beatkit.errors.BeatkitError` with one line and status 1, and a reader
    that goes away (``beatkit demo | head -1``) ends it quietly with status 1:
    none of them is a traceback. Standard output that cannot be written (a full
    disk) is one line and status 1; a stderr that cannot be written loses the
    messages, not the status. A stream closed before the command started
    (``beatkit hls download URL -o FILE 2>&-``) takes what is written to it and
    discards it, as :func:`print` does.

    Args:
        argv: The arguments after the program name; ``sys.argv[1:]`` when omitted.

    ``beatkit`` alone, without a command, prints the help on stdout (as ``--help``
    does) and returns 2, the status of a usage error; the other usage errors print
    the usage and one line on stderr.

    Returns:
        The exit status, 0 on success, 1 when the command failed, 2 for a usage
        error, 129 when hung up on, 130 when interrupted, 143 when terminated.
    """
    with contextlib.ExitStack() as stack:
        # Python starts with sys.stdout or sys.stderr None when that descriptor is
        # closed (`>&-`): print() then writes nowhere, but a stream's own methods
        # (write, flush, isatty) do not exist. Both stand for os.devnull instead.
        for name in ("stdout", "stderr"):
            if getattr(sys, name) is None:
                devnull = stack.enter_context(open(os.devnull, "w"))
                stack.enter_context(_replaced(name, devnull))
        stack.enter_context(_stdout_escapes())
        stack.enter_context(_replaced("stdout", _Output(sys.stdout)))
        stack.enter_context(_replaced("stderr", _Diagnostics(sys.stderr)))
        stack.enter_context(_signals_raise())
        try:
            status = _main(argv)
        except KeyboardInterrupt as exc:
            # Raised while _main reported a failure (a signal then, or Ctrl-C), inside
            # its own except clause: the status is the signal's, the report stays as far
            # as it got, and no traceback follows it.
            _flush_or_drop()
            status = exit_status(exc)
    return status


def entry_point() -> NoReturn:
    """Run the command line as the program (``python -m beatkit``) and end the process.

    As ``sys.exit(main())``, but for Ctrl-C: once :func:`main` has reported it and
    cleaned up (status 130), the process ends by SIGINT, as Python ends a program that
    Ctrl-C stopped, which a shell shows as status 130 all the same. A shell goes on
    with its script after a command that exits with any status, taking Ctrl-C for
    one the command handled: ``for url in ...; do python -m beatkit hls download
    "$url" ...; done`` went on to the next download after Ctrl-C.

    Raises:
        SystemExit: With the status :func:`main` returned, unless it was 130.
        KeyboardInterrupt: After Ctrl-C, without a traceback: Python ends the process
            by SIGINT once it has finished (on Windows, with the status of Ctrl-C).
    """
    status = main()
    if status == EXIT_INTERRUPTED:
        _end_by_sigint()
    sys.exit(status)


def _end_by_sigint() -> NoReturn:
    """Raise, out of the program, the ``KeyboardInterrupt`` Python ends a process by SIGINT for.

    Python does so (after its usual shutdown: streams flushed, ``atexit`` run) only
    for a ``KeyboardInterrupt`` itself, not a subclass, that nothing caught; its
    traceback would follow the one line :func:`main` has already written, so the
    hook that prints it passes over this one.
    """
    # Another Ctrl-C (a key pressed again) would raise inside the hook or the shutdown,
    # and print the traceback after all: ignored, as the process ends by SIGINT anyway
    # (Python restores the default action before it sends the signal).
    with contextlib.suppress(ValueError):  # not the main thread: only it may set handlers
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    interrupt = KeyboardInterrupt()
    previous = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        if value is not interrupt:
            previous(kind, value, tb)

    sys.excepthook = hook
    raise interrupt


_FAILING_HANDLERS = ("strict", "surrogateescape")


@contextlib.contextmanager
def _stdout_escapes() -> Iterator[None]:
    """Write what stdout's encoding cannot represent as escapes (``\\xf1``), as stderr does.

    A playlist's URIs and names are any text, and Python writes stdout in the
    locale's encoding (cp1252 into a file on Windows, ASCII under an uncoerced C
    locale) with an error handler that fails: ``NAME="Español"`` ended ``hls inspect`` in a
    ``UnicodeEncodeError`` traceback. The handler is put back afterwards.
    """
    stream = sys.stdout
    # surrogateescape is the C locale's: it too fails on any other character.
    if not isinstance(stream, io.TextIOWrapper) or stream.errors not in _FAILING_HANDLERS:
        yield
        return
    errors = stream.errors
    stream.reconfigure(errors="backslashreplace")
    try:
        yield
    finally:
        with contextlib.suppress(OSError, ValueError):  # a reader gone, a closed stream
            stream.reconfigure(errors=errors)


class _OutputError(Exception):
    """Standard output could not be written (a full disk, an I/O error): said in one line."""


class _Output:
    """``sys.stdout`` while :func:`main` runs: a failed write raises :class:`_OutputError`.

    ``beatkit hls inspect URL > listing.txt`` on a full disk ended in an ``OSError``
    traceback; a reader that went away (``BrokenPipeError``) still ends quietly.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._reader_gone = False

    def write(self, text: str) -> int:
        try:
            return self._stream.write(text)
        except BrokenPipeError:
            # Remembered: argparse drops an OSError of its own output (--help, --version),
            # and the flush of main() must still meet it.
            self._reader_gone = True
            raise
        except OSError as exc:
            raise _OutputError(exc.strerror or type(exc).__name__) from None

    def flush(self) -> None:
        if self._reader_gone:
            raise BrokenPipeError(errno.EPIPE, os.strerror(errno.EPIPE))
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise _OutputError(exc.strerror or type(exc).__name__) from None

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


class _Diagnostics:
    """``sys.stderr`` while :func:`main` runs: once it cannot be written, writes are discarded.

    A reader of stderr that goes away (``beatkit ... 2>&1 | head -1``, or a ``tee``
    stopped by the same Ctrl-C as the command) made the next message raise
    ``BrokenPipeError``: a completed download then ended with status 1, and Ctrl-C with
    1 instead of 130; a full disk (``2>/dev/full``) did the same with an ``OSError``.
    Messages are what is lost, never the command's status.
    """

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream
        self._gone = False

    def write(self, text: str) -> int:
        if not self._gone:
            try:
                return self._stream.write(text)
            except OSError:  # BrokenPipeError, or a full disk
                self._reader_gone()
        return len(text)

    def flush(self) -> None:
        if not self._gone:
            try:
                self._stream.flush()
            except OSError:
                self._reader_gone()

    def _reader_gone(self) -> None:
        self._gone = True
        # What the stream still holds goes to devnull at its last flush, not to an error.
        _silence(self._stream)

    def __getattr__(self, name: str) -> object:
        # isatty, fileno, encoding and the rest: the stream's own.
        return getattr(self._stream, name)


@contextlib.contextmanager
def _replaced(name: str, stream: object) -> Iterator[None]:
    """``sys.stdout`` or ``sys.stderr`` (``name``) is ``stream`` inside (anything that
    writes and flushes as a TextIO does), and what it was again after."""
    before = getattr(sys, name)
    setattr(sys, name, stream)
    try:
        yield
    finally:
        if getattr(sys, name) is stream:
            setattr(sys, name, before)


def _main(argv: Sequence[str] | None) -> int:
    try:
        try:
            status = _run(argv)
        except SystemExit:
            # argparse ends --help, --version and usage errors so: what they wrote is
            # flushed here too, or a full disk or closed pipe is met by the interpreter's
            # last flush ("Exception ignored ...", status 120).
            sys.stdout.flush()
            raise
        # Written out here, inside the try, so that a closed pipe is met now and not
        # by the interpreter's last flush at exit.
        sys.stdout.flush()
    except KeyboardInterrupt as exc:
        print(f"beatkit: {_stopped(exc)}", file=sys.stderr)
        _flush_or_drop()
        return exit_status(exc)
    except BeatkitError as exc:
        # beatkit's messages are written for users and carry no secrets; a traceback
        # would add only the SDK's insides. Other exceptions are bugs: they keep theirs.
        print(f"beatkit: error: {exc}", file=sys.stderr)
        _flush_or_drop()
        return 1
    except BrokenPipeError:
        _silence(sys.stdout)
        return 1
    except _OutputError as exc:
        _silence(sys.stdout)
        print(f"beatkit: error: cannot write to standard output: {exc}", file=sys.stderr)
        return 1
    return status


def _run(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    # parse_args() would report unknown arguments by repeating them all, values included.
    args, extras = parser.parse_known_args(argv)
    used: argparse.ArgumentParser = getattr(args, _PARSER_ATTR, parser)
    delattr(args, _PARSER_ATTR)
    if extras:
        # The usage of the subcommand the arguments were meant for, not the top level's.
        used.print_usage(sys.stderr)
        parser.exit(2, f"{parser.prog}: error: {_unrecognized(extras)}\n")
    func = getattr(args, "func", None)
    if func is None:
        parser.print_help()
        return 2
    status: int = func(args)
    return status


def _flush_or_drop() -> None:
    """Write out what stdout still holds after a failure, or drop it if it cannot be.

    Left to the interpreter's last flush, a closed pipe or a full disk there printed
    "Exception ignored ..." and made the status 120; the status already says the
    command failed. A second Ctrl-C while a slow reader holds the flush drops it too.
    """
    try:
        sys.stdout.flush()
    except (OSError, _OutputError, KeyboardInterrupt):
        _silence(sys.stdout)


def _silence(stream: TextIO) -> None:
    """Point ``stream`` at devnull, so the interpreter's last flush raises no second error."""
    with contextlib.suppress(OSError, ValueError):
        target = stream.fileno()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, target)
        os.close(devnull)
