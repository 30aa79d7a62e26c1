"""The ``beatkit hls`` command: download, inspect and decrypt HLS AES-128 streams."""

from __future__ import annotations

import argparse
import math
import re
import string
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TextIO

import httpx
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from beatkit._core.files import atomic_file
from beatkit._core.redact import redact_url
from beatkit._core.validate import header_name_problem
from beatkit.cli import _quoted, _stopped, exit_status
from beatkit.hls._answers import RAISE_THE_LIMIT
from beatkit.hls._plan import Progress, VariantChoice, too_many_entries
from beatkit.hls._sync.download import (
    _MAX_PLAYLIST_BYTES,
    _MAX_SEGMENTS,
    DEFAULT_MAX_SEGMENT_BYTES,
    HLSDownloader,
)
from beatkit.hls.crypto import BLOCK_SIZE, decrypt_segment
from beatkit.hls.errors import DecryptionError, HLSError, PlaylistError
from beatkit.hls.playlist import ByteRange, MasterPlaylist, MediaPlaylist, parse_playlist

__all__ = ["add_hls_commands"]


# As HLSDownloader sends them: never to another host, nor to the same host on another
# scheme or port (a key server, a CDN).
_HEADER_HELP = (
    "extra request header, sent only to the playlist's own origin (scheme, host and port); "
    "repeatable. @FILE reads one 'Name: value' header per line from FILE (@- from standard "
    "input): use it for credentials, which on the command line are visible to other users "
    "(ps) and kept in shell history"
)
_HEADER_METAVAR = "'Name: value'|@FILE"

# A key file holds 16 bytes or 32 hex digits and a headers file a few lines: anything
# much larger is the wrong file, refused before it is read whole.
_MAX_KEY_FILE_BYTES = 4096
_MAX_HEADERS_FILE_BYTES = 64 * 1024


class _UsageError(Exception):
    """A bad argument found after parsing: reported as argparse reports its own (status 2).

    Its message never holds a secret read from a file: only the file's name, sizes and
    line numbers.
    """


def _usage_errors(
    parser: argparse.ArgumentParser, func: Callable[[argparse.Namespace], int]
) -> Callable[[argparse.Namespace], int]:
    """``func``, with a :class:`_UsageError` it raises turned into ``parser.error``."""

    def run(args: argparse.Namespace) -> int:
        try:
            return func(args)
        except _UsageError as exc:
            parser.error(str(exc))  # prints the usage and the message, exits with status 2

    return run


