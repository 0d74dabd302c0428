"""Shared test fixtures and paths."""

from __future__ import annotations

from pathlib import Path

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
GOLDEN = TESTS / "golden"
EXAMPLES = REPO.parent / "shared" / "examples"
