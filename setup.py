"""Package data: the top-level data/ and templates/ folders ship inside the wheel.

The repository keeps the editable data where users look for it (data/catalog/, data/samples/,
templates/outline/, templates/docx/); the wheel carries the same folders as reportgen/data/ and
reportgen/templates/, so a plain `pip install .` works from any folder. reportgen/core/paths.py
finds them with importlib.resources, and falls back to the top-level folders in a checkout.
Everything else about the project is in pyproject.toml.
"""

from setuptools import find_packages, setup

DATA_TREES = {"reportgen.data": "data", "reportgen.templates": "templates"}

setup(
    packages=find_packages(include=["reportgen", "reportgen.*"]) + list(DATA_TREES),
    package_dir=DATA_TREES,
    package_data={**{pkg: ["**/*"] for pkg in DATA_TREES},
                  "reportgen.web": ["templates/*.html", "static/*"]},
    exclude_package_data={pkg: ["**/__pycache__/*", "**/~$*", "**/.~lock*"] for pkg in DATA_TREES},
)