def add_hls_commands(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``hls`` command and its subcommands to a ``beatkit`` argument parser.

    Each subcommand sets ``func``: call ``args.func(args)`` and exit with the
    integer it returns.

    Args:
        subparsers: The object returned by ``parser.add_subparsers()``.
    """
    hls = subparsers.add_parser(
        "hls",
        help="download, inspect and decrypt HLS AES-128 streams",
        description="Download, inspect and decrypt HLS streams encrypted with AES-128.",
    )
    commands = hls.add_subparsers(dest="hls_command", metavar="COMMAND", required=True)

    download = commands.add_parser(
        "download",
        help="download a whole VOD stream, decrypted, to one file",
        description="Download a VOD stream, decrypting every segment, into one file. "
        "The file appears only when the download is complete.",
    )
    download.add_argument("url", metavar="URL", help="playlist URL (media or master)")
    download.add_argument(
        "-o",
        "--output",
        required=True,
        type=_file_name,
        metavar="FILE",
        help="output file; an existing file is replaced, once the new one is complete",
    )
    download.add_argument(
        "--concurrency",
        type=_positive,
        default=4,
        metavar="N",
        help="parallel segments (default: 4)",
    )
    download.add_argument(
        "--variant",
        type=_variant,
        default="best",
        metavar="best|worst|BANDWIDTH",
        help="variant of a master playlist (default: best)",
    )
    download.add_argument(
        "--header",
        action="append",
        default=[],
        metavar=_HEADER_METAVAR,
        help=_HEADER_HELP,
    )
    download.add_argument(
        "--max-segment-mb",
        type=_megabytes,
        default=DEFAULT_MAX_SEGMENT_BYTES,
        metavar="MIB",
        help="largest segment accepted, in MiB (default: 256): segments are held in memory",
    )
    download.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    download.set_defaults(func=_usage_errors(download, _download))

    inspect = commands.add_parser(
        "inspect",
        help="show a playlist's segments, keys and byte ranges",
        description="Print a playlist's variants, or its segments with key URIs, IVs and "
        "byte ranges. Key bytes are never fetched or shown. Credentials in the URIs "
        "(signed query parameters such as token, Signature or X-Amz-Signature, "
        "signature path segments) are shown as REDACTED unless "
        "--show-secrets is given.",
    )
    inspect.add_argument(
        "source", type=_source, metavar="URL_OR_FILE", help="playlist URL or local file"
    )
    inspect.add_argument(
        "--header", action="append", default=[], metavar=_HEADER_METAVAR, help=_HEADER_HELP
    )
    inspect.add_argument(
        "--show-secrets",
        action="store_true",
        help="print URIs as written, signatures and tokens included (masked by default)",
    )
    inspect.set_defaults(func=_usage_errors(inspect, _inspect))

    decrypt = commands.add_parser(
        "decrypt",
        help="decrypt one AES-128 segment file",
        description="Decrypt one AES-128-CBC segment (PKCS#7 padding checked). "
        "Give the key with --key-file: a --key on the command line is visible to other "
        "users (ps) and kept in shell history.",
    )
    decrypt.add_argument("input", type=_file_name, metavar="IN", help="encrypted segment file")
    decrypt.add_argument(
        "output",
        type=_file_name,
        metavar="OUT",
        help="clear output file; an existing file is replaced, once the new one is complete",
    )
    key = decrypt.add_mutually_exclusive_group(required=True)
    key.add_argument(
        "--key",
        metavar="HEX",
        help="16-byte key, 32 hex digits; visible to other users (ps) and kept in shell "
        "history: prefer --key-file",
    )
    key.add_argument(
        "--key-file",
        type=_key_file_name,
        metavar="FILE",
        help="read the 16-byte key from FILE ('-' for standard input): the 16 bytes "
        "themselves, or 32 hex digits as text (a trailing newline is fine); recommended",
    )
    decrypt.add_argument("--iv", required=True, metavar="HEX", help="16-byte IV, 32 hex digits")
    decrypt.set_defaults(func=_usage_errors(decrypt, _decrypt))


def _source(text: str) -> str:
    # pathlib reads "" as ".", the current directory, which the error would then name.
    if not text:
        raise argparse.ArgumentTypeError("empty: name a playlist URL or file")
    # "-" means standard input to most commands (`curl ... | beatkit hls inspect -`):
    # taken as a file name, it failed with "No such file or directory".
    if text == "-":
        raise argparse.ArgumentTypeError(
            "'-' (standard input) is not supported: name a playlist URL or file (./- for a "
            "file called '-')"
        )
    return text


def _key_file_name(text: str) -> str:
    if not text:
        raise argparse.ArgumentTypeError("empty: name a file ('-' for standard input)")
    return text


def _file_name(text: str) -> str:
    if not text:
        raise argparse.ArgumentTypeError("empty: name a file")
    # "-" means standard output (or input) to most commands; taken as a file name, the
    # output would land in a file called "-" and nothing would reach the pipe.
    if text == "-":
        raise argparse.ArgumentTypeError(
            "'-' (standard input or output) is not supported: name a file (./- for a "
            "file called '-')"
        )
    return text


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        if text.isascii() and text.isdigit():  # more digits than int() reads (4300)
            raise argparse.ArgumentTypeError("an integer too long to read") from None
        raise argparse.ArgumentTypeError(f"not an integer{_quoted(text)}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _megabytes(text: str) -> int:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number{_quoted(text)}") from None
    size = value * 1024 * 1024
    # NaN fails the first test; a huge number of MiB (1e308) is finite but its bytes are not.
    if not size >= 1 or not math.isfinite(size):
        raise argparse.ArgumentTypeError("must be a positive number of MiB")
    return int(size)


def _variant(text: str) -> VariantChoice:
    if text in ("best", "worst"):
        return text  # type: ignore[return-value]  # narrowed by the test above
    # ASCII digits only: str.isdigit() also takes "²" (which int() refuses) and other
    # scripts' digits (which int() reads), and a playlist writes BANDWIDTH in ASCII.
    if text.isascii() and text.isdigit():
        try:
            return int(text)
        except ValueError:
            # More digits than int() reads (4300 by default): argparse's own message
            # for a ValueError repeated the value whole.
            raise argparse.ArgumentTypeError("a BANDWIDTH number too long to read") from None
    raise argparse.ArgumentTypeError("expected best, worst or a BANDWIDTH number")


def _headers(values: list[str]) -> dict[str, str]:
    """The headers of ``--header`` options, ``@FILE`` ones read from their file, in order.

    Raises:
        ValueError: An option's value is not ``Name: value`` (status 1, as before
            ``@FILE`` existed).
        _UsageError: A file cannot be read or a line of it is ill-formed.
    """
    headers: dict[str, str] = {}
    stdin_read = False
    for value in values:
        # "@" cannot start a header name (it is not a token character), so "@FILE" is
        # unambiguous, as in curl's -H @FILE.
        if value.startswith("@"):
            name = value[1:]
            if name == "-":
                if stdin_read:
                    raise _UsageError("argument --header: @- (standard input) given twice")
                stdin_read = True
            for header, content in _headers_file(name).items():
                _put(headers, header, content)
            continue
        name, sep, content = value.partition(":")
        if not sep or not name.strip():
            raise ValueError("--header must look like 'Name: value'")
        if (problem := header_name_problem(name.strip())) is not None:
            # Described, not echoed: 'X-Tok SEKRET3: v' holds a token in its name.
            raise ValueError(f"--header: {problem}")
        _put(headers, name.strip(), content.strip())
    return headers


def _put(headers: dict[str, str], name: str, value: str) -> None:
    # Header names are case-insensitive: `authorization` from a file and `Authorization`
    # given after it would otherwise both be sent, two credentials in one request.
    for old in [key for key in headers if key.lower() == name.lower()]:
        del headers[old]
    headers[name] = value


def _headers_file(name: str) -> dict[str, str]:
    if not name:
        raise _UsageError("argument --header: @ needs a file name (@- for standard input)")
    what = _what("argument --header: @", name)
    data = _read_secret_file(name, what, _MAX_HEADERS_FILE_BYTES)
    try:
        # utf-8-sig: a file saved by Notepad starts with a byte order mark, which would
        # otherwise become part of the first header's name.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # Its position only: the reason and offset name no byte of the file.
        raise _UsageError(f"{what}: not UTF-8 text (byte {exc.start})") from None
    headers: dict[str, str] = {}
    # Split on line feeds only (a CR before one is stripped with the value): splitlines()
    # would also cut at form feeds and Unicode separators, which belong to a value that
    # the downloader then refuses by the header's name.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        header, sep, content = line.partition(":")
        if not sep or not header.strip():
            # The line number, never the line: it may be a bare token.
            raise _UsageError(f"{what}: line {number} is not 'Name: value'")
        if (problem := header_name_problem(header.strip())) is not None:
            raise _UsageError(f"{what}: line {number}: {problem}")
        _put(headers, header.strip(), content.strip())
    return headers


def _read_secret_file(name: str, what: str, limit: int) -> bytes:
    """Read the file ``name`` (``-``: standard input) holding a secret, up to ``limit`` bytes.

    Raises:
        _UsageError: The file cannot be read, is empty or is larger than ``limit``; the
            message starts with ``what`` and never holds the file's content.
    """
    try:
        if name == "-":
            data = _read_stdin(what, limit)
        else:
            with Path(name).open("rb") as stream:
                data = stream.read(limit + 1)
    except OSError as exc:
        # strerror, not str(exc): the latter repeats the name, which may be a key.
        reason = exc.strerror or type(exc).__name__
        raise _UsageError(f"{what}: cannot read: {reason}") from None
    except ValueError:
        # "embedded null byte": no command line holds one, a program calling main() may.
        raise _UsageError(f"{what}: cannot read: a NUL character in the name") from None
    if not data:
        raise _UsageError(f"{what}: is empty")
    if len(data) > limit:
        raise _UsageError(f"{what}: larger than {limit} bytes (the wrong file?)")
    return data


def _read_stdin(what: str, limit: int) -> bytes:
    # Python starts with sys.stdin None when descriptor 0 is closed (`<&-`).
    if sys.stdin is None:
        raise _UsageError(f"{what}: is closed")
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        # A text stream put in its place by a program calling main() (a StringIO).
        text = sys.stdin.read(limit + 1)
        return text.encode("utf-8") if isinstance(text, str) else b""
    data = buffer.read(limit + 1)
    return data if isinstance(data, bytes) else b""


def _what(prefix: str, name: str) -> str:
    """How an error names the file ``name`` of an option: ``prefix`` then the name."""
    if name == "-":
        return f"{prefix}- (standard input)"
    return prefix + _file_shown(name)


def _file_shown(name: str) -> str:
    """How an error names the file ``name``: as given, unless it looks like a key."""
    # `--key-file 5ec4...` or `decrypt 5ec4... OUT`, the key itself given by mistake: the
    # error must not print it again, into a terminal's scrollback or a CI log.
    if _is_hex(name.strip().removeprefix("0x").removeprefix("0X"), 32):
        return "(a file name that looks like a key, not shown)"
    # Escaped as the error lines are: a usage error prints the name as it is.
    return _printable(name)


def _is_hex(text: str, digits: int) -> bool:
    # bytes.fromhex() alone would also take blanks between digits, and return fewer bytes.
    return len(text) == digits and all(char in string.hexdigits for char in text)


def _key_from_file(name: str) -> bytes:
    what = _what("argument --key-file: ", name)
    data = _read_secret_file(name, what, _MAX_KEY_FILE_BYTES)
    if len(data) == 16:
        # 16 bytes are the key itself (`openssl rand 16 > key`), blanks included:
        # except 16 hex digits, which are half a hex key, not a key of random bytes.
        if _is_hex(data.decode("latin-1"), 16):
            raise _UsageError(
                f"{what}: holds 16 hex digits: a key is 32 hex digits, or 16 raw bytes"
            )
        return data
    # Hex text, as --key takes it, with the newline an editor or echo adds.
    text = data.strip()
    if text[:2] in (b"0x", b"0X"):
        text = text[2:]
    if len(text) != 32:
        raise _UsageError(f"{what}: expected 16 raw bytes or 32 hex digits, got {len(data)} bytes")
    # latin-1 maps every byte to one character; only ASCII hex digits pass.
    if not _is_hex(text.decode("latin-1"), 32):
        raise _UsageError(f"{what}: 32 characters, not all hexadecimal")
    return bytes.fromhex(text.decode("ascii"))


def _cannot_read(exc: OSError) -> str:
    # Python's "[Errno 2] No such file or directory: 'name'" shows the name as a repr,
    # escapes and all: said as the other file errors of this command say it.
    return f"cannot read: {exc.strerror or type(exc).__name__}"


def _fail(message: str) -> int:
    # Escaped as inspect's output is: a message may quote a URL or a playlist's text.
    print(f"beatkit hls: error: {_printable(message)}", file=sys.stderr)
    return 1


class _ProgressBar:
    """A one-line progress bar redrawn on a terminal."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.drawn = False

    def __call__(self, report: Progress) -> None:
        total = max(report.segments_total, 1)
        width = 30
        filled = width * report.segments_done // total
        bar = "#" * filled + "." * (width - filled)
        megabytes = report.bytes_written / 1_000_000
        self.stream.write(
            f"\r[{bar}] {report.segments_done}/{report.segments_total} segments, {megabytes:.1f} MB"
        )
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()


