"""Golden cases for the attention family: Keras MultiHeadAttention/GroupQueryAttention/
Attention/AdditiveAttention, PyTorch MultiheadAttention. Run by hand; see recorder.py.

A case's optional ``call`` key gives the value/key inputs of a cross-attention call;
without it the layer attends over its own input."""

from __future__ import annotations

import itertools
from typing import Any

from recorder import keras_case, torch_case, write


def called(case: dict[str, Any], **inputs: Any) -> dict[str, Any]:
    case["call"] = {k: list(v) for k, v in inputs.items()}
    return case


def keras_cases():  # type: ignore[no-untyped-def]
    mha = "MultiHeadAttention"
    for heads, key_dim, width in itertools.product([1, 2, 4, 8, 12], [1, 16, 64, 128],
                                                   [1, 32, 100, 512]):
        yield keras_case(mha, heads, key_dim, input_shape=(None, width))
    for heads, key_dim in [(8, 64), (4, 64), (8, 512), (8, 16), (16, 64), (12, 64)]:
        yield keras_case(mha, num_heads=heads, key_dim=key_dim, input_shape=(None, 512))
        yield keras_case(mha, num_heads=heads, key_dim=key_dim, use_bias=False,
                         input_shape=(None, 512))
        yield keras_case(mha, num_heads=heads, key_dim=key_dim, value_dim=32,
                         input_shape=(10, 256))
    for seq in [1, 5, 10, 128, None]:
        yield keras_case(mha, 4, 32, input_shape=(seq, 128))
    for value_dim in [None, 1, 16, 100]:
        yield keras_case(mha, 2, 32, value_dim, input_shape=(None, 64))
        yield called(keras_case(mha, 2, 32, value_dim, input_shape=(None, 64)),
                     value=(None, 128))
        yield called(keras_case(mha, 2, 32, value_dim, use_gate=True, input_shape=(None, 64)),
                     value=(None, 16))
    for q, v, k in [((5, 64), (7, 32), (7, 16)), ((None, 64), (None, 128), (None, 8)),
                    ((10, 512), (20, 256), (20, 256)), ((5, 6, 64), (7, 32), None),
                    ((64,), (32,), (16,)), ((3, 4, 16), (3, 5, 24), (3, 5, 8))]:
        kw = {"value": v} if k is None else {"value": v, "key": k}
        yield called(keras_case(mha, 2, 32, input_shape=q), **kw)
        yield called(keras_case(mha, 4, 8, use_bias=False, input_shape=q), **kw)
    for out in [10, (10,), (10, 3), [4], (2, 3, 4)]:
        yield keras_case(mha, 2, 32, output_shape=out, input_shape=(None, 64))
    for axes in [None, 1, 2, (1, 2), [2]]:
        yield keras_case(mha, 2, 32, attention_axes=axes, input_shape=(4, 5, 64))
    for rank_shape in [(64,), (3, 4, 5, 64), (2, 2, 2, 8)]:
        yield keras_case(mha, 2, 16, input_shape=rank_shape)
    yield keras_case(mha, 2, 32, use_gate=True, input_shape=(None, 64))
    yield keras_case(mha, 2, 32, value_dim=8, use_gate=True, use_bias=False,
                     input_shape=(None, 64))
    yield keras_case(mha, 2, 32, dropout=0.5, sliding_window=3, input_shape=(5, 64))
    yield keras_case(mha, 2, 32, 16, 0.1, False, 20, input_shape=(9, 48))
    yield keras_case(mha, 8, 64, trainable=False, input_shape=(None, 512))
    yield keras_case(mha, 8, 64, kernel_initializer="he_normal", seed=1,
                     input_shape=(None, 512))
    # refusals
    yield keras_case(mha, 0, 32, input_shape=(5, 64))
    yield keras_case(mha, 2, 0, input_shape=(5, 64))
    yield keras_case(mha, -1, 32, input_shape=(5, 64))
    yield keras_case(mha, 2, 32, input_shape=(5, None))
    yield called(keras_case(mha, 2, 32, input_shape=(5, 64)), value=(None,))
    yield called(keras_case(mha, 2, 32, input_shape=(5, 64)), value=(7, 32), key=(8, 16))

    gqa = "GroupQueryAttention"
    for hd, nq, nkv, width in itertools.product([8, 64], [4, 8, 32], [1, 2, 4],
                                                [32, 128, 4096]):
        yield keras_case(gqa, hd, nq, nkv, input_shape=(None, width))
    for nq, nkv in [(8, 3), (6, 4), (4, 8), (32, 5)]:
        yield keras_case(gqa, 16, nq, nkv, input_shape=(None, 64))
    yield keras_case(gqa, 16, 8, 2, use_bias=False, input_shape=(10, 64))
    yield keras_case(gqa, 16, 8, 2, use_gate=True, input_shape=(10, 64))
    yield keras_case(gqa, 16, 8, 2, use_gate=True, use_bias=False, input_shape=(10, 64))
    yield keras_case(gqa, head_dim=128, num_query_heads=32, num_key_value_heads=8,
                     input_shape=(None, 4096))
    yield keras_case(gqa, 16, 8, 8, trainable=False, input_shape=(None, 64))
    yield called(keras_case(gqa, 16, 8, 2, input_shape=(None, 64)), value=(None, 64),
                 key=(None, 48))
    yield called(keras_case(gqa, 16, 8, 2, input_shape=(5, 64)), value=(7, 64))
    yield called(keras_case(gqa, 16, 8, 2, input_shape=(None, 64)), value=(None, 32))

    for name in ("Attention", "AdditiveAttention"):
        for scale in [True, False]:
            for q, v, k in [((5, 16), None, None), ((5, 16), (7, 16), None),
                            ((5, 16), (7, 8), (7, 16)), ((None, 64), (None, 32), None),
                            ((16,), (16,), None), ((3, 4, 12), (3, 6, 20), (3, 6, 12)),
                            ((1, 1), None, None), ((100, 300), (50, 300), None)]:
                if v is None:
                    yield keras_case(name, scale, input_shape=q)
                else:
                    kw = {"value": v} if k is None else {"value": v, "key": k}
                    yield called(keras_case(name, use_scale=scale, input_shape=q), **kw)
        yield keras_case(name, trainable=False, input_shape=(5, 16))
        yield keras_case(name, dropout=0.2, input_shape=(5, 16))
    for mode, scale in itertools.product(["dot", "concat"], [True, False]):
        yield keras_case("Attention", scale, mode, input_shape=(5, 16))
        yield called(keras_case("Attention", use_scale=scale, score_mode=mode,
                                input_shape=(5, 16)), value=(7, 8), key=(7, 12))
    yield keras_case("Attention", score_mode="foo", input_shape=(5, 16))


