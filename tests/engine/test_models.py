"""Named models, transformer configs, memory, compute and inverse answers against what the
real libraries report (``tests/golden/models.json``, written by ``record_models.py``)."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest
from parambot.engine.catalogue import make
from parambot.engine.compute import compute, torchinfo_mult_adds
from parambot.engine.errors import ParamError
from parambot.engine.inverse import d_model_for, recurrent_units_for, solve
from parambot.engine.memory import human_bytes, weight_memory
from parambot.engine.model import Subject, build_stack
from parambot.engine.models import (
    PAIRS,
    ModelSpec,
    build,
    compare_note,
    figures,
    hf_models,
    keras_apps,
    known_names,
    lookup,
    pair_note,
    torchvision_models,
)
from parambot.engine.models import graph as graph_module
from parambot.engine.models.graph import Figures, qualified_names
from parambot.engine.models.transformer_config import (
    LLAMA_7B,
    TransformerConfig,
    count,
    rule_of_thumb,
)
from parambot.engine.models.transformer_config import build as build_transformer

from ..conftest import EXAMPLES, GOLDEN

DATA: dict[str, Any] = json.loads((GOLDEN / "models.json").read_text())
MODELS: dict[str, Any] = DATA["models"]
HF: dict[str, Any] = DATA["transformers"]


@cache
def _built(key: str) -> Subject:
    fw, name = key.split(":")
    if fw == "keras":
        return keras_apps.BUILDERS[name]()
    return torchvision_models.BUILDERS[name]()


def _counts(s: Subject) -> dict[str, Any]:
    return {"total": s.total, "trainable": s.trainable, "non_trainable": s.non_trainable,
            "buffers": s.buffers, "output_shape": list(s.output_shape or ())}


def test_every_named_model_recorded() -> None:
    assert len(MODELS) == len(keras_apps.BUILDERS) + len(torchvision_models.BUILDERS) == 25


@pytest.mark.parametrize("key", sorted(MODELS))
def test_model_totals(key: str) -> None:
    rec = MODELS[key]
    want = {k: rec[k] for k in ("total", "trainable", "non_trainable", "buffers",
                                "output_shape")}
    assert _counts(_built(key)) == want


@pytest.mark.parametrize("key", sorted(k for k in MODELS if k.startswith("keras:")))
def test_keras_layer_table(key: str) -> None:
    """Every row as ``model.layers`` lists it: name, class, count, output shape."""
    rows = [[r.name, r.type, r.total, list(r.output_shape or ())] for r in _built(key).layers]
    want = [[n, cls, c, shape] for n, cls, c, shape, _w in MODELS[key]["layers"]]
    assert sorted(rows) == sorted(want)


def test_keras_resnet50_table_in_order_with_weights() -> None:
    s = _built("keras:ResNet50")
    want = MODELS["keras:ResNet50"]["layers"]
    assert [r.name for r in s.layers] == [row[0] for row in want]
    for r, (_n, _c, _count, _shape, weights) in zip(s.layers, want, strict=True):
        assert [[w.name, list(w.shape), w.trainable] for w in r.weights] == weights


@pytest.mark.parametrize("key", sorted(k for k in MODELS if k.startswith("pytorch:")))
def test_torchvision_parameters_and_buffers(key: str) -> None:
    """Every parameter and buffer under its ``named_parameters()`` name and shape."""
    rec = MODELS[key]
    names = qualified_names(_built(key))
    params = sorted([n, list(shape), t] for n, shape, t, buf in names if not buf)
    buffers = sorted([n, list(shape)] for n, shape, _t, buf in names if buf)
    assert params == sorted(rec["parameters"])
    assert buffers == sorted(rec["buffer_list"])


@pytest.mark.parametrize("key", sorted(k for k in MODELS if k.startswith("pytorch:")))
def test_torchvision_leaf_modules(key: str) -> None:
    """Rows are the leaf modules, in ``named_modules()`` order, with their output shapes."""
    rec = MODELS[key]
    s = _built(key)
    leaves = [n for n, _cls in rec["modules"] if n in rec["outputs"]]
    rows = [r for r in s.layers if r.name in rec["outputs"]]
    assert [r.name for r in rows] == leaves
    for r in rows:
        assert list(r.output_shape or ()) == rec["outputs"][r.name], r.name


def test_resnet50_per_layer_counts_both_frameworks() -> None:
    tv = _built("pytorch:resnet50")
    rec = MODELS["pytorch:resnet50"]
    per_module: dict[str, int] = {}
    for name, shape, _t in rec["parameters"]:
        module = name.rsplit(".", 1)[0]
        n = 1
        for d in shape:
            n *= d
        per_module[module] = per_module.get(module, 0) + n
    assert {r.name: r.total for r in tv.layers if r.total} == per_module
    keras = _built("keras:ResNet50")
    assert {r.name: r.total for r in keras.layers} == {
        row[0]: row[2] for row in MODELS["keras:ResNet50"]["layers"]}


# -- transformers -----------------------------------------------------------------------------


@pytest.mark.parametrize("size", ["gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl"])
def test_gpt2(size: str) -> None:
    s = hf_models.gpt2(size)
    assert (s.total, s.buffers) == (HF[size]["total"], HF[size]["buffers"])
    assert s.total == HF[f"{size}:GPT2Model"]["total"]
    untied = HF[f"{size}:untied"]["total"]
    assert f"{untied:,}" in " ".join(s.notes)


def test_gpt2_names() -> None:
    names = qualified_names(hf_models.gpt2("gpt2"))
    assert sorted([n, list(sh)] for n, sh, _t, b in names if not b) == sorted(
        HF["gpt2"]["parameters"])


@pytest.mark.parametrize("size", ["bert-base-uncased", "bert-large-uncased"])
@pytest.mark.parametrize("pooler", [True, False])
def test_bert(size: str, pooler: bool) -> None:
    rec = HF[size if pooler else f"{size}:no-pooler"]
    s = hf_models.bert(size, pooler)
    assert (s.total, s.buffers) == (rec["total"], rec["buffers"])


def test_bert_names() -> None:
    names = qualified_names(hf_models.bert())
    assert sorted([n, list(sh)] for n, sh, _t, b in names if not b) == sorted(
        HF["bert-base-uncased"]["parameters"])
    assert sorted([n, list(sh)] for n, sh, _t, b in names if b) == sorted(
        HF["bert-base-uncased"]["buffer_list"])


def test_llama_7b() -> None:
    s = hf_models.llama_7b()
    assert s.total == HF["llama-7b"]["total"] == 6_738_415_616
    assert s.buffers == HF["llama-7b"]["buffers"]
    assert count(LLAMA_7B) == s.total
    assert s.total - 32000 * 4096 == HF["llama-7b:LlamaModel"]["total"]


def _config(rec: dict[str, Any]) -> TransformerConfig:
    c = rec["config"]
    if rec["class"] == "GPT2LMHeadModel":
        return TransformerConfig(c["n_embd"], c["n_layer"], c["n_head"], c["vocab_size"],
                                 context=c["n_positions"],
                                 tied=c.get("tie_word_embeddings", True))
    return TransformerConfig(
        c["hidden_size"], c["num_hidden_layers"], c["num_attention_heads"], c["vocab_size"],
        n_kv_heads=c.get("num_key_value_heads"), d_ff=c["intermediate_size"], ffn="swiglu",
        norm="rmsnorm", bias=c.get("attention_bias", False), positions="rotary",
        tied=c.get("tie_word_embeddings", False))


SMALL = ["tiny-gpt2", "tiny-gpt2-untied", "tiny-llama", "tiny-llama-gqa",
         "tiny-llama-gqa-tied-bias"]


@pytest.mark.parametrize("label", SMALL)
def test_transformer_config_against_transformers(label: str) -> None:
    cfg = _config(HF[label])
    s = build_transformer(cfg, seq_len=16)
    assert count(cfg) == s.total == HF[label]["total"]
    assert len([r for r in s.layers if r.type == "DecoderBlock"]) == cfg.n_layers


@pytest.mark.parametrize("label", ["tiny-llama", "tiny-llama-gqa", "tiny-llama-gqa-tied-bias"])
def test_transformer_block_tensors_match_llama_names(label: str) -> None:
    cfg = _config(HF[label])
    s = build_transformer(cfg)
    block = next(r for r in s.layers if r.name == "layers.0")
    got = sorted([w.name, list(w.shape)] for w in block.weights)
    prefix = "model.layers.0."
    want = sorted([n[len(prefix):], sh] for n, sh in HF[label]["parameters"]
                  if n.startswith(prefix))
    assert got == want


def test_gpt2_small_config_and_rule_of_thumb() -> None:
    cfg = TransformerConfig(768, 12, 12, 50257, context=1024, tied=True)
    s = build_transformer(cfg)
    assert s.total == 124_439_808
    assert rule_of_thumb(cfg) == 84_934_656
    text = "\n".join(s.derivation)
    assert "84,934,656" in text and "31.8% below" in text
    assert "163,037,184" in " ".join(s.notes)


def test_transformer_config_refusals() -> None:
    with pytest.raises(ParamError, match="divisible"):
        build_transformer(TransformerConfig(100, 2, 3, 10, context=8))
    with pytest.raises(ParamError, match="context"):
        build_transformer(TransformerConfig(64, 2, 4, 10))
    with pytest.raises(ParamError, match="key/value"):
        build_transformer(TransformerConfig(64, 2, 4, 10, context=8, n_kv_heads=3))


# -- lookup -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "framework", "name", "want_fw"), [
    ("resnet50", "keras", "ResNet50", "keras"),
    ("ResNet-50", "pytorch", "resnet50", "pytorch"),
    ("resnet 50", "keras", "ResNet50", "keras"),
    ("vgg 16", "pytorch", "vgg16", "pytorch"),
    ("VGG16", "keras", "VGG16", "keras"),
    ("gpt2-medium", "keras", "gpt2-medium", "pytorch"),
    ("gpt 2 medium", "pytorch", "gpt2-medium", "pytorch"),
    ("GPT-2", "keras", "gpt2", "pytorch"),
    ("bert base uncased", "keras", "bert-base-uncased", "pytorch"),
    ("llama 7b", "keras", "llama-7b", "pytorch"),
    ("vit_b_16", "keras", "vit_b_16", "pytorch"),
    ("mobilenet_v2", "keras", "MobileNetV2", "keras"),
    ("MobileNetV2", "pytorch", "mobilenet_v2", "pytorch"),
    ("Xception", "pytorch", "Xception", "keras"),  # torchvision has no Xception
    ("keras.applications.ResNet50", "pytorch", "ResNet50", "keras"),
    ("torchvision resnet50", "keras", "resnet50", "pytorch"),
])
def test_lookup(text: str, framework: str, name: str, want_fw: str) -> None:
    spec = lookup(text, framework)  # type: ignore[arg-type]
    assert spec is not None
    assert (spec.name, spec.framework) == (name, want_fw)
    named_library = "keras" in text or "torchvision" in text
    assert (spec.framework_note is not None) == (want_fw != framework and not named_library)


def test_a_model_the_other_library_builds_differently_is_refused() -> None:
    """torchvision's inception_v3 (27,161,264 parameters with its default auxiliary
    classifier, torchvision 0.29.1) is not Keras' InceptionV3 (23,851,784): asked for in
    PyTorch, parambot must not answer with the Keras count."""
    with pytest.raises(ParamError, match="torchvision.models.inception_v3"):
        lookup("inception_v3", "pytorch")
    with pytest.raises(ParamError):
        lookup("torchvision InceptionV3", "keras")
    spec = lookup("InceptionV3", "keras")
    assert spec is not None and build(spec).total == MODELS["keras:InceptionV3"]["total"]


def test_lookup_unknown_and_pooler() -> None:
    assert lookup("resnet 51", "keras") is None
    spec = lookup("bert base without pooler", "pytorch")
    assert spec is not None and not spec.pooler
    assert build(spec).total == HF["bert-base-uncased:no-pooler"]["total"]
    assert "ResNet50" in known_names() and "gpt2-xl" in known_names()


def test_resnet50_frameworks_explained() -> None:
    note = compare_note("resnet50")
    assert note is not None
    assert "25,636,712" in note and "25,557,032" in note
    assert "53,120" in note and "26,560" in note and "bias" in note
    keras = build(ModelSpec("ResNet50", "keras", "keras.applications"))
    assert note in keras.notes


def _golden_figures(key: str) -> Figures:
    """What the real library reported, in the figures a comparison note quotes."""
    rec = MODELS[key]
    bias = 0
    if key.startswith("keras:"):
        bias = sum(shape[0] for _n, cls, _c, _s, weights in rec["layers"] if cls == "Conv2D"
                   for wname, shape, _t in weights if wname == "bias")
    return Figures(rec["total"], rec["non_trainable"], rec["buffers"], bias)


@pytest.mark.parametrize("key", sorted(
    [f"keras:{k}" for k in keras_apps.FIGURES] +
    [f"pytorch:{t}" for t in torchvision_models.FIGURES]))
def test_figures_by_arithmetic(key: str) -> None:
    """The tallies compare_note uses agree with the full build and with the real library."""
    fw, name = key.split(":")
    tally = (keras_apps.FIGURES if fw == "keras" else torchvision_models.FIGURES)[name]()
    assert tally == Figures.of(_built(key)) == _golden_figures(key)


@pytest.mark.parametrize("depth", [18, 34, 50, 101, 152])
def test_torchvision_resnet_tally_every_depth(depth: int) -> None:
    built = Figures.of(torchvision_models.resnet(depth))
    assert torchvision_models.resnet_figures(depth) == built


@pytest.mark.parametrize("keras_name", sorted(PAIRS))
def test_compare_note_from_recorded_counts(keras_name: str) -> None:
    """Every pair's note says what the recorded Keras and torchvision counts say, whether
    its figures come from a tally or from a full build (EfficientNetB0)."""
    torch_name = PAIRS[keras_name]
    want = pair_note(keras_name, _golden_figures(f"keras:{keras_name}"),
                     _golden_figures(f"pytorch:{torch_name}"))
    assert compare_note(keras_name) == compare_note(torch_name) == want
    assert figures("keras.applications", keras_name) == _golden_figures(f"keras:{keras_name}")
    assert f"{MODELS[f'keras:{keras_name}']['total']:,}" in want


def test_compare_note_builds_no_twin(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pair's note takes both figures from tallies: no model is built row by row for it
    (EfficientNetB0, which has no tally, is built)."""
    import parambot.engine.models as models_module

    built: list[str] = []
    real = models_module._architecture

    def recording(library: str, name: str, pooler: bool) -> Subject:
        built.append(name)
        return real(library, name, pooler)

    monkeypatch.setattr(models_module, "_architecture", recording)
    compare_note.cache_clear()
    try:
        for name in ("resnet50", "ResNet101", "vgg16", "mobilenet_v2", "DenseNet121"):
            assert compare_note(name) is not None
        assert built == []
        assert compare_note("efficientnet_b0") is not None
        assert sorted(built) == ["EfficientNetB0", "efficientnet_b0"]
    finally:
        compare_note.cache_clear()


