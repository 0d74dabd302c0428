"""The express lane (grammar/express.py) against the full reader and the frameworks.

Every form the lane reads is asked with random and edge sizes, in several spellings and
with every framework choice, and each answer it gives must be the full reader's, byte for
byte in the JSON contract. Its counts must also be the ones Keras and PyTorch recorded
(tests/golden/*.jsonl), and what it declines must still be answered or refused by the full
reader.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from parambot.bot.render_json import answer_object, dumps
from parambot.bot.service import ask
from parambot.engine.core import Framework
from parambot.engine.errors import ParamError
from parambot.grammar import answer_question
from parambot.grammar.answer import answer_question as full_reader
from parambot.grammar.express import _FORMS, express

from ..conftest import example_questions

GOLDEN = Path(__file__).resolve().parent.parent / "golden"

CHOICES: list[tuple[Framework | None, Framework]] = [
    (None, "keras"), (None, "pytorch"), ("keras", "keras"), ("pytorch", "keras"),
    ("keras", "pytorch"), ("pytorch", "pytorch")]


def _full(question: str, explicit: Framework | None, default: Framework) -> str:
    try:
        return dumps(answer_object(full_reader(question, explicit=explicit, default=default)))
    except ParamError as exc:
        return f"refused: {exc.message}"


def _size(rng: random.Random, earlier: list[int]) -> int:
    """Mostly small and ordinary sizes, some repeated (a square kernel, ``dense 64 on
    64``), some large; never zero (the lane declines zero: tested apart)."""
    if earlier and rng.random() < 0.2:
        return rng.choice(earlier)
    r = rng.random()
    n = (rng.randint(1, 5) if r < 0.3 else rng.randint(1, 64) if r < 0.6
         else rng.randint(1, 4096) if r < 0.92 else rng.randint(1, 9_999_999))
    earlier.append(n)
    return n


def _fill(form: str, rng: random.Random) -> str:
    earlier: list[int] = []
    words = []
    for w in form.split():
        if w == "#":
            words.append(str(_size(rng, earlier)))
        elif w.startswith("#x"):
            words.append("x".join(str(_size(rng, earlier)) for _ in w.split("x")))
        else:
            words.append(w)
    return " ".join(words)


TORCH_CALLS = ["nn.Linear({}, {})", "nn.LSTM({}, {})", "nn.GRU({}, {})", "nn.RNN({}, {})",
               "nn.Embedding({}, {})", "nn.Conv1d({}, {}, {})", "nn.Conv2d({}, {}, {})",
               "nn.Conv3d({}, {}, {})", "nn.ConvTranspose2d({}, {}, {})", "nn.LayerNorm({})",
               "nn.BatchNorm1d({})", "nn.BatchNorm2d({})"]


def _questions(seed: int, per_form: int) -> list[str]:
    rng = random.Random(seed)
    qs = [_fill(form, rng) for form in sorted(_FORMS) for _ in range(per_form)]
    for call in TORCH_CALLS:
        for _ in range(per_form * 2):
            earlier: list[int] = []
            qs.append(call.format(*(_size(rng, earlier) for _ in range(call.count("{}")))))
    return qs


def _spellings(q: str) -> list[str]:
    """The same words written otherwise: the lane must answer as the full reader does, or
    leave the question to it."""
    return ["  " + q, q + "\n", q.replace(" ", "  ", 1), q.replace(" ", "\n", 1),
            q.replace(" ", "\t", 1), q.upper(), q.title(), q.replace(" ", "\u00a0", 1),
            "```\n" + q + "\n```", q.replace(", ", ",", 1), q.replace("(", " ("), q + "?",
            "how many params: " + q, q.replace("1", "01", 1), q + " vs " + q,
            q.replace("x", " x ", 1)] + [
        # any white space Python splits on, between every two words (a no-break space
        # pasted from a web page read `dense 64 input\xa0784` as Dense(784) on 64)
        q.replace(" ", space) for space in ("\xa0", "\u3000", "\u2009", "\x0b", "\x1f",
                                            "\u2028", "\x85", "\f", "\r")]


@pytest.mark.parametrize("seed", [11, 12])
def test_every_form_answers_as_the_full_reader(seed: int) -> None:
    questions = _questions(seed, per_form=3)
    answered: set[str] = set()
    for q in questions:
        for explicit, default in CHOICES:
            fast = express(q, explicit, default)
            if fast is None:
                continue
            answered.add(q)
            assert dumps(answer_object(fast)) == _full(q, explicit, default), (
                q, explicit, default)
    # the comparison is not vacuous: nearly every generated question took the lane
    assert len(answered) >= 0.9 * len(questions), (len(answered), len(questions))


def test_other_spellings_are_answered_alike_or_left_to_the_full_reader() -> None:
    rng = random.Random(5)
    base = _questions(5, per_form=1)
    rng.shuffle(base)
    checked = 0
    for q in base[:150]:
        for variant in _spellings(q):
            fast = express(variant, None, "keras")
            if fast is not None:
                checked += 1
                assert dumps(answer_object(fast)) == _full(variant, None, "keras"), variant
    assert checked > 100


def test_each_form_is_reached() -> None:
    """Every form in the table is one the lane answers (a form the tokenizer can never
    produce would be dead and untested): each asked with every size 7."""
    for form in _FORMS:
        q = " ".join("x".join("7" * len(w.split("x"))) if w.startswith("#") else w
                     for w in form.split())
        fw: Framework = "pytorch" if form.startswith(("pytorch", "torch")) else "keras"
        assert express(q, None, fw) is not None, q


@pytest.mark.parametrize(("question", "answered"), [
    ("dense 0 units on 784", False), ("dense 64 units on 0", False),
    ("lstm 0 units input 28", False), ("conv2d 32 filters 0x3 on 28x28x1", False),
    ("conv2d 32 filters 3x3 on 2x2x1", False), ("conv2d 16 3x3 on 3x32x32", True),
    ("embedding vocab 0 dim 8", False), ("nn.Linear(0, 10)", False),
    ("dense 64 on 784 inputs please", True), ("dense 64 units on 12345678", True),
    ("dense 064 units on 784", True), ("pytorch lstm input 28 hidden 128 0 layers", False),
    ("nn.Linear(784, 128, bias=False)", True), ("nn.Linear(784,128)", True),
    ("dense 64 input 784 inputs", False),
])
def test_what_the_lane_declines_the_full_reader_takes(question: str, answered: bool) -> None:
    """Sizes the lane is not sure of, shapes the full reader remarks on, and anything the
    engine refuses are left to the full reader, which answers (the kernel larger than the
    input, the channels-first-looking shape with its note) or words the refusal."""
    assert express(question, None, "keras") is None
    assert ask(question).ok is answered, question


def test_the_public_examples_answer_alike() -> None:
    for q in example_questions():
        fast = express(q, None, "keras")
        if fast is not None:
            assert dumps(answer_object(fast)) == _full(q, None, "keras"), q


# -- against the frameworks ------------------------------------------------------------------


def _golden(name: str) -> list[dict[str, Any]]:
    with (GOLDEN / f"{name}.jsonl").open() as f:
        return [json.loads(line) for line in f if line.strip()]


def _express_question(rec: dict[str, Any]) -> str | None:
    """The lane's sentence for a recorded layer built with positional sizes only."""
    if rec["kwargs"] or "total" not in rec:
        return None
    layer, args, shape = rec["layer"], rec["args"], rec["input_shape"]
    if not all(type(a) is int for a in args if not isinstance(a, dict)):
        return None
    fw = rec["framework"]
    if fw == "keras":
        if layer == "Dense" and shape is not None and len(shape) == 1:
            return f"dense {args[0]} units on {shape[0]} inputs"
        if layer in ("LSTM", "GRU", "SimpleRNN") and shape is not None and len(shape) == 2:
            return f"{layer.lower()} {args[0]} units on {shape[0]}x{shape[1]}"
        if (layer == "Bidirectional" and shape is not None and len(shape) == 2
                and args[0]["layer"] in ("LSTM", "GRU", "SimpleRNN")
                and set(args[0]["kwargs"]) <= {"name"} and len(args[0]["args"]) == 1):
            inner = args[0]
            return (f"bidirectional {inner['layer'].lower()} {inner['args'][0]} units on "
                    f"{shape[0]}x{shape[1]}")
        if layer == "Conv2D" and len(args) == 2 and shape is not None and len(shape) == 3:
            k = args[1]
            return f"conv2d {args[0]} filters {k}x{k} on {'x'.join(map(str, shape))}"
        if layer == "Embedding" and len(args) == 2:
            return f"embedding vocab {args[0]} dim {args[1]}"
        return None
    sizes = ", ".join(map(str, args))
    if layer in ("Linear", "LSTM", "GRU", "RNN", "Embedding") and len(args) == 2:
        return f"nn.{layer}({sizes})"
    if layer in ("Conv1d", "Conv2d", "Conv3d", "ConvTranspose2d") and len(args) == 3:
        return f"nn.{layer}({sizes})"
    if layer in ("LSTM", "GRU") and len(args) == 3:
        return f"pytorch {layer.lower()} input {args[0]} hidden {args[1]} {args[2]} layers"
    if layer in ("BatchNorm1d", "BatchNorm2d", "LayerNorm") and len(args) == 1:
        return f"nn.{layer}({sizes})"
    return None


