"""Print the direct dependencies from pyproject.toml, one per line (used by `make lock`)."""

import sys
import tomllib
from pathlib import Path

project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"]
deps = list(project["dependencies"])
if "--dev" in sys.argv:
    deps += project["optional-dependencies"]["dev"]
print("\n".join(deps))
