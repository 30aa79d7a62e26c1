"""Secrets stay out of everything a user sees, end to end, on all four clients.

Each test turns the root logger to DEBUG with a handler that keeps every record
(formatted, its arguments too), drives a client against its ``beatkit.testing`` fake
served on 127.0.0.1 (so httpx's and httpcore's own loggers write their lines too)
through normal calls and failures (401, 429, 5xx, token endpoint errors, redirects,
servers quoting credentials back), then looks for every credential, in its common
encodings, in every log record, in every exception (str, repr, args, body, notes,
chained causes, traceback text) and in the repr of what the calls returned.
"""

from __future__ import annotations

import base64
import json
import logging
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus

import pytest

import beatkit  # noqa: F401 - installs the log filters
from beatkit import BeatConnect, BeatPass, Beatport, BeatTech
from beatkit.beattech.models import BatchRequest
from beatkit.testing import FakeBeatConnect, FakeBeatPass, FakeBeatport, FakeBeatTech, serve

HERE = __file__.removesuffix("c")  # the source lines of this file quote secrets on purpose


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.texts: list[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.texts += [self.format(record), repr(record.args), str(record.msg)]


class Seen:
    """Everything shown: log records, exceptions, reprs."""

    def __init__(self, capture: _Capture) -> None:
        self.capture = capture
        self.shown: list[str] = []
        self.secrets: set[str] = set()

    def secret(self, *values: str | None) -> None:
        self.secrets.update(value for value in values if value and len(value) >= 4)

    def call(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn``; keep the repr of its result or everything its exception shows."""
        try:
            result = fn()
        except Exception as exc:  # every failure is looked at
            self.shown += _exception_texts(exc)
            return exc
        self.shown.append(repr(result))
        return result

    def leaks(self) -> list[str]:
        """Each secret's spelling found, with where: empty when nothing leaked."""
        texts = self.capture.texts + self.shown
        found = []
        for secret in sorted(self.secrets):
            for form in _spellings(secret):
                for text in texts:
                    if form in text:
                        found.append(f"{form!r} in ...{text[text.find(form) - 120 :][:240]}")
                        break
        return found


def _spellings(secret: str) -> set[str]:
    forms = {
        secret,
        quote(secret, safe=""),
        quote_plus(secret),
        json.dumps(secret)[1:-1],
        base64.b64encode(secret.encode()).decode(),
    }
    return {form for form in forms if len(form) >= 4}


def _exception_texts(exc: BaseException | None, seen: set[int] | None = None) -> list[str]:
    seen = set() if seen is None else seen
    texts: list[str] = []
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        texts += [str(exc), repr(exc), repr(exc.args)]
        for name in ("body", "details", "code", "field_errors", "location", "message", "url"):
            value = getattr(exc, name, None)
            if value is not None:
                texts.append(repr(value))
        texts += [str(note) for note in getattr(exc, "__notes__", ())]
        # The traceback without this file's own source lines, which name secrets.
        lines = traceback.format_exception(exc, chain=False)
        texts.append("".join(line for line in lines if HERE not in line))
        if exc.__cause__ is not None:
            texts += _exception_texts(exc.__cause__, seen)
        exc = exc.__context__
    return texts


@pytest.fixture
def seen() -> Iterator[Seen]:
    capture = _Capture()
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(capture)
    try:
        yield Seen(capture)
    finally:
        root.removeHandler(capture)
        root.setLevel(level)


def test_beatport_login_refresh_failures_and_streams(seen: Seen, tmp_path: Path) -> None:
    fake = FakeBeatport()
    with serve(fake) as server:
        bp = Beatport(
            client_id=fake.client_id,
            base_url=server.base_url,
            allow_http=True,
            requests_per_second=None,
            max_retries=1,
            max_retry_wait=1,
        )
        with bp:
            seen.secret(fake.password, "wrong-password-1", "My$ecret Pass/wd+1")
            seen.call(lambda: bp.auth.login(fake.username, "wrong-password-1"))
            fake.fail_next(400, body={"password": ["My$ecret Pass/wd+1 is wrong"]})
            seen.call(lambda: bp.auth.login(fake.username, "My$ecret Pass/wd+1"))
            token = seen.call(lambda: bp.auth.login(fake.username, fake.password))
            seen.secret(token.access_token, token.refresh_token)
            track = fake.tracks[0]["id"]
            seen.call(lambda: bp.tracks.get(track))
            fake.fail_next(429, headers={"Retry-After": "0"})
            seen.call(lambda: bp.tracks.get(track))
            fake.fail_next(500, count=2, body=f"Authorization: Bearer {token.access_token}")
            seen.call(lambda: bp.tracks.get(track))
            fake.fail_next(302, headers={"Location": "https://x.test/cb?code=code-in-redirect"})
            seen.secret("code-in-redirect")
            seen.call(lambda: bp.tracks.get(track))
            # A refresh: the token endpoint fails, then answers.
            fake.expire_access_tokens()
            fake.fail_next(503, count=2)
            seen.call(lambda: bp.tracks.get(track))
            fake.clear_faults()
            seen.call(lambda: bp.tracks.get(track))
            seen.secret(bp.auth.token.access_token, bp.auth.token.refresh_token)
            # The authorization code flow with PKCE: the token endpoint quotes the verifier.
            request = bp.auth.authorization_url("http://127.0.0.1/cb")
            seen.secret(request.pkce.verifier, "authcode-1234")
            fake.fail_next(400, body={"error": "invalid_grant", "verifier": request.pkce.verifier})
            redirect = f"http://127.0.0.1/cb?code=authcode-1234&state={request.state}"
            seen.call(lambda: bp.auth.exchange_code(redirect, request))
            seen.call(lambda: bp.auth.exchange_code(redirect, request))
            seen.shown.append(repr(request))
            # Streams: the signed CDN URLs and the HLS key.
            key = fake.stream_key(track)
            seen.secret(key.hex(), base64.b64encode(key).decode())
            seen.call(lambda: bp.tracks.save_stream(track, tmp_path / "a.aac"))
            fake.expire_stream_urls()
            seen.call(lambda: bp.tracks.save_stream(track, tmp_path / "b.aac"))
            # A download: the API's error page quotes the signed file URL.
            info = bp.tracks.download(track)
            seen.secret(*_signatures(info.location))
            fake.fail_next(500, count=2, body=f"upstream error for {info.location}")
            seen.call(lambda: bp.tracks.save_download(track, tmp_path / "c.aac"))
            seen.call(lambda: bp.tracks.save_download(track, tmp_path / "c.aac"))
            # A dead refresh token.
            fake.revoke_refresh_tokens()
            fake.expire_access_tokens()
            seen.call(lambda: bp.tracks.get(track))
            seen.shown += [repr(bp), repr(bp.auth), repr(bp.auth.token), repr(bp.auth.manager)]
    for request in fake.requests:
        seen.secret(*_signatures(str(request.url)))
    leaks = seen.leaks()
    assert not leaks, "\n".join(leaks)


def _signatures(url: str) -> list[str]:
    """The signatures in a Beatport CDN URL's path (``/{timestamp}_{hash}/``)."""
    found = []
    for segment in url.split("?")[0].split("/"):
        stamp, _, signature = segment.partition("_")
        if stamp.isdigit() and len(signature) >= 8:
            found.append(signature)
    return found


def test_beatpass_login_and_failures(seen: Seen) -> None:
    fake = FakeBeatPass()
    with serve(fake) as server:
        with BeatPass(base_url=server.base_url, allow_http=True, max_retries=1) as bp:
            seen.secret(fake.password, "hunter2-long", fake.token)
            fake.fail_next(422, body={"errors": {"password": ["hunter2-long is too short"]}})
            seen.call(lambda: bp.login(fake.email, "hunter2-long"))
            seen.call(lambda: bp.login(fake.email, fake.password))
            seen.call(lambda: bp.tracks.get(fake.track_id))
            fake.fail_next(401)
            seen.call(lambda: bp.tracks.get(fake.track_id))
            fake.fail_next(429, count=2, headers={"Retry-After": "0"})
            seen.call(lambda: bp.tracks.get(fake.track_id))
            fake.fail_next(502, count=2, body=f"<p>token={fake.token}</p>")
            seen.call(lambda: bp.tracks.get(fake.track_id))
            seen.shown.append(repr(bp))
        for request in fake.requests:
            seen.secret(request.headers.get("authorization", "").partition(" ")[2])
    leaks = seen.leaks()
    assert not leaks, "\n".join(leaks)


def test_beatconnect_api_key(seen: Seen) -> None:
    key = "bc-api-key-secret-1"
    fake = FakeBeatConnect(api_key=key)
    seen.secret(key, "bc-wrong-key-2")
    with serve(fake) as server:
        with BeatConnect(key, base_url=server.base_url, allow_http=True, max_retries=1) as bc:
            seen.call(lambda: bc.beats.get(1234))
            fake.fail_next(500, count=2)
            seen.call(lambda: bc.beats.get(1234))
            fake.fail_next(429, count=2, headers={"Retry-After": "0"})
            seen.call(lambda: bc.beats.get(1234))
            fake.fail_next(401, body={"error": {"message": f"key {key}", "details": {"k": key}}})
            seen.call(lambda: bc.beats.get(1234))
            fake.fail_next(302, headers={"Location": f"https://x.test/?api_key={key}"})
            seen.call(lambda: bc.beats.get(1234))
            seen.shown.append(repr(bc))
        with BeatConnect("bc-wrong-key-2", base_url=server.base_url, allow_http=True) as bad:
            seen.call(lambda: bad.beats.get(1234))
    leaks = seen.leaks()
    assert not leaks, "\n".join(leaks)


def test_beattech_tokens_partner_lcp_and_commerce(seen: Seen) -> None:
    fake = FakeBeatTech()
    lcp_user, lcp_password = fake.lcp_credentials
    with serve(fake) as server:
        bt = BeatTech(
            base_url=server.base_url,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            lcp_credentials=fake.lcp_credentials,
            allow_http=True,
            max_retries=1,
            max_retry_wait=1,
        )
        with bt:
            basic = base64.b64encode(f"{lcp_user}:{lcp_password}".encode()).decode()
            seen.secret(fake.client_secret, lcp_password, basic, "bt-wrong-pw", "fake-password")
            # The app token (client credentials): the endpoint fails, quotes the secret.
            fake.fail_next(400, body={"error": "invalid_client", "echo": fake.client_secret})
            seen.call(lambda: list(bt.products.list()))
            fake.fail_next(500, count=2, body=f"client_secret={fake.client_secret}")
            seen.call(lambda: list(bt.products.list()))
            seen.call(lambda: list(bt.products.list()))
            # The user.
            seen.call(lambda: bt.auth.login("reader@example.com", "bt-wrong-pw"))
            token = seen.call(lambda: bt.auth.login("reader@example.com", "fake-password"))
            seen.secret(token.access_token, token.refresh_token)
            fake.fail_next(429, count=2, headers={"Retry-After": "0"})
            seen.call(bt.auth.refresh)
            fake.clear_faults()
            token = seen.call(bt.auth.refresh)
            seen.secret(token.access_token, token.refresh_token)
            # LCP (HTTP Basic) and partner credentials, quoted back.
            fake.fail_next(401, body=f"Authorization: Basic {basic}")
            seen.call(lambda: bt.lcp.license_status("1", fake.user_id))
            fake.fail_next(401, body=f"X-Auth-Client-Secret: {fake.client_secret}")
            seen.call(lambda: bt.partner_users.activate("ext-1", "201", user={"email": "a@x.test"}))
            # Coupons, confirmation codes, gift cards and charges.
            seen.secret("WELCOME-2026", "USED-2025", "conf-code-abc123", "conf-code-abc1")
            seen.call(lambda: list(bt.coupons.lookup("WELCOME-2026")))
            fake.fail_next(500, count=2)
            seen.call(lambda: list(bt.coupons.lookup("WELCOME-2026")))
            seen.call(lambda: bt.users.redeem_coupon("USED-2025"))
            seen.call(lambda: bt.activations.lookup("conf-code-abc123"))
            offers = next(iter(bt.coupons.offers()))
            gift = bt.coupons.generate(offers.id)
            seen.secret(gift.code)
            seen.shown.append(repr(gift))
            fake.fail_next(400, body={"message": f"{gift.code} unpaid", "entity_id": gift.code})
            seen.call(lambda: bt.charges.create("coupon", "coupon", entity_id=gift.code))
            seen.call(lambda: bt.charges.create("coupon", "coupon", entity_id=gift.code))
            # The same calls in a batch: the answers' and the requests' reprs.
            batch = [
                BatchRequest(method="GET", url="/v2/coupons?code=WELCOME-2026"),
                BatchRequest(method="GET", url="/v2/activations?confirmation_code=conf-code-abc1"),
                BatchRequest(method="POST", url="/v2/coupons", body={"offer_id": offers.id}),
                BatchRequest(
                    method="POST",
                    url=f"/v2/users/{fake.user_id}/coupons/redemptions",
                    body={"coupon": "USED-2025"},
                ),
            ]
            seen.shown.append(repr(batch))
            answers = seen.call(lambda: bt.batch(batch))
            for answer in answers:
                seen.secret(_gift_code(answer.body))
            seen.shown += [repr(bt), repr(bt.auth.token)]
    leaks = seen.leaks()
    assert not leaks, "\n".join(leaks)


def _gift_code(body: Any) -> str | None:
    coupon = body.get("coupon") if isinstance(body, dict) else None
    return coupon.get("code") if isinstance(coupon, dict) else None


def test_credentials_in_camel_case_url_parameters(seen: Seen) -> None:
    # A redirect to a URL carrying a token as "accessToken=" (camelCase, as the JSON
    # bodies of some servers spell it): its RedirectError, beatkit's log line and
    # httpcore's trace of the Location header, all at DEBUG.
    key = "bc-api-key-secret-3"
    fake = FakeBeatConnect(api_key=key)
    seen.secret(key, "camel-token-in-location", "hyphen-secret-in-query")
    location = "https://x.test/cb?client-secret=hyphen-secret-in-query"
    fake.fail_next(302, headers={"Location": location + "#accessToken=camel-token-in-location"})
    with (
        serve(fake) as server,
        BeatConnect(key, base_url=server.base_url, allow_http=True, max_retries=1) as bc,
    ):
        seen.call(lambda: bc.beats.get(1234))
    leaks = seen.leaks()
    assert not leaks, "\n".join(leaks)
