"""The real ``parambot`` command, driven through a subprocess (``python -m parambot.bot.cli``,
the same ``main`` the console script calls).

Expected counts come from /work/shared/examples (recorded from Keras 3 / PyTorch).
"""

from __future__ import annotations

import json
import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from parambot.bot.format import exact

from ..conftest import EXAMPLES

ANSI = re.compile(r"\x1b\[[0-9;]*m")
QUESTIONS = [json.loads(line) for line in
             (EXAMPLES / "questions.jsonl").read_text().splitlines() if line.strip()]
ERRORS = [json.loads(line) for line in
          (EXAMPLES / "errors.jsonl").read_text().splitlines() if line.strip()]


def example(question: str) -> dict[str, Any]:
    return next(rec for rec in QUESTIONS if rec["question"] == question)


def _grammar_ready() -> bool:
    from parambot.bot.service import ask

    return ask("nn.Linear(512, 256)").ok


needs_grammar = pytest.mark.skipif(not _grammar_ready(), reason="the grammar has not landed")


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("NO_COLOR", "PARAMBOT_DEBUG", "FORCE_COLOR")}
    env["HOME"] = str(tmp_path)
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env.update(extra)
    return env


def run(tmp_path: Path, *args: str, stdin: str | None = "", **env: str
        ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "parambot.bot.cli", *args],
        input=stdin, capture_output=True, text=True, timeout=60,
        cwd=tmp_path, env=env_for(tmp_path, **env),
    )


# -- usage and exit statuses (no grammar needed) ------------------------------------------


def test_unknown_command_is_invalid_input(tmp_path: Path) -> None:
    r = run(tmp_path, "bacth")
    assert r.returncode == 2
    assert "unknown command 'bacth'" in r.stderr
    assert "Traceback" not in r.stderr


def test_ask_without_a_question(tmp_path: Path) -> None:
    r = run(tmp_path, "ask")
    assert r.returncode == 2
    assert "give a question" in r.stderr


def test_ask_bad_framework(tmp_path: Path) -> None:
    r = run(tmp_path, "ask", "--framework", "jax", "dense 10 on 784")
    assert r.returncode == 2
    assert "keras or pytorch" in r.stderr


def test_help_and_version(tmp_path: Path) -> None:
    r = run(tmp_path, "--help")
    assert r.returncode == 0
    assert "parambot ask" in r.stdout and "parambot batch" in r.stdout
    r = run(tmp_path, "--version")
    assert r.returncode == 0 and r.stdout.startswith("parambot ")


def test_internal_fault_exit_1_without_traceback(tmp_path: Path) -> None:
    code = (
        "import sys, parambot.bot.service as s\n"
        "def boom(*a, **k): raise RuntimeError('kaput')\n"
        "s.ask = boom\n"
        "from parambot.bot.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    cmd = [sys.executable, "-c", code, "ask", "dense 10 on 784"]
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path, env=env_for(tmp_path))
    assert r.returncode == 1
    assert "internal error: RuntimeError: kaput" in r.stderr
    assert "Traceback" not in r.stderr
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=tmp_path,
                       env=env_for(tmp_path, PARAMBOT_DEBUG="1"))
    assert r.returncode == 1
    assert "Traceback" in r.stderr


