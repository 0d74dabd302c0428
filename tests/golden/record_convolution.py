"""Golden cases for the convolution family: Keras Conv1D-3D, Conv*Transpose,
SeparableConv*, DepthwiseConv*, ConvLSTM*; PyTorch Conv1d-3d, ConvTranspose1d-3d.
Run by hand; see recorder.py."""

from __future__ import annotations

import itertools

from recorder import keras_case, torch_case, write

SPATIAL = {1: [(1,), (5,), (28,), (100,), (None,)],
           2: [(5, 5), (28, 28), (32, 17), (None, None), (64, None)],
           3: [(4, 6, 6), (16, 12, 12), (None, 8, 8)]}


def keras_conv():  # type: ignore[no-untyped-def]
    for rank, name in [(1, "Conv1D"), (2, "Conv2D"), (3, "Conv3D")]:
        for filters, kernel, ch in itertools.product([1, 8, 64, 1000], [1, 3, 5], [1, 3, 512]):
            sp = SPATIAL[rank][1]
            yield keras_case(name, filters, kernel, input_shape=(*sp, ch))
        for sp in SPATIAL[rank]:
            for padding in ["valid", "same"] + (["causal"] if rank == 1 else []):
                yield keras_case(name, 16, 3, padding=padding, input_shape=(*sp, 4))
                yield keras_case(name, 16, 1, strides=2, padding=padding, input_shape=(*sp, 4))
            for stride in [2, 3]:
                yield keras_case(name, 8, 3, strides=stride, input_shape=(*sp, 2))
            yield keras_case(name, 8, 2, dilation_rate=2, padding="same", input_shape=(*sp, 2))
        for groups, ch, filters in [(2, 4, 8), (4, 16, 64), (3, 12, 6), (8, 8, 8), (16, 32, 16)]:
            sp = SPATIAL[rank][1]
            yield keras_case(name, filters, 3, groups=groups, input_shape=(*sp, ch))
            yield keras_case(name, filters, 3, groups=groups, use_bias=False,
                             input_shape=(*sp, ch))
        sp = SPATIAL[rank][1]
        yield keras_case(name, 32, 3, use_bias=False, input_shape=(*sp, 3))
        yield keras_case(name, 32, 3, trainable=False, input_shape=(*sp, 3))
        yield keras_case(name, 32, 3, activation="relu", kernel_initializer="he_normal",
                         input_shape=(*sp, 3))
        yield keras_case(name, filters=10, kernel_size=3, strides=1, padding="valid",
                         input_shape=(*sp, 3))
        # channels_first: channels lead
        yield keras_case(name, 32, 3, data_format="channels_first", input_shape=(3, *sp))
        yield keras_case(name, 32, 3, padding="same", data_format="channels_first",
                         input_shape=(5, *sp))
        yield keras_case(name, 12, 3, groups=3, data_format="channels_first",
                         input_shape=(6, *sp))
        # tuple kernels, strides, dilations
        ks = [(2, 3, 1)[:rank], (5, 1, 2)[:rank], (1, 3, 3)[:rank]]
        for k in ks:
            yield keras_case(name, 16, k, input_shape=(*sp, 3))
            yield keras_case(name, 16, k, strides=(2, 1, 2)[:rank], input_shape=(*sp, 3))
            yield keras_case(name, 16, k, dilation_rate=(1, 2, 3)[:rank], input_shape=(*sp, 3))
        # refused configurations
        yield keras_case(name, 64, 3, groups=3, input_shape=(*sp, 12))   # filters % groups
        yield keras_case(name, 64, 3, groups=4, input_shape=(*sp, 6))    # channels % groups
        yield keras_case(name, 32, 3, strides=0, input_shape=(*sp, 1))
        yield keras_case(name, 32, 0, input_shape=(*sp, 1))
        yield keras_case(name, 0, 3, input_shape=(*sp, 1))
        yield keras_case(name, -4, 3, input_shape=(*sp, 1))
        yield keras_case(name, 32, 3, strides=2, dilation_rate=2, input_shape=(*sp, 1))
        yield keras_case(name, 32, 3, groups=0, input_shape=(*sp, 1))
        yield keras_case(name, 32, 40, input_shape=(*sp, 1))            # kernel > input
        yield keras_case(name, 32, 3, dilation_rate=20, input_shape=(*sp, 1))
        yield keras_case(name, 32, 3, input_shape=sp)                    # no channel axis
        yield keras_case(name, 32, 3, padding="full", input_shape=(*sp, 1))
        if rank > 1:
            yield keras_case(name, 32, 3, padding="causal", input_shape=(*sp, 1))
        yield keras_case(name, 32, (3,) * (rank + 1), input_shape=(*sp, 1))
    # sizes from 1 to thousands
    for filters, ch in [(1, 1), (2048, 1024), (4096, 3), (3, 4096), (768, 768)]:
        yield keras_case("Conv2D", filters, 3, padding="same", input_shape=(7, 7, ch))
        yield keras_case("Conv1D", filters, 7, input_shape=(None, ch))
    yield keras_case("Conv2D", 32, 3, input_shape=(28, 28, 1))
    yield keras_case("Conv2D", 64, (3, 3), padding="same", input_shape=(32, 32, 3))
    yield keras_case("Conv2D", 64, 5, strides=2, input_shape=(64, 64, 3))
    yield keras_case("Conv2D", 32, 3, dilation_rate=2, input_shape=(28, 28, 1))
    yield keras_case("Conv2D", 64, 3, groups=4, input_shape=(32, 32, 16))
    yield keras_case("Conv1D", 64, 3, padding="causal", dilation_rate=4, input_shape=(None, 16))
    yield keras_case("Conv2D", 32, 7, input_shape=(5, 5, 1))
    yield keras_case("Convolution2D", 32, 3, input_shape=(28, 28, 1))
    yield keras_case("Conv2D", 32, 3, input_shape=(None, 28, 28, 1))  # rank too high


