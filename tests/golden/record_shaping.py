"""Golden cases for the zero-parameter shaping family: Flatten, Reshape, Permute,
RepeatVector, dropout and noise, padding, cropping, up-sampling and parameter-free
activations (Keras and PyTorch). Run by hand; see recorder.py."""

from __future__ import annotations

from recorder import keras_case, torch_case, write

SHAPES = [(10,), (1,), (None,), (28, 28), (None, 16), (7, 7, 64), (32, 32, 3), (None, None, 8),
          (4, 5, 6, 7), (3136,)]


def keras_cases():  # type: ignore[no-untyped-def]
    for shape in SHAPES:
        yield keras_case("Flatten", input_shape=shape)
        yield keras_case("Dropout", 0.5, input_shape=shape)
        yield keras_case("GaussianDropout", 0.2, input_shape=shape)
        yield keras_case("GaussianNoise", 0.1, input_shape=shape)
        yield keras_case("AlphaDropout", 0.1, input_shape=shape)
        yield keras_case("ActivityRegularization", l1=0.01, input_shape=shape)
        for act in ["relu", "softmax", "tanh", "gelu", None]:
            yield keras_case("Activation", act, input_shape=shape)
        yield keras_case("ReLU", input_shape=shape)
        yield keras_case("ReLU", 6.0, 0.1, input_shape=shape)
        yield keras_case("Softmax", input_shape=shape)
        yield keras_case("LeakyReLU", 0.2, input_shape=shape)
        yield keras_case("ELU", input_shape=shape)
        yield keras_case("Rescaling", 1.0 / 255, input_shape=shape)
        yield keras_case("Rescaling", scale=2.0, offset=-1.0, input_shape=shape)
        yield keras_case("Identity", input_shape=shape)
        yield keras_case("Masking", 0.0, input_shape=shape)
    yield keras_case("Flatten", data_format="channels_first", input_shape=(64, 7, 7))
    yield keras_case("Flatten", input_shape=(7, 7, 64))
    yield keras_case("Dropout", 0.25)
    yield keras_case("Dropout", 0.0, input_shape=(4,))
    yield keras_case("Dropout", 1.0, input_shape=(4,))
    yield keras_case("Dropout", 1.5, input_shape=(4,))
    yield keras_case("Dropout", -0.1, input_shape=(4,))
    yield keras_case("Dropout", 0.5, noise_shape=(None, 1), seed=3, input_shape=(5, 4))
    for rank in [1, 2, 3]:
        sps = {1: [(20,), (None,)], 2: [(8, 8), (None, 5)], 3: [(4, 4, 4), (None, 3, 3)]}[rank]
        for sp in sps:
            yield keras_case(f"SpatialDropout{rank}D", 0.3, input_shape=(*sp, 6))
            yield keras_case(f"ZeroPadding{rank}D", input_shape=(*sp, 6))
            yield keras_case(f"UpSampling{rank}D", input_shape=(*sp, 6))
            yield keras_case(f"Cropping{rank}D", input_shape=(*sp, 6))
            for p in [0, 1, 3]:
                yield keras_case(f"ZeroPadding{rank}D", p, input_shape=(*sp, 6))
                yield keras_case(f"UpSampling{rank}D", p + 1, input_shape=(*sp, 6))
                yield keras_case(f"Cropping{rank}D", p, input_shape=(*sp, 6))
            asym = {1: (1, 2), 2: ((1, 2), (0, 3)), 3: ((1, 0), (2, 1), (0, 1))}[rank]
            sym = {1: (2, 0), 2: (2, 1), 3: (1, 2, 0)}[rank]
            yield keras_case(f"ZeroPadding{rank}D", asym, input_shape=(*sp, 6))
            yield keras_case(f"ZeroPadding{rank}D", sym, input_shape=(*sp, 6))
            yield keras_case(f"Cropping{rank}D", asym, input_shape=(*sp, 6))
            yield keras_case(f"Cropping{rank}D", sym, input_shape=(*sp, 6))
            yield keras_case(f"UpSampling{rank}D", (3, 1, 2)[:rank] if rank > 1 else 3,
                             input_shape=(*sp, 6))
        sp = sps[0]
        yield keras_case(f"SpatialDropout{rank}D", 0.3, input_shape=sp)
        yield keras_case(f"Cropping{rank}D", 10, input_shape=(*sp, 6))
        if rank > 1:
            yield keras_case(f"ZeroPadding{rank}D", 2, data_format="channels_first",
                             input_shape=(6, *sp))
            yield keras_case(f"UpSampling{rank}D", 2, data_format="channels_first",
                             input_shape=(6, *sp))
            yield keras_case(f"Cropping{rank}D", 1, data_format="channels_first",
                             input_shape=(6, *sp))
            yield keras_case(f"SpatialDropout{rank}D", 0.5, data_format="channels_first",
                             input_shape=(6, *sp))
    yield keras_case("UpSampling2D", 2, interpolation="bilinear", input_shape=(8, 8, 3))
    yield keras_case("ZeroPadding2D", 0, input_shape=(8, 8, 3))
    for shape, target in [((784,), (28, 28, 1)), ((28, 28), (784,)), ((12,), (3, 4)),
                          ((12,), (-1, 4)), ((2, 3, 4), (-1,)), ((6,), (4, -1)),
                          ((None, 4), (-1, 2, 2)), ((10,), (3, 3)), ((6,), (-1, -1)),
                          ((3136,), (7, 7, 64)), ((4, 4), (2, 8))]:
        yield keras_case("Reshape", target, input_shape=shape)
    for shape, dims in [((3, 4), (2, 1)), ((2, 3, 4), (3, 1, 2)), ((None, 8), (2, 1)),
                        ((5, 6, 7), (1, 2, 3)), ((3, 4), (1, 1)), ((3, 4), (1, 2, 3))]:
        yield keras_case("Permute", dims, input_shape=shape)
    for n, shape in [(3, (32,)), (1, (1,)), (10, (None,)), (5, (4, 4))]:
        yield keras_case("RepeatVector", n, input_shape=shape)
    yield keras_case("Lambda", None, input_shape=(4,))


