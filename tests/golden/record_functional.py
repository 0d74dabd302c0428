"""Record what Keras 3 reports for pasted functional models that branch (run by hand, never
in CI; see recorder.py for the environment):

    KERAS_BACKEND=torch /work/fwvenv/bin/python tests/golden/record_functional.py

Each paste in ``CASES`` is run by Python itself, in a fresh Keras session (so automatic
names start again from ``dense``), and for each model name it lists the script writes what
``model.summary()`` shows: total, trainable and non-trainable counts, and every row of
``model.layers`` with its name, class, count and output shape (without the batch axis;
the shape a summary prints is the layer's last call's). A case with ``refused`` must be
refused by Keras itself: the script checks that running it raises, and records Keras'
message. Writes ``tests/golden/functional.json``. Nothing here is computed by parambot.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from types import SimpleNamespace

os.environ.setdefault("KERAS_BACKEND", "torch")

HERE = Path(__file__).resolve().parent

IMPORTS = "import keras\nfrom keras import layers\n"

#: (id, paste, the model names it binds that parambot answers about, in order, and for a
#: paste Keras refuses: words parambot's refusal must contain)
CASES: list[tuple[str, str, list[str], str | None]] = [
    ("attention_block", """\
inp = keras.Input(shape=(10, 64))
x = layers.MultiHeadAttention(num_heads=4, key_dim=16)(inp, inp)
x = layers.Add()([inp, x])
x = layers.LayerNormalization()(x)
model = keras.Model(inp, x)""", ["model"], None),
    ("cross_attention_query_value_key", """\
q = keras.Input(shape=(10, 64))
v = keras.Input(shape=(20, 32))
k = keras.Input(shape=(20, 48))
x = layers.MultiHeadAttention(num_heads=2, key_dim=8)(q, v, k)
model = keras.Model([q, v, k], x)""", ["model"], None),
    ("cross_attention_keywords_then_head", """\
q = keras.Input(shape=(10, 64))
v = keras.Input(shape=(20, 32))
x = layers.MultiHeadAttention(num_heads=2, key_dim=8, value_dim=4)(query=q, value=v)
y = layers.GlobalAveragePooling1D()(x)
out = layers.Dense(3)(y)
model = keras.Model([q, v], out)""", ["model"], None),
    ("attention_on_mismatched_query_and_value", """\
q = keras.Input(shape=(10, 64))
v = keras.Input(shape=(20, 32))
x = layers.MultiHeadAttention(num_heads=2, key_dim=8)(q, q)
y = layers.MultiHeadAttention(num_heads=2, key_dim=8)(x, v)
model = keras.Model([q, v], y)""", ["model"], None),
    ("residual_dense", """\
inputs = keras.Input(shape=(32,))
x = layers.Dense(64, activation="relu")(inputs)
y = layers.Dense(64)(inputs)
z = layers.Add()([x, y])
outputs = layers.Dense(10)(z)
model = keras.Model(inputs, outputs)""", ["model"], None),
    ("residual_conv_block", """\
inp = keras.Input(shape=(32, 32, 16))
x = layers.Conv2D(16, 3, padding="same")(inp)
x = layers.BatchNormalization()(x)
x = layers.Activation("relu")(x)
x = layers.Conv2D(16, 3, padding="same")(x)
x = layers.BatchNormalization()(x)
x = layers.Add()([x, inp])
out = layers.Activation("relu")(x)
block = keras.Model(inp, out)""", ["block"], None),
    ("projection_shortcut", """\
inp = keras.Input(shape=(28, 28, 32))
x = layers.Conv2D(64, 3, strides=2, padding="same", use_bias=False)(inp)
x = layers.BatchNormalization()(x)
x = layers.ReLU()(x)
x = layers.Conv2D(64, 3, padding="same", use_bias=False)(x)
x = layers.BatchNormalization()(x)
s = layers.Conv2D(64, 1, strides=2, use_bias=False)(inp)
s = layers.BatchNormalization()(s)
x = layers.Add()([x, s])
x = layers.ReLU()(x)
x = layers.GlobalAveragePooling2D()(x)
out = layers.Dense(10, activation="softmax")(x)
resnet_block = keras.Model(inputs=inp, outputs=out)""", ["resnet_block"], None),
    ("long_and_short_branch", """\
