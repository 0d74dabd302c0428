"""Normalization, attention, PReLU and transformer layers: the shared examples, properties
that must hold at any size, and refusals that name the argument at fault.

Expected numbers come from ``/work/shared/examples`` (recorded from the frameworks), never
from parambot itself."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from parambot.engine.catalogue import make
from parambot.engine.core import LayerResult, MissingInput, Shape
from parambot.engine.errors import ParamError

from ..conftest import EXAMPLES


def build(framework: str, type_name: str, *args: Any, input_shape: Shape | None = None,
          **kwargs: Any) -> LayerResult:
    made = make(framework, type_name, args, list(kwargs.items()))  # type: ignore[arg-type]
    return made.layer.build(input_shape, "layer")


def _examples(name: str) -> dict[str, dict[str, Any]]:
    path = EXAMPLES / name
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text().splitlines():
        if line.strip():
            rec = json.loads(line)
            out[rec["question"]] = rec
    return out


QUESTIONS = _examples("questions.jsonl")
ERRORS = _examples("errors.jsonl")

# question -> how to build the one layer it asks about
K, T = "keras", "pytorch"
LAYER_QUESTIONS: dict[str, tuple[str, str, tuple[Any, ...], dict[str, Any], Shape | None]] = {
    "BatchNormalization after a conv, feature map 28x28x32":
        (K, "BatchNormalization", (), {}, (28, 28, 32)),
    "keras BatchNormalization(center=False, scale=False) on (28, 28, 32)":
        (K, "BatchNormalization", (), {"center": False, "scale": False}, (28, 28, 32)),
    "nn.BatchNorm2d(64)": (T, "BatchNorm2d", (64,), {}, None),
    "pytorch BatchNorm1d(100, affine=False) on a batch of 100-feature vectors":
        (T, "BatchNorm1d", (100,), {"affine": False}, (100,)),
    "torch BatchNorm2d(64, track_running_stats=False)":
        (T, "BatchNorm2d", (64,), {"track_running_stats": False}, None),
    "LayerNormalization on (10, 512)": (K, "LayerNormalization", (), {}, (10, 512)),
    "keras LayerNormalization(axis=[1, 2]) on a (10, 512) input":
        (K, "LayerNormalization", (), {"axis": [1, 2]}, (10, 512)),
    "nn.LayerNorm(512) on a (10, 512) input": (T, "LayerNorm", (512,), {}, (10, 512)),
    "nn.LayerNorm([10, 512])": (T, "LayerNorm", ([10, 512],), {}, None),
    "nn.LayerNorm(768, bias=False)": (T, "LayerNorm", (768,), {"bias": False}, None),
    "GroupNormalization(groups=8) on 32x32x64":
        (K, "GroupNormalization", (), {"groups": 8}, (32, 32, 64)),
    "nn.GroupNorm(8, 64)": (T, "GroupNorm", (8, 64), {}, None),
    "MultiHeadAttention(num_heads=8, key_dim=64), self-attention on (None, 512)":
        (K, "MultiHeadAttention", (), {"num_heads": 8, "key_dim": 64}, (None, 512)),
    "keras mha 4 heads key_dim 64 on 256 features":
        (K, "MultiHeadAttention", (), {"num_heads": 4, "key_dim": 64}, (None, 256)),
    "keras MultiHeadAttention with num_heads=8 and key_dim=512 on 512-dim tokens":
        (K, "MultiHeadAttention", (), {"num_heads": 8, "key_dim": 512}, (None, 512)),
    "keras multi-head attention, 8 heads, key_dim 16, on 100 features":
        (K, "MultiHeadAttention", (), {"num_heads": 8, "key_dim": 16}, (None, 100)),
    "MultiHeadAttention(num_heads=2, key_dim=32, value_dim=16): query (None, 64), "
    "value (None, 128)":
        (K, "MultiHeadAttention", (), {"num_heads": 2, "key_dim": 32, "value_dim": 16,
                                       "value_shape": (None, 128)}, (None, 64)),
    "keras MultiHeadAttention(num_heads=8, key_dim=64, use_bias=False) on (None, 512)":
        (K, "MultiHeadAttention", (), {"num_heads": 8, "key_dim": 64, "use_bias": False},
         (None, 512)),
    "nn.MultiheadAttention(embed_dim=512, num_heads=8)":
        (T, "MultiheadAttention", (), {"embed_dim": 512, "num_heads": 8}, None),
    "torch MultiheadAttention(256, 4, kdim=128, vdim=128)":
        (T, "MultiheadAttention", (256, 4), {"kdim": 128, "vdim": 128}, None),
    "nn.MultiheadAttention(512, 8, bias=False)":
        (T, "MultiheadAttention", (512, 8), {"bias": False}, None),
    "nn.TransformerEncoderLayer(d_model=512, nhead=8)":
        (T, "TransformerEncoderLayer", (), {"d_model": 512, "nhead": 8}, None),
    "pytorch transformer encoder layer d_model 256, 4 heads, feedforward 1024, batch_first":
        (T, "TransformerEncoderLayer", (256, 4, 1024), {"batch_first": True}, None),
    "PReLU on (28, 28, 32)": (K, "PReLU", (), {}, (28, 28, 32)),
    "keras PReLU(shared_axes=[1, 2]) after a conv with output 28x28x32":
        (K, "PReLU", (), {"shared_axes": [1, 2]}, (28, 28, 32)),
    "nn.PReLU()": (T, "PReLU", (), {}, None),
    "torch PReLU(num_parameters=64)": (T, "PReLU", (), {"num_parameters": 64}, None),
}


def _check(result: LayerResult, expect: dict[str, Any]) -> None:
    got = {"total": result.total, "trainable": result.trainable,
           "non_trainable": result.non_trainable, "buffers": result.buffers}
    assert got == {k: expect[k] for k in got}
    if expect["output_shape"] is not None:
        assert list(result.output_shape or ()) == expect["output_shape"]


@pytest.mark.parametrize("question", sorted(LAYER_QUESTIONS))
def test_shared_example(question: str) -> None:
    if question not in QUESTIONS:
        pytest.skip("shared examples not available")
    fw, name, args, kwargs, shape = LAYER_QUESTIONS[question]
    (expect,) = QUESTIONS[question]["expect"]
    result = build(fw, name, *args, input_shape=shape, **kwargs)
    assert result.framework == QUESTIONS[question]["framework"]
    _check(result, expect)


def test_shared_example_encoder_stack() -> None:
    question = ("layer = nn.TransformerEncoderLayer(d_model=512, nhead=8)\n"
                "encoder = nn.TransformerEncoder(layer, num_layers=6)")
    if question not in QUESTIONS:
        pytest.skip("shared examples not available")
    layer = make("pytorch", "TransformerEncoderLayer", (),
                 [("d_model", 512), ("nhead", 8)]).layer
    result = build(T, "TransformerEncoder", layer, num_layers=6)
    _check(result, QUESTIONS[question]["expect"][0])
    assert any("6 × per-layer" in line for line in result.derivation)


ERROR_QUESTIONS: dict[str, tuple[str, str, tuple[Any, ...], dict[str, Any], Shape | None]] = {
    "keras multi head attention 8 heads on 100 features":
        (K, "MultiHeadAttention", (), {"num_heads": 8}, (None, 100)),
    "nn.GroupNorm(5, 64)": (T, "GroupNorm", (5, 64), {}, None),
    "keras GroupNormalization(groups=5) on 32x32x64":
        (K, "GroupNormalization", (), {"groups": 5}, (32, 32, 64)),
    "nn.MultiheadAttention(embed_dim=100, num_heads=8)":
        (T, "MultiheadAttention", (), {"embed_dim": 100, "num_heads": 8}, None),
}


@pytest.mark.parametrize("question", sorted(ERROR_QUESTIONS))
def test_shared_error_example(question: str) -> None:
    if question not in ERRORS:
        pytest.skip("shared examples not available")
    fw, name, args, kwargs, shape = ERROR_QUESTIONS[question]
    with pytest.raises(ParamError) as info:
        build(fw, name, *args, input_shape=shape, **kwargs)
    text = f"{info.value.message} {info.value.suggestion or ''}".lower()
    for word in ERRORS[question]["must_mention"]:
        assert word.lower() in text


# -- refusals name the argument --------------------------------------------------------------

REFUSALS: list[tuple[str, str, tuple[Any, ...], dict[str, Any], Shape | None, str]] = [
    (K, "MultiHeadAttention", (8, None), {}, (None, 512), "key_dim"),
    (K, "MultiHeadAttention", (0, 64), {}, (None, 512), "num_heads"),
    (K, "MultiHeadAttention", (8, 64), {"output_shape": "wide"}, (None, 512), "output_shape"),
    (K, "GroupQueryAttention", (16, 8, 3), {}, (None, 64), "num_key_value_heads"),
    (K, "Attention", (), {"score_mode": "cosine"}, (5, 16), "score_mode"),
    (K, "GroupNormalization", (), {"groups": 0}, (8, 64), "groups"),
    (K, "GroupNormalization", (), {"groups": 128}, (8, 64), "groups"),
    (K, "BatchNormalization", (), {"axis": 4}, (28, 28, 32), "axis"),
    (K, "BatchNormalization", (), {"axis": 0}, (28, 28, 32), "axis"),
    (K, "LayerNormalization", (), {"axis": [1, 5]}, (10, 512), "axis"),
    (K, "PReLU", (), {"shared_axes": [4]}, (28, 28, 32), "shared_axes"),
    (T, "GroupNorm", (0, 64), {}, None, "num_groups"),
    (T, "GroupNorm", (3, 64), {}, None, "groups"),
    (T, "BatchNorm2d", (64,), {}, (32, 8, 8), "num_features"),
    (T, "BatchNorm2d", (-1,), {}, None, "num_features"),
    (T, "LayerNorm", (512,), {}, (10, 256), "normalized_shape"),
    (T, "MultiheadAttention", (512, 3), {}, None, "heads"),
    (T, "MultiheadAttention", (512, 0), {}, None, "num_heads"),
    (T, "MultiheadAttention", (64, 4), {}, (10, 32), "embed_dim"),
    (T, "PReLU", (-1,), {}, None, "num_parameters"),
    (T, "TransformerEncoderLayer", (100, 8), {}, None, "nhead"),
    (T, "TransformerEncoderLayer", (64, 4), {}, (10, 32), "d_model"),
    (T, "TransformerEncoder", ("not a layer", 6), {}, None, "encoder_layer"),
    (T, "Transformer", (100, 8), {}, None, "heads"),
]


@pytest.mark.parametrize("case", REFUSALS, ids=[f"{c[1]}-{c[5]}" for c in REFUSALS])
def test_refusal_names_argument(case: tuple[Any, ...]) -> None:
    fw, name, args, kwargs, shape, word = case
    with pytest.raises(ParamError) as info:
        build(fw, name, *args, input_shape=shape, **kwargs)
    assert word in info.value.message


def test_missing_key_dim_through_make() -> None:
    with pytest.raises(ParamError) as info:
        make("keras", "MultiHeadAttention", (), [("num_heads", 8)])
    assert "key_dim" in info.value.message


def test_negative_num_layers_refused() -> None:
    layer = make("pytorch", "TransformerEncoderLayer", (64, 4)).layer
    with pytest.raises(ParamError) as info:
        build(T, "TransformerEncoder", layer, -1)
    assert "num_layers" in info.value.message


@pytest.mark.parametrize("name", ["BatchNormalization", "LayerNormalization",
                                  "GroupNormalization", "RMSNormalization", "PReLU"])
def test_keras_needs_input(name: str) -> None:
    kwargs = {"groups": 1} if name == "GroupNormalization" else {}
    with pytest.raises(MissingInput):
        build(K, name, **kwargs)
    with pytest.raises(MissingInput):
        build(K, "MultiHeadAttention", 8, 64)


def test_torch_counts_without_input() -> None:
    assert build(T, "BatchNorm2d", 64).output_shape == (64, None, None)
    assert build(T, "MultiheadAttention", 512, 8).output_shape == (None, 512)
    assert build(T, "TransformerEncoderLayer", 512, 8).output_shape == (None, 512)


def test_notes_give_both_frameworks() -> None:
    bn = build(K, "BatchNormalization", input_shape=(28, 28, 32))
    assert any("PyTorch" in n and "64" in n for n in bn.notes)
    mha = build(K, "MultiHeadAttention", 8, 64, input_shape=(None, 512))
    assert any("1,050,624" in n for n in mha.notes)
    prelu = build(K, "PReLU", input_shape=(28, 28, 32))
    assert any("PyTorch" in n for n in prelu.notes)
    tbn = build(T, "BatchNorm2d", 32)
    assert any("128" in n for n in tbn.notes)  # Keras total: 4 × 32


# -- properties -----------------------------------------------------------------------------

widths = st.integers(min_value=1, max_value=4096)
small = st.integers(min_value=1, max_value=64)
seq = st.one_of(st.none(), st.integers(min_value=1, max_value=10_000))


@settings(max_examples=60, deadline=None)
@given(c=widths, lead=st.lists(st.integers(1, 64), max_size=2), center=st.booleans(),
       scale=st.booleans(), renorm=st.booleans(), trainable=st.booleans())
def test_keras_batchnorm_total_split(c: int, lead: list[int], center: bool, scale: bool,
                                     renorm: bool, trainable: bool) -> None:
    r = build(K, "BatchNormalization", center=center, scale=scale, renorm=renorm,
              trainable=trainable, input_shape=(*lead, c))
    assert r.total == r.trainable + r.non_trainable
    stats = 5 if renorm else 2
    learned = int(center) + int(scale)
    assert r.total == (stats + learned) * c
    assert r.trainable == (learned * c if trainable else 0)
    assert r.buffers == 0


@settings(max_examples=60, deadline=None)
@given(c=widths, affine=st.booleans(), track=st.booleans(), kind=st.sampled_from(
    ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "InstanceNorm2d"]))
def test_torch_batchnorm_buffers_apart(c: int, affine: bool, track: bool, kind: str) -> None:
    r = build(T, kind, c, affine=affine, track_running_stats=track)
    assert r.total == (2 * c if affine else 0)
    assert r.buffers == (2 * c + 1 if track else 0)
    assert r.non_trainable == 0


@settings(max_examples=60, deadline=None)
@given(g=st.integers(1, 64), per=st.integers(1, 64))
def test_group_norm_independent_of_groups(g: int, per: int) -> None:
    c = g * per
    k = build(K, "GroupNormalization", groups=g, input_shape=(4, 4, c))
    t = build(T, "GroupNorm", g, c)
    assert k.total == t.total == 2 * c


@settings(max_examples=60, deadline=None)
@given(heads=small, key_dim=small, width=widths, a=seq, b=seq, bias=st.booleans())
def test_keras_mha_independent_of_sequence_length(heads: int, key_dim: int, width: int,
                                                  a: int | None, b: int | None,
                                                  bias: bool) -> None:
    one = build(K, "MultiHeadAttention", heads, key_dim, use_bias=bias, input_shape=(a, width))
    two = build(K, "MultiHeadAttention", heads, key_dim, use_bias=bias, input_shape=(b, width))
    assert one.total == two.total
    assert one.total == one.trainable + one.non_trainable
    assert one.output_shape == (a, width)


@settings(max_examples=60, deadline=None)
@given(heads=st.integers(1, 16), head_size=small, a=seq, b=seq)
def test_torch_mha_independent_of_sequence_length_and_matches_keras(
        heads: int, head_size: int, a: int | None, b: int | None) -> None:
    e = heads * head_size
    one = build(T, "MultiheadAttention", e, heads, input_shape=(a, e))
    two = build(T, "MultiheadAttention", e, heads, input_shape=(b, e))
    assert one.total == two.total == 4 * e * e + 4 * e
    keras = build(K, "MultiHeadAttention", heads, head_size, input_shape=(a, e))
    assert keras.total == one.total


@settings(max_examples=30, deadline=None)
@given(heads=st.integers(1, 8), head_size=st.integers(1, 32), ff=st.integers(1, 512),
       n=st.integers(0, 24), decoder=st.booleans(), bias=st.booleans())
def test_stack_is_n_times_layer(heads: int, head_size: int, ff: int, n: int, decoder: bool,
                                bias: bool) -> None:
    d = heads * head_size
    block = "TransformerDecoderLayer" if decoder else "TransformerEncoderLayer"
    stack = "TransformerDecoder" if decoder else "TransformerEncoder"
    layer = make("pytorch", block, (d, heads, ff), [("bias", bias)]).layer
    one = layer.build(None, "layer")
    many = build(T, stack, layer, n)
    assert many.total == n * one.total
    assert len(many.weights) == n * len(one.weights)
    norm = make("pytorch", "LayerNorm", (d,)).layer
    normed = build(T, stack, layer, n, norm)
    assert normed.total == n * one.total + 2 * d


@settings(max_examples=60, deadline=None)
@given(shape=st.lists(st.integers(1, 32), min_size=1, max_size=3), data=st.data())
def test_keras_prelu_shared_axes(shape: list[int], data: st.DataObject) -> None:
    axes = data.draw(st.lists(st.integers(1, len(shape)), unique=True))
    r = build(K, "PReLU", shared_axes=axes or None, input_shape=tuple(shape))
    expect = 1
    for i, d in enumerate(shape, start=1):
        expect *= 1 if i in axes else d
    assert r.total == expect
