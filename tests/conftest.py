"""Shared test fixtures and paths."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
GOLDEN = TESTS / "golden"
EXAMPLES = REPO.parent / "shared" / "examples"


def examples(name: str) -> list[dict[str, Any]]:
    """The records of one public example file (``questions.jsonl``, ``errors.jsonl``)."""
    return [json.loads(line) for line in (EXAMPLES / name).read_text().splitlines()
            if line.strip()]


def example_questions() -> list[str]:
    """Every public example question, answered ones first, then the ones to refuse."""
    return [rec["question"] for name in ("questions.jsonl", "errors.jsonl")
            for rec in examples(name)]