def keras_transpose():  # type: ignore[no-untyped-def]
    for rank, name in [(1, "Conv1DTranspose"), (2, "Conv2DTranspose"), (3, "Conv3DTranspose")]:
        for sp in SPATIAL[rank]:
            for padding, stride in itertools.product(["valid", "same"], [1, 2, 3]):
                yield keras_case(name, 16, 3, strides=stride, padding=padding,
                                 input_shape=(*sp, 8))
                yield keras_case(name, 4, 4, strides=stride, padding=padding,
                                 input_shape=(*sp, 2))
            for op in [0, 1]:
                for padding in ["valid", "same"]:
                    yield keras_case(name, 8, 3, strides=2, padding=padding, output_padding=op,
                                     input_shape=(*sp, 4))
            yield keras_case(name, 8, 1, strides=4, input_shape=(*sp, 4))
            yield keras_case(name, 8, 3, dilation_rate=2, input_shape=(*sp, 4))
            yield keras_case(name, 8, 3, dilation_rate=2, padding="same", output_padding=0,
                             input_shape=(*sp, 4))
        sp = SPATIAL[rank][1]
        for filters, ch in [(1, 1), (32, 64), (512, 256), (3, 1024)]:
            yield keras_case(name, filters, 3, input_shape=(*sp, ch))
            yield keras_case(name, filters, 3, use_bias=False, input_shape=(*sp, ch))
        yield keras_case(name, 16, (2, 3, 4)[:rank], strides=(2, 1, 3)[:rank],
                         input_shape=(*sp, 3))
        yield keras_case(name, 16, 3, data_format="channels_first", input_shape=(3, *sp))
        yield keras_case(name, 16, 3, trainable=False, input_shape=(*sp, 3))
        # refused
        yield keras_case(name, 32, 3, groups=4, input_shape=(*sp, 64))
        yield keras_case(name, 32, 3, strides=2, output_padding=2, input_shape=(*sp, 4))
        yield keras_case(name, 32, 3, output_padding=1, input_shape=(*sp, 4))
        yield keras_case(name, 32, 3, strides=0, input_shape=(*sp, 4))
        yield keras_case(name, 32, 0, input_shape=(*sp, 4))
        yield keras_case(name, 0, 3, input_shape=(*sp, 4))
        yield keras_case(name, 8, 3, strides=2, dilation_rate=2, input_shape=(*sp, 4))
        yield keras_case(name, 8, 3, input_shape=sp)
        yield keras_case(name, 8, 3, padding="causal", input_shape=(*sp, 4))
    yield keras_case("Conv3DTranspose", 8, 3, 2, "valid", "channels_last", 1,
                     input_shape=(4, 4, 4, 2))  # positional data_format before output_padding
    yield keras_case("Conv2DTranspose", 32, 3, strides=2, padding="same",
                     input_shape=(14, 14, 64))
    yield keras_case("Conv1DTranspose", 16, 4, strides=2, input_shape=(50, 32))
    yield keras_case("Conv2DTranspose", 32, 3, 2, "same", 1, input_shape=(7, 7, 16))


