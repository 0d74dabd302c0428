"""Named models with options (``without top``, ``pooling avg``, ``10 classes``, ``on
128x128x3``), asked in words, against what the libraries built
(``tests/golden/model_options.json``, written by ``record_model_options.py``)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from parambot.bot.service import ask
from parambot.engine.models import build, lookup
from parambot.engine.models.options import ModelOptions

from ..conftest import GOLDEN

DATA: dict[str, Any] = json.loads((GOLDEN / "model_options.json").read_text())
CASES: dict[str, Any] = DATA["cases"]
BUILT = sorted(q for q, c in CASES.items() if "error" not in c)
REFUSED = sorted(q for q, c in CASES.items() if "error" in c)


def test_enough_cases_recorded() -> None:
    assert len(BUILT) >= 75 and len(REFUSED) >= 8
    assert {c["name"] for c in CASES.values() if c["framework"] == "keras"} >= {
        "VGG16", "VGG19", "ResNet50", "ResNet101", "ResNet152", "MobileNet", "MobileNetV2",
        "DenseNet121", "InceptionV3", "Xception", "EfficientNetB0"}


@pytest.mark.parametrize("question", BUILT)
def test_counts_and_shapes(question: str) -> None:
    rec = CASES[question]
    answer = ask(question)
    assert answer.ok, answer.error
    assert len(answer.subjects) == 1
    s = answer.subjects[0]
    assert s.framework == rec["framework"]
    got = {"total": s.total, "trainable": s.trainable, "non_trainable": s.non_trainable,
           "buffers": s.buffers, "output_shape": list(s.output_shape or ())}
    want = {k: rec[k] for k in got}
    assert got == want
    if rec["framework"] == "keras":
        # every row as model.layers lists it: name, class, count, output shape (Keras
        # orders branching models by depth, so only the ends are compared in order)
        rows = [[r.name, r.type, r.total, list(r.output_shape or ())] for r in s.layers]
        want = [[n, cls, c, shape] for n, cls, c, shape in rec["layers"]]
        assert sorted(rows) == sorted(want)
        assert rows[:2] == want[:2] and rows[-2:] == want[-2:]
        assert list(s.input_shape or ()) == rec["layers"][0][3]
    else:
        # leaf modules in named_modules() order with their output shapes for this input,
        # and every parameter under its name
        outputs = rec["outputs"]
        rows = [r for r in s.layers if r.name in outputs]
        assert [r.name for r in rows] == [m for m in rec["modules"] if m in outputs]
        for r in rows:
            assert list(r.output_shape or ()) == outputs[r.name], r.name
        params = sorted([f"{r.name}.{w.name}" if r.type != "Parameter" else r.name,
                         list(w.shape)] for r in s.layers for w in r.weights if not w.buffer)
        assert params == sorted(rec["parameters"])
        assert list(s.input_shape or ()) == rec["input"]


@pytest.mark.parametrize("question", REFUSED)
def test_what_the_library_refuses_is_refused(question: str) -> None:
    rec = CASES[question]
    answer = ask(question)
    assert not answer.ok and answer.error is not None
    message = answer.error.message
    if rec["framework"] == "keras":
        # "Input size must be at least 32x32; Received: input_shape=(31, 31, 3)"
        assert rec["error"].split(";")[0] in message
    elif "Wrong image height" in rec["error"]:
        assert rec["error"] in message
    elif "channels" in rec["error"]:
        assert "expects 3 input channels" in message
    else:  # "Output size is too small"
        assert "shrink to nothing" in message and "PyTorch raises an error" in message


@pytest.mark.parametrize(("question", "says"), [
    ("bert without top", "Hugging Face transformers model, which has no top"),
    ("gpt2 with 10 classes", "GPT2ForSequenceClassification"),
    ("bert base uncased on 224x224x3", "takes token sequences"),
    ("resnet18 without top", "`include_top` is a keras.applications option; torchvision "
                             "resnet18 has none"),
    ("pytorch resnet50 pooling avg", "`pooling` is a keras.applications option"),
    ("resnet50 with average pooling", "Keras reads `pooling` only without the top"),
    ("resnet50 without top with 10 classes", "Keras ignores classes=10"),
    ("resnet50 0 classes", "at least one class"),
    ("resnet50 10 classes and 20 classes", "two numbers of classes"),
    ("mobilenet_v2 alpha=0.5", "can't apply `alpha`"),
    ("keras resnet50 on 160x160x3x2", "three sizes"),
    ("keras resnet50 weights='imagenet' 10 classes", "Keras refuses classes=10"),
    ("resnet50 pooling='sum' without top", "'avg', 'max' or None"),
])
def test_options_that_make_no_sense_are_refused(question: str, says: str) -> None:
    answer = ask(question)
    assert not answer.ok and answer.error is not None
    assert says in answer.error.message


@pytest.mark.parametrize(("question", "name", "total"), [
    # the same golden figures, asked other ways
    ("resnet50 include_top=False", "ResNet50", 23_587_712),
    ("resnet50 w/o the fc layer", "ResNet50", 23_587_712),
    ("resnet50 without the classification head", "ResNet50", 23_587_712),
    ("resnet50 include top false", "ResNet50", 23_587_712),
    ("keras resnet50 without top with global average pooling", "ResNet50", 23_587_712),
    ("resnet50 as a feature extractor, pooling max", "ResNet50", 23_587_712),
    ("vgg16 input_shape=(128,128,3)", "VGG16", 69_151_528),
    ("keras vgg16 on 3x128x128", "VGG16", 69_151_528),  # turned round, with a note
    ("resnet50 num_classes=10", "resnet50", 23_528_522),  # torchvision's keyword
    ("resnet50 with 10 output classes", "ResNet50", 23_608_202),
    ("keras resnet50 weights='imagenet' include_top=False", "ResNet50", 23_587_712),
])
def test_other_phrasings(question: str, name: str, total: int) -> None:
    answer = ask(question)
    assert answer.ok, answer.error
    s = answer.subjects[0]
    assert s.total == total and s.label.startswith(("torchvision " + name, name))


def test_with_and_without_top_side_by_side() -> None:
    answer = ask("resnet50 with and without top")
    assert answer.ok, answer.error
    assert [s.total for s in answer.subjects] == [25_636_712, 23_587_712]
    again = ask("keras resnet50 without top vs with top")
    assert [s.total for s in again.subjects] == [23_587_712, 25_636_712]
    classes = ask("resnet50 10 classes vs 100 classes")
    assert [s.total for s in classes.subjects] == [
        CASES["resnet50 10 classes"]["total"], 23_792_612]  # 23,587,712 + 2,048 × 100 + 100


def test_options_lean_to_the_library_that_has_them() -> None:
    # a user whose default is PyTorch asking for Keras' option gets Keras' model
    answer = ask("resnet50 without top", framework="pytorch")
    assert answer.ok and answer.subjects[0].framework == "keras"
    named = ask("pytorch resnet50 without top")
    assert not named.ok


def test_notes_say_what_changed() -> None:
    s = ask("keras resnet50 without top").subjects[0]
    assert s.label == "ResNet50(include_top=False)"
    assert any("the top (avg_pool, predictions) is gone, and with it 2,049,000 parameters"
               in n for n in s.notes)
    vgg = ask("keras vgg16 on 128x128x3").subjects[0]
    assert any("fc1 102,764,544 → 33,558,528" in n and "8,192 features instead of 25,088"
               in n for n in vgg.notes)
    tv = ask("pytorch resnet50 input 3x128x128").subjects[0]
    assert any("the count is the same as for the default input" in n for n in tv.notes)
    turned = ask("keras vgg16 on 3x128x128").subjects[0]
    assert any("read as 128×128×3" in n for n in turned.notes)


def test_option_builds_are_cached_and_fast() -> None:
    spec = lookup("resnet152", "keras")
    assert spec is not None
    opts = ModelOptions(include_top=False, pooling="avg")
    build(spec, opts)
    start = time.perf_counter()
    for _ in range(20):
        build(spec, opts)
    assert (time.perf_counter() - start) / 20 < 0.005


@pytest.mark.parametrize(("code", "question"), [
    # pasted code: the call's keywords are the options (they were ignored: a pasted
    # resnet18(num_classes=5) was answered with the default 11,689,512)
    ("import keras\nbase = keras.applications.ResNet50(weights=None, include_top=False)\n"
     "base.summary()\n", "keras resnet50 without top"),
    ("import keras\nm = keras.applications.VGG16(weights=None, input_shape=(128, 128, 3))\n",
     "keras vgg16 on 128x128x3"),
    ("import keras\nm = keras.applications.EfficientNetB0(include_top=False, weights=None, "
     "input_shape=(300, 300, 3), pooling='max')\n",
     "efficientnetb0 without top on 300x300x3 pooling max"),
    ("import torchvision\nm = torchvision.models.resnet18(weights=None, num_classes=5)\n"
     "print(sum(p.numel() for p in m.parameters()))\n", "pytorch resnet18 num_classes=5"),
])
def test_pasted_calls_read_their_keywords(code: str, question: str) -> None:
    rec = CASES[question]
    answer = ask(code)
    assert answer.ok, answer.error
    s = answer.subjects[0]
    assert (s.total, s.trainable, s.non_trainable, list(s.output_shape or ())) == (
        rec["total"], rec["trainable"], rec["non_trainable"], rec["output_shape"])


def test_pasted_calls_refuse_what_the_library_refuses() -> None:
    answer = ask("import keras\nm = keras.applications.VGG16(weights='imagenet', classes=10)\n")
    assert not answer.ok and answer.error is not None
    assert "Keras refuses classes=10" in answer.error.message
    answer = ask("import keras\nm = keras.applications.ResNet50(weights=None, alpha=0.5)\n")
    assert not answer.ok and answer.error is not None
    assert "`alpha`" in answer.error.message
