"""Golden cases for the normalization family: Keras BatchNormalization/LayerNormalization/
GroupNormalization/RMSNormalization/UnitNormalization, PyTorch BatchNorm*/InstanceNorm*/
LayerNorm/GroupNorm/RMSNorm/LocalResponseNorm. Run by hand; see recorder.py."""

from __future__ import annotations

import itertools

from recorder import keras_case, torch_case, write

SHAPES = [(1,), (10,), (784,), (7, 64), (None, 16), (10, 512), (28, 28, 32), (32, 32, 3),
          (None, None, 3), (4, 4, 4, 8), (1, 1, 4096), (56, 56, 256)]


def keras_cases():  # type: ignore[no-untyped-def]
    # BatchNormalization
    for shape in SHAPES:
        yield keras_case("BatchNormalization", input_shape=shape)
        yield keras_case("BatchNormalization", center=False, input_shape=shape)
        yield keras_case("BatchNormalization", renorm=True, input_shape=shape)
    for center, scale in itertools.product([True, False], repeat=2):
        yield keras_case("BatchNormalization", center=center, scale=scale,
                         input_shape=(28, 28, 32))
        yield keras_case("BatchNormalization", center=center, scale=scale, renorm=True,
                         input_shape=(5, 64))
    for axis in [1, 2, 3, -1, -2, -3]:
        yield keras_case("BatchNormalization", axis=axis, input_shape=(28, 14, 32))
    yield keras_case("BatchNormalization", 1, input_shape=(3, 224, 224))
    yield keras_case("BatchNormalization", -1, 0.9, 1e-5, input_shape=(100,))
    yield keras_case("BatchNormalization", momentum=0.5, epsilon=0.1, input_shape=(64,))
    yield keras_case("BatchNormalization", trainable=False, input_shape=(10, 512))
    yield keras_case("BatchNormalization", trainable=False, renorm=True, input_shape=(8,))
    yield keras_case("BatchNormalization", gamma_initializer="zeros",
                     beta_regularizer="l2", input_shape=(16,))
    # refusals
    yield keras_case("BatchNormalization", axis=0, input_shape=(10, 5))
    yield keras_case("BatchNormalization", axis=-3, input_shape=(10, 5))
    yield keras_case("BatchNormalization", axis=4, input_shape=(28, 28, 32))
    yield keras_case("BatchNormalization", axis=[1, 3], input_shape=(28, 28, 32))
    yield keras_case("BatchNormalization", input_shape=(10, None))

    # LayerNormalization
    for shape in SHAPES:
        if shape[-1] is not None:
            yield keras_case("LayerNormalization", input_shape=shape)
            yield keras_case("LayerNormalization", center=False, input_shape=shape)
            yield keras_case("LayerNormalization", rms_scaling=True, input_shape=shape)
    for axis in [1, 2, -1, -2, [1, 2], [-2, -1], [2, 1], (1,), [1]]:
        yield keras_case("LayerNormalization", axis=axis, input_shape=(10, 512))
    for axis in [[1, 2, 3], [2, 3], [1, 3], -3, [-3, -1]]:
        yield keras_case("LayerNormalization", axis=axis, input_shape=(4, 6, 8))
    for center, scale in itertools.product([True, False], repeat=2):
        yield keras_case("LayerNormalization", center=center, scale=scale, input_shape=(7, 64))
        yield keras_case("LayerNormalization", axis=[1, 2], center=center, scale=scale,
                         input_shape=(7, 64))
        yield keras_case("LayerNormalization", center=center, scale=scale, rms_scaling=True,
                         input_shape=(7, 64))
    yield keras_case("LayerNormalization", -1, 1e-6, input_shape=(None, 768))
    yield keras_case("LayerNormalization", epsilon=1e-5, input_shape=(None, 1024))
    yield keras_case("LayerNormalization", trainable=False, input_shape=(10, 512))
    yield keras_case("LayerNormalization", axis=0, input_shape=(10, 512))
    yield keras_case("LayerNormalization", axis=3, input_shape=(10, 512))
    yield keras_case("LayerNormalization", input_shape=(None,))
    yield keras_case("LayerNormalization", axis=1, input_shape=(None, 512))

    # GroupNormalization
    for groups, channels in itertools.product([1, 2, 4, 8, 16, 32, -1], [32, 64, 128, 256]):
        yield keras_case("GroupNormalization", groups=groups, input_shape=(16, 16, channels))
    for groups, channels in [(5, 64), (3, 32), (7, 256), (6, 64), (64, 32), (128, 64)]:
        yield keras_case("GroupNormalization", groups=groups, input_shape=(32, 32, channels))
    yield keras_case("GroupNormalization", input_shape=(16, 16, 16))
    yield keras_case("GroupNormalization", input_shape=(8, 8, 320))
    yield keras_case("GroupNormalization", 8, input_shape=(None, None, 64))
    yield keras_case("GroupNormalization", 4, 1, input_shape=(8, 64))
    yield keras_case("GroupNormalization", groups=4, axis=1, input_shape=(8, 64))
    yield keras_case("GroupNormalization", groups=4, axis=[1], input_shape=(8, 64))
    yield keras_case("GroupNormalization", groups=0, input_shape=(10, 64))
    yield keras_case("GroupNormalization", groups=-2, input_shape=(10, 64))
    for center, scale in itertools.product([True, False], repeat=2):
        yield keras_case("GroupNormalization", groups=8, center=center, scale=scale,
                         input_shape=(32, 32, 64))
    yield keras_case("GroupNormalization", groups=8, trainable=False, input_shape=(4, 64))
    yield keras_case("GroupNormalization", groups=8, input_shape=(4, None))

    # RMSNormalization and UnitNormalization
    for shape in SHAPES:
        if shape[-1] is not None:
            yield keras_case("RMSNormalization", input_shape=shape)
        yield keras_case("UnitNormalization", input_shape=shape)
    for axis in [1, [1, 2], [2, 1], -2]:
        yield keras_case("RMSNormalization", axis=axis, input_shape=(10, 512))
        yield keras_case("UnitNormalization", axis=axis, input_shape=(10, 512))
    yield keras_case("RMSNormalization", epsilon=1e-5, trainable=False, input_shape=(64,))
    yield keras_case("RMSNormalization", axis=3, input_shape=(10, 512))


