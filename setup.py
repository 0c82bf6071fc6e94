"""Build hook: put the top-level flows.yaml and resources/ into the wheel as assistant/_data.

The product card keeps both at the top of the repository; `assistant.resources` finds them
there in a source checkout and under assistant/_data in an installed wheel.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "assistant" / "_data"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "flows.yaml", target / "flows.yaml")
        shutil.copytree(ROOT / "resources", target / "resources", dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithData})