def torch_cases():  # type: ignore[no-untyped-def]
    mha = "MultiheadAttention"
    for e, h in itertools.product([1, 8, 64, 100, 256, 512, 768, 1024], [1, 2, 4, 8, 12, 16]):
        yield torch_case(mha, e, h)
    for e, h in [(512, 8), (256, 4), (64, 2), (768, 12)]:
        yield torch_case(mha, embed_dim=e, num_heads=h, bias=False)
        yield torch_case(mha, e, h, add_bias_kv=True)
        yield torch_case(mha, e, h, bias=False, add_bias_kv=True)
        yield torch_case(mha, e, h, add_zero_attn=True, dropout=0.1)
        yield torch_case(mha, e, h, kdim=e)
        yield torch_case(mha, e, h, kdim=e, vdim=e)
        yield torch_case(mha, e, h, batch_first=True, input_shape=(10, e))
        yield torch_case(mha, e, h, input_shape=(None, e))
    for e, h, kd, vd in [(256, 4, 128, 128), (8, 2, 4, None), (8, 2, None, 4),
                         (64, 8, 32, 16), (512, 8, 1024, 1024), (12, 3, 1, 1)]:
        yield torch_case(mha, e, h, kdim=kd, vdim=vd)
        yield torch_case(mha, e, h, kdim=kd, vdim=vd, bias=False)
        yield torch_case(mha, e, h, kdim=kd, vdim=vd, add_bias_kv=True, batch_first=True,
                         input_shape=(6, e))
        # positional kdim/vdim (the recorder's forward reads kdim/vdim from kwargs only)
        yield torch_case(mha, e, h, 0.0, True, False, False, kd, vd)
        yield torch_case(mha, e, h, kdim=kd, vdim=vd, input_shape=(None, e))
    for seq in [1, 7, 100]:
        yield torch_case(mha, 64, 4, input_shape=(seq, 64))
    # refusals
    for e, h in [(100, 8), (512, 3), (10, 4), (8, 0), (0, 1), (8, -2)]:
        yield torch_case(mha, e, h)
    yield torch_case(mha, 64, 4, input_shape=(10, 32))


if __name__ == "__main__":
    write("attention", itertools.chain(keras_cases(), torch_cases()))