def torch_cases():  # type: ignore[no-untyped-def]
    for shape in SHAPES:
        for name in ["ReLU", "ReLU6", "SELU", "SiLU", "Hardswish", "Hardsigmoid", "Mish",
                     "Sigmoid", "Tanh", "LogSigmoid", "Softsign", "Tanhshrink", "GELU",
                     "LeakyReLU", "ELU", "CELU", "Hardtanh", "Softplus", "Hardshrink",
                     "Softshrink", "RReLU", "Identity", "Dropout", "AlphaDropout"]:
            yield torch_case(name, input_shape=shape)
        yield torch_case("Softmax", dim=-1, input_shape=shape)
        yield torch_case("LogSoftmax", 1, input_shape=shape)
        yield torch_case("Threshold", 0.1, 20.0, input_shape=shape)
        yield torch_case("Flatten", input_shape=shape)
    for name in ["ReLU", "Dropout", "Dropout1d", "Dropout2d", "Dropout3d",
                 "FeatureAlphaDropout", "Softmax", "GELU", "Sigmoid", "Tanh", "Flatten"]:
        yield torch_case(name)
    yield torch_case("Dropout", 0.5)
    yield torch_case("Dropout", p=0.2, inplace=True, input_shape=(10,))
    yield torch_case("Dropout", 1.5)
    yield torch_case("Dropout", -0.5)
    yield torch_case("Dropout1d", 0.3, input_shape=(8, 20))
    yield torch_case("Dropout2d", 0.3, input_shape=(8, 5, 5))
    yield torch_case("Dropout3d", 0.3, input_shape=(8, 3, 5, 5))
    yield torch_case("FeatureAlphaDropout", 0.3, input_shape=(8, 5, 5))
    yield torch_case("LeakyReLU", 0.2, True, input_shape=(5,))
    yield torch_case("GELU", approximate="tanh", input_shape=(5,))
    yield torch_case("Hardtanh", -2.0, 2.0, input_shape=(5,))
    yield torch_case("Softmax2d", input_shape=(3, 4, 4))
    yield torch_case("Softmin", 1, input_shape=(3, 4))
    for shape, dim in [((8,), -1), ((8, 6), 1), ((8, 6), 2), ((None, 10), -1), ((5,), -1),
                       ((4, 3), 1)]:
        yield torch_case("GLU", dim, input_shape=shape)
    for shape, a, b in [((3, 4, 5), 1, -1), ((3, 4, 5), 2, -1), ((3, 4, 5), 1, 2),
                        ((3, 4, 5), -2, -1), ((3, 4, 5), 3, 3), ((None, 4, 5), 2, 3),
                        ((None, 4, 5), 1, -1), ((3, 4, 5), 3, 1), ((64, 7, 7), 1, -1)]:
        yield torch_case("Flatten", a, b, input_shape=shape)
    for shape, dim, size in [((12,), 1, (3, 4)), ((12,), 1, (-1, 4)), ((6, 20), 2, (4, 5)),
                             ((6, 20), -1, (2, 2, 5)), ((6, 20), 1, (2, 3)),
                             ((3136,), 1, (64, 7, 7)), ((10,), 1, (3, 3)),
                             ((None, 8), 2, (2, 4))]:
        yield torch_case("Unflatten", dim, size, input_shape=shape)
    for rank in [1, 2, 3]:
        base = {1: (3, 10), 2: (3, 8, 9), 3: (2, 4, 5, 6)}[rank]
        for kind in ["ZeroPad", "ReflectionPad", "ReplicationPad", "CircularPad"]:
            name = f"{kind}{rank}d"
            for p in [0, 1, 2, tuple(range(1, 2 * rank + 1))]:
                yield torch_case(name, p, input_shape=base)
            yield torch_case(name, 1, input_shape=(*base[:1], None, *base[2:]))
            yield torch_case(name, 1)
            yield torch_case(name, 20, input_shape=base)
        for p in [1, tuple([2, 0] * rank), -1]:
            yield torch_case(f"ConstantPad{rank}d", p, 3.5, input_shape=base)
        yield torch_case(f"ZeroPad{rank}d", -1, input_shape=base)
        yield torch_case(f"ZeroPad{rank}d", -6, input_shape=base)
        yield torch_case(f"ConstantPad{rank}d", padding=2, value=0.0, input_shape=base)
    for shape, f in [((16, 4, 4), 2), ((9, 5, 6), 3), ((12, 3, 3), 2), ((4, 8, 8), 1),
                     ((8, 4, 4), 2)]:
        yield torch_case("PixelShuffle", f, input_shape=shape)
    for shape, f in [((1, 8, 8), 2), ((3, 9, 6), 3), ((4, 6, 6), 4), ((2, 5, 5), 2)]:
        yield torch_case("PixelUnshuffle", f, input_shape=shape)
    for shape, g in [((8, 4, 4), 2), ((12, 3, 3), 3), ((6, 2, 2), 4)]:
        yield torch_case("ChannelShuffle", g, input_shape=shape)
    for shape in [(3, 8), (3, 8, 10), (2, 4, 5, 6), (3, None, 7)]:
        yield torch_case("Upsample", scale_factor=2, input_shape=shape)
        yield torch_case("Upsample", scale_factor=1.5, input_shape=shape)
        yield torch_case("Upsample", size=tuple([12] * (len(shape) - 1)), input_shape=shape)
    yield torch_case("Upsample", scale_factor=2, mode="bilinear", align_corners=False,
                     input_shape=(3, 8, 8))
    yield torch_case("Upsample", None, (2, 3), input_shape=(3, 8, 8))
    yield torch_case("Upsample", 16, input_shape=(3, 8, 8))
    yield torch_case("UpsamplingNearest2d", scale_factor=2, input_shape=(3, 8, 8))
    yield torch_case("UpsamplingBilinear2d", size=(5, 7), input_shape=(3, 8, 8))


def cases():  # type: ignore[no-untyped-def]
    yield from keras_cases()
    yield from torch_cases()


if __name__ == "__main__":
    write("shaping", cases())
