"""Golden cases for activations with weights: Keras PReLU, PyTorch PReLU. Run by hand;
see recorder.py."""

from __future__ import annotations

import itertools

from recorder import keras_case, torch_case, write

SHAPES = [(1,), (10,), (64,), (784,), (5, 64), (28, 28, 32), (32, 32, 3), (7, 7, 512),
          (4, 4, 4, 8), (100, 300)]


def keras_cases():  # type: ignore[no-untyped-def]
    for shape in SHAPES:
        yield keras_case("PReLU", input_shape=shape)
        for axes in itertools.chain.from_iterable(
                itertools.combinations(range(1, len(shape) + 1), r)
                for r in range(1, len(shape) + 1)):
            yield keras_case("PReLU", shared_axes=list(axes), input_shape=shape)
        yield keras_case("PReLU", shared_axes=len(shape), input_shape=shape)
    yield keras_case("PReLU", "zeros", None, None, [1, 2], input_shape=(28, 28, 32))
    yield keras_case("PReLU", alpha_initializer="ones", input_shape=(16,))
    yield keras_case("PReLU", shared_axes=(1, 2), input_shape=(4, 5, 64))
    yield keras_case("PReLU", shared_axes=1, input_shape=(None, 64))
    yield keras_case("PReLU", shared_axes=[1, 2], input_shape=(None, None, 3))
    yield keras_case("PReLU", trainable=False, input_shape=(8, 8))
    # Keras indexes alpha's shape with axis - 1, so 0 and negatives wrap from the end
    yield keras_case("PReLU", shared_axes=[-1], input_shape=(5, 64))
    yield keras_case("PReLU", shared_axes=[0], input_shape=(5, 64))
    # refusals
    yield keras_case("PReLU", input_shape=(None, 64))
    yield keras_case("PReLU", shared_axes=[2], input_shape=(None, 64))
    yield keras_case("PReLU", shared_axes=[3], input_shape=(5, 64))


def torch_cases():  # type: ignore[no-untyped-def]
    for n in [1, 3, 16, 64, 100, 256, 1000, 4096]:
        yield torch_case("PReLU", n)
        yield torch_case("PReLU", num_parameters=n, init=0.1)
        yield torch_case("PReLU", n, input_shape=(n,))
        yield torch_case("PReLU", n, input_shape=(n, 8, 8))
        yield torch_case("PReLU", n, 0.25, input_shape=(n, None))
    yield torch_case("PReLU")
    yield torch_case("PReLU", input_shape=(28, 28, 32))
    yield torch_case("PReLU", input_shape=(None, 7))
    yield torch_case("PReLU", 1, input_shape=(64,))
    # refusals
    yield torch_case("PReLU", -1)
    yield torch_case("PReLU", 64, input_shape=(32, 8, 8))
    yield torch_case("PReLU", 3, input_shape=(5,))


if __name__ == "__main__":
    write("activation", itertools.chain(keras_cases(), torch_cases()))
