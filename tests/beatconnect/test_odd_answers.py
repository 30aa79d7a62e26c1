"""BeatConnect answers of an undocumented shape: the status's own error, or ResponseDecodeError."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from beatkit.beatconnect import BeatConnect
from beatkit.errors import APIError, BadRequestError, NotFoundError, ResponseDecodeError

answers: list[httpx.Response] = []


@pytest.fixture
def client(monkeypatch: pytest.MonkeyPatch) -> Iterator[BeatConnect]:
    monkeypatch.delenv("BEATCONNECT_API_KEY", raising=False)
    answers.clear()
    transport = httpx.MockTransport(lambda request: answers.pop(0))
    with BeatConnect("key", http_client=httpx.Client(transport=transport), max_retries=0) as bc:
        yield bc


@pytest.mark.parametrize("body", [{}, {"message": ""}, {"message": 5}, {"status": "error"}])
def test_an_error_body_without_a_message_gives_the_status_line(
    client: BeatConnect, body: dict[str, object]
) -> None:
    answers.append(httpx.Response(404, json=body))
    with pytest.raises(NotFoundError) as info:
        client.search("night")
    assert str(info.value) == "beatconnect 404 Not Found"
    assert info.value.status_code == 404


def test_a_400_without_a_message_is_a_bad_request(client: BeatConnect) -> None:
    answers.append(httpx.Response(400, json={"status": "error"}))
    with pytest.raises(BadRequestError) as info:
        client.search("night")
    assert str(info.value) == "beatconnect 400 Bad Request"


@pytest.mark.parametrize(("data", "name"), [("beats", "str"), (5, "int"), (True, "bool")])
def test_search_data_neither_an_object_nor_a_list_is_a_decode_error(
    client: BeatConnect, data: object, name: str
) -> None:
    answers.append(httpx.Response(200, json={"status": "success", "data": data}))
    with pytest.raises(ResponseDecodeError) as info:
        client.search("night")
    assert str(info.value) == (
        "beatconnect: search: the response does not have the documented shape "
        f"(ValueError: search data is neither an object nor a list: {name})"
    )


@pytest.mark.parametrize(
    ("beats", "name"), [({}, "object"), ("", "string"), ("abc", "string"), (None, "null")]
)
def test_a_page_whose_beats_are_not_a_list_is_a_decode_error(
    client: BeatConnect, beats: object, name: str
) -> None:
    # Regression: {} and "" were read as an empty page (no beats, no error), "abc" as
    # three items, and null escaped as a bare TypeError from the pager.
    answers.append(httpx.Response(200, json={"status": "success", "data": {"beats": beats}}))
    with pytest.raises(ResponseDecodeError, match=f"the page's items are not a list.*{name}"):
        client.beats.list().to_list()


def test_a_page_whose_beats_are_not_a_list_is_refused_by_first_page(client: BeatConnect) -> None:
    answers.append(httpx.Response(200, json={"status": "success", "data": {"beats": {}}}))
    with pytest.raises(ResponseDecodeError, match="the page's items are not a list"):
        client.beats.list().first_page()


def test_pages_whose_count_grows_end_at_the_first_count(client: BeatConnect) -> None:
    # Regression: followed by number (no next_page_url), every page's own last_page was
    # believed, so a server that always claims one page more was walked for ever.
    for page in range(1, 21):  # the bound of this test, not of the pager
        pagination = {"current_page": page, "last_page": page + 1}
        data = {"beats": [{"id": page, "title": "t"}], "pagination": pagination}
        answers.append(httpx.Response(200, json={"status": "success", "data": data}))
    assert [beat.id for beat in client.beats.list()] == [1, 2]
    assert len(answers) == 18


def test_a_page_without_its_list_says_which_key_is_missing(client: BeatConnect) -> None:
    # Regression: the message was the KeyError's text alone: "beatconnect: beats.list: 'beats'".
    answers.append(httpx.Response(200, json={"status": "success", "data": {}}))
    with pytest.raises(ResponseDecodeError) as info:
        client.beats.list().to_list()
    assert str(info.value) == (
        "beatconnect: beats.list: the page does not have the documented shape (KeyError: 'beats')"
    )


@pytest.mark.parametrize(
    ("link", "name"),
    [(5, "integer"), (["/beats?page=2"], "array"), (False, "boolean"), (0, "integer")],
)
def test_a_next_page_link_that_is_not_text_is_a_decode_error(
    client: BeatConnect, link: object, name: str
) -> None:
    # Regression: 5 and a list failed inside the URL parser with its TypeError ("expected
    # string or bytes-like object"), and false or 0 were read as "no next page": pages
    # silently missing.
    pagination = {"next_page_url": link, "current_page": 1, "last_page": 2}
    data = {"beats": [{"id": 1, "title": "t"}], "pagination": pagination}
    answers.append(httpx.Response(200, json={"status": "success", "data": data}))
    with pytest.raises(ResponseDecodeError) as info:
        client.beats.list().to_list()
    assert str(info.value) == (
        f"beatconnect: beats.list: the next-page link must be a URL or null, got {name}"
    )


BEAT = {"id": 7, "title": "Night Drive"}
PAGINATION = {"total": 1, "per_page": 20, "current_page": 1, "last_page": 1, "next_page_url": None}


def test_a_standard_envelope_with_a_meta_block_reads_its_own_pagination(
    client: BeatConnect,
) -> None:
    # Regression: any top-level "meta" object was read as the alternative envelope's
    # page counts, so a documented standard page that also carried, say, a request id
    # failed with "the page's page is not a count: 'None'".
    meta = {"meta": {"request_id": "req_1"}}
    data = {"beats": [BEAT], "pagination": {**PAGINATION, "total": 1}}
    answers.append(httpx.Response(200, json={"status": "success", "data": data, **meta}))
    page = client.beats.list().first_page()
    assert [beat.id for beat in page.items] == [7] and page.total == 1
    search = {"query": "night", "beats": [BEAT], "producers": [], "pagination": PAGINATION}
    answers.append(httpx.Response(200, json={"status": "success", "data": search, **meta}))
    assert client.search("night").total == 1


@pytest.mark.parametrize(
    "meta", [{"request_id": "req_1"}, {"total": 1}, {"version": "1", "page": None}]
)
def test_one_page_lists_do_not_need_page_counts(
    client: BeatConnect, meta: dict[str, object]
) -> None:
    # Regression: genres and similar beats are not paged, yet an alternative envelope
    # whose meta lacked page, limit and total was refused for its missing page counts.
    genre = {"id": 1, "name": "Amapiano"}
    answers.append(httpx.Response(200, json={"success": True, "data": [genre], "meta": meta}))
    assert [g.name for g in client.genres.list()] == ["Amapiano"]
    answers.append(httpx.Response(200, json={"success": True, "data": [BEAT], "meta": meta}))
    assert [b.id for b in client.beats.similar(1)] == [7]


def test_a_meta_block_without_page_counts_is_one_page(client: BeatConnect) -> None:
    # As a standard page without a pagination block: nothing says there is more.
    body = {"success": True, "data": [BEAT], "meta": {"request_id": "req_1"}}
    answers.append(httpx.Response(200, json=body))
    page = client.beats.list().first_page()
    assert [beat.id for beat in page.items] == [7]
    assert page.total is None and not page.has_next


def test_search_numbers_sent_in_data_are_kept_without_a_pagination_block(
    client: BeatConnect,
) -> None:
    # Regression: search data's own total and page were overwritten with None when
    # there was no pagination block to read them from: silently dropped.
    data = {"query": "night", "beats": [BEAT], "producers": [], "total": 12, "page": 2}
    answers.append(httpx.Response(200, json={"status": "success", "data": data}))
    results = client.search("night")
    assert (results.total, results.page, results.last_page) == (12, 2, None)


@pytest.mark.parametrize(
    ("body", "message", "code"),
    [
        # The alternative envelope's error, as the 200 case reads it: the code was dropped.
        (
            {"success": False, "message": "Quota used up", "code": "quota_exceeded"},
            "Quota used up",
            "quota_exceeded",
        ),
        # A code beside a message under "error": the code was dropped.
        (
            {"success": False, "error": "not_found", "message": "No such beat"},
            "No such beat",
            "not_found",
        ),
        # The error's text alone: it was also taken for a code ("[No such beat] No such beat").
        ({"success": False, "error": "No such beat"}, "No such beat", None),
    ],
)
def test_an_alternative_error_body_keeps_its_message_and_code(
    client: BeatConnect, body: dict[str, object], message: str, code: str | None
) -> None:
    answers.append(httpx.Response(404, json=body))
    with pytest.raises(NotFoundError) as info:
        client.beats.get(1)
    assert (info.value.message, info.value.code) == (message, code)
    # Answered with a 200, the API's own words are quoted all the same.
    answers.append(httpx.Response(200, json=body))
    with pytest.raises(ResponseDecodeError, match=message):
        client.beats.get(1)


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(400, json={"status": "error", "error": {"code": "invalid_request"}}),
        httpx.Response(302, headers={"Location": "/v1/beats"}),
    ],
    ids=["error", "redirect"],
)
def test_a_request_id_that_echoes_the_api_key_is_masked(answer: httpx.Response) -> None:
    # A proxy or gateway that copies the Authorization header into its request id: the
    # id is in str() and on the exception, so it is masked as the body and message are.
    key = "sk_live_0123456789abcdef"
    answer.headers["X-Request-Id"] = f"Bearer {key}"
    transport = httpx.MockTransport(lambda request: answer)
    bc = BeatConnect(key, http_client=httpx.Client(transport=transport), max_retries=0)
    with bc, pytest.raises(APIError) as info:
        bc.beats.get(1)
    assert info.value.request_id == "Bearer ***"
    assert key not in str(info.value) and key not in repr(info.value)
