"""FakeBeatTech answers a lookup by external id with base user objects, whoever asks.

The page (L5926-5930): "The shape of the returned user objects depends on the query
parameters provided": e-mail, msisdn or ``account_users`` give extended objects; "with
external_provider_id and external_user_id set, a base user object is returned". The
fake gave a user-admin client extended objects there (e-mail address, phone number,
settings), so a partner integration tested against it read fields the API leaves out.
A user-admin client's e-mail and msisdn lookups stay extended.
"""

from __future__ import annotations

import httpx

from beatkit.testing import FakeBeatTech


def test_an_external_id_lookup_answers_base_objects_to_a_user_admin() -> None:
    fake = FakeBeatTech()
    app = {"Authorization": f"Bearer {fake.issue_token()['access_token']}"}
    partner = {"X-Auth-Client-Id": fake.client_id, "X-Auth-Client-Secret": fake.client_secret}
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        made = http.post(
            "/partnerusers/activations",
            headers=partner,
            json={
                "partneruser": {"external_id": "ext-42"},
                "user": {"email": "per@example.com", "firstname": "Per"},
                "product": {"id": "201"},
            },
        ).json()
        found = http.get(
            "/users",
            params={"external_user_id": "ext-42", "external_provider_id": "1"},
            headers=app,
        ).json()["users"]
        assert [user["id"] for user in found] == [made["user"]["id"]]
        assert set(found[0]) == {"id", "username", "firstname", "lastname", "favourite"}
        # By e-mail address, the same user-admin client reads the extended object.
        by_email = http.get("/users", params={"email": "per@example.com"}, headers=app).json()[
            "users"
        ]
        assert by_email[0]["email"] == "per@example.com"