def keras_separable():  # type: ignore[no-untyped-def]
    for rank, sep, dw in [(1, "SeparableConv1D", "DepthwiseConv1D"),
                          (2, "SeparableConv2D", "DepthwiseConv2D")]:
        for sp in SPATIAL[rank]:
            for padding, stride in itertools.product(["valid", "same"], [1, 2]):
                yield keras_case(sep, 16, 3, strides=stride, padding=padding,
                                 input_shape=(*sp, 8))
                yield keras_case(dw, 3, strides=stride, padding=padding, input_shape=(*sp, 8))
            yield keras_case(sep, 16, 3, dilation_rate=2, padding="same", input_shape=(*sp, 4))
            yield keras_case(dw, 3, dilation_rate=2, padding="same", input_shape=(*sp, 4))
        sp = SPATIAL[rank][1]
        for filters, ch, dm, k in itertools.product([1, 64, 512], [1, 3, 32, 728], [1, 2, 4],
                                                     [1, 3, 5]):
            if (filters + ch + dm + k) % 3:
                continue
            yield keras_case(sep, filters, k, depth_multiplier=dm, input_shape=(*sp, ch))
            yield keras_case(dw, k, depth_multiplier=dm, input_shape=(*sp, ch))
        for ch, dm in [(1, 1), (3, 8), (32, 1), (32, 2), (960, 1), (64, 3)]:
            yield keras_case(sep, 64, 3, depth_multiplier=dm, use_bias=False,
                             input_shape=(*sp, ch))
            yield keras_case(dw, 3, depth_multiplier=dm, use_bias=False, input_shape=(*sp, ch))
            yield keras_case(dw, 3, 1, "same", dm, input_shape=(*sp, ch))
        yield keras_case(sep, 32, (3, 1)[:rank], input_shape=(*sp, 6))
        yield keras_case(dw, (1, 5)[:rank], input_shape=(*sp, 6))
        yield keras_case(sep, 32, 3, data_format="channels_first", input_shape=(6, *sp))
        yield keras_case(dw, 3, data_format="channels_first", input_shape=(6, *sp))
        yield keras_case(sep, 32, 3, trainable=False, input_shape=(*sp, 6))
        yield keras_case(dw, 3, trainable=False, input_shape=(*sp, 6))
        yield keras_case(dw, kernel_size=3, depth_multiplier=2, input_shape=(*sp, 6))
        # refused
        yield keras_case(sep, 32, 3, depth_multiplier=0, input_shape=(*sp, 6))
        yield keras_case(dw, 3, depth_multiplier=0, input_shape=(*sp, 6))
        yield keras_case(sep, 0, 3, input_shape=(*sp, 6))
        yield keras_case(sep, 32, 0, input_shape=(*sp, 6))
        yield keras_case(dw, 0, input_shape=(*sp, 6))
        yield keras_case(sep, 32, 3, strides=0, input_shape=(*sp, 6))
        yield keras_case(dw, 3, strides=0, input_shape=(*sp, 6))
        yield keras_case(sep, 32, 50, input_shape=(*sp, 6))
        yield keras_case(dw, 50, input_shape=(*sp, 6))
        yield keras_case(sep, 32, 3, input_shape=sp)
        yield keras_case(dw, 3, input_shape=sp)
    yield keras_case("SeparableConv2D", 64, 3, input_shape=(32, 32, 32))
    yield keras_case("SeparableConv2D", 128, 3, depth_multiplier=2, padding="same",
                     input_shape=(16, 16, 64))
    yield keras_case("DepthwiseConv2D", 3, input_shape=(56, 56, 32))
    yield keras_case("DepthwiseConv2D", 3, depth_multiplier=2, use_bias=False,
                     input_shape=(28, 28, 16))
    yield keras_case("SeparableConv1D", 32, 5, input_shape=(100, 8))