def test_counts_are_the_frameworks() -> None:
    """The lane's counts against the golden data recorded from Keras 3 and PyTorch."""
    checked: dict[tuple[str, str], int] = {}
    for name in ("dense", "recurrent", "convolution", "normalization"):
        for rec in _golden(name):
            q = _express_question(rec)
            if q is None:
                continue
            answer = express(q, None, rec["framework"])
            if answer is None:
                continue
            s = answer.subjects[0]
            assert (s.total, s.trainable, s.non_trainable, s.buffers) == (
                rec["total"], rec["trainable"], rec["non_trainable"],
                rec.get("buffers", 0)), (q, rec)
            if rec["framework"] == "keras" or rec["input_shape"] is None:
                out = s.output_shape
                want = rec["output_shape"]
                assert out is None or want is None or list(out)[-1] == want[-1], (q, out, want)
            key = (rec["framework"], rec["layer"])
            checked[key] = checked.get(key, 0) + 1
    keras = ("Dense", "LSTM", "GRU", "SimpleRNN", "Bidirectional", "Conv2D", "Embedding")
    torch = ("Linear", "LSTM", "GRU", "RNN", "Embedding", "Conv1d", "Conv2d", "Conv3d",
             "ConvTranspose2d", "BatchNorm1d", "BatchNorm2d")
    for key in [("keras", n) for n in keras] + [("pytorch", n) for n in torch]:
        assert checked.get(key, 0) >= 3, (key, checked)