inputs = keras.Input(shape=(16,))
a = layers.Dense(8)(inputs)
a = layers.Dense(8)(a)
a = layers.Dense(8)(a)
b = layers.Dense(8)(inputs)
m = layers.Add()([a, b])
out = layers.Dense(1)(m)
model = keras.Model(inputs, out)""", ["model"], None),
    ("short_branch_first", """\
inputs = keras.Input(shape=(16,))
b = layers.Dense(8)(inputs)
a = layers.Dense(8)(inputs)
a = layers.Dense(8)(a)
m = layers.Add()([a, b])
out = layers.Dense(1)(m)
model = keras.Model(inputs, out)""", ["model"], None),
    ("concat_default_axis", """\
inp = keras.Input(shape=(20,))
a = layers.Dense(32, activation="relu")(inp)
b = layers.Dense(16, activation="tanh")(inp)
c = layers.Concatenate()([a, b])
out = layers.Dense(4)(c)
model = keras.Model(inp, out)""", ["model"], None),
    ("concat_axis1_2d", """\
inp = keras.Input(shape=(20,))
a = layers.Dense(32)(inp)
b = layers.Dense(16)(inp)
c = layers.Concatenate(axis=1)([a, b])
out = layers.Dense(4)(c)
model = keras.Model(inp, out)""", ["model"], None),
    ("concat_time_axis_3d", """\
a_in = keras.Input(shape=(10, 8))
b_in = keras.Input(shape=(5, 8))
seq = layers.Concatenate(axis=1)([a_in, b_in])
h = layers.LSTM(16)(seq)
out = layers.Dense(1)(h)
model = keras.Model([a_in, b_in], out)""", ["model"], None),
    ("concat_features_3d", """\
inp = keras.Input(shape=(12, 6))
f = layers.LSTM(10, return_sequences=True)(inp)
g = layers.GRU(4, return_sequences=True)(inp)
h = layers.Concatenate(axis=-1)([f, g])
h = layers.Conv1D(8, 3)(h)
out = layers.GlobalMaxPooling1D()(h)
model = keras.Model(inp, out)""", ["model"], None),
    ("inception_module", """\
inp = keras.Input(shape=(28, 28, 192))
b1 = layers.Conv2D(64, 1, padding="same", activation="relu")(inp)
b2 = layers.Conv2D(96, 1, padding="same", activation="relu")(inp)
b2 = layers.Conv2D(128, 3, padding="same", activation="relu")(b2)
b3 = layers.Conv2D(16, 1, padding="same", activation="relu")(inp)
b3 = layers.Conv2D(32, 5, padding="same", activation="relu")(b3)
b4 = layers.MaxPooling2D(3, strides=1, padding="same")(inp)
b4 = layers.Conv2D(32, 1, padding="same", activation="relu")(b4)
out = layers.Concatenate(axis=-1)([b1, b2, b3, b4])
inception = keras.Model(inp, out)""", ["inception"], None),
    ("concat_height_axis_4d", """\
inp = keras.Input(shape=(8, 8, 3))
a = layers.Conv2D(4, 3, padding="same")(inp)
b = layers.Conv2D(4, 1)(inp)
c = layers.Concatenate(axis=1)([a, b])
d = layers.Flatten()(c)
out = layers.Dense(2)(d)
model = keras.Model(inp, out)""", ["model"], None),
    ("multi_input", """\
title = keras.Input(shape=(100,), name="title")
body = keras.Input(shape=(300,), name="body")
t = layers.Dense(32, activation="relu")(title)
b = layers.Dense(32, activation="relu")(body)
x = layers.concatenate([t, b])
priority = layers.Dense(1, name="priority")(x)
model = keras.Model(inputs=[title, body], outputs=priority)""", ["model"], None),
    ("multi_input_unnamed", """\