def keras_convlstm():  # type: ignore[no-untyped-def]
    for rank, name in [(1, "ConvLSTM1D"), (2, "ConvLSTM2D"), (3, "ConvLSTM3D")]:
        sp = {1: (20,), 2: (16, 16), 3: (6, 6, 6)}[rank]
        for filters, ch, k in [(1, 1, 1), (8, 3, 3), (16, 1, 3), (32, 16, 5), (64, 64, 3)]:
            for seq in [False, True]:
                yield keras_case(name, filters, k, return_sequences=seq,
                                 input_shape=(10, *sp, ch))
            yield keras_case(name, filters, k, padding="same", input_shape=(None, *sp, ch))
        yield keras_case(name, 8, 3, use_bias=False, input_shape=(5, *sp, 2))
        yield keras_case(name, 8, 3, strides=2, input_shape=(5, *sp, 2))
        yield keras_case(name, 8, 3, strides=2, padding="same", return_sequences=True,
                         input_shape=(5, *sp, 2))
        yield keras_case(name, 8, 3, dilation_rate=2, input_shape=(5, *sp, 2))
        yield keras_case(name, 8, (3, 1, 2)[:rank], input_shape=(5, *sp, 2))
        yield keras_case(name, 8, 3, data_format="channels_first", input_shape=(5, 2, *sp))
        yield keras_case(name, 8, 3, trainable=False, input_shape=(5, *sp, 2))
        yield keras_case(name, 8, 3, return_state=True, input_shape=(5, *sp, 2))
        yield keras_case(name, 8, 3, dropout=0.2, recurrent_dropout=0.1, unit_forget_bias=False,
                         input_shape=(5, *sp, 2))
        # refused
        yield keras_case(name, 8, 3, strides=2, dilation_rate=2, input_shape=(5, *sp, 2))
        yield keras_case(name, 8, 30, input_shape=(5, *sp, 2))
        yield keras_case(name, 8, 3, input_shape=(*sp, 2))
        yield keras_case(name, 8, 3, input_shape=(5, *(None,) * rank, 2))
        yield keras_case(name, 8, 0, input_shape=(5, *sp, 2))
        yield keras_case(name, 8, 3, padding="causal", input_shape=(5, *sp, 2))


