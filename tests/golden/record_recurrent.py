"""Golden cases for recurrent layers and Keras wrappers (Bidirectional, TimeDistributed).
Run by hand; see recorder.py."""

from __future__ import annotations

import itertools

from recorder import keras_case, nested, torch_case, write

AUTO = {"SimpleRNN": "simple_rnn", "LSTM": "lstm", "GRU": "gru", "Dense": "dense",
        "Conv2D": "conv2d"}


def inner(layer, *args, **kwargs):  # type: ignore[no-untyped-def]
    # A fixed name keeps Keras' weight paths stable (forward_lstm/...) across cases.
    return nested(layer, *args, name=AUTO[layer], **kwargs)


def cases():  # type: ignore[no-untyped-def]
    units_list = [1, 2, 16, 32, 64, 100, 128, 256, 512]
    feats_list = [1, 3, 10, 28, 100, 300]
    for layer in ("SimpleRNN", "LSTM", "GRU"):
        for units, feats in itertools.product(units_list, feats_list):
            yield keras_case(layer, units, input_shape=(28, feats))
        for units in (8, 64):
            yield keras_case(layer, units, use_bias=False, input_shape=(None, 10))
            yield keras_case(layer, units, return_sequences=True, input_shape=(50, 10))
            yield keras_case(layer, units, return_sequences=True, input_shape=(None, 10))
            yield keras_case(layer, units, return_state=True, input_shape=(5, 10))
            yield keras_case(layer, units, trainable=False, input_shape=(5, 10))
            yield keras_case(layer, units, activation="relu", dropout=0.2, input_shape=(5, 7))
        yield keras_case(layer, 0, input_shape=(5, 10))
        yield keras_case(layer, -5, input_shape=(5, 10))
    for units, feats in itertools.product([16, 64, 128], [10, 28]):
        yield keras_case("GRU", units, reset_after=False, input_shape=(None, feats))
        yield keras_case("GRU", units, reset_after=True, input_shape=(None, feats))
    # Bidirectional
    for layer in ("SimpleRNN", "LSTM", "GRU"):
        for units, feats in itertools.product([1, 16, 32, 64, 128, 256], [1, 16, 28, 50]):
            yield keras_case("Bidirectional", inner(layer, units), input_shape=(28, feats))
        for mode in ("concat", "sum", "mul", "ave", None):
            yield keras_case("Bidirectional", inner(layer, 32), merge_mode=mode,
                             input_shape=(None, 16))
        yield keras_case("Bidirectional", inner(layer, 64, return_sequences=True),
                         input_shape=(100, 50))
        yield keras_case("Bidirectional", inner(layer, 8, use_bias=False),
                         input_shape=(None, 4))
    yield keras_case("Bidirectional", inner("GRU", 32, reset_after=False), input_shape=(9, 16))
    yield keras_case("Bidirectional", inner("LSTM", 16), trainable=False, input_shape=(9, 16))
    yield keras_case("Bidirectional", inner("Dense", 10), input_shape=(28, 28))
    # TimeDistributed
    for units, feats, steps in itertools.product([1, 10, 64], [1, 32, 64], [None, 20]):
        yield keras_case("TimeDistributed", inner("Dense", units), input_shape=(steps, feats))
    yield keras_case("TimeDistributed", inner("Conv2D", 16, 3), input_shape=(10, 32, 32, 3))
    yield keras_case("TimeDistributed", inner("Dense", 8), trainable=False, input_shape=(5, 6))
    # PyTorch
    for layer in ("RNN", "LSTM", "GRU"):
        for hidden, feats in itertools.product([1, 16, 20, 64, 128, 256], [1, 8, 28, 100]):
            yield torch_case(layer, feats, hidden, input_shape=(5, feats))
        for layers, bidir, bias in itertools.product([1, 2, 3], [False, True], [True, False]):
            yield torch_case(layer, 28, 64, num_layers=layers, bidirectional=bidir, bias=bias,
                             input_shape=(None, 28))
        yield torch_case(layer, 10, 20, 2)
        yield torch_case(layer, input_size=32, hidden_size=64, num_layers=2,
                         bidirectional=True, batch_first=True, input_shape=(6, 32))
        yield torch_case(layer, 28, 0)
        yield torch_case(layer, 0, 28)
        yield torch_case(layer, 28, 16, num_layers=0)
        yield torch_case(layer, 28, 16, 2, dropout=0.5)
    yield torch_case("RNN", 8, 16, nonlinearity="relu", bias=False)
    yield torch_case("RNN", 8, 16, 2, "relu")
    yield torch_case("RNN", 8, 16, nonlinearity="gelu")
    for proj, layers, bidir in itertools.product([1, 16, 64, 127], [1, 3], [False, True]):
        yield torch_case("LSTM", 40, 128, num_layers=layers, proj_size=proj,
                         bidirectional=bidir, input_shape=(None, 40))
    yield torch_case("LSTM", 28, 128, proj_size=128)
    yield torch_case("LSTM", 28, 128, proj_size=200)
    yield torch_case("LSTM", input_size=40, hidden_size=256, num_layers=3, proj_size=128,
                     bidirectional=True)
    for layer in ("RNNCell", "LSTMCell", "GRUCell"):
        for hidden, feats in itertools.product([1, 20, 128], [1, 10, 28]):
            yield torch_case(layer, feats, hidden, input_shape=(feats,))
            yield torch_case(layer, feats, hidden, bias=False)
    yield torch_case("RNNCell", 10, 20, True, "relu")


if __name__ == "__main__":
    write("recurrent", cases())
