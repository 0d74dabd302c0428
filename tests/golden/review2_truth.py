"""The framework figures behind tests/grammar/test_review2_regressions.py, built in Keras
3.15.1 (torch backend) and PyTorch 2.13.0. Run by hand:

    KERAS_BACKEND=torch python tests/golden/review2_truth.py

It prints each case's count (PyTorch: and buffers) and output shape without the batch axis.
"""

from __future__ import annotations

import os
import warnings
from typing import Any

os.environ.setdefault("KERAS_BACKEND", "torch")


def main() -> None:
    warnings.filterwarnings("ignore")
    import keras
    import torch
    from keras import layers as L  # noqa: N812 - as Keras' own examples write it
    from torch import nn

    def k(name: str, stack: list[Any], shape: tuple[int, ...]) -> None:
        m = keras.Sequential([keras.Input(shape), *stack])
        print(f"keras {name}: {m.count_params()} {list(m.output_shape[1:])}")

    def t(name: str, mod: Any, shape: tuple[int, ...]) -> None:
        n = sum(p.numel() for p in mod.parameters())
        b = sum(x.numel() for x in mod.buffers())
        if not shape:  # counted only (token ids, or a recurrent layer's tuple output)
            print(f"torch {name}: {n} buffers {b}")
            return
        out = list(mod.eval()(torch.zeros(2, *shape)).shape[1:])
        print(f"torch {name}: {n} buffers {b} {out}")

    # first, in a fresh session: layer names across the models of one paste (one counter
    # per session, names given at construction; tests/grammar/test_review2_regressions.py
    # pastes the same lines)
    m1 = keras.Sequential([keras.Input((8,)), L.Dense(4), L.Dense(2)])
    inp = keras.Input((8,))
    m2 = keras.Model(inp, L.Dense(1)(L.Dense(4)(inp)))
    m3 = keras.Sequential([keras.Input((8,)), L.Dense(3, name="dense_5"), L.Dense(3)])
    m4 = keras.Sequential([L.Dense(4, input_shape=(8,))])
    inp2 = keras.Input((8,))
    m5 = keras.Model(inp2, L.Dense(1)(inp2))
    for m in (m1, m2, m3, m4, m5):
        print("keras names:", [layer.name for layer in m.layers])

    k("Conv2D(64, 3) on 224x224x3", [L.Conv2D(64, 3)], (224, 224, 3))
    k("Conv2D(32, 3) on 28x28x1", [L.Conv2D(32, 3)], (28, 28, 1))
    k("Dense(50, no bias), Dense(1, no bias) on 100", [L.Dense(50, use_bias=False),
                                                       L.Dense(1, use_bias=False)], (100,))
    k("Dense(64) on 128", [L.Dense(64)], (128,))
    k("Dense(64, no bias) on 128", [L.Dense(64, use_bias=False)], (128,))
    k("Conv2DTranspose(16, 3, strides=2, output_padding=1) on 7x7x8",
      [L.Conv2DTranspose(16, 3, strides=2, output_padding=1)], (7, 7, 8))
    t("Conv2d(3, 32, 3) on 3x224x224", nn.Conv2d(3, 32, 3), (3, 224, 224))
    t("AdaptiveAvgPool2d(1) on 512x3x3", nn.AdaptiveAvgPool2d(1), (512, 3, 3))
    t("MaxPool2d(2) on 64x4x4", nn.MaxPool2d(2), (64, 4, 4))
    t("Conv2d(512, 10, 1) on 512x1x1", nn.Conv2d(512, 10, 1), (512, 1, 1))
    t("Conv2d(6, 8, 3) on 6x4x4", nn.Conv2d(6, 8, 3), (6, 4, 4))
    t("BatchNorm2d(8) on 8x3x3", nn.BatchNorm2d(8), (8, 3, 3))
    t("BatchNorm2d(32) on 32x28x28", nn.BatchNorm2d(32), (32, 28, 28))
    t("Conv2d(3, 8, 3) on 3x32x32", nn.Conv2d(3, 8, 3), (3, 32, 32))
    t("Conv2d(3, 64, 7, stride=2, padding=3) on 3x224x224",
      nn.Conv2d(3, 64, 7, stride=2, padding=3), (3, 224, 224))
    t("Conv3d(3, 64, (3, 7, 7), (1, 2, 2), (1, 3, 3)) on 3x16x112x112",
      nn.Conv3d(3, 64, (3, 7, 7), (1, 2, 2), (1, 3, 3)), (3, 16, 112, 112))
    t("ConvTranspose2d(8, 4, 3, stride=2, padding=1, output_padding=1) on 8x7x7",
      nn.ConvTranspose2d(8, 4, 3, stride=2, padding=1, output_padding=1), (8, 7, 7))
    t("Linear(100, 50, bias=False), Linear(50, 1, bias=False)",
      nn.Sequential(nn.Linear(100, 50, bias=False), nn.Linear(50, 1, bias=False)), (100,))
    # yes/no arguments named in words
    k("LayerNormalization(center=False) on (None, 128)", [L.LayerNormalization(center=False)],
      (None, 128))
    k("LayerNormalization(scale=False) on 64", [L.LayerNormalization(scale=False)], (64,))
    k("BatchNormalization(scale=False) on 64", [L.BatchNormalization(scale=False)], (64,))
    k("BatchNormalization(center=False) on 64", [L.BatchNormalization(center=False)], (64,))
    k("GRU(64, reset_after=False) on (None, 10)", [L.GRU(64, reset_after=False)], (None, 10))
    t("InstanceNorm2d(32, affine=True) on 32x8x8", nn.InstanceNorm2d(32, affine=True),
      (32, 8, 8))
    t("BatchNorm2d(64, affine=False) on 64x8x8", nn.BatchNorm2d(64, affine=False), (64, 8, 8))
    t("GroupNorm(8, 64, affine=False) on 64x8x8", nn.GroupNorm(8, 64, affine=False), (64, 8, 8))
    t("LayerNorm(512, elementwise_affine=False) on 512",
      nn.LayerNorm(512, elementwise_affine=False), (512,))
    t("InstanceNorm1d(16, track_running_stats=True) on 16x10",
      nn.InstanceNorm1d(16, track_running_stats=True), (16, 10))
    t("BatchNorm1d(100, track_running_stats=False) on 100",
      nn.BatchNorm1d(100, track_running_stats=False), (100,))
    t("BatchNorm3d(8) on 8x4x4x4", nn.BatchNorm3d(8), (8, 4, 4, 4))
    # arguments that change no count
    k("Dense(4, kernel_regularizer=l2(0.01), kernel_initializer=HeNormal()) on 8",
      [L.Dense(4, kernel_regularizer=keras.regularizers.l2(0.01),
               kernel_initializer=keras.initializers.HeNormal())], (8,))
    k("LSTM(8, implementation=1) on (5, 3)", [L.LSTM(8, implementation=1)], (5, 3))
    built = keras.Sequential()
    built.add(L.Embedding(5000, 64))
    built.add(L.Bidirectional(L.LSTM(64)))
    built.add(L.Dense(1))
    built.build(input_shape=(None, 100))
    print(f"keras model.build((None, 100)): {built.count_params()} "
          f"{list(built.layers[0].output.shape[1:])}")
    t("Embedding(10000, 300)", nn.Embedding(10000, 300), ())
    # options the third review found dropped or misread
    k("Conv3DTranspose(8, 3, strides=2) on 4x8x8x16", [L.Conv3DTranspose(8, 3, strides=2)],
      (4, 8, 8, 16))
    k("Conv2DTranspose(32, 3, strides=2) on 14x14x64", [L.Conv2DTranspose(32, 3, strides=2)],
      (14, 14, 64))
    t("ConvTranspose3d(16, 8, 3, stride=2) on 16x4x8x8", nn.ConvTranspose3d(16, 8, 3, stride=2),
      (16, 4, 8, 8))
    k("2 x Conv2D(32, 3) on 32x32x32", [L.Conv2D(32, 3), L.Conv2D(32, 3)], (32, 32, 32))
    k("Conv2D(32, 3, padding='same') on 28x28x1", [L.Conv2D(32, 3, padding="same")],
      (28, 28, 1))
    k("Conv2D(32, 3, strides=2, padding='same') on 28x28x1",
      [L.Conv2D(32, 3, strides=2, padding="same")], (28, 28, 1))
    k("Bidirectional(GRU(16), merge_mode='sum') on (None, 3)",
      [L.Bidirectional(L.GRU(16), merge_mode="sum")], (None, 3))
    k("Bidirectional(LSTM(64), merge_mode='sum') on (None, 10)",
      [L.Bidirectional(L.LSTM(64), merge_mode="sum")], (None, 10))
    k("ConvLSTM2D(16, 3, padding='same', return_sequences=True) on (5, 32, 32, 3)",
      [L.ConvLSTM2D(16, 3, padding="same", return_sequences=True)], (5, 32, 32, 3))
    k("LSTM(64, return_sequences=True) on (10, 8)", [L.LSTM(64, return_sequences=True)],
      (10, 8))
    k("Conv2D(32, 3, use_bias=False) on 28x28x16", [L.Conv2D(32, 3, use_bias=False)],
      (28, 28, 16))
    t("MultiheadAttention(512, 8, add_bias_kv=True)", nn.MultiheadAttention(512, 8,
                                                                             add_bias_kv=True), ())
    k("DepthwiseConv2D(3, dilation_rate=2) on 32x32x16",
      [L.DepthwiseConv2D(3, dilation_rate=2)], (32, 32, 16))
    k("Conv2D(64, 3, groups=4) on 32x32x16", [L.Conv2D(64, 3, groups=4)], (32, 32, 16))
    k("Conv2D(32, 3, strides=2) on 28x28x1", [L.Conv2D(32, 3, strides=2)], (28, 28, 1))
    k("Conv2D(32, 3, dilation_rate=2) on 28x28x1", [L.Conv2D(32, 3, dilation_rate=2)],
      (28, 28, 1))
    k("DepthwiseConv2D(3, depth_multiplier=2) on 32x32x16",
      [L.DepthwiseConv2D(3, depth_multiplier=2)], (32, 32, 16))
    t("LSTM(28, 128, proj_size=64)", nn.LSTM(28, 128, proj_size=64), ())
    # pooling words after a sequence: the 1-D layers
    k("Conv1D(64, 3), GlobalMaxPooling1D, Dense(1) on 100x16",
      [L.Conv1D(64, 3), L.GlobalMaxPooling1D(), L.Dense(1)], (100, 16))
    k("Conv1D(32, 3), MaxPooling1D(2), Dense(4) on 50x8",
      [L.Conv1D(32, 3), L.MaxPooling1D(2), L.Dense(4)], (50, 8))
    t("Conv1d(8, 16, 3), MaxPool1d(2) on 8x50", nn.Sequential(nn.Conv1d(8, 16, 3),
                                                              nn.MaxPool1d(2)), (8, 50))
    t("MultiheadAttention(512, 8, kdim=256, vdim=256)",
      nn.MultiheadAttention(512, 8, kdim=256, vdim=256), ())
    t("MultiheadAttention(512, 8, kdim=256, vdim=128)",
      nn.MultiheadAttention(512, 8, kdim=256, vdim=128), ())
    k("SimpleRNN(32) on (None, 16)", [L.SimpleRNN(32)], (None, 16))
    t("RNN(16, 32)", nn.RNN(16, 32), ())
    k("GRU(64, reset_after=False) on (None, 32)", [L.GRU(64, reset_after=False)], (None, 32))
    t("GRU(32, 64)", nn.GRU(32, 64), ())
    k("GRU(32) on (None, 8)", [L.GRU(32)], (None, 8))
    k("GRU(32, reset_after=False) on (None, 8)", [L.GRU(32, reset_after=False)], (None, 8))
    t("Conv2d(3, 16, 3) on 3x32x32", nn.Conv2d(3, 16, 3), (3, 32, 32))
    t("Conv2d(1, 4, 3), Flatten on 1x28x28", nn.Sequential(nn.Conv2d(1, 4, 3), nn.Flatten()),
      (1, 28, 28))
    img = keras.Input(shape=(28, 28, 1), name="img")
    named = keras.Model(img, L.Dense(10)(L.Flatten()(img)))
    print("keras Input(name='img') rows:", [layer.name for layer in named.layers][:1])
    pool = nn.MaxPool2d(2, 2)
    t("the tutorial CNN with one pool object used twice",
      nn.Sequential(nn.Conv2d(3, 6, 5), nn.ReLU(), pool, nn.Conv2d(6, 16, 5), nn.ReLU(), pool,
                    nn.Flatten(), nn.Linear(16 * 5 * 5, 120)), (3, 32, 32))
    from collections import OrderedDict

    named_seq = nn.Sequential(OrderedDict([("conv1", nn.Conv2d(1, 20, 5)), ("relu1", nn.ReLU()),
                                           ("conv2", nn.Conv2d(20, 64, 5)),
                                           ("relu2", nn.ReLU())]))
    t("Sequential(OrderedDict(conv1, relu1, conv2, relu2)) on 1x28x28", named_seq, (1, 28, 28))
    print("torch OrderedDict rows:", [n for n, _ in named_seq.named_children()])
    # the configurations inverse questions propose
    k("Dense(127) on 784", [L.Dense(127)], (784,))
    k("Dense(128) on 784", [L.Dense(128)], (784,))
    k("LSTM(485) on (None, 28)", [L.LSTM(485)], (None, 28))
    k("Bidirectional(LSTM(339)) on (None, 28)", [L.Bidirectional(L.LSTM(339))], (None, 28))
    k("LSTM(486, use_bias=False) on (None, 28)", [L.LSTM(486, use_bias=False)], (None, 28))
    k("LSTM(658) on (None, 100)", [L.LSTM(658)], (None, 100))
    k("LSTM(659) on (None, 100)", [L.LSTM(659)], (None, 100))
    k("Bidirectional(LSTM(340)) on (None, 28)", [L.Bidirectional(L.LSTM(340))], (None, 28))
    k("LSTM(487, use_bias=False) on (None, 28)", [L.LSTM(487, use_bias=False)], (None, 28))
    t("LSTM(28, 485)", nn.LSTM(28, 485), ())
    t("LSTM(28, 486)", nn.LSTM(28, 486), ())
    t("Linear(512, 97)", nn.Linear(512, 97), ())
    t("Linear(512, 98)", nn.Linear(512, 98), ())
    try:
        L.AveragePooling2D()
        print("keras AveragePooling2D(): accepted")
    except TypeError as exc:
        print(f"keras AveragePooling2D(): refused ({exc})")
    try:
        keras.Sequential([keras.Input((-784,)), L.Dense(10)])
        print("keras Input((-784,)): accepted")
    except ValueError as exc:
        print(f"keras Input((-784,)): refused ({str(exc)[:60]})")


if __name__ == "__main__":
    main()