def torch_conv():  # type: ignore[no-untyped-def]
    torch_sp = {1: [(1,), (5,), (28,), (100,), (None,)],
                2: [(5, 5), (28, 28), (32, 17), (None, None), (64, None)],
                3: [(4, 6, 6), (8, 12, 12), (None, 8, 8)]}
    for rank in [1, 2, 3]:
        name = f"Conv{rank}d"
        sp = torch_sp[rank][1]
        for n_in, n_out, k in itertools.product([1, 3, 64, 512], [1, 8, 64, 1000], [1, 3, 5]):
            yield torch_case(name, n_in, n_out, k, input_shape=(n_in, *sp))
        for n_in, n_out in [(1, 1), (16, 33), (256, 256), (2048, 512)]:
            yield torch_case(name, n_in, n_out, 3)
            yield torch_case(name, n_in, n_out, 3, bias=False)
        for sps in torch_sp[rank]:
            for stride, pad in itertools.product([1, 2, 3], [0, 1, 2]):
                yield torch_case(name, 4, 8, 3, stride, pad, input_shape=(4, *sps))
            yield torch_case(name, 4, 8, 3, padding="same", input_shape=(4, *sps))
            yield torch_case(name, 4, 8, 4, padding="same", dilation=2, input_shape=(4, *sps))
            yield torch_case(name, 4, 8, 2, padding="valid", input_shape=(4, *sps))
            yield torch_case(name, 4, 8, 1, stride=4, input_shape=(4, *sps))
            yield torch_case(name, 4, 8, 3, dilation=2, padding=2, input_shape=(4, *sps))
            yield torch_case(name, 4, 8, 3, stride=2, dilation=2, padding=2,
                             input_shape=(4, *sps))
        for groups, n_in, n_out in [(2, 4, 8), (4, 64, 128), (3, 12, 6), (32, 32, 32),
                                    (8, 8, 64), (16, 32, 16)]:
            yield torch_case(name, n_in, n_out, 3, groups=groups, input_shape=(n_in, *sp))
            yield torch_case(name, n_in, n_out, 3, 1, 1, 1, groups, False,
                             input_shape=(n_in, *sp))
        ks = [(2, 3, 1)[:rank], (5, 1, 2)[:rank], (1, 3, 3)[:rank]]
        for k in ks:
            yield torch_case(name, 3, 16, k, input_shape=(3, *sp))
            yield torch_case(name, 3, 16, k, stride=(2, 1, 2)[:rank], input_shape=(3, *sp))
            yield torch_case(name, 3, 16, k, padding=(1, 0, 2)[:rank],
                             dilation=(1, 2, 1)[:rank], input_shape=(3, *sp))
        for mode in ["zeros", "reflect", "replicate", "circular"]:
            yield torch_case(name, 3, 8, 3, padding=1, padding_mode=mode, input_shape=(3, *sp))
        yield torch_case(name, in_channels=3, out_channels=6, kernel_size=3, stride=1,
                         padding=0, dilation=1, groups=1, bias=True, input_shape=(3, *sp))
        # refused
        yield torch_case(name, 30, 64, 3, groups=4)
        yield torch_case(name, 32, 30, 3, groups=4)
        yield torch_case(name, 32, 32, 3, groups=0)
        yield torch_case(name, 3, 8, 3, stride=2, padding="same")
        yield torch_case(name, 3, 8, 3, padding="full")
        yield torch_case(name, 3, 8, 3, padding_mode="mirror")
        yield torch_case(name, 3, 8, 40, input_shape=(3, *sp))
        yield torch_case(name, 3, 8, 3, dilation=30, input_shape=(3, *sp))
        yield torch_case(name, 3, 8, 3, input_shape=(4, *sp))     # channel mismatch
        yield torch_case(name, 3, 8, 3, stride=0, input_shape=(3, *sp))
        yield torch_case(name, 3, 8, 0, input_shape=(3, *sp))
        yield torch_case(name, 3, 8, 3, padding=-1, input_shape=(3, *sp))
        yield torch_case(name, 3, 8, (3,) * (rank + 1), input_shape=(3, *sp))
        yield torch_case(name, 3, -8, 3)
    yield torch_case("Conv2d", 3, 64, kernel_size=3, padding=1, input_shape=(3, 224, 224))
    yield torch_case("Conv2d", 64, 128, 3, groups=4, bias=False)
    yield torch_case("Conv2d", 32, 32, 3, groups=32)
    yield torch_case("Conv2d", 1, 20, 5, dilation=2, input_shape=(1, 28, 28))
    yield torch_case("Conv1d", 16, 33, 3, stride=2)
    yield torch_case("Conv3d", 16, 33, (3, 5, 2), stride=(2, 1, 1))
    yield torch_case("Conv2d", 3, 12, 3, 1, 1, groups=3, input_shape=(3, 32, 32))
    yield torch_case("Conv2d", 256, 256, kernel_size=1)


