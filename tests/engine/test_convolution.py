"""Convolution, pooling and shaping layers: examples from the shared question set,
properties that hold for every configuration, and refusals that name the argument."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from parambot.engine.catalogue import make
from parambot.engine.core import LayerResult, MissingInput
from parambot.engine.errors import ParamError

from ..conftest import EXAMPLES


def build(fw: str, layer: str, *args: Any, input_shape: Any = None, **kwargs: Any
          ) -> LayerResult:
    made = make(fw, layer, list(args), list(kwargs.items()))  # type: ignore[arg-type]
    return made.layer.build(input_shape, "layer")


# Single-layer questions from /work/shared/examples whose counts these families own.
EXAMPLE_CASES = [
    ("keras", "Conv2D", (32, 3), {}, (28, 28, 1)),
    ("keras", "Conv2D", (64, (3, 3)), {"padding": "same"}, (32, 32, 3)),
    ("keras", "Conv2D", (64, 5), {"strides": 2}, (64, 64, 3)),
    ("keras", "Conv2D", (128, 3), {"use_bias": False}, (56, 56, 64)),
    ("keras", "Conv2D", (32, 3), {"dilation_rate": 2}, (28, 28, 1)),
    ("keras", "Conv2D", (64, 3), {"groups": 4}, (32, 32, 16)),
    ("keras", "Conv2D", (16, 5), {}, (32, 32, 3)),
    ("keras", "Conv1D", (128, 5), {}, (100, 300)),
    ("keras", "Conv1D", (), {"filters": 64, "kernel_size": 3, "padding": "causal",
                             "dilation_rate": 4}, (None, 16)),
    ("keras", "Conv3D", (16, 3), {}, (16, 112, 112, 3)),
    ("keras", "Conv2DTranspose", (32, 3), {"strides": 2, "padding": "same"}, (14, 14, 64)),
    ("keras", "Conv1DTranspose", (16, 4), {"strides": 2}, (50, 32)),
    ("keras", "SeparableConv2D", (64, 3), {}, (32, 32, 32)),
    ("keras", "SeparableConv2D", (128, 3), {"depth_multiplier": 2, "padding": "same"},
     (16, 16, 64)),
    ("keras", "DepthwiseConv2D", (3,), {}, (56, 56, 32)),
    ("keras", "DepthwiseConv2D", (3,), {"depth_multiplier": 2, "use_bias": False},
     (28, 28, 16)),
    ("keras", "SeparableConv1D", (32, 5), {}, (100, 8)),
    ("pytorch", "Conv2d", (3, 64), {"kernel_size": 3, "padding": 1}, (3, 224, 224)),
    ("pytorch", "Conv2d", (64, 128, 3), {"groups": 4, "bias": False}, None),
    ("pytorch", "Conv2d", (32, 32, 3), {"groups": 32}, None),
    ("pytorch", "Conv2d", (1, 20, 5), {"dilation": 2}, (1, 28, 28)),
    ("pytorch", "Conv1d", (16, 33, 3), {"stride": 2}, None),
    ("pytorch", "Conv3d", (16, 33, (3, 5, 2)), {"stride": (2, 1, 1)}, None),
    ("pytorch", "ConvTranspose2d", (64, 32, 4), {"stride": 2, "padding": 1}, (64, 16, 16)),
    ("pytorch", "ConvTranspose2d", (16, 32, 3), {"groups": 4}, None),
    ("pytorch", "ConvTranspose1d", (32, 16, 4), {"stride": 2}, (32, 50)),
    ("pytorch", "Conv2d", (), {"in_channels": 256, "out_channels": 256, "kernel_size": 1},
     None),
    ("keras", "MaxPooling2D", (2,), {}, (28, 28, 32)),
    ("keras", "Flatten", (), {}, (7, 7, 64)),
    ("pytorch", "Dropout", (0.5,), {}, None),
]


def _expected() -> dict[tuple[str, str], dict[str, Any]]:
    """The shared examples' answers, keyed by (framework, label)."""
    out = {}
    for line in (EXAMPLES / "questions.jsonl").read_text().splitlines():
        q = json.loads(line)
        if len(q["expect"]) == 1:
            out[(q["framework"], q["expect"][0]["label"])] = q["expect"][0]
    return out