def _download(args: argparse.Namespace) -> int:
    try:
        headers = _headers(args.header)
    except ValueError as exc:
        return _fail(str(exc))
    bar = _ProgressBar(sys.stderr) if not args.quiet and sys.stderr.isatty() else None
    try:
        result = HLSDownloader(max_segment_bytes=args.max_segment_mb).download(
            args.url,
            args.output,
            variant=args.variant,
            concurrency=args.concurrency,
            headers=headers,
            progress=bar,
        )
    except (HLSError, OSError, ValueError) as exc:
        if bar is not None:
            bar.close()
        # The library's parameter, which this command sets with --max-segment-mb.
        return _fail(
            str(exc).replace(RAISE_THE_LIMIT, "raise --max-segment-mb if it is meant to be")
        )
    except KeyboardInterrupt as exc:
        if bar is not None:
            bar.close()
        _fail(f"{_stopped(exc)}; nothing was written")
        return exit_status(exc)
    if bar is not None:
        bar.close()
    if not args.quiet:
        # Escaped as the error lines are: a path may hold what drives the terminal.
        print(
            _printable(
                f"wrote {result.path} ({result.segments} segments, {result.bytes_written} bytes)"
            ),
            file=sys.stderr,
        )
    return 0


def _load(source: str, headers: dict[str, str]) -> MediaPlaylist | MasterPlaylist:
    if "://" not in source:
        what = f"playlist {_file_shown(source)}"
        # Read up to a downloaded playlist's limit: a media file named by mistake is
        # refused, not read whole into memory.
        try:
            with Path(source).open("rb") as stream:
                data = stream.read(_MAX_PLAYLIST_BYTES + 1)
        except OSError as exc:
            raise PlaylistError(f"{what}: {_cannot_read(exc)}") from None
        if len(data) > _MAX_PLAYLIST_BYTES:
            raise PlaylistError(
                f"{what} is larger than {_MAX_PLAYLIST_BYTES} bytes: "
                "refused, not read (a media file?)"
            )
        if (too_many := too_many_entries(data, _MAX_SEGMENTS)) is not None:
            # As a download refuses a playlist URL: each parsed entry takes memory.
            raise PlaylistError(f"{what} lists {too_many}: refused")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            # Worded as a download words a playlist URL whose body is not UTF-8.
            raise PlaylistError(f"{what} is not UTF-8 text: {exc.reason}") from None
        return parse_playlist(text)
    # Fetched as a download fetches it: redirects followed and checked, headers to the
    # playlist's own origin only, UTF-8 required.
    return HLSDownloader()._fetch_playlist(source, headers)


