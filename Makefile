# Convenience targets; each installs what it needs (uv, then the locked environment).
UV := python -m uv

.PHONY: demo test test-fast lint dev dev-real simulator

demo:
	python -m pip install -q uv && $(UV) run --locked occupancy-elt demo

test:
	python -m pip install -q uv && $(UV) run --locked pytest

test-fast:
	$(UV) run --locked pytest -m "not slow"

lint:
	$(UV) run --locked ruff format --check .
	$(UV) run --locked ruff check .

simulator:
	$(UV) run --locked occupancy-elt simulator --port 8765

# The Dagster UI on the simulator, every vendor pointed at it (pools: one warehouse writer).
dev:
	$(UV) run --locked occupancy-elt dev

# The Dagster UI on the vendors your exported variables name (see .env.example).
dev-real:
	mkdir -p .dagster && cp dagster.yaml .dagster/dagster.yaml
	DAGSTER_HOME=$(CURDIR)/.dagster $(UV) run --locked dagster dev