a = keras.Input(shape=(8,))
b = keras.Input(shape=(4,))
x = layers.Dense(8)(b)
y = layers.Dense(8)(a)
s = layers.add([x, y])
out = layers.Dense(2)(s)
model = keras.Model([a, b], out)""", ["model"], None),
    ("shared_dense_twice_in_chain", """\
d = layers.Dense(8)
inp = keras.Input(shape=(8,))
x = d(inp)
x = d(x)
m = keras.Model(inp, x)""", ["m"], None),
    ("siamese_shared_dense", """\
left = keras.Input(shape=(64,))
right = keras.Input(shape=(64,))
encoder = layers.Dense(32, activation="relu")
l = encoder(left)
r = encoder(right)
diff = layers.Subtract()([l, r])
out = layers.Dense(1, activation="sigmoid")(diff)
siamese = keras.Model([left, right], out)""", ["siamese"], None),
    ("shared_embedding_lstm", """\
q1 = keras.Input(shape=(30,))
q2 = keras.Input(shape=(30,))
embed = layers.Embedding(5000, 64)
lstm = layers.LSTM(32)
v1 = lstm(embed(q1))
v2 = lstm(embed(q2))
merged = layers.Concatenate()([v1, v2])
out = layers.Dense(1, activation="sigmoid")(merged)
model = keras.Model(inputs=[q1, q2], outputs=out)""", ["model"], None),
    ("shared_conv_two_sizes", """\
big = keras.Input(shape=(32, 32, 3))
small = keras.Input(shape=(16, 16, 3))
conv = layers.Conv2D(8, 3)
a = layers.GlobalAveragePooling2D()(conv(big))
b = layers.GlobalAveragePooling2D()(conv(small))
out = layers.Average()([a, b])
model = keras.Model([big, small], out)""", ["model"], None),
    ("one_tensor_three_heads", """\
inp = keras.Input(shape=(10,))
h = layers.Dense(16, activation="relu")(inp)
a = layers.Dense(4)(h)
b = layers.Dense(4)(h)
c = layers.Dense(4)(h)
out = layers.Average()([a, b, c])
model = keras.Model(inp, out)""", ["model"], None),
    ("gated_multiply", """\
inp = keras.Input(shape=(24,))
value = layers.Dense(12)(inp)
gate = layers.Dense(12, activation="sigmoid")(inp)
g = layers.Multiply()([value, gate])
model = keras.Model(inp, g)""", ["model"], None),
    ("maximum_minimum", """\
inp = keras.Input(shape=(6,))
a = layers.Dense(5)(inp)
b = layers.Dense(5)(inp)
hi = layers.Maximum()([a, b])
lo = layers.Minimum()([a, b])
out = layers.Concatenate()([hi, lo])
model = keras.Model(inp, out)""", ["model"], None),
    ("broadcast_add", """\
inp = keras.Input(shape=(12,))
wide = layers.Dense(64)(inp)
scalar = layers.Dense(1)(inp)
out = layers.Add()([wide, scalar])
model = keras.Model(inp, out)""", ["model"], None),
    ("dot_vectors", """\
a = keras.Input(shape=(32,))
b = keras.Input(shape=(32,))
ea = layers.Dense(16)(a)
eb = layers.Dense(16)(b)
sim = layers.Dot(axes=1, normalize=True)([ea, eb])
model = keras.Model([a, b], sim)""", ["model"], None),
    ("dot_sequences", """\
q = keras.Input(shape=(10, 16))
k = keras.Input(shape=(12, 16))
scores = layers.Dot(axes=(2, 2))([q, k])
out = layers.Dense(3)(scores)
model = keras.Model([q, k], out)""", ["model"], None),
    ("two_outputs", """\