def test_recorded_refusals_are_left_to_the_full_reader() -> None:
    """A size the framework refuses (units 0, a negative size) never takes the lane."""
    for name in ("dense", "recurrent", "convolution"):
        for rec in _golden(name):
            if "total" in rec or rec["kwargs"]:
                continue
            q = _express_question({**rec, "total": 0})
            if q is not None and (rec["framework"] == "keras" or rec["input_shape"] is None):
                # (a PyTorch call is asked without the input its record was refused on)
                assert express(q, None, rec["framework"]) is None, q


# -- what it spares ------------------------------------------------------------------------


def test_an_express_answer_does_not_load_the_grammar() -> None:
    """Answering `dense 64 on 784` imports neither Lark nor the full reader: that is most of
    a process' start-up. The first question that needs them loads them."""
    code = (
        "import sys\n"
        "from parambot.bot.service import ask\n"
        "a = ask('dense 64 units on 784 inputs')\n"
        "print(a.subjects[0].total, 'lark' in sys.modules,"
        " 'parambot.grammar.answer' in sys.modules)\n"
        "b = ask('a dense layer with 64 units on 784 inputs')\n"
        "print(b.subjects[0].total, 'lark' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.split("\n")
    assert out[0] == "50240 False False"
    assert out[1] == "50240 True"


def test_the_entry_point_takes_the_lane_and_then_the_reader() -> None:
    fast = answer_question("lstm 128 units input 28")
    assert fast.subjects[0].total == 80384  # Keras: 4 × ((28 + 128) × 128 + 128)
    slow = answer_question("an lstm with 128 units on 28 features")
    assert slow.subjects[0].total == 80384


@pytest.mark.parametrize(("question", "total"), [
    ("dense 64 input\xa0784", 50240), ("lstm 64 input\u300028", 23808),
    ("embedding vocab\xa01000 dim 64", 64000), ("dense\x0b3 units on 111 inputs", 336),
    ("pytorch lstm input 28 hidden 128 2\xa0layers", 212992),
    ("an lstm with 64 units\xa0on 28 features", 23808),
])
def test_any_white_space_separates_words(question: str, total: int) -> None:
    """The full reader reads a no-break space (or any other white space) as a space: it
    read `dense 64 input\xa0784` as Dense(784) on 64 inputs (50,960), and refused others.
    Keras: Dense(64) on 784 is 784 × 64 + 64; LSTM(64) on 28 is 4 × ((28 + 64) × 64 + 64)."""
    answer = full_reader(question)
    assert answer.subjects[0].total == total
    fast = express(question, None, "keras")
    assert fast is None or dumps(answer_object(fast)) == dumps(answer_object(answer))


def test_the_white_space_list_is_pythons() -> None:
    from parambot.grammar.answer import WHITE_SPACE

    assert WHITE_SPACE == "".join(chr(c) for c in range(0x110000) if chr(c).isspace())


@pytest.mark.parametrize(("question", "word"), [
    ("dense 0 units on 784", "units"), ("lstm 0 units input 28", "units"),
    ("embedding vocab 0 dim 8", "input_dim (the vocabulary size)"),
    ("pytorch lstm input 28 hidden 0", "hidden_size"),
    ("pytorch lstm input 28 hidden 64 0 layers", "num_layers"),
    ("conv2d 0 filters 3x3 on 28x28x1", "filters"),
])
def test_a_zero_size_is_refused_as_zero(question: str, word: str) -> None:
    """The lane leaves a 0 to the full reader, which said "Dense needs `units`" for
    `dense 0 units on 784`, as if no size had been given. Keras and PyTorch refuse a
    size of 0 (tests/golden: "expected a positive integer, got 0")."""
    assert express(question, None, "keras") is None
    answer = ask(question)
    assert answer.error is not None
    assert answer.error.message == f"`{word}` must be a positive whole number; got 0."


@pytest.mark.parametrize(("question", "total"), [
    # PyTorch: proj_size=0 is its default, no projection: 4 × 128 × (28 + 128) + 8 × 128
    ("pytorch lstm input 28 hidden 128 proj_size 0", 80896),
    # nn.TransformerEncoder(layer, num_layers=0) has no parameters
    ("transformer encoder d_model 512 8 heads 0 layers", 0),
])
def test_a_zero_that_is_a_setting_is_kept(question: str, total: int) -> None:
    answer = ask(question, framework="pytorch")
    assert answer.ok, answer.error
    assert answer.subjects[0].total == total
