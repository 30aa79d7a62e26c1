"""Sphinx configuration for the beatkit documentation."""

from __future__ import annotations

import beatkit

project = "beatkit"
author = "beatkit developers"
copyright = "2026, beatkit developers"
release = beatkit.__version__
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.viewcode",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
exclude_patterns = ["_build"]
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3

autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
napoleon_attr_annotations = True
nitpicky = False

html_theme = "furo"
html_title = f"beatkit {release}"