inp = keras.Input(shape=(40,))
h = layers.Dense(32, activation="relu")(inp)
age = layers.Dense(1, name="age")(h)
kind = layers.Dense(5, activation="softmax", name="kind")(h)
model = keras.Model(inputs=inp, outputs=[age, kind])""", ["model"], None),
    ("unused_branch_is_dropped", """\
inp = keras.Input(shape=(10,))
x = layers.Dense(8)(inp)
probe = layers.Dense(3)(x)
y = layers.Dense(4)(x)
model = keras.Model(inp, y)""", ["model"], None),
    ("trainable_false_shared_and_bn", """\
inp = keras.Input(shape=(16,))
frozen = layers.Dense(16, trainable=False)
a = frozen(inp)
b = frozen(a)
n = layers.BatchNormalization()(b)
s = layers.Add()([n, inp])
out = layers.Dense(2)(s)
model = keras.Model(inp, out)""", ["model"], None),
    ("two_models_one_paste", """\
inp = keras.Input(shape=(8,))
a = layers.Dense(4)(inp)
b = layers.Dense(4)(inp)
first = keras.Model(inp, layers.Add()([a, b]))
c = layers.Dense(6)(a)
second = keras.Model(inp, layers.Concatenate()([c, b]))""", ["first", "second"], None),
    ("chain_stays_a_chain", """\
inp = keras.Input(shape=(28, 28))
x = layers.LSTM(64)(inp)
model = keras.Model(inp, x)""", ["model"], None),
    ("nested_sequential_no_input", """\
aug = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(8)])
inp = keras.Input(shape=(4,))
x = aug(inp)
y = layers.Dense(8)(inp)
z = layers.Add()([x, y])
model = keras.Model(inp, z)""", ["model"], None),
    ("nested_sequential_with_input", """\
encoder = keras.Sequential([keras.Input(shape=(784,)), layers.Dense(64), layers.Dense(16)])
inp = keras.Input(shape=(784,))
code = encoder(inp)
out = layers.Dense(784, activation="sigmoid")(code)
autoencoder = keras.Model(inp, out)""", ["encoder", "autoencoder"], None),
    ("nested_functional", """\
a = keras.Input(shape=(32, 32, 3))
h = layers.Conv2D(8, 3, activation="relu")(a)
h = layers.GlobalAveragePooling2D()(h)
backbone = keras.Model(a, h, name="backbone")
img = keras.Input(shape=(32, 32, 3))
f = backbone(img)
g = layers.Dense(8)(f)
out = layers.Concatenate()([f, g])
model = keras.Model(img, out)""", ["backbone", "model"], None),
    ("shared_nested_tower", """\
tower = keras.Sequential([layers.Conv2D(4, 3), layers.Flatten(), layers.Dense(10)])
left = keras.Input(shape=(12, 12, 1))
right = keras.Input(shape=(12, 12, 1))
l = tower(left)
r = tower(right)
d = layers.Subtract()([l, r])
out = layers.Dense(1)(d)
twin = keras.Model([left, right], out)""", ["twin"], None),
    ("two_functional_models_named", """\
x_in = keras.Input(shape=(6,))
head = keras.Model(x_in, layers.Dense(3)(x_in))
y_in = keras.Input(shape=(6,))
p = head(y_in)
q = layers.Dense(3)(y_in)
full = keras.Model(y_in, layers.Multiply()([p, q]))""", ["head", "full"], None),
    ("unused_input_is_kept", """\
a = keras.Input(shape=(5,))
b = keras.Input(shape=(7,))
h = layers.Dense(3)(a)
out = layers.Dense(2)(h)
model = keras.Model([a, b], out)""", ["model"], None),
    ("shared_at_two_depths", """\
inp = keras.Input(shape=(8,))
d = layers.Dense(8)
a = d(inp)
b = layers.Dense(8)(a)
c = d(b)
s = layers.Add()([a, c])
out = layers.Dense(1)(s)
model = keras.Model(inp, out)""", ["model"], None),
    # tf.keras is Keras 3 here: the recording runs it as `keras` (no TensorFlow installed)
    ("tf_keras_prefixes_and_dot_last_axis", """\