class _NoReuse(dict):  # type: ignore[type-arg]
    def __setitem__(self, key: object, value: object) -> None:
        pass


@pytest.mark.parametrize("key", ["keras:ResNet50", "pytorch:resnet50", "pytorch:densenet121",
                                 "keras:EfficientNetB0", "pytorch:vit_b_16", "hf:gpt2"])
def test_reused_rows_equal_fresh_builds(key: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A row copied from an earlier identical layer (renamed) is the row a fresh build of
    that layer gives: weights, shapes, working, notes, MACs and totals."""
    reused = hf_models.gpt2(key[3:]) if key.startswith("hf:") else _built(key)
    init = graph_module.Net.__init__

    def fresh_init(self: graph_module.Net, framework: Any) -> None:
        init(self, framework)
        self._built = _NoReuse()

    monkeypatch.setattr(graph_module.Net, "__init__", fresh_init)
    fw, name = key.split(":")
    if fw == "hf":
        fresh = hf_models.gpt2(name)
    else:
        fresh = (keras_apps.BUILDERS if fw == "keras" else torchvision_models.BUILDERS)[name]()
    assert fresh == reused
    for a, b in zip(fresh.layers, reused.layers, strict=True):
        assert (a.total, a.trainable, a.non_trainable, a.buffers) == (
            b.total, b.trainable, b.non_trainable, b.buffers)
    # and rows were reused at all (copies share their weights tuple)
    with_weights = [r.weights for r in reused.layers if r.weights]
    assert len({id(w) for w in with_weights}) < len(with_weights)


def test_examples_file_counts() -> None:
    """The shared examples that name a whole model."""
    wanted = {"VGG16": ("VGG16", "keras"), "ResNet50": ("resnet50", "keras"),
              "torchvision resnet50": ("resnet50", "pytorch"),
              "MobileNetV2": ("MobileNetV2", "keras"),
              "GPT2LMHeadModel (gpt2)": ("gpt2", "pytorch"),
              "BertModel (bert-base)": ("bert base", "pytorch"),
              "torchvision vit_b_16": ("vit_b_16", "pytorch")}
    seen = set()
    for line in (EXAMPLES / "questions.jsonl").read_text().splitlines():
        rec = json.loads(line)
        for exp in rec["expect"]:
            if exp["label"] in wanted:
                name, fw = wanted[exp["label"]]
                spec = lookup(name, fw)  # type: ignore[arg-type]
                assert spec is not None
                s = build(spec)
                got = _counts(s)
                assert got == {k: exp[k] for k in got}, exp["label"]
                seen.add(exp["label"])
    assert seen == set(wanted)


# -- memory, compute, inverse ----------------------------------------------------------------


def test_memory_gpt2_medium_fp16() -> None:
    spec = lookup("gpt2 medium", "pytorch")
    assert spec is not None
    m = weight_memory(build(spec))
    assert m.parameters == 354_823_168
    assert m.at("fp16").bytes == 709_646_336 == m.at("bf16").bytes
    assert m.at("fp32").bytes == 1_419_292_672
    assert m.at("int8").bytes == 354_823_168
    assert m.at("int4").bytes == 177_411_584
    assert m.adam_fp32_bytes == 16 * 354_823_168
    text = " ".join(m.lines("fp16"))
    assert "709.6 MB" in text and "676.8 MiB" in text and "not included" in text


def test_memory_arithmetic() -> None:
    m = weight_memory(7, trainable=3)
    assert [p.bytes for p in m.weights] == [28, 14, 7, 4]  # int4 rounds up to whole bytes
    assert m.adam_fp32_bytes == 4 * 7 + 12 * 3
    keras_resnet = weight_memory(_built("keras:ResNet50"))
    assert keras_resnet.adam_fp32_bytes == 4 * 25_636_712 + 12 * 25_583_592
    assert human_bytes(512) == "512 bytes"
    assert human_bytes(1024) == "1.0 KB / 1.0 KiB"
    assert human_bytes(1_419_292_672) == "1.4 GB / 1.3 GiB"


@pytest.mark.parametrize("name", ["resnet18", "alexnet", "vgg11", "mobilenet_v2",
                                  "squeezenet1_0"])
def test_torchinfo_mult_adds(name: str) -> None:
    rec = DATA["mult_adds"][name]
    assert torchinfo_mult_adds(_built(f"pytorch:{name}")) == rec["total_mult_adds"]


def test_compute_convs_match_torchinfo_per_layer() -> None:
    """Bias-free convolutions: the engine's MACs and torchinfo's mult-adds coincide."""
    rec = DATA["mult_adds"]["resnet18"]
    s = _built("pytorch:resnet18")
    convs = [r.macs for r in s.layers if r.type == "Conv2d"]
    want = [m for _n, cls, m, _d, leaf in rec["layers"] if cls == "Conv2d" and leaf]
    assert convs == want
    report = compute(s)
    assert report.macs is not None and report.flops == 2 * report.macs
    assert "FLOPs = 2 × MACs" in " ".join(report.lines())


def _stack(specs: list[tuple[str, tuple[object, ...], dict[str, object]]],
           shape: tuple[int, ...]) -> Subject:
    layers = [make("pytorch", t, a, tuple(k.items())).layer for t, a, k in specs]
    return build_stack("pytorch", "model", layers, shape)


def test_small_models_against_torchinfo() -> None:
    mlp = _stack([("Linear", (784, 128), {}), ("ReLU", (), {}), ("Linear", (128, 10), {})],
                 (784,))
    assert torchinfo_mult_adds(mlp) == DATA["mult_adds"]["mlp-784-128-10"]["total_mult_adds"]
    assert compute(mlp).macs == 784 * 128 + 128 * 10
    cnn = _stack([
        ("Conv2d", (1, 32, 3), {}), ("ReLU", (), {}), ("MaxPool2d", (2,), {}),
        ("Conv2d", (32, 64, 3), {"padding": 1}), ("BatchNorm2d", (64,), {}), ("ReLU", (), {}),
        ("AdaptiveAvgPool2d", (1,), {}), ("Flatten", (), {}), ("Linear", (64, 10), {}),
    ], (1, 28, 28))
    assert torchinfo_mult_adds(cnn) == DATA["mult_adds"]["cnn-small"]["total_mult_adds"]


def test_transformer_macs() -> None:
    s = build_transformer(TransformerConfig(64, 2, 4, 1000, context=128), seq_len=10)
    per_block = 10 * (4 * 64 * 64 + 2 * 64 * 256) + 2 * 10 * 10 * 64
    assert s.macs == 2 * per_block + 10 * 1000 * 64
    assert build_transformer(TransformerConfig(64, 2, 4, 1000, context=128)).macs is None


def test_inverse_lstm() -> None:
    a = recurrent_units_for(1_000_000, 28)
    assert a.below is not None and a.above is not None
    assert (a.below.value, a.below.total) == (485, 4 * ((28 + 485) * 485 + 485))
    assert (a.above.value, a.above.total) == (486, 1_001_160)
    assert a.nearest.value == 486
    exact = recurrent_units_for(80_384, 28)
    assert exact.below == exact.above and exact.nearest.value == 128
    torch = recurrent_units_for(1_000_000, 28, framework="pytorch")
    assert torch.nearest.value == 485 and torch.nearest.total == 999_100


def test_inverse_d_model() -> None:
    a = d_model_for(125_000_000, 12, 50257)
    assert a.below is not None and a.above is not None
    assert (a.below.value, a.above.value) == (770, 771)
    assert a.below.total == count(TransformerConfig(770, 12, 1, 50257, context=1024))
    assert a.below.total <= 125_000_000 <= a.above.total
    b = d_model_for(125_000_000, 12, 50257, multiple_of=64)
    assert b.nearest.value == 768 and b.nearest.total == 124_439_808


def test_solve_is_exact() -> None:
    below, above = solve(lambda n: n * n, 50)
    assert below is not None and above is not None
    assert (below.value, above.value) == (7, 8)