def test_answering_never_imports_discord(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from parambot.bot.cli import main\n"
        "main(['ask', '--json', 'dense 10 units on 784 inputs'])\n"
        "print('DISCORD' if any(m == 'discord' or m.startswith('discord.') "
        "for m in sys.modules) else 'CLEAN')\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       cwd=tmp_path, env=env_for(tmp_path))
    assert r.stdout.strip().endswith("CLEAN")


def test_discord_dispatches_to_discord_app(tmp_path: Path) -> None:
    # a stand-in discord_app on the path proves the dispatch without a token or network
    code = (
        "import sys, types\n"
        "mod = types.ModuleType('parambot.bot.discord_app')\n"
        "def main(argv=None):\n"
        "    print('DISCORD MAIN', argv)\n"
        "    return 0\n"
        "mod.main = main\n"
        "sys.modules['parambot.bot.discord_app'] = mod\n"
        "from parambot.bot.cli import main as cli_main\n"
        "sys.exit(cli_main(['discord', '--shard', '0']))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                       cwd=tmp_path, env=env_for(tmp_path))
    assert r.returncode == 0, r.stderr
    assert "DISCORD MAIN ['--shard', '0']" in r.stdout


# -- batch ---------------------------------------------------------------------------------


def test_batch_bad_lines_fail_alone(tmp_path: Path) -> None:
    good = example("nn.Linear(512, 256)")
    lines = [
        json.dumps({"id": "a", "question": good["question"]}),
        "{not json",
        "[1, 2]",
        json.dumps({"id": 4}),
        json.dumps({"id": 5, "question": 42}),
        json.dumps({"id": 6, "question": "dense 10 on 784", "framework": "jax"}),
        "",
        json.dumps({"id": 7, "question": good["question"], "framework": "pytorch"}),
    ]
    r = run(tmp_path, "batch", stdin="\n".join(lines) + "\n")
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(out) == 7  # the blank line is no input
    assert [o["id"] for o in out] == ["a", None, None, 4, 5, 6, 7]
    bad = out[1:6]
    assert all(o["ok"] is False and o["subjects"] == [] for o in bad)
    assert "line 2 is not valid JSON" in bad[0]["error"]["message"]
    assert "line 3 is a JSON array, not an object" in bad[1]["error"]["message"]
    assert 'no "question"' in bad[2]["error"]["message"]
    assert "not a string" in bad[3]["error"]["message"]
    assert '"framework" must be "keras" or "pytorch"' in bad[4]["error"]["message"]
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    if _grammar_ready():
        for o in (out[0], out[6]):
            assert o["ok"] is True
            assert o["framework"] == "pytorch"
            assert o["subjects"][0]["total"] == good["expect"][0]["total"]


@needs_grammar
def test_batch_answers_examples_in_order(tmp_path: Path) -> None:
    recs = QUESTIONS[:20]
    stdin = "".join(json.dumps({"id": i, "question": r["question"]}) + "\n"
                    for i, r in enumerate(recs))
    r = run(tmp_path, "batch", stdin=stdin)
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["id"] for o in out] == list(range(len(recs)))
    for o, rec in zip(out, recs, strict=True):
        assert o["ok"], (rec["question"], o["error"])
        assert [s["total"] for s in o["subjects"]] == [e["total"] for e in rec["expect"]]
    assert r.returncode == 0


def test_batch_answers_each_line_before_the_next_arrives(tmp_path: Path) -> None:
    """A program that feeds batch one question at a time through a pipe gets each answer
    before it writes the next question (answers are flushed before any read that waits)."""
    env = env_for(tmp_path)
    env.pop("PYTHONUNBUFFERED", None)  # batch itself must flush
    proc = subprocess.Popen(
        [sys.executable, "-m", "parambot.bot.cli", "batch"], stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, env=env)
    assert proc.stdin is not None and proc.stdout is not None
    try:
        for i, (question, total) in enumerate([("nn.Linear(512, 256)", 131_328),
                                                ("dense 10 on 784", 7_850)]):
            proc.stdin.write(json.dumps({"id": i, "question": question}).encode() + b"\n")
            proc.stdin.flush()
            ready, _, _ = select.select([proc.stdout], [], [], 30)
            assert ready, f"no answer to line {i + 1} while the pipe stayed open"
            obj = json.loads(proc.stdout.readline())
            assert (obj["id"], obj["subjects"][0]["total"]) == (i, total)
        proc.stdin.close()
        assert proc.wait(timeout=30) == 0
    finally:
        proc.kill()
        proc.wait()


def test_batch_from_a_file_answers_every_line(tmp_path: Path) -> None:
    src = tmp_path / "questions.jsonl"
    src.write_text("".join(json.dumps({"id": i, "question": f"dense {i + 1} on 784"}) + "\n"
                           for i in range(200)))
    with src.open("rb") as fin:
        r = subprocess.run([sys.executable, "-m", "parambot.bot.cli", "batch"], stdin=fin,
                           capture_output=True, timeout=60, cwd=tmp_path, env=env_for(tmp_path))
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["subjects"][0]["total"] for o in out] == [785 * (i + 1) for i in range(200)]
    assert r.returncode == 0


