# Two commands for a new user on a fresh Debian/Ubuntu machine:
#   make run    set everything up and open the assistant on the bundled flows.yaml
#   make test   set everything up and run the whole check (ruff, mypy, pytest)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench check setup sysdeps clean package package-test setup-package bench-quick bench-phases

run: setup
	$(BIN)/assistant

test: setup lint typecheck pytest

# System packages first: creating the venv needs python3-venv on a bare Debian.
setup: sysdeps $(STAMP)

sysdeps:
	@scripts/system-deps.sh $(if $(filter run,$(MAKECMDGOALS)),run,test)

$(STAMP): pyproject.toml setup.py | sysdeps
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@

lint:
	$(BIN)/ruff check .

typecheck:
	$(BIN)/mypy

pytest:
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest --flows-coverage-fail-under=100 --ignore=tests/packaging  # tests/packaging: make package-test

check: setup
	$(BIN)/assistant check flows.yaml

PKG_STAMP := $(VENV)/.installed-package

setup-package: setup $(PKG_STAMP)
	@scripts/system-deps.sh package

$(PKG_STAMP): pyproject.toml setup.py | $(STAMP)
	$(BIN)/python -m pip install -q -e ".[test,package]"
	touch $@

# Linux installers in dist/: the PyInstaller bundle, its tar.xz and a .deb (budgets + ldd checked).
package: setup-package
	$(BIN)/python packaging/build.py all

# The built artefacts tested for real: frozen --smoke-test offscreen and on X, dpkg -i / -r.
package-test: setup-package
	ASSISTANT_PACKAGE_TEST=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -p no:cacheprovider tests/packaging

# Benchmarks, each against a baseline measured in the same run. They inform: exit 0 on a miss,
# non-zero only if something crashed. bench-quick: the same harness with small counts (~1 min).
bench: setup-package
	-$(BIN)/python bench/bench_load.py
	$(BIN)/python bench/bench_gui.py
	$(BIN)/python bench/bench_frozen.py --build-missing

bench-quick: setup
	$(BIN)/python bench/bench_gui.py --quick

# A diagnostic, not a target: the start-up phase by phase, app against the bare window.
bench-phases: setup
	$(BIN)/python bench/start_phases.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache artifacts