def torch_cases():  # type: ignore[no-untyped-def]
    sizes = [1, 3, 16, 64, 100, 256, 1000, 4096]
    spatial = {"1d": (None,), "2d": (None, None), "3d": (None, None, None)}
    for dim, n in itertools.product(["1d", "2d", "3d"], sizes):
        for name in ("BatchNorm", "InstanceNorm"):
            yield torch_case(f"{name}{dim}", n)
            yield torch_case(f"{name}{dim}", n, affine=False)
            yield torch_case(f"{name}{dim}", n, affine=True, track_running_stats=True)
            yield torch_case(f"{name}{dim}", n, track_running_stats=False,
                             input_shape=(n, *(5,) * len(spatial[dim])))
        yield torch_case(f"BatchNorm{dim}", n, affine=False, track_running_stats=False)
    for dim, extra in spatial.items():
        for name in ("BatchNorm", "InstanceNorm"):
            yield torch_case(f"{name}{dim}", 32, affine=True, input_shape=(32, *extra))
            yield torch_case(f"{name}{dim}", 32, affine=True, input_shape=(16, *extra))
            yield torch_case(f"{name}{dim}", 32, affine=True, bias=False)
            yield torch_case(f"{name}{dim}", 32, 1e-3, 0.01, True, True)
            yield torch_case(f"{name}{dim}", num_features=8, eps=1e-3, momentum=None,
                             affine=True, track_running_stats=True)
        yield torch_case(f"BatchNorm{dim}", 32, affine=False, bias=False)
    yield torch_case("BatchNorm1d", 100, input_shape=(100,))
    yield torch_case("BatchNorm1d", 100, affine=False, input_shape=(100,))
    yield torch_case("BatchNorm1d", 100, input_shape=(100, 20))
    yield torch_case("BatchNorm1d", 100, input_shape=(100, 20, 3))
    yield torch_case("BatchNorm2d", 64, input_shape=(64, 32))
    yield torch_case("BatchNorm2d", 64, input_shape=(64, 28, 28))
    yield torch_case("BatchNorm3d", 8, input_shape=(8, 4, 4, 4))
    yield torch_case("BatchNorm3d", 8, input_shape=(8, 4, 4))
    yield torch_case("BatchNorm2d", -1)
    yield torch_case("InstanceNorm2d", 3, affine=True, input_shape=(3, 64, 64))

    # LayerNorm and RMSNorm
    for n in sizes:
        for name in ("LayerNorm", "RMSNorm"):
            yield torch_case(name, n)
            yield torch_case(name, n, elementwise_affine=False)
            yield torch_case(name, n, input_shape=(None, n))
            yield torch_case(name, [n], input_shape=(7, n))
        yield torch_case("LayerNorm", n, bias=False)
        yield torch_case("LayerNorm", n, 1e-6, True, False)
    for shape in [[10, 512], (3, 4), [2, 3, 4], [28, 28], [1, 1]]:
        for name in ("LayerNorm", "RMSNorm"):
            yield torch_case(name, shape)
            yield torch_case(name, shape, elementwise_affine=False)
            yield torch_case(name, normalized_shape=shape, input_shape=(5, *shape))
        yield torch_case("LayerNorm", shape, bias=False)
    yield torch_case("LayerNorm", 512, input_shape=(10, 256))
    yield torch_case("LayerNorm", [10, 512], input_shape=(512, 10))
    yield torch_case("RMSNorm", 64, input_shape=(32,))
    yield torch_case("RMSNorm", 64, 1e-6, input_shape=(None, 64))
    yield torch_case("LayerNorm", -2)
    yield torch_case("LayerNorm", 768, elementwise_affine=False, bias=False)

    # GroupNorm
    for groups, channels in itertools.product([1, 2, 4, 8, 16, 32], [32, 64, 128, 512]):
        yield torch_case("GroupNorm", groups, channels)
    for groups, channels in [(5, 64), (3, 32), (128, 64), (7, 100), (0, 64)]:
        yield torch_case("GroupNorm", groups, channels)
    yield torch_case("GroupNorm", 8, 64, affine=False)
    yield torch_case("GroupNorm", 8, 64, bias=False)
    yield torch_case("GroupNorm", 8, 64, 1e-6, False)
    yield torch_case("GroupNorm", num_groups=32, num_channels=256, eps=1e-6, affine=True)
    yield torch_case("GroupNorm", 8, 64, input_shape=(64, 32, 32))
    yield torch_case("GroupNorm", 8, 64, input_shape=(64, None, None))
    yield torch_case("GroupNorm", 8, 64, input_shape=(64,))
    yield torch_case("GroupNorm", 8, 64, input_shape=(32, 16, 16))

    # LocalResponseNorm
    for size in [1, 2, 5, 10]:
        yield torch_case("LocalResponseNorm", size)
        yield torch_case("LocalResponseNorm", size, input_shape=(16, 8, 8))
    yield torch_case("LocalResponseNorm", 5, 1e-4, 0.75, 2.0, input_shape=(96, 55, 55))


if __name__ == "__main__":
    write("normalization", itertools.chain(keras_cases(), torch_cases()))
