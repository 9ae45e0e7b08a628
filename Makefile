# Two commands: `make run` (the app) and `make test`. Both set up .venv on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup index adapter eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# The CPU wheel of torch lies on disk; pip finds it (uv and poetry do not).
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[dev,eval]'
	touch $(STAMP)

setup: $(STAMP)

# The query adapter (seconds) learns from the corpus' items and cases, the project's own development questions
# and the tuning (odd) half of the public questions when ../shared is beside the clone.
ADAPT_QUESTIONS := --questions eval/gold/dev_questions.jsonl --questions ../shared/eval/questions.jsonl:odd \
	$(foreach f,$(wildcard corpus/worked_questions/*.jsonl),--questions $(f))

index: $(STAMP)
	$(BIN)/shuoli ingest --if-missing
	$(BIN)/shuoli adapt --if-stale $(ADAPT_QUESTIONS)

adapter: $(STAMP)
	$(BIN)/shuoli adapt $(ADAPT_QUESTIONS)

run: index
	$(BIN)/streamlit run app.py --server.headless true --browser.gatherUsageStats false

test: $(STAMP)
	$(BIN)/python -m pytest -q

eval: index
	$(BIN)/shuoli eval

clean:
	rm -rf $(VENV) data