# -- ask -----------------------------------------------------------------------------------


@needs_grammar
def test_ask_text(tmp_path: Path) -> None:
    rec = example("How many trainable parameters does Bidirectional(LSTM(128)) have when the "
                  "input is (28, 28)?")
    r = run(tmp_path, "ask", *rec["question"].split())
    assert r.returncode == 0, r.stderr
    total = rec["expect"][0]["total"]
    assert re.search(rf"^Total params:\s+{exact(total)}\b", r.stdout, re.M)
    assert "Layer (type)" in r.stdout
    assert not ANSI.search(r.stdout)  # not a terminal: no colour


@needs_grammar
def test_ask_json(tmp_path: Path) -> None:
    rec = example("lstm 256 vs bilstm 128 input 28")
    r = run(tmp_path, "ask", "--json", rec["question"])
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert obj["ok"] is True and obj["error"] is None
    assert obj["framework"] == rec["framework"]
    for got, want in zip(obj["subjects"], rec["expect"], strict=True):
        for key in ("total", "trainable", "non_trainable", "buffers", "output_shape"):
            assert got[key] == want[key], key


@needs_grammar
def test_ask_framework_flag(tmp_path: Path) -> None:
    # no framework words in the question: the flag decides
    r = run(tmp_path, "ask", "--json", "--framework", "pytorch", "embedding 1000 x 64")
    obj = json.loads(r.stdout)
    assert obj["framework"] == "pytorch"


@needs_grammar
def test_ask_stdin_pasted_code(tmp_path: Path) -> None:
    rec = QUESTIONS[2]  # the seed's code block, verbatim
    assert "tf.keras.Model" in rec["question"]
    r = run(tmp_path, "ask", "--json", "-", stdin=rec["question"])
    assert r.returncode == 0, r.stderr
    obj = json.loads(r.stdout)
    assert [s["total"] for s in obj["subjects"]] == [e["total"] for e in rec["expect"]]


@needs_grammar
@pytest.mark.parametrize("rec", ERRORS[:12], ids=lambda r: r["question"][:30])
def test_ask_refusals_exit_2(tmp_path: Path, rec: dict[str, Any]) -> None:
    if rec.get("may_answer"):
        pytest.skip("an exact answer is acceptable here")
    r = run(tmp_path, "ask", "--json", "--", rec["question"])
    assert r.returncode == 2, r.stdout
    obj = json.loads(r.stdout)
    assert obj["ok"] is False and obj["subjects"] == []
    said = (obj["error"]["message"] + " " + (obj["error"]["suggestion"] or "")).lower()
    assert all(word.lower() in said for word in rec["must_mention"])
    r = run(tmp_path, "ask", "--", rec["question"])
    assert r.returncode == 2
    assert r.stderr.startswith("error: ")


# -- the REPL, piped -----------------------------------------------------------------------


SEED_CODE = QUESTIONS[2]["question"]
FENCED = QUESTIONS[3]["question"]


def test_repl_piped_groups_pasted_blocks(tmp_path: Path) -> None:
    torch_code = example("nn.Linear(512, 256)")["question"]
    stdin = "\n".join([
        "lstm 256 vs bilstm 128 input 28",
        SEED_CODE,             # unfenced, with blank lines inside
        "",
        torch_code,
        FENCED,                # a sentence then a ```python fence
        "model = nn.Sequential(",
        "    nn.Linear(784, 128),",
        "",
        "    nn.Linear(128, 10))",
        ":framework pytorch",
        "help",
        "exit",
        "dense 10 units on 784 inputs",  # after exit: never read
    ]) + "\n"
    r = run(tmp_path, stdin=stdin)
    echoed = [line for line in r.stdout.splitlines() if line.startswith("» ")]
    assert echoed == [
        "» lstm 256 vs bilstm 128 input 28",
        f"» import tensorflow as tf  … ({len(SEED_CODE.splitlines())} lines)",
        f"» {torch_code}",
        "» can someone explain why the second summary is smaller than the first?  "
        f"… ({len(FENCED.splitlines())} lines)",
        "» model = nn.Sequential(  … (4 lines)",
    ]
    assert "default framework: pytorch" in r.stdout
    assert "Ask in words or paste code" in r.stdout
    assert "784 inputs" not in r.stdout


