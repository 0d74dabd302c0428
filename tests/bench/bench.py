"""parambot benchmark (issue 7): run by hand, never collected by pytest (no ``test_`` name).

    python tests/bench/bench.py              # everything; about 100 s on 2 cores
    python tests/bench/bench.py --quick      # fewer repeats, no scaling builds in PyTorch
    python tests/bench/bench.py --only examples,batch   # some sections

Run it with the Python of the installation to measure: the command-line figures (batch,
cold start, resident memory) use the ``parambot`` console script beside that Python.
Measure cold start with a regular install (``pip install .``), not an editable one: the
editable finder and, without bytecode caches, compiling every module slow every start.

Anchors (optional; skipped with a line saying so when absent) run in subprocesses with
other interpreters: ``--fw-python`` (torch + keras, KERAS_BACKEND=torch) and
``--zoo-python`` (torch + torchvision + transformers). Every PyTorch build in the scaling
section runs in its own subprocess under an address-space limit and a timeout, and sizes
whose fp32 weights would exceed ``--max-weights-gb`` are not attempted.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = Path("/work/shared/examples/questions.jsonl")
FW_PYTHON = "/work/fwvenv/bin/python"
ZOO_PYTHON = "/work/zoovenv/bin/python"

# -- small helpers -------------------------------------------------------------------------


def out(line: str = "") -> None:
    print(line, flush=True)


def head(title: str) -> None:
    out()
    out(f"== {title} " + "=" * max(0, 78 - len(title)))


def pct(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank), so p99 is a time that was actually measured."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, int(-(-q * len(s) // 100)) - 1))
    return s[k]


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:8.3f} ms"


def rate(n: float) -> str:
    return f"{n:,.0f}/s"


def interpreter_build() -> str:
    """How this CPython was built, as far as it can tell: every figure here moves with it.

    A libpython loaded as a shared library (``--enable-shared``) is compiled as
    position-independent code, and without ``--enable-optimizations`` / ``--with-lto`` the
    interpreter loop gets no profile-guided layout; on this machine pyenv's such build
    answered the same questions about 25% slower than Debian's static python3.11, which
    Debian builds with PGO and LTO (its changelog; its _sysconfigdata does not carry those
    flags, so they can't be read back here)."""
    import sysconfig

    try:
        with open("/proc/self/maps") as maps:
            shared = "libpython" in maps.read()
    except OSError:
        shared = bool(sysconfig.get_config_var("Py_ENABLE_SHARED"))
    args = str(sysconfig.get_config_var("CONFIG_ARGS") or "")
    flags = [f for f in ("--enable-optimizations", "--with-lto") if f in args]
    linked = ("libpython loaded as a shared library" if shared
              else "statically linked (no shared libpython)")
    # what _sysconfigdata records, which need not be the whole story (Debian builds its
    # static python3 with PGO and LTO and leaves those flags out of it)
    configured = (f"_sysconfigdata's configure args name {' and '.join(flags)}" if flags
                  else "_sysconfigdata's configure args name neither --enable-optimizations "
                  "nor --with-lto")
    return f"{platform.python_implementation()} {platform.python_version()}, {linked}; " \
           f"{configured}"


def cli_path() -> Path:
    return Path(sys.executable).parent / "parambot"


def is_editable() -> bool:
    import parambot.bot  # noqa: F401 - where is it imported from?

    return Path(sys.modules["parambot.bot"].__file__ or "").resolve().is_relative_to(ROOT)


def vm_rss_kb(pid: int | str = "self") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


# -- the answer path, in process -----------------------------------------------------------


def answer_and_render(question: str, framework: str | None = None) -> Any:
    """Answer, then render both as JSON (``ask --json``) and as text (``ask``): one
    render more than any single ``parambot ask`` does, so the figures are on the safe side."""
    from parambot.bot.render_json import render as render_json
    from parambot.bot.render_terminal import render as render_text
    from parambot.bot.service import ask

    answer = ask(question, framework=framework)  # type: ignore[arg-type]
    render_json(answer, pretty=True)
    render_text(answer, colour=False)
    return answer


class Hooks:
    """Timing wrappers around the grammar's parse and the named-model builder."""

    def __init__(self) -> None:
        import parambot.engine.models as models
        import parambot.grammar.answer as grammar_answer
        from parambot.grammar.values import ModelValue

        self.parse_time = 0.0
        self.named = 0
        self.pasted_models = 0
        self._ga, self._models = grammar_answer, models
        self._program_subjects = grammar_answer._program_subjects
        self._parse, self._build = grammar_answer.parse, models.build
        self._parse_text = grammar_answer.parse_text

        def timed(fn: Any) -> Any:
            def wrapper(*a: Any, **k: Any) -> Any:
                t = time.perf_counter()
                try:
                    return fn(*a, **k)
                finally:
                    self.parse_time += time.perf_counter() - t
            return wrapper

        def build(*a: Any, **k: Any) -> Any:
            self.named += 1
            return self._build(*a, **k)

        def program_subjects(program: Any, *a: Any, **k: Any) -> Any:
            # pasted code that builds a model (Sequential, keras.Model, nn.Sequential)
            self.pasted_models += any(isinstance(v, ModelValue) for _, v in program.items)
            return self._program_subjects(program, *a, **k)

        # code goes through parse(); questions in words through parse_text()
        grammar_answer.parse, models.build = timed(self._parse), build
        grammar_answer.parse_text = timed(self._parse_text)
        grammar_answer._program_subjects = program_subjects

    def reset(self) -> None:
        self.parse_time, self.named, self.pasted_models = 0.0, 0, 0

    def close(self) -> None:
        self._ga.parse, self._models.build = self._parse, self._build
        self._ga.parse_text = self._parse_text
        self._ga._program_subjects = self._program_subjects


#: Catalogue classes that are whole models of N layers in one constructor.
CONTAINERS = {"TransformerEncoder", "TransformerDecoder", "Transformer"}


def question_kind(answer: Any, hooks: Hooks) -> str:
    """single: one layer; side by side: several single layers compared (each a single
    layer); whole: a stack, pasted code that builds a model, a container of N layers
    (nn.TransformerEncoder), or a named model."""
    subjects = answer.subjects
    if (hooks.named or hooks.pasted_models or any(len(s.layers) > 1 for s in subjects)
            or any(r.type in CONTAINERS for s in subjects for r in s.layers)):
        return "whole"
    return "single" if len(subjects) <= 1 else "side"


def clear_model_cache() -> None:
    """Forget every named model built so far (a first request for it in a process)."""
    from parambot.engine import models

    for name in ("_architecture", "compare_note"):
        cached = getattr(models, name, None)
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()


def bench_examples(repeats: int) -> dict[str, Any]:
    head(f"End to end per question, in process ({EXAMPLES.name}, {repeats} runs each)")
    out("what is timed: service.ask + render_json(pretty) + render_terminal (both forms "
        "`parambot ask` can print)")
    questions = [json.loads(line) for line in EXAMPLES.read_text().splitlines() if line.strip()]
    t0 = time.perf_counter()
    answer_and_render("dense 10 units on 784 inputs")  # parser built (or loaded) once
    first = time.perf_counter() - t0
    hooks = Hooks()
    samples: dict[str, list[float]] = {"single": [], "side": [], "whole": [],
                                       "named-warm": [], "named-cold": []}
    parse: dict[str, list[float]] = {"single": [], "side": [], "whole": []}
    slowest: dict[str, tuple[float, str]] = {}
    failures = 0
    for q in questions:
        text, fw = q["question"], q.get("framework")
        hooks.reset()
        a = answer_and_render(text, fw)  # warm: family imports, model caches
        failures += not a.ok
        named = hooks.named > 0
        kind = question_kind(a, hooks)
        times, ptimes = [], []
        for _ in range(repeats):
            hooks.reset()
            t = time.perf_counter()
            answer_and_render(text, fw)
            times.append(time.perf_counter() - t)
            ptimes.append(hooks.parse_time)
        samples[kind] += times
        parse[kind] += ptimes
        worst = max(times)
        if worst > slowest.get(kind, (0.0, ""))[0]:
            slowest[kind] = (worst, text)
        if named:
            samples["named-warm"] += times
            cold = []
            for _ in range(max(3, repeats // 5)):
                clear_model_cache()
                t = time.perf_counter()
                answer_and_render(text, fw)
                cold.append(time.perf_counter() - t)
            samples["named-cold"] += cold
            prev = slowest.get("named-cold", (0.0, ""))
            if max(cold) > prev[0]:
                slowest["named-cold"] = (max(cold), text)
    hooks.close()
    n_single = len(samples["single"]) // repeats
    n_side = len(samples["side"]) // repeats
    n_whole = len(samples["whole"]) // repeats
    out(f"{len(questions)} questions: {n_single} single-layer, {n_side} comparing single "
        f"layers side by side, {n_whole} whole-model (stacks, pasted models, encoders of N "
        f"layers, named models); {failures} not answered")
    out(f"first question in this process (parser built or loaded): {ms(first)}")
    out(f"{'':34}{'median':>11}{'p99':>12}{'max':>12}")
    res: dict[str, Any] = {}
    for kind, label in (("single", "single-layer, end to end"),
                        ("side", "layers side by side, end to end"),
                        ("whole", "whole-model, end to end (warm)"),
                        ("named-warm", "  of which named models (warm)"),
                        ("named-cold", "named model, first build in process")):
        v = samples[kind]
        if v:
            out(f"{label:34}{ms(statistics.median(v))}{ms(pct(v, 99)):>12}{ms(max(v)):>12}")
            res[kind] = (statistics.median(v), pct(v, 99))
    for kind, label in (("single", "single-layer, parse only"),
                        ("side", "side by side, parse only"),
                        ("whole", "whole-model, parse only")):
        v = parse[kind]
        if v:
            out(f"{label:34}{ms(statistics.median(v))}{ms(pct(v, 99)):>12}{ms(max(v)):>12}")
            res["parse-" + kind] = (statistics.median(v), pct(v, 99))
    for kind, (t, text) in slowest.items():
        out(f"slowest {kind}: {ms(t).strip()}  {text.splitlines()[0][:60]!r}")
    return res


# -- generated distinct questions ---------------------------------------------------------


def layer_specs(n: int, seed: int = 7) -> list[tuple[str, tuple[int, ...]]]:
    """``n`` distinct (kind, sizes) pairs: the layers people ask about, sizes varied."""
    rng = random.Random(seed)
    kinds: dict[str, Callable[[], tuple[int, ...]]] = {
        "dense": lambda: (rng.randint(1, 1024), rng.randint(1, 2048)),
        "lstm": lambda: (rng.randint(1, 512), rng.randint(1, 512)),
        "gru": lambda: (rng.randint(1, 512), rng.randint(1, 512)),
        "bilstm": lambda: (rng.randint(1, 256), rng.randint(1, 256)),
        "conv2d": lambda: (rng.randint(1, 256), rng.choice((1, 3, 5, 7)), rng.randint(8, 64),
                           rng.randint(8, 64), rng.choice((1, 3, 16, 32, 64))),
        "embedding": lambda: (rng.randint(100, 50000), rng.randint(8, 512)),
        "stack": lambda: (rng.randint(1, 1024), rng.randint(1, 512), rng.randint(1, 100)),
        "nn.Linear": lambda: (rng.randint(1, 2048), rng.randint(1, 2048)),
        "nn.LSTM": lambda: (rng.randint(1, 512), rng.randint(1, 512)),
        "nn.Conv2d": lambda: (rng.randint(1, 256), rng.randint(1, 256), rng.choice((1, 3, 5))),
        "nn.Embedding": lambda: (rng.randint(100, 50000), rng.randint(8, 512)),
        "torch-lstm-stack": lambda: (rng.randint(1, 256), rng.randint(1, 256),
                                     rng.randint(1, 4)),
    }
    names = list(kinds)
    seen: set[tuple[str, tuple[int, ...]]] = set()
    specs: list[tuple[str, tuple[int, ...]]] = []
    while len(specs) < n:
        kind = names[len(specs) % len(names)]
        spec = (kind, kinds[kind]())
        if spec not in seen:
            seen.add(spec)
            specs.append(spec)
    return specs


def question_for(kind: str, s: tuple[int, ...]) -> str:
    return {
        "dense": lambda: f"dense {s[0]} units on {s[1]} inputs",
        "lstm": lambda: f"lstm {s[0]} units input {s[1]}",
        "gru": lambda: f"gru {s[0]} units input {s[1]}",
        "bilstm": lambda: f"bidirectional lstm {s[0]} units input {s[1]}",
        "conv2d": lambda: f"conv2d {s[0]} filters {s[1]}x{s[1]} on {s[2]}x{s[3]}x{s[4]}",
        "embedding": lambda: f"embedding vocab {s[0]} dim {s[1]}",
        "stack": lambda: f"dense {s[0]} -> {s[1]} -> {s[2]}",
        "nn.Linear": lambda: f"nn.Linear({s[0]}, {s[1]})",
        "nn.LSTM": lambda: f"nn.LSTM({s[0]}, {s[1]})",
        "nn.Conv2d": lambda: f"nn.Conv2d({s[0]}, {s[1]}, {s[2]})",
        "nn.Embedding": lambda: f"nn.Embedding({s[0]}, {s[1]})",
        "torch-lstm-stack": lambda: f"pytorch lstm input {s[0]} hidden {s[1]} {s[2]} layers",
    }[kind]()


def free_text_for(kind: str, s: tuple[int, ...]) -> str:
    """The same layer asked in other words, which the full reader reads (none of these is
    an express-lane form): the batch figure for questions as people type them."""
    return {
        "dense": lambda: f"a dense layer with {s[0]} units on {s[1]} input features",
        "lstm": lambda: f"an LSTM with {s[0]} units on {s[1]} features",
        "gru": lambda: f"GRU layer, {s[0]} units, input size {s[1]}",
        "bilstm": lambda: f"Bidirectional(LSTM({s[0]})) with {s[1]} input features",
        "conv2d": lambda: (f"Conv2D with {s[0]} filters of {s[1]}x{s[1]} on a "
                           f"{s[2]}x{s[3]}x{s[4]} input"),
        "embedding": lambda: f"embedding layer with a vocabulary of {s[0]} and {s[1]} dimensions",
        "stack": lambda: f"dense layers {s[0]} -> {s[1]} -> {s[2]} in keras",
        "nn.Linear": lambda: f"nn.Linear(in_features={s[0]}, out_features={s[1]})",
        "nn.LSTM": lambda: f"nn.LSTM({s[0]}, {s[1]}, batch_first=True)",
        "nn.Conv2d": lambda: f"nn.Conv2d({s[0]}, {s[1]}, kernel_size={s[2]})",
        "nn.Embedding": lambda: f"nn.Embedding(num_embeddings={s[0]}, embedding_dim={s[1]})",
        "torch-lstm-stack": lambda: (f"PyTorch LSTM, input size {s[0]}, hidden size {s[1]}, "
                                     f"{s[2]} layers"),
    }[kind]()


# -- parambot batch (one process, start-up included) ----------------------------------------


def bench_batch(n: int) -> float | None:
    head(f"`parambot batch`: {n:,} distinct questions through one process, start-up included")
    cli = cli_path()
    if not cli.exists():
        out(f"skipped: no console script at {cli}")
        return None
    import importlib

    lane = importlib.import_module("parambot.grammar.express").express
    specs = layer_specs(n)
    out(f"console script: {cli}" + ("  (editable install)" if is_editable() else "")
        + ("; PYTHONUNBUFFERED unset for it" if "PYTHONUNBUFFERED" in os.environ else ""))
    rates = []
    for title, phrase, target in (
            ("the layers as the README and the REPL's help write them", question_for, True),
            ("the same layers in other words", free_text_for, False)):
        questions = [phrase(k, s) for k, s in specs]
        assert len(set(questions)) == n
        fast = sum(lane(q, None, "keras") is not None for q in questions)
        out(f"{title} (`{questions[0]}`, `{questions[n // 2]}`, ...): {fast:,} of {n:,} "
            "read by the express lane, the rest by the full reader")
        rates.append(_batch_run(cli, questions, n, target))
    return rates[0]  # the target's


def _batch_run(cli: Path, questions: list[str], n: int, target: bool) -> float:
    lines = [json.dumps({"id": i, "question": q}) for i, q in enumerate(questions)]
    # as a user's shell runs it: PYTHONUNBUFFERED (set in some sandboxes and CI images)
    # would make every answer its own write system call
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "questions.jsonl"
        src.write_text("\n".join(lines) + "\n")
        walls = []
        for _ in range(3):
            with src.open("rb") as fin:
                t = time.perf_counter()
                proc = subprocess.run([str(cli), "batch"], stdin=fin, capture_output=True,
                                      env=env)
                walls.append(time.perf_counter() - t)
            answers = [json.loads(x) for x in proc.stdout.splitlines()]
            ok = sum(a["ok"] for a in answers)
        best = min(walls)
        med = statistics.median(walls)
    out(f"  {len(answers):,} answers, {ok:,} ok, exit status {proc.returncode}; wall time, 3 "
        f"runs: {', '.join(f'{w:.3f} s' for w in walls)}")
    out(f"  throughput: median {rate(n / med)}, best {rate(n / best)}"
        + ("  (target >= 5,000/s)" if target else ""))
    return n / med


# -- cold start and resident memory ------------------------------------------------------


def run_measured(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds and exit status of one child process."""
    t = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env)
    proc.wait()
    return time.perf_counter() - t, proc.returncode


def bench_cold_start(runs: int) -> dict[str, float]:
    head(f"Cold start: process start to first answer (`parambot ask`, {runs} runs)")
    cli = cli_path()
    if not cli.exists():
        out(f"skipped: no console script at {cli}")
        return {}
    out(f"console script: {cli}" + ("  (editable install)" if is_editable() else "")
        + ("; PYTHONUNBUFFERED unset for it" if "PYTHONUNBUFFERED" in os.environ else ""))
    q = ["dense", "10", "units", "on", "784", "inputs"]
    res: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        first, _ = run_measured([str(cli), "ask", *q], env)
        walls = [run_measured([str(cli), "ask", *q], env)[0] for _ in range(runs)]
        rss = [_ask_rss(q, env) for _ in range(3)]
        named = [run_measured([str(cli), "ask", "resnet50", "params"], env)[0]
                 for _ in range(max(3, runs // 2))]
    bare = statistics.median(run_measured([sys.executable, "-c", "pass"])[0] for _ in range(5))
    out(f"python -c pass (the interpreter alone): {ms(bare)}")
    out(f"first run ever (empty cache directory): {ms(first)}")
    out(f"`parambot ask {' '.join(q)}`: median {ms(statistics.median(walls)).strip()}, "
        f"min {ms(min(walls)).strip()}, max {ms(max(walls)).strip()}  (target < 300 ms)")
    out(f"`parambot ask resnet50 params`: median {ms(statistics.median(named)).strip()}")
    out(f"resident memory of a `parambot ask` process after answering: "
        f"{statistics.median(r for r, _ in rss) / 1024:.1f} MB "
        f"(peak {statistics.median(h for _, h in rss) / 1024:.1f} MB)")
    res["cold"] = statistics.median(walls)
    res["cold-named"] = statistics.median(named)
    res["rss-cli"] = statistics.median(r for r, _ in rss) / 1024
    return res


_RSS_PROBE = """\
import sys
from parambot.bot.cli import main
main(sys.argv[1:])
status = open("/proc/self/status").read().split("\\n")
kb = {l.split(":")[0]: l.split()[1] for l in status if l.startswith(("VmRSS", "VmHWM"))}
sys.stderr.write(f"RSS {kb['VmRSS']} {kb['VmHWM']}\\n")
"""


def _ask_rss(question: list[str], env: dict[str, str]) -> tuple[int, int]:
    """VmRSS and VmHWM (KB) of the process that ran `parambot ask`, read at its end: the
    console script's own ``main`` with a probe after it (wait4's ru_maxrss would count
    the forking benchmark's pages too)."""
    proc = subprocess.run([sys.executable, "-c", _RSS_PROBE, "ask", *question], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    line = next(x for x in proc.stderr.splitlines() if x.startswith("RSS "))
    rss, hwm = line.split()[1:]
    return int(rss), int(hwm)


def bench_bot_memory() -> float | None:
    """Resident memory of a real `parambot discord` process after it has answered, against
    the local fake Discord the end-to-end tests use."""
    out()
    out("Discord bot: `parambot discord` against the tests' local Discord server, after "
        "one mention answered")
    sys.path.insert(0, str(ROOT))
    try:
        from tests.discord.fake_discord import FakeDiscord
    except Exception as exc:  # aiohttp or the tests tree missing
        out(f"skipped: cannot start the local Discord server ({type(exc).__name__}: {exc})")
        return None

    async def run() -> float | None:
        server = FakeDiscord()
        await server.start()
        proc: subprocess.Popen[bytes] | None = None
        try:
            with tempfile.TemporaryDirectory() as data:
                env = {**os.environ, **server.env(PARAMBOT_DATA_DIR=data)}
                t = time.perf_counter()
                proc = subprocess.Popen([str(cli_path()), "discord"], env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                await server.wait_connected(timeout=30)
                ready = time.perf_counter() - t
                before = len(server.sent)
                await server.say(f"<@{server.bot_id}> conv2d 32 filters 3x3 on 28x28x1")
                await server.wait_for(lambda: len(server.sent) > before, timeout=15)
                await asyncio.sleep(0.2)
                rss = vm_rss_kb(proc.pid) / 1024
                out(f"connected after {ready:.2f} s; resident memory after answering: "
                    f"{rss:.1f} MB  (target < 60 MB)")
                return rss
        except Exception as exc:
            err = b""
            if proc is not None and proc.poll() is not None and proc.stderr:
                err = proc.stderr.read()[-300:]
            out(f"skipped: the bot did not answer ({type(exc).__name__}: {exc}) {err!r}")
            return None
        finally:
            if proc is not None and proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
            await server.stop()

    return asyncio.run(run())


# -- anchors: the real frameworks ---------------------------------------------------------

# The framework side runs in a worker process that stays up (its imports are paid once)
# and builds when told to, one round at a time; parambot's side is timed between the
# worker's rounds. Each ratio pairs two measurements taken seconds apart: this virtual
# machine's speed changes from one second to the next (five identical ResNet-50 builds
# took 2.4 ms each in one run and 5.7 ms in the next), and a framework timed at another
# moment than parambot gave ratios that swung 3x from run to run.

_ANCHOR_LAYERS = textwrap.dedent("""
    import json, os, sys, time, warnings
    warnings.filterwarnings("ignore")
    specs = json.loads(sys.stdin.readline())
    import torch
    from torch import nn
    import keras

    def torch_layer(kind, s):
        if kind in ("dense", "nn.Linear"):
            return nn.Linear(s[1], s[0]) if kind == "dense" else nn.Linear(s[0], s[1])
        if kind in ("lstm", "nn.LSTM"):
            return nn.LSTM(s[1], s[0]) if kind == "lstm" else nn.LSTM(s[0], s[1])
        if kind == "gru":
            return nn.GRU(s[1], s[0])
        if kind == "conv2d":
            return nn.Conv2d(s[4], s[0], s[1])
        if kind == "nn.Conv2d":
            return nn.Conv2d(s[0], s[1], s[2])
        return nn.Embedding(s[0], s[1])

    def keras_layer(kind, s):
        L = keras.layers
        if kind in ("dense", "nn.Linear"):
            layer, shape = L.Dense(s[0] if kind == "dense" else s[1]), (None, s[1] if kind == "dense" else s[0])
        elif kind in ("lstm", "nn.LSTM"):
            layer, shape = L.LSTM(s[0] if kind == "lstm" else s[1]), (None, None, s[1] if kind == "lstm" else s[0])
        elif kind == "gru":
            layer, shape = L.GRU(s[0]), (None, None, s[1])
        elif kind == "conv2d":
            layer, shape = L.Conv2D(s[0], s[1]), (None, s[2], s[3], s[4])
        elif kind == "nn.Conv2d":
            layer, shape = L.Conv2D(s[1], s[2]), (None, 32, 32, s[0])
        else:
            layer, shape = L.Embedding(s[0], s[1]), (None, None)
        layer.build(shape)
        return layer

    # one layer of each kind first, as parambot's side is warmed up: first-use costs
    # (lazy imports inside the frameworks) are not what is compared
    for k, s in {k: s for k, s in specs}.items():
        torch_layer(k, s)
        keras_layer(k, s)
    print(json.dumps({"versions": f"torch {torch.__version__}, keras {keras.__version__} "
                                  f"({keras.backend.backend()})"}), flush=True)
    for _ in sys.stdin:  # one line: one round
        res = {}
        t = time.perf_counter()
        res["torch_counts"] = [sum(p.numel() for p in torch_layer(k, s).parameters()) for k, s in specs]
        res["torch_s"] = time.perf_counter() - t
        t = time.perf_counter()
        res["keras_counts"] = [keras_layer(k, s).count_params() for k, s in specs]
        res["keras_s"] = time.perf_counter() - t
        print(json.dumps(res), flush=True)
""")

_ANCHOR_MODELS = textwrap.dedent("""
    import json, sys, time, warnings
    warnings.filterwarnings("ignore")
    import torch, torchvision, transformers
    from transformers import GPT2Config, GPT2LMHeadModel
    from transformers.utils import logging
    logging.set_verbosity_error()

    builders = {"resnet50": lambda: torchvision.models.resnet50(weights=None),
                "gpt2": lambda: GPT2LMHeadModel(GPT2Config())}
    print(json.dumps({"versions": f"torch {torch.__version__}, torchvision "
                                  f"{torchvision.__version__}, transformers "
                                  f"{transformers.__version__}"}), flush=True)
    for line in sys.stdin:  # a model's key: build it once
        t = time.perf_counter()
        m = builders[line.strip()]()
        n = sum(p.numel() for p in m.parameters())
        s = time.perf_counter() - t
        del m
        print(json.dumps({"s": s, "n": n}), flush=True)
""")


class Worker:
    """A framework interpreter answering one JSON line per line it is sent."""

    def __init__(self, python: str, code: str, env: dict[str, str] | None = None,
                 first: str | None = None) -> None:
        self.proc = subprocess.Popen([python, "-c", code], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env=env)
        if first is not None:
            self.send(first)
        self.hello = self.read()

    def send(self, line: str) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            assert self.proc.stderr is not None
            err = self.proc.stderr.read().strip()[-400:]
            raise RuntimeError(f"the framework worker stopped: {err}")
        return json.loads(line)  # type: ignore[no-any-return]

    def ask(self, line: str) -> dict[str, Any]:
        self.send(line)
        return self.read()

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _spread(values: list[float], unit: str = "x") -> str:
    """The median of per-round figures, and every round's."""
    return (f"{statistics.median(values):,.0f}{unit} (rounds: "
            + ", ".join(f"{v:,.0f}" for v in values) + ")")


def _layer_anchor_specs(n: int) -> list[tuple[str, tuple[int, ...]]]:
    """Layers both frameworks build directly (no stacks, no bidirectional wrapper)."""
    keep = {"dense", "lstm", "gru", "conv2d", "embedding", "nn.Linear", "nn.LSTM",
            "nn.Conv2d", "nn.Embedding"}
    return [sp for sp in layer_specs(n * 2, seed=11) if sp[0] in keep][:n]


def bench_anchor_layers(python: str, n: int, rounds: int = 3) -> dict[str, float]:
    head(f"Anchor: the same {n} layers built and counted in PyTorch and in Keras")
    if not Path(python).exists():
        out(f"skipped: {python} not found (a venv with torch and keras; see --fw-python)")
        return {}
    specs = _layer_anchor_specs(n)
    questions = [question_for(k, s) for k, s in specs]
    # imports excluded on both sides: every question answered once before the timing (the
    # first question of a kind imports its layer family); the worker builds one layer of
    # each kind before its first round
    ours = [answer_and_render(q) for q in questions]
    try:
        worker = Worker(python, _ANCHOR_LAYERS, {**os.environ, "KERAS_BACKEND": "torch"},
                        first=json.dumps(specs))
    except RuntimeError as exc:
        out(f"skipped: the anchor failed: {exc}")
        return {}
    torch_s: list[float] = []
    keras_s: list[float] = []
    ours_s: list[float] = []
    try:
        for _ in range(rounds):
            res = worker.ask("round")
            torch_s.append(res["torch_s"])
            keras_s.append(res["keras_s"])
            t = time.perf_counter()
            for q in questions:
                answer_and_render(q)
            ours_s.append(time.perf_counter() - t)
    except RuntimeError as exc:
        out(f"skipped: the anchor failed: {exc}")
        return {}
    finally:
        worker.close()
    # parambot answers in the question's own framework; compare with that framework's count
    agree = sum(
        a.ok and a.subjects[0].total == (res["torch_counts"][i] if k.startswith("nn.")
                                          else res["keras_counts"][i])
        for i, (a, (k, _)) in enumerate(zip(ours, specs, strict=True)))
    vs_torch = [t / o for t, o in zip(torch_s, ours_s, strict=True)]
    vs_keras = [k / o for k, o in zip(keras_s, ours_s, strict=True)]
    med = statistics.median
    out(f"anchor interpreter: {python} ({worker.hello['versions']}), imports excluded (each "
        "side warmed up: one layer of each kind there, every question once here)")
    out(f"{rounds} rounds, each the framework's builds then parambot's answers, seconds apart")
    out(f"PyTorch build + count:          {rate(n / med(torch_s)):>12}  (median round)")
    out(f"Keras build + count:            {rate(n / med(keras_s)):>12}")
    out(f"parambot answer + both renders: {rate(n / med(ours_s)):>12}")
    out(f"parambot / PyTorch, per round:  {_spread(vs_torch)}  (target >= 30x)")
    out(f"parambot / Keras, per round:    {_spread(vs_keras)}  (target >= 30x)")
    out(f"counts agree with the framework the question names: {agree}/{n}")
    return {"torch": med(vs_torch), "keras": med(vs_keras),
            "torch_rate": n / med(torch_s), "keras_rate": n / med(keras_s),
            "ours_rate": n / med(ours_s)}


def bench_anchor_models(python: str, rounds: int = 5) -> dict[str, float]:
    head("Anchor: building a named model (torchvision ResNet-50, transformers GPT-2)")
    if not Path(python).exists():
        out(f"skipped: {python} not found (a venv with torchvision and transformers; "
            "see --zoo-python)")
        return {}
    try:
        worker = Worker(python, _ANCHOR_MODELS)
    except RuntimeError as exc:
        out(f"skipped: the anchor failed: {exc}")
        return {}
    out(f"anchor interpreter: {python} ({worker.hello['versions']}), imports excluded")
    out(f"{rounds} rounds, each one framework build, then parambot's first builds (caches "
        "cleared each time) for as long as it took, at least 5")
    ratios: dict[str, float] = {}
    try:
        for key, question in (("resnet50", "parameter count of torchvision resnet50"),
                              ("gpt2", "GPT-2 small params (GPT2LMHeadModel)")):
            worker.ask(key)  # the first build in the worker pays the model's own imports
            theirs: list[float] = []
            ours: list[float] = []
            their_n = 0
            for _ in range(rounds):
                res = worker.ask(key)
                theirs.append(res["s"])
                their_n = res["n"]
                cold: list[float] = []
                end = time.perf_counter() + res["s"]
                while len(cold) < 5 or time.perf_counter() < end:
                    clear_model_cache()
                    t = time.perf_counter()
                    a = answer_and_render(question)
                    cold.append(time.perf_counter() - t)
                ours.append(statistics.median(cold))
            same = "same count" if a.ok and a.subjects[0].total == their_n else (
                f"COUNTS DIFFER: {a.subjects[0].total if a.ok else None:,} vs {their_n:,}")
            per_round = [t / o for t, o in zip(theirs, ours, strict=True)]
            ratios[key] = statistics.median(per_round)
            out(f"{key:9} framework {ms(statistics.median(theirs))}  parambot (first build, "
                f"+ renders) {ms(statistics.median(ours))}  ({their_n:,} params, {same})")
            out(f"{'':9} per round: {_spread(per_round)}  (target >= 100x)")
    except RuntimeError as exc:
        out(f"skipped: the anchor failed: {exc}")
    finally:
        worker.close()
    return ratios


# -- scaling: 1 thousand to 175 billion parameters ---------------------------------------

#: (pasted PyTorch code, the name holding the model); the same text is answered by
#: parambot and executed by PyTorch.
LADDER: list[tuple[str, str]] = [
    ("m = nn.Linear(31, 31)", "m"),
    ("m = nn.Linear(100, 100)", "m"),
    ("m = nn.Linear(316, 316)", "m"),
    ("m = nn.Linear(1000, 1000)", "m"),
    ("m = nn.Linear(3162, 3162)", "m"),
    ("layer = nn.TransformerEncoderLayer(d_model=768, nhead=12, dim_feedforward=3072)\n"
     "m = nn.TransformerEncoder(layer, num_layers=12)", "m"),
    ("layer = nn.TransformerEncoderLayer(d_model=2048, nhead=16, dim_feedforward=8192)\n"
     "m = nn.TransformerEncoder(layer, num_layers=20)", "m"),
    ("layer = nn.TransformerEncoderLayer(d_model=4096, nhead=32, dim_feedforward=16384)\n"
     "m = nn.TransformerEncoder(layer, num_layers=32)", "m"),
    ("layer = nn.TransformerEncoderLayer(d_model=5120, nhead=40, dim_feedforward=20480)\n"
     "m = nn.TransformerEncoder(layer, num_layers=40)", "m"),
    ("layer = nn.TransformerEncoderLayer(d_model=12288, nhead=96, dim_feedforward=49152)\n"
     "m = nn.TransformerEncoder(layer, num_layers=12)", "m"),
    ("layer = nn.TransformerEncoderLayer(d_model=12288, nhead=96, dim_feedforward=49152)\n"
     "m = nn.TransformerEncoder(layer, num_layers=96)", "m"),
]

_TORCH_BUILD = textwrap.dedent("""
    import json, resource, sys, time, warnings
    warnings.filterwarnings("ignore")
    limit = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    import torch
    from torch import nn
    code, name = json.load(sys.stdin)
    t = time.perf_counter()
    try:
        ns = {"nn": nn, "torch": torch}
        exec(code, ns)
        n = sum(p.numel() for p in ns[name].parameters())
        print(json.dumps({"ok": True, "s": time.perf_counter() - t, "n": n}))
    except (MemoryError, RuntimeError) as exc:
        print(json.dumps({"ok": False, "s": time.perf_counter() - t,
                          "error": f"{type(exc).__name__}: {str(exc)[:120]}"}))
""")


def bench_scaling(python: str, max_weights_gb: float, timeout: float, torch_runs: bool
                  ) -> list[tuple[int, float]]:
    head("Scaling: 1 thousand to 175 billion parameters (the same pasted PyTorch code)")
    limit = int((max_weights_gb + 4) * 2**30)  # weights + torch's own address space
    have_torch = torch_runs and Path(python).exists()
    if not have_torch:
        out("PyTorch builds skipped" + ("" if torch_runs else " (--quick)") +
            ("" if Path(python).exists() else f": {python} not found"))
    else:
        out(f"PyTorch: {python}, each build in its own process, RLIMIT_AS "
            f"{limit / 2**30:.0f} GiB, timeout {timeout:.0f} s; sizes over "
            f"{max_weights_gb:g} GB of fp32 weights are not attempted")
    out("parambot's time follows the number of layers and weight tensors it lists, not their "
        "sizes: compare the two 12-layer encoders (d_model 768 and 12288)")
    out(f"{'parameters':>19}  {'parambot':>11}  PyTorch build + count")
    ours: list[tuple[int, float]] = []
    for code, name in LADDER:
        answer_and_render(code)
        times = []
        for _ in range(20):
            t = time.perf_counter()
            a = answer_and_render(code)
            times.append(time.perf_counter() - t)
        ours_s = statistics.median(times)
        n = a.subjects[-1].total if a.ok else 0
        ours.append((n, ours_s))
        gb = n * 4 / 1e9
        if not have_torch:
            theirs = "-"
        elif gb > max_weights_gb:
            theirs = f"not attempted: would need {gb:,.1f} GB for fp32 weights"
        else:
            try:
                proc = subprocess.run([python, "-c", _TORCH_BUILD, str(limit)],
                                      input=json.dumps([code, name]), capture_output=True,
                                      text=True, timeout=timeout)
                lines = proc.stdout.strip().splitlines()
                r = json.loads(lines[-1]) if lines else None
                if r is None:
                    theirs = f"failed (exit {proc.returncode}): {proc.stderr.strip()[-120:]}"
                elif r["ok"]:
                    check = "same count" if r["n"] == n else f"COUNT DIFFERS: {r['n']:,}"
                    theirs = f"{ms(r['s']).strip():>12}  ({r['s'] / ours_s:,.0f}x, {check})"
                else:
                    theirs = f"out of memory after {r['s']:.1f} s ({r['error']})"
            except subprocess.TimeoutExpired:
                theirs = f"gave up after {timeout:.0f} s"
        out(f"{n:>19,}  {ms(ours_s)}  {theirs}")
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    out(f"this machine's {ram / 2**30:.0f} GiB hold the fp32 weights of at most "
        f"{ram / 4 / 1e9:.1f} billion parameters: no PyTorch build goes beyond that here")
    from parambot.engine.models import transformer_config as tc

    cfg = tc.TransformerConfig(d_model=12288, n_layers=96, n_heads=96, vocab=50257,
                               context=2048)
    times = []
    for _ in range(20):
        t = time.perf_counter()
        s = tc.build(cfg)
        times.append(time.perf_counter() - t)
    out(f"{s.total:>19,}  {ms(statistics.median(times))}  GPT-3 175B config "
        "(engine.models.transformer_config.build, no grammar): not attempted in PyTorch, "
        f"would need {s.total * 4 / 1e9:,.0f} GB")
    small, big = ours[0][1], ours[-1][1]
    out(f"parambot, largest / smallest: {big / small:.2f}x the time for "
        f"{ours[-1][0] / ours[0][0]:,.0f}x the parameters")
    return ours


# -- main ----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="fewer repeats; no scaling builds")
    p.add_argument("--repeats", type=int, default=None, help="runs per example question")
    p.add_argument("--batch", type=int, default=5000, help="distinct questions for batch")
    p.add_argument("--anchor-layers", type=int, default=300)
    p.add_argument("--fw-python", default=FW_PYTHON)
    p.add_argument("--zoo-python", default=ZOO_PYTHON)
    p.add_argument("--max-weights-gb", type=float, default=8.0)
    p.add_argument("--timeout", type=float, default=300.0)
    p.add_argument("--no-anchors", action="store_true")
    p.add_argument("--only", default="", help="comma-separated sections: examples, batch, "
                   "cold, bot, anchors, scaling (default: all)")
    args = p.parse_args(argv)
    only = {x.strip() for x in args.only.split(",") if x.strip()}

    def want(section: str) -> bool:
        return not only or section in only

    repeats = args.repeats or (5 if args.quick else 30)

    import parambot

    out("parambot benchmark (issue 7)")
    out(f"python {platform.python_version()} at {sys.executable}; parambot from "
        f"{Path(parambot.__path__[0]).parent}" + (" (editable)" if is_editable() else ""))
    out(f"interpreter: {interpreter_build()}")
    out(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB RAM, "
        f"{platform.platform()}")
    out(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
        "(other work on the machine shows up as noise in every figure)")
    started = time.perf_counter()
    if want("examples"):
        bench_examples(repeats)
    if want("batch"):
        bench_batch(args.batch)
    if want("cold"):
        bench_cold_start(5 if args.quick else 9)
    if want("bot"):
        bench_bot_memory()
    if args.no_anchors:
        head("Anchors")
        out("skipped (--no-anchors)")
    elif want("anchors"):
        bench_anchor_layers(args.fw_python, args.anchor_layers)
        bench_anchor_models(args.zoo_python)
    if want("scaling"):
        bench_scaling(args.fw_python, args.max_weights_gb, args.timeout,
                      torch_runs=not args.quick and not args.no_anchors)
    out()
    out(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    out(f"benchmark finished in {time.perf_counter() - started:.0f} s; this process peaked "
        f"at {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB resident")
    return 0


if __name__ == "__main__":
    sys.exit(main())
