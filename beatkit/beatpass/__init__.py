"""The BeatPass API client: catalog, uploads, playlists, producer tools, commerce and licensing.

Import the clients from here or from the top-level package::

    from beatkit.beatpass import BeatPass, AsyncBeatPass

Every model of :mod:`beatkit.beatpass.models` is exported here too.
"""

from beatkit.beatpass import models
from beatkit.beatpass._async.client import AsyncBeatPass
from beatkit.beatpass._sync.client import BeatPass
from beatkit.beatpass.models import *  # noqa: F403 - the models' own __all__
from beatkit.beatpass.uploads import UploadProgressCallback
from beatkit.beatpass.wire import DEFAULT_BASE_URL, ENV_TOKEN, PageArgs

__all__ = [
    "DEFAULT_BASE_URL",
    "ENV_TOKEN",
    "AsyncBeatPass",
    "BeatPass",
    "PageArgs",
    "UploadProgressCallback",
]
__all__ += models.__all__
