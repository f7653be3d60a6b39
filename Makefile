# The two commands in README.md: `make demo` and `make test`. Everything else supports them.
VENV ?= .venv
PY := $(VENV)/bin/python
SYSTEM_PYTHON ?= python3

.PHONY: venv pulumi-cli demo demo-down lint test test-fast clean

$(VENV)/.installed: pyproject.toml
	$(SYSTEM_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

venv: $(VENV)/.installed

pulumi-cli:
	scripts/install-pulumi

demo: venv
	PULUMI_AMPERSAND_BIN="$$(scripts/install-pulumi | tail -n 1)" $(PY) scripts/demo.py up

demo-down: venv
	PULUMI_AMPERSAND_BIN="$$(scripts/install-pulumi | tail -n 1)" $(PY) scripts/demo.py down

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	"$$(scripts/install-actionlint | tail -n 1)" .github/workflows/release.yml examples/ci-preview/pulumi-preview.yml

test: lint
	PULUMI_AMPERSAND_BIN="$$(scripts/install-pulumi | tail -n 1)" $(PY) -m pytest

test-fast: venv
	$(PY) -m pytest -m "not e2e and not dist"

clean:
	rm -rf .demo .pytest_cache .mypy_cache .ruff_cache

# Reliability scenarios (tests/reliability) over many seeds, with a summary table.
.PHONY: soak
soak: venv
	PULUMI_AMPERSAND_BIN="$$(scripts/install-pulumi | tail -n 1)" $(PY) scripts/soak.py

# Benchmarks (benchmarks/README.md): prints tables, writes benchmarks/results/{latest,fronts}.json.
.PHONY: bench
bench: venv
	PULUMI_AMPERSAND_BIN="$$(scripts/install-pulumi | tail -n 1)" $(PY) benchmarks/run.py
	PATH="$(CURDIR)/.venv/bin:$$PATH" PULUMI_AMPERSAND_BIN="$$(scripts/install-pulumi | tail -n 1)" \
		$(PY) benchmarks/fronts.py
