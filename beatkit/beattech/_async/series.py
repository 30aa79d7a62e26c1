"""Series of releases: search, get, the deprecated update and the image upload.

A series' releases come from ``bt.releases.list(series_id=..., release_numbers=...)``.
"""

from __future__ import annotations

import warnings
from typing import Unpack

from beatkit._core._async.pagers import AsyncPager
from beatkit._core.operation import RequestOptions
from beatkit._core.params import fields, optional_text
from beatkit._core.validate import check_text
from beatkit.beattech._async.base import AsyncBeatTechResource
from beatkit.beattech.context import text_id
from beatkit.beattech.headers import ImageSizes, RangeArgs, ranged

# The sync twin of AsyncSeries is named Series: the model goes by another name here.
from beatkit.beattech.models import Series as SeriesModel
from beatkit.beattech.uploads import ImageFile, image_part, jpeg_image

__all__ = ["AsyncSeries"]


class AsyncSeries(AsyncBeatTechResource):
    """``bt.series``: ``search``, ``get``, ``update`` (deprecated) and ``upload_image``.

    A series' releases: ``bt.releases.list(series_id=..., release_numbers=(1, 3))``.
    """

    def search(
        self, query: str, *, image_sizes: ImageSizes | None = None, **pages: Unpack[RangeArgs]
    ) -> AsyncPager[SeriesModel]:
        """Search series by name (``GET /v2/series?query=``, path inferred), Range-paged.

        Args:
            query: The search text (not blank: the API finds nothing for an empty one).
            image_sizes: Image sizes for this call, merged over the client's
                (``{"series": "w300"}``).
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the matching series.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``query`` is blank, or a page value or size is out of range.
        """
        params = {"query": check_text("query", query)}
        return self._list(
            "series.search",
            SeriesModel,
            headers=self._context.image_headers(image_sizes),
            **ranged("series.search", "series", pages, params),
        )

    async def get(
        self,
        series_id: str | int,
        *,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> SeriesModel:
        """Fetch one series (``GET /v2/series/{series_id}``, path inferred).

        Args:
            series_id: The series' id.
            image_sizes: Image sizes for this call, merged over the client's.
            options: Per-call timeout, retries or headers.

        Returns:
            The series.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id or a bad image size.
            beatkit.errors.NotFoundError: No series has this id.
        """
        return await self._call(
            "series.get",
            SeriesModel,
            path={"series_id": text_id("series_id", series_id)},
            headers=self._context.image_headers(image_sizes),
            unwrap="series",
            options=options,
        )

    async def update(
        self,
        series_id: str | int,
        *,
        name: str | None = None,
        description: str | None = None,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> SeriesModel:
        """Rename or redescribe a series (``PATCH /v2/series/{series_id}``, path inferred;
        editors only). Deprecated by the API: series are edited in its back office.

        Args:
            series_id: The series' id.
            name: The new name.
            description: The new description.
            image_sizes: Image sizes of the answer, merged over the client's.
            options: Per-call timeout, retries or headers.

        Returns:
            The series as stored.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id or name, or neither ``name`` nor ``description``.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.PermissionDeniedError: The user is not an editor.
            beatkit.errors.NotFoundError: No series has this id.
        """
        warnings.warn(
            "series.update is deprecated by Beat Technology (edit series in its back office)",
            DeprecationWarning,
            stacklevel=2,
        )
        body = fields(
            name=optional_text("name", name),
            description=optional_text("description", description, allow_blank=True),
        )
        if not body:
            raise ValueError("give a name or a description to change")
        return await self._call(
            "series.update",
            SeriesModel,
            path={"series_id": text_id("series_id", series_id)},
            headers=self._context.image_headers(image_sizes),
            json=body,
            unwrap="series",
            options=options,
        )

    async def upload_image(
        self, series_id: str | int, image: ImageFile, *, options: RequestOptions | None = None
    ) -> None:
        """Replace a series' image (``POST /v2/series/{series_id}/image``, path inferred;
        editors only).

        Sent as multipart/form-data, the JPEG in the ``image`` field.

        Args:
            series_id: The series' id.
            image: The path of a JPEG file.
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, or a file that is empty or not a JPEG (checked before
                sending).
            FileNotFoundError: Nothing at ``image``.
            OSError: The file changed size while it was sent (still being written).
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.PermissionDeniedError: The user is not an editor.
            beatkit.errors.NotFoundError: No series has this id.
        """
        path = {"series_id": text_id("series_id", series_id)}
        source = jpeg_image(image)
        with image_part(source) as files:
            await self._call("series.upload_image", None, path=path, files=files, options=options)