def _label(fw: str, layer: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
    return f"{fw}:{layer}{args}{kwargs}"


@pytest.mark.parametrize("fw,layer,args,kwargs,shape", EXAMPLE_CASES,
                         ids=[_label(*c[:4]) for c in EXAMPLE_CASES])
def test_shared_examples(fw: str, layer: str, args: tuple[Any, ...], kwargs: dict[str, Any],
                         shape: Any) -> None:
    result = build(fw, layer, *args, input_shape=shape, **kwargs)
    expected = _expected()
    matches = [e for (f, label), e in expected.items()
               if f == fw and label.split("(")[0].removeprefix("nn.") == layer
               and e["total"] == result.total]
    assert matches, f"no shared example with total {result.total} for {layer}"
    got = {"trainable": result.trainable, "non_trainable": result.non_trainable,
           "output_shape": list(result.output_shape) if result.output_shape else None}
    # several examples share a total (320): one of them must agree on everything
    assert any(
        got["trainable"] == w["trainable"] and got["non_trainable"] == w["non_trainable"]
        and (w["output_shape"] is None or got["output_shape"] == w["output_shape"])
        for w in matches
    ), (got, matches)


def test_example_counts_exact() -> None:
    # the canonical ones, spelled out
    assert build("keras", "Conv2D", 32, 3, input_shape=(28, 28, 1)).total == 320
    assert build("keras", "SeparableConv2D", 64, 3, input_shape=(32, 32, 32)).total == 2400
    r = build("pytorch", "Conv2d", 64, 128, 3, groups=4, bias=False)
    assert r.total == 18432 and r.output_shape == (128, None, None)
    r = build("pytorch", "Conv2d", 32, 32, 3)
    assert r.output_shape == (32, None, None)


sizes = st.integers(1, 64)
kernels = st.integers(1, 5)


@settings(max_examples=150, deadline=None)
@given(filters=sizes, ch=sizes, k=kernels, stride=st.integers(1, 4),
       dilation=st.integers(1, 3), padding=st.sampled_from(["valid", "same"]),
       h=st.integers(20, 80))
def test_keras_stride_dilation_padding_never_change_count(
        filters: int, ch: int, k: int, stride: int, dilation: int, padding: str,
        h: int) -> None:
    base = build("keras", "Conv2D", filters, k, input_shape=(h, h, ch))
    # Keras refuses strides > 1 with dilation > 1, so vary them one at a time.
    for kw in ({"strides": stride}, {"dilation_rate": dilation}, {"padding": padding}):
        other = build("keras", "Conv2D", filters, k, input_shape=(h, h, ch), **kw)
        assert other.total == base.total
        assert other.weights == base.weights
    assert base.total == k * k * ch * filters + filters
    assert base.total == base.trainable + base.non_trainable


@settings(max_examples=150, deadline=None)
@given(n_in=sizes, n_out=sizes, k=kernels, stride=st.integers(1, 4),
       dilation=st.integers(1, 3), pad=st.integers(0, 3), h=st.one_of(st.none(),
                                                                     st.integers(40, 90)))
def test_torch_stride_dilation_padding_never_change_count(
        n_in: int, n_out: int, k: int, stride: int, dilation: int, pad: int,
        h: int | None) -> None:
    shape = None if h is None else (n_in, h, h)
    base = build("pytorch", "Conv2d", n_in, n_out, k, input_shape=shape)
    other = build("pytorch", "Conv2d", n_in, n_out, k, stride, pad, dilation,
                  input_shape=shape)
    assert other.total == base.total == n_out * n_in * k * k + n_out
    if h is None:
        assert other.output_shape == (n_out, None, None)
        assert other.macs is None
    else:
        assert other.macs is not None and other.macs > 0


@settings(max_examples=150, deadline=None)
@given(filters=sizes, ch=sizes, k=kernels, dm=st.integers(1, 4), use_bias=st.booleans(),
       trainable=st.booleans())
def test_separable_is_depthwise_plus_pointwise_plus_bias(
        filters: int, ch: int, k: int, dm: int, use_bias: bool, trainable: bool) -> None:
    shape = (16, 16, ch)
    sep = build("keras", "SeparableConv2D", filters, k, depth_multiplier=dm,
                use_bias=use_bias, trainable=trainable, input_shape=shape)
    dw = build("keras", "DepthwiseConv2D", k, depth_multiplier=dm, use_bias=False,
               input_shape=shape)
    pw = build("keras", "Conv2D", filters, 1, use_bias=False, input_shape=(16, 16, ch * dm))
    assert sep.total == dw.total + pw.total + (filters if use_bias else 0)
    assert sep.total == sep.trainable + sep.non_trainable
    assert sep.trainable == (sep.total if trainable else 0)


@settings(max_examples=100, deadline=None)
@given(groups=st.integers(1, 8), mult_in=st.integers(1, 8), mult_out=st.integers(1, 8),
       k=kernels)
def test_groups_divide_the_count(groups: int, mult_in: int, mult_out: int, k: int) -> None:
    n_in, n_out = groups * mult_in, groups * mult_out
    full = build("pytorch", "Conv2d", n_in, n_out, k, bias=False)
    grouped = build("pytorch", "Conv2d", n_in, n_out, k, groups=groups, bias=False)
    assert grouped.total * groups == full.total
    keras = build("keras", "Conv2D", n_out, k, groups=groups, use_bias=False,
                  input_shape=(9, 9, n_in))
    assert keras.total == grouped.total


@settings(max_examples=100, deadline=None)
@given(n=st.integers(1, 50), k=kernels, s=st.integers(1, 3))
def test_pooling_has_no_weights(n: int, k: int, s: int) -> None:
    if k > n + 6:
        return
    try:
        r = build("pytorch", "MaxPool2d", k, s, input_shape=(3, n + 6, n + 6))
    except ParamError:
        return
    assert r.total == 0 and r.weights == ()


# -- refusals name the argument -------------------------------------------------------------

@pytest.mark.parametrize("fw,layer,args,kwargs,shape,word", [
    ("pytorch", "Conv2d", (30, 64, 3), {"groups": 4}, None, "groups"),
    ("keras", "Conv2D", (64, 3), {"groups": 3}, (32, 32, 12), "groups"),
    ("keras", "Conv2DTranspose", (32, 3), {"groups": 4}, (14, 14, 64), "groups"),
    ("keras", "Conv2D", (32, 3), {"strides": 0}, (28, 28, 1), "stride"),
    ("pytorch", "Conv2d", (1, 32, 3), {"stride": 0}, (1, 28, 28), "stride"),
    ("keras", "Conv2D", (32, 7), {}, (5, 5, 1), "kernel"),
    ("pytorch", "Conv2d", (1, 32, 7), {}, (1, 5, 5), "kernel"),
    ("keras", "Conv2D", (32, 3), {}, (28, 28), "channel"),
    ("pytorch", "Conv2d", (3, 32, 3), {}, (4, 28, 28), "3"),
    ("keras", "Conv2D", (0, 3), {}, (28, 28, 1), "filters"),
    ("keras", "SeparableConv2D", (8, 3), {"depth_multiplier": 0}, (8, 8, 3),
     "depth_multiplier"),
    ("keras", "Conv2DTranspose", (8, 3), {"strides": 2, "output_padding": 2}, (8, 8, 3),
     "output_padding"),
    ("keras", "Lambda", (None,), {}, (4,), "Lambda"),
])
def test_refusals_name_the_argument(fw: str, layer: str, args: tuple[Any, ...],
                                    kwargs: dict[str, Any], shape: Any, word: str) -> None:
    with pytest.raises(ParamError) as info:
        build(fw, layer, *args, input_shape=shape, **kwargs)
    assert word.lower() in (info.value.message + (info.value.suggestion or "")).lower()


def test_channel_mismatch_names_both_sizes() -> None:
    with pytest.raises(ParamError) as info:
        build("pytorch", "Conv2d", 3, 32, 3, input_shape=(4, 28, 28))
    assert "3" in info.value.message and "4" in info.value.message


def test_keras_conv_without_input_asks_for_it() -> None:
    with pytest.raises(MissingInput) as info:
        build("keras", "Conv2D", 32, 3)
    assert "input" in info.value.message


def test_positional_order_follows_the_real_signature() -> None:
    r = build("pytorch", "Conv2d", 3, 12, 3, 1, 1, groups=3, input_shape=(3, 32, 32))
    assert r.total == 12 * 1 * 9 + 12 and r.output_shape == (12, 32, 32)
    # Keras Conv3DTranspose puts data_format before output_padding
    r = build("keras", "Conv3DTranspose", 8, 3, 2, "valid", "channels_last", 1,
              input_shape=(4, 4, 4, 2))
    assert r.output_shape == (10, 10, 10, 8)


def test_derivation_uses_framework_words() -> None:
    r = build("keras", "Conv2D", 32, 3, input_shape=(28, 28, 1))
    assert r.derivation[0] == ("kernel_h × kernel_w × in_channels × filters + bias = "
                               "3 × 3 × 1 × 32 + 32 = 320")
    assert r.macs == 26 * 26 * 3 * 3 * 1 * 32