q = tf.keras.Input(shape=(6, 4))
v = tf.keras.layers.Dense(4)(q)
w = tf.keras.layers.Dot(axes=-1)([q, v])
out = tf.keras.layers.Flatten()(w)
model = tf.keras.Model(inputs=q, outputs=out)""", ["model"], None),
    # refused by Keras itself
    ("add_mismatched", """\
inp = keras.Input(shape=(20,))
a = layers.Dense(64)(inp)
b = layers.Dense(32)(inp)
c = layers.Add()([a, b])
model = keras.Model(inp, c)""", [], "shapes must match"),
    ("concat_mismatched_3d", """\
a = keras.Input(shape=(10, 8))
b = keras.Input(shape=(5, 8))
c = layers.Concatenate()([a, b])
model = keras.Model([a, b], c)""", [], "every other size must match"),
    ("concat_mismatched_conv", """\
inp = keras.Input(shape=(16, 16, 3))
a = layers.Conv2D(8, 3)(inp)
b = layers.Conv2D(8, 3, padding="same")(inp)
c = layers.Concatenate()([a, b])
model = keras.Model(inp, c)""", [], "every other size must match"),
    ("shared_dense_other_width", """\
d = layers.Dense(8)
a = keras.Input(shape=(32,))
b = keras.Input(shape=(16,))
x = layers.Concatenate()([d(a), d(b)])
model = keras.Model([a, b], x)""", [], "after it was built on another size"),
    # Attention and AdditiveAttention are called on a list, [query, value] or [query,
    # value, key]; MultiHeadAttention on separate tensors
    ("dot_attention_query_value", """\
q = keras.Input(shape=(10, 16))
v = keras.Input(shape=(12, 8))
x = layers.Attention()([q, v])
model = keras.Model([q, v], x)""", ["model"], None),
    ("dot_attention_scaled_concat_query_value_key", """\
q = keras.Input(shape=(10, 16))
v = keras.Input(shape=(12, 8))
k = keras.Input(shape=(12, 16))
x = layers.Attention(use_scale=True, score_mode="concat")([q, v, k])
out = layers.Dense(4)(x)
model = keras.Model([q, v, k], out)""", ["model"], None),
    ("additive_attention_query_value_key", """\
q = keras.Input(shape=(10, 16))
v = keras.Input(shape=(12, 8))
k = keras.Input(shape=(12, 16))
x = layers.AdditiveAttention()([q, v, k])
model = keras.Model([q, v, k], x)""", ["model"], None),
    ("dot_attention_on_one_tensor", """\
q = keras.Input(shape=(10, 16))
x = layers.Attention()(q)
model = keras.Model(q, x)""", [], "[query, value]"),
    ("dot_attention_on_separate_tensors", """\
q = keras.Input(shape=(10, 16))
v = keras.Input(shape=(12, 16))
x = layers.Attention()(q, v)
model = keras.Model([q, v], x)""", [], "[query, value]"),
    ("additive_attention_on_a_list_of_one", """\
q = keras.Input(shape=(10, 16))
x = layers.AdditiveAttention()([q])
model = keras.Model(q, x)""", [], "[query, value]"),
    ("dot_attention_in_a_sequential", """\
model = keras.Sequential([keras.Input(shape=(10, 16)), layers.Attention()])""", [],
     "[query, value]"),
    ("additive_attention_in_a_sequential", """\
model = keras.Sequential([keras.Input(shape=(10, 16)), layers.Dense(8),
                          layers.AdditiveAttention()])""", [], "[query, value]"),
    ("dot_attention_scores_not_returned", """\
q = keras.Input(shape=(10, 16))
v = keras.Input(shape=(12, 8))
x = layers.Attention()([q, v], return_attention_scores=False)
model = keras.Model([q, v], x)""", ["model"], None),
    ("dot_attention_scores_into_a_dense", """\