def _hex(data: bytes | None) -> str:
    return "0x" + data.hex() if data is not None else "-"


def _inspect(args: argparse.Namespace) -> int:
    try:
        playlist = _load(args.source, _headers(args.header))
    except (HLSError, OSError, ValueError, httpx.HTTPError) as exc:
        return _fail(str(exc))
    # A reader that goes away (`| head`) is beatkit.cli.main's to handle, as for any command.
    _show(playlist, sys.stdout, show_secrets=args.show_secrets)
    return 0


def _as_written(uri: str | None) -> str:
    return "-" if uri is None else uri


def _masked(uri: str | None) -> str:
    # The key's file name stays: which key each segment uses is what inspect is for,
    # and the name fetches nothing without the signature or token, which are masked.
    return "-" if uri is None else redact_url(uri, key_file_name=False)


def _show(
    playlist: MediaPlaylist | MasterPlaylist, out: TextIO, *, show_secrets: bool = False
) -> None:
    # A signed segment or key URI is a live credential, and this output ends up in
    # terminals, CI logs and pasted bug reports: masked as beatkit's own logs mask it.
    shown = _as_written if show_secrets else _masked

    def say(line: str) -> None:
        print(_printable(line), file=out)

    if isinstance(playlist, MasterPlaylist):
        say(f"master playlist: {len(playlist.variants)} variants")
        for variant in sorted(playlist.variants, key=lambda v: -v.bandwidth):
            extra = f" codecs={variant.codecs}" if variant.codecs else ""
            if variant.resolution:
                extra += f" resolution={variant.resolution[0]}x{variant.resolution[1]}"
            say(f"  BANDWIDTH={variant.bandwidth}{extra}  {shown(variant.uri)}")
        for rendition in playlist.renditions:
            say(
                f"  media {rendition.type} group={rendition.group_id} name={rendition.name}"
                f"  {shown(rendition.uri or None)}"
            )
        return
    kind = "VOD" if playlist.endlist else "live (no EXT-X-ENDLIST)"
    if playlist.i_frames_only:
        kind += ", I-frames only (EXT-X-I-FRAMES-ONLY: not downloadable)"
    say(
        f"media playlist: {len(playlist.segments)} segments, {playlist.duration:.3f} s, {kind}, "
        f"media sequence {playlist.media_sequence}"
    )
    aes = [key for key in playlist.keys if key.method == "AES-128"]
    say(f"keys: {len(aes)} AES-128 tags, {len({k.uri for k in aes})} distinct URIs")
    for key in playlist.keys:
        say(
            f"  line {key.line}: METHOD={key.method} URI={shown(key.uri or None)} IV={_hex(key.iv)}"
        )
    seen_init = None
    for segment in playlist.segments:
        init = segment.init_section
        if init is not None and init != seen_init:
            seen_init = init
            say(f"  init  {shown(init.uri)}{_range(init.byterange)}  IV={_hex(init.iv)}")
        where = f"key={shown(segment.key.uri)} IV={_hex(segment.iv)}" if segment.key else "clear"
        say(
            f"  {segment.index:>5} seq={segment.sequence} {segment.duration:.3f}s "
            f"{shown(segment.uri)}{_range(segment.byterange)}  {where}"
        )