@needs_grammar
def test_repl_piped_answers(tmp_path: Path) -> None:
    stdin = "lstm 256 vs bilstm 128 input 28\n" + SEED_CODE + "\n" + FENCED + "\n"
    r = run(tmp_path, stdin=stdin)
    assert r.returncode == 0, r.stdout + r.stderr
    totals = [int(m.replace(",", "")) for m in
              re.findall(r"^Total params:\s+([\d,]+)", r.stdout, re.M)]
    want = [e["total"] for i in (4, 2, 3) for e in QUESTIONS[i]["expect"]]
    assert totals == want
    assert not ANSI.search(r.stdout)


@needs_grammar
def test_repl_piped_framework_switch(tmp_path: Path) -> None:
    r = run(tmp_path, "--json", stdin="embedding 1000 x 64\n:framework pytorch\n"
            "embedding 1000 x 64\n")
    objs = [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]
    assert [o["framework"] for o in objs] == ["keras", "pytorch"]


@needs_grammar
def test_repl_piped_exit_status_2_on_refusal(tmp_path: Path) -> None:
    r = run(tmp_path, stdin="dense 10 units on 784 inputs\nlstm 128 units\n")
    assert r.returncode == 2
    assert "error: " in r.stdout


# -- a real terminal (pty): colour, NO_COLOR, the interactive REPL and its history --------


def _pty_run(tmp_path: Path, args: list[str], keys: list[str], env: dict[str, str],
             stdin_tty: bool = True) -> str:
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "parambot.bot.cli", *args],
        stdin=slave if stdin_tty else subprocess.DEVNULL, stdout=slave, stderr=slave,
        cwd=tmp_path, env=env, close_fds=True,
    )
    os.close(slave)
    out = b""
    deadline = time.monotonic() + 30

    def read_for(seconds: float) -> None:
        nonlocal out
        end = min(deadline, time.monotonic() + seconds)
        while time.monotonic() < end:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                out += chunk

    read_for(1.5)
    for key in keys:
        os.write(master, key.encode())
        read_for(1.0)
    try:
        proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        read_for(0.3)
        if proc.poll() is None:
            proc.kill()
        os.close(master)
    return out.decode(errors="replace")


def test_colour_on_a_terminal_unless_no_color(tmp_path: Path) -> None:
    args = ["ask", "lstm 128 units"]  # answered or refused, both are styled on a tty
    coloured = _pty_run(tmp_path, args, [], env_for(tmp_path), stdin_tty=False)
    assert ANSI.search(coloured), coloured
    plain = _pty_run(tmp_path, args, [], env_for(tmp_path, NO_COLOR="1"), stdin_tty=False)
    assert not ANSI.search(plain), plain


def test_interactive_repl_history_and_exit(tmp_path: Path) -> None:
    env = env_for(tmp_path, NO_COLOR="1", TERM="dumb")
    out = _pty_run(tmp_path, [], [":framework pytorch\r", "help\r", "\x04"], env)
    assert "parambot" in out and "Ctrl-D to leave" in out
    assert "default framework: pytorch" in out
    assert "Ask in words or paste code" in out
    history = tmp_path / "data" / "parambot" / "history"
    assert history.exists()
    assert ":framework pytorch" in history.read_text()
    # the next run reads it back: Up arrow recalls the last line
    out = _pty_run(tmp_path, [], ["\x1b[A\x1b[A\r", "exit\r"], env)
    assert out.count("default framework: pytorch") >= 1


def test_interactive_paste_with_blank_lines_is_one_question(tmp_path: Path) -> None:
    env = env_for(tmp_path, NO_COLOR="1", TERM="dumb")
    keys = [SEED_CODE + "\n", "\n", "lstm 256 vs bilstm 128 input 28\n", "\x04"]
    out = _pty_run(tmp_path, [], keys, env)
    if _grammar_ready():
        totals = [int(m.replace(",", "")) for m in
                  re.findall(r"^Total params:\s+([\d,]+)", out, re.M)]
        assert totals == [e["total"] for i in (2, 4) for e in QUESTIONS[i]["expect"]]
    else:
        assert out.count("error: ") == 2  # two questions, not one per pasted line
