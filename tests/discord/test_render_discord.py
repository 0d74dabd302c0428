"""The Discord renderer and the front end's plain state, without a network."""

from __future__ import annotations

from pathlib import Path

import pytest
from parambot.bot.discord_settings import ConfigError, Settings, read_env_file
from parambot.bot.discord_state import Asked, Cooldown, GuildStore, RecentQuestions
from parambot.bot.discord_text import extract_question, suggestions
from parambot.bot.render_discord import (
    CONTENT_LIMIT,
    check_limits,
    render_answer,
    render_cooldown,
    render_full,
)
from parambot.engine.answer import Answer, ErrorInfo
from parambot.engine.layers.dense import Dense
from parambot.engine.model import Subject, build_stack


def deep(n: int, label: str = "deep") -> Subject:
    return build_stack("keras", label, [Dense(64) for _ in range(n)], (784,))


def test_small_answer_has_bold_total_table_and_derivation() -> None:
    s = build_stack("keras", "Dense(10)", [Dense(10)], (784,))
    reply = render_answer(Answer("dense 10 units on 784 inputs", "keras", (s,)))
    assert "**7,850**" in reply.content and "```" in reply.content
    assert "784 × 10 + 10" in reply.content and not reply.shortened


@pytest.mark.parametrize("subjects", [1, 2, 12])
def test_long_answers_fit_and_say_what_was_left_out(subjects: int) -> None:
    answer = Answer("x", "keras", tuple(deep(200, f"m_{i}") for i in range(subjects)),
                    explanation="why " * 800, notes=("note " * 200,))
    reply = render_answer(answer)
    assert check_limits(reply).ok and len(reply.content) <= CONTENT_LIMIT
    assert reply.shortened and "left out" in reply.content
    assert reply.content.count("```") % 2 == 0
    rows = [line for line in reply.content.splitlines() if line.startswith("dense")]
    assert all(line.rstrip().endswith(("4,160", "50,240")) for line in rows)  # whole rows only
    full = render_full(answer)
    assert check_limits(full).ok and full.embeds


def test_markdown_and_code_fences_in_labels_cannot_break_out() -> None:
    s = build_stack("keras", "model_`**``` @everyone", [Dense(3)], (2,))
    reply = render_answer(Answer("q", "keras", (s,)))
    assert "model\\_" in reply.content and "```\u200d" not in reply.content.split("\n")[0]
    assert check_limits(reply).ok


def test_error_has_message_pointer_expected_and_suggestion() -> None:
    err = ErrorInfo("I don't know `filtres`.", 10, ("filters", "units"), "did you mean filters?")
    reply = render_answer(Answer("conv2d 32 filtres 3x3", "keras", error=err))
    assert reply.error and "`filtres`" in reply.content
    assert "          ^" in reply.content and "did you mean filters?" in reply.content
    huge = ErrorInfo("x" * 5000, 4000, tuple(f"e{i}" for i in range(50)), "y" * 5000)
    assert check_limits(render_answer(Answer("q" * 4000, "keras", error=huge))).ok


def test_cooldown_message() -> None:
    assert "2 seconds" in render_cooldown(1.2).content


def test_cooldown_bucket_and_memory() -> None:
    now = [0.0]
    cd = Cooldown(rate=2, per=10, clock=lambda: now[0])
    assert cd.hit(1) is None and cd.hit(1) is None
    wait = cd.hit(1)
    assert wait is not None and 4.9 < wait <= 5.0
    now[0] = 5.0
    assert cd.hit(1) is None
    for u in range(1000):
        cd.hit(u + 10)
    now[0] = 100.0
    for u in range(300):
        cd.hit(10_000 + u)
    assert len(cd) <= 300  # people who stopped asking are forgotten


def test_guild_store_persists(tmp_path: Path) -> None:
    store = GuildStore(tmp_path)
    store.set_framework(1, "pytorch", 9)
    store.set_meta("k", "v")
    store.close()
    again = GuildStore(tmp_path)
    assert again.framework(1) == "pytorch" and again.framework(2) is None
    assert again.meta("k") == "v"
    again.set_framework(1, None, 9)
    assert again.framework(1) is None


def test_recent_questions_are_bounded() -> None:
    recent = RecentQuestions(size=3)
    tokens = [recent.add(Asked(f"q{i}", "keras", "keras", 1)) for i in range(5)]
    assert len(recent) == 3 and recent.get(tokens[0]) is None
    assert recent.get(tokens[-1]) == Asked("q4", "keras", "keras", 1)


def test_settings(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="DISCORD_TOKEN is not set"):
        Settings.from_env({}, None)
    env = tmp_path / ".env"
    env.write_text("# comment\nexport DISCORD_TOKEN='abc.def'\nSHARD_COUNT=4\nSHARD_IDS=0-1\n"
                   "PARAMBOT_DEFAULT_FRAMEWORK=torch\n")
    s = Settings.from_env({"SHARD_IDS": "2,3"}, env)
    assert s.token == "abc.def" and s.shard_ids == (2, 3) and s.shard_count == 4
    assert s.default_framework == "pytorch" and "abc.def" not in repr(s)
    assert read_env_file(env)["DISCORD_TOKEN"] == "abc.def"
    with pytest.raises(ConfigError, match="SHARD_IDS"):
        Settings.from_env({"DISCORD_TOKEN": "t", "SHARD_IDS": "5", "SHARD_COUNT": "2"}, None)
    with pytest.raises(ConfigError, match="keras or pytorch"):
        Settings.from_env({"DISCORD_TOKEN": "t", "PARAMBOT_DEFAULT_FRAMEWORK": "jax"}, None)


def test_extract_question_and_suggestions() -> None:
    assert extract_question("<@42> dense 10 <@!42>", 42) == "dense 10"
    assert extract_question("<@&7> conv2d", 42, (7,)) == "conv2d"
    assert extract_question("!params nn.Linear(2, 3)", 42, prefix="!") == "nn.Linear(2, 3)"
    assert suggestions("")[:1] == ["conv2d 32 filters 3x3 on 28x28x1"]
    got = suggestions("bidirectional ls")
    assert got[0] == "bidirectional ls" and "bidirectional LSTM" in got and len(got) <= 25
    assert suggestions("x" * 101) == []
