"""Print the direct dependencies from pyproject.toml, one per line (used by `make lock`)."""

import sys
import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"]
deps = list(project["dependencies"])
if "--dev" in sys.argv:
    deps += project["optional-dependencies"]["dev"]
if "--bench" in sys.argv:  # the load generator's own venv: nothing of the app
    deps = list(project["optional-dependencies"]["bench"])
print("\n".join(deps))