# Terminal control characters: C0 (the line feed too: a line is one line), DEL, C1, and
# the invisible format characters that reorder or hide text (bidi overrides and
# isolates, zero-width characters, the byte order mark).
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def _printable(line: str) -> str:
    """``line`` with each control character as its escape (``\\x1b``), as a repr shows it.

    A playlist is remote text: printed raw, ``ESC ] 0 ; ... BEL`` retitles the user's
    terminal, ``ESC [ 2 J`` clears it, ``ESC ] 52`` writes its clipboard, and U+202E
    shows what follows reversed.
    """
    return _CONTROL.sub(lambda match: match[0].encode("unicode_escape").decode("ascii"), line)


def _range(byterange: ByteRange | None) -> str:
    return f" [{byterange.length}@{byterange.offset}]" if byterange is not None else ""


def _parse_hex(text: str, what: str) -> bytes:
    digits = text[2:] if text.lower().startswith("0x") else text
    if len(digits) != 32:
        # Say how long it was, never what it was: the key is a secret.
        raise ValueError(f"--{what} must be 32 hex digits (16 bytes), got {len(digits)} digits")
    if not _is_hex(digits, 32):
        raise ValueError(f"--{what} is not hexadecimal")
    return bytes.fromhex(digits)


# How much of the input ``hls decrypt`` reads at a time: its memory use, whatever the size.
_DECRYPT_CHUNK = 1024 * 1024


