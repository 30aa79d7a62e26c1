"""BeatConnect's people: users, and the orders of the API key's owner."""

from __future__ import annotations

import httpx

import beatkit.testing.beatconnect._data as _data
from beatkit.testing.beatconnect._base import Base, Records

__all__ = ["People"]


class People(Base):
    """Users (producers and buyers) and the key owner's orders."""

    _users = Records(name="users", model="user", ops="get", view=Base._user_view)

    def on_orders_list(self, request: httpx.Request) -> httpx.Response:
        page, limit = self._page_and_limit(request, 100)
        status = self._choice_param(request, "status", None, _data.TABLES["order_statuses"])
        orders = [o for o in self.orders if status is None or o["status"] == status]
        orders = self._sorted(orders, "created_at", True)
        return self._paged_list(request, "orders", orders, page, limit)