q = keras.Input(shape=(10, 16))
v = keras.Input(shape=(12, 8))
x = layers.Attention()([q, v], return_attention_scores=True)
y = layers.Dense(3)(x)
model = keras.Model([q, v], y)""", [], "return_attention_scores"),
    ("dot_attention_on_a_tuple", """\
q = keras.Input(shape=(10, 16))
v = keras.Input(shape=(12, 8))
x = layers.Attention()((q, v))
model = keras.Model([q, v], x)""", [], "[query, value]"),
    ("additive_attention_time_distributed", """\
q = keras.Input(shape=(5, 10, 16))
x = layers.TimeDistributed(layers.AdditiveAttention())(q)
model = keras.Model(q, x)""", [], "[query, value]"),
    ("dot_attention_time_distributed_in_a_sequential", """\
model = keras.Sequential([keras.Input(shape=(5, 10, 16)),
                          layers.TimeDistributed(layers.Attention())])""", [],
     "[query, value]"),
    ("dot_mismatched", """\
a = keras.Input(shape=(32,))
b = keras.Input(shape=(16,))
s = layers.Dot(axes=1)([a, b])
model = keras.Model([a, b], s)""", [], "must be equal"),
    ("subtract_three", """\
inp = keras.Input(shape=(4,))
s = layers.Subtract()([inp, inp, inp])
model = keras.Model(inp, s)""", [], "exactly 2 tensors"),
    ("graph_disconnected", """\
a = keras.Input(shape=(4,))
b = keras.Input(shape=(4,))
s = layers.Add()([a, b])
model = keras.Model(a, s)""", [], "not among the model's inputs"),
    ("nested_sequential_wrong_width", """\
enc = keras.Sequential([keras.Input(shape=(16,)), layers.Dense(4)])
inp = keras.Input(shape=(8,))
model = keras.Model(inp, enc(inp))""", [], "expects input (16,)"),
]


def shape_of(layer) -> list[int | None] | list[list[int | None]]:  # type: ignore[no-untyped-def]
    """The output shape a summary prints for ``layer``: its last call's, batch left out."""
    outs = layer._inbound_nodes[-1].output_tensors
    shapes = [list(t.shape)[1:] for t in outs]
    return shapes[0] if len(shapes) == 1 else shapes


def record(model) -> dict[str, object]:  # type: ignore[no-untyped-def]
    def size(ws) -> int:  # type: ignore[no-untyped-def]
        return sum(int(w.numpy().size) for w in ws)

    return {
        "total": model.count_params(),
        "trainable": size(model.trainable_weights),
        "non_trainable": size(model.non_trainable_weights),
        "rows": [{"name": layer.name, "type": type(layer).__name__,
                  "params": layer.count_params(),
                  "trainable": size(layer.trainable_weights),
                  "output_shape": shape_of(layer)} for layer in model.layers],
    }


def main() -> int:
    import keras

    cases = []
    for case_id, paste, names, refused in CASES:
        keras.backend.clear_session()  # automatic names start again, as in a new paste
        scope: dict[str, object] = {"tf": SimpleNamespace(keras=keras)}
        entry: dict[str, object] = {"id": case_id, "paste": IMPORTS + paste}
        try:
            exec(IMPORTS + paste, scope)  # noqa: S102 - our own strings
        except Exception as exc:  # noqa: BLE001 - Keras' refusal is the record
            if refused is None:
                raise
            entry.update(refused=refused, keras_error=f"{type(exc).__name__}: {exc}"[:300])
            cases.append(entry)
            continue
        if refused is not None:
            raise SystemExit(f"{case_id}: Keras accepted a paste listed as refused")
        entry["subjects"] = [{"label": n, **record(scope[n])} for n in names]
        cases.append(entry)
    out = {"recorded_with": f"keras {keras.__version__} ({keras.backend.backend()})",
           "cases": cases}
    (HERE / "functional.json").write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {len(cases)} cases", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