def torch_transpose():  # type: ignore[no-untyped-def]
    torch_sp = {1: [(1,), (7,), (50,), (None,)],
                2: [(1, 1), (7, 7), (16, 9), (None, None)],
                3: [(2, 3, 3), (4, 4, 4), (None, 3, 3)]}
    for rank in [1, 2, 3]:
        name = f"ConvTranspose{rank}d"
        sp = torch_sp[rank][1]
        for n_in, n_out, k in itertools.product([1, 16, 512], [1, 3, 64, 1024], [1, 3, 4]):
            yield torch_case(name, n_in, n_out, k, input_shape=(n_in, *sp))
        for sps in torch_sp[rank]:
            for stride, pad, op in [(1, 0, 0), (2, 0, 0), (2, 1, 0), (2, 1, 1), (3, 1, 2),
                                    (3, 0, 1), (1, 1, 0), (4, 2, 3)]:
                yield torch_case(name, 4, 8, 4, stride, pad, op, input_shape=(4, *sps))
            yield torch_case(name, 4, 8, 3, dilation=2, input_shape=(4, *sps))
            yield torch_case(name, 4, 8, 3, dilation=3, output_padding=2, input_shape=(4, *sps))
        for groups, n_in, n_out in [(4, 16, 32), (2, 4, 8), (8, 64, 8), (3, 12, 6)]:
            yield torch_case(name, n_in, n_out, 3, groups=groups, input_shape=(n_in, *sp))
            yield torch_case(name, n_in, n_out, 3, 2, 1, 1, groups, False,
                             input_shape=(n_in, *sp))
        yield torch_case(name, 8, 16, (2, 3, 4)[:rank], stride=(2, 1, 2)[:rank],
                         padding=(0, 1, 1)[:rank], input_shape=(8, *sp))
        yield torch_case(name, 8, 16, 3, bias=False)
        yield torch_case(name, 8, 16, 3, 1, 0, 0, 1, True, 2, input_shape=(8, *sp))
        # refused
        yield torch_case(name, 30, 64, 3, groups=4)
        yield torch_case(name, 32, 30, 3, groups=4)
        yield torch_case(name, 8, 16, 3, padding="same", input_shape=(8, *sp))
        yield torch_case(name, 8, 16, 3, padding_mode="reflect")
        yield torch_case(name, 8, 16, 3, output_padding=1, input_shape=(8, *sp))
        yield torch_case(name, 8, 16, 3, stride=2, output_padding=2, input_shape=(8, *sp))
        yield torch_case(name, 8, 16, 3, padding=5, input_shape=(8, *torch_sp[rank][0]))
        yield torch_case(name, 8, 16, 3, input_shape=(4, *sp))
        yield torch_case(name, 8, 16, 0, input_shape=(8, *sp))
        yield torch_case(name, 8, 16, 3, stride=0, input_shape=(8, *sp))
    yield torch_case("ConvTranspose2d", 64, 32, 4, stride=2, padding=1, input_shape=(64, 16, 16))
    yield torch_case("ConvTranspose2d", 16, 32, 3, groups=4)
    yield torch_case("ConvTranspose1d", 32, 16, 4, stride=2, input_shape=(32, 50))


def cases():  # type: ignore[no-untyped-def]
    yield from keras_conv()
    yield from keras_transpose()
    yield from keras_separable()
    yield from keras_convlstm()
    yield from torch_conv()
    yield from torch_transpose()


if __name__ == "__main__":
    write("convolution", cases())