def _decrypt_stream(source: BinaryIO, out: BinaryIO, key: bytes, iv: bytes) -> None:
    """Decrypt ``source`` into ``out`` a chunk at a time, as :func:`decrypt_segment` would.

    Every block but the last is decrypted as it arrives; the last one, whose padding
    only the end of the input reveals, goes to :func:`decrypt_segment` with the block
    before it as its IV (CBC), so the size and padding checks and their messages are
    that function's.

    Raises:
        DecryptionError: The input is empty or not a multiple of 16 bytes long (the
            whole length is named), or its padding is wrong.
    """
    decryptor = Cipher(algorithms.AES128(key), modes.CBC(iv)).decryptor()
    chain = iv  # the IV of the next block: the last ciphertext block decrypted
    tail = b""  # ciphertext read but not decrypted: the last block, or a partial one
    total = 0
    while chunk := source.read(_DECRYPT_CHUNK):
        total += len(chunk)
        tail += chunk
        # Whole blocks, keeping 1 to 16 bytes back: the input may end after them.
        cut = (len(tail) - 1) // BLOCK_SIZE * BLOCK_SIZE
        if cut:
            out.write(decryptor.update(tail[:cut]))
            chain = tail[cut - BLOCK_SIZE : cut]
            tail = tail[cut:]
    if total and total % BLOCK_SIZE:
        # Said of the whole input, not of the piece left over.
        raise DecryptionError(
            f"ciphertext length {total} is not a multiple of 16 (truncated download?)"
        )
    out.write(decrypt_segment(tail, key, chain))


def _decrypt(args: argparse.Namespace) -> int:
    # A key file is read before anything else is checked: its mistakes are usage errors.
    file_key = _key_from_file(args.key_file) if args.key_file is not None else None
    try:
        key = file_key if file_key is not None else _parse_hex(args.key, "key")
        iv = _parse_hex(args.iv, "iv")
        # Streamed, not read whole: a large file would take three times its size in
        # memory, or end in a MemoryError. The input is opened first, so
        # a missing one is reported before the output is touched; atomic_file removes
        # its temporary file on any failure (bad padding found at the end, Ctrl-C).
        try:
            source = Path(args.input).open("rb")  # noqa: SIM115 - closed by the with below
        except OSError as exc:
            return _fail(f"input {_file_shown(args.input)}: {_cannot_read(exc)}")
        with source, atomic_file(args.output) as out:
            _decrypt_stream(source, out, key, iv)
    except (HLSError, OSError, ValueError) as exc:
        return _fail(str(exc))
    return 0
