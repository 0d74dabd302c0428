"""Golden cases for the pooling family: Keras MaxPooling*/AveragePooling*, Global*Pooling*,
Adaptive*Pooling*; PyTorch MaxPool*, AvgPool*, LPPool*, Adaptive*Pool*. Run by hand; see
recorder.py."""

from __future__ import annotations

import itertools

from recorder import keras_case, torch_case, write

SPATIAL = {1: [(1,), (7,), (28,), (101,), (None,)],
           2: [(2, 2), (7, 7), (28, 28), (15, 32), (None, None), (224, None)],
           3: [(2, 4, 4), (8, 9, 10), (None, 6, 6)]}


def keras_cases():  # type: ignore[no-untyped-def]
    for rank in [1, 2, 3]:
        for kind in ["MaxPooling", "AveragePooling"]:
            name = f"{kind}{rank}D"
            for sp in SPATIAL[rank]:
                for pool, stride, padding in itertools.product([1, 2, 3], [None, 1, 2],
                                                               ["valid", "same"]):
                    yield keras_case(name, pool, stride, padding, input_shape=(*sp, 3))
            sp = SPATIAL[rank][2]
            yield keras_case(name, (2, 1, 3)[:rank], input_shape=(*sp, 16))
            yield keras_case(name, pool_size=2, strides=(1, 2, 1)[:rank], input_shape=(*sp, 16))
            yield keras_case(name, 2, data_format="channels_first", input_shape=(16, *sp))
            yield keras_case(name, 2, input_shape=(*sp, None))
            yield keras_case(name, 2, input_shape=(*sp, 1024))
            # refused
            yield keras_case(name, 64, input_shape=(*sp, 3))
            yield keras_case(name, 0, input_shape=(*sp, 3))
            yield keras_case(name, 2, strides=0, input_shape=(*sp, 3))
            yield keras_case(name, 2, padding="causal", input_shape=(*sp, 3))
            yield keras_case(name, 2, input_shape=sp)
        yield keras_case(f"MaxPooling{rank}D", input_shape=(*SPATIAL[rank][2], 8))
        yield keras_case(f"MaxPool{rank}D", 2, input_shape=(*SPATIAL[rank][2], 8))
        yield keras_case(f"AvgPool{rank}D", 2, input_shape=(*SPATIAL[rank][2], 8))
        for kind in ["GlobalMaxPooling", "GlobalAveragePooling", "GlobalMaxPool",
                     "GlobalAvgPool"]:
            name = f"{kind}{rank}D"
            for sp, ch in itertools.product(SPATIAL[rank], [1, 64, 2048]):
                yield keras_case(name, input_shape=(*sp, ch))
            sp = SPATIAL[rank][1]
            yield keras_case(name, keepdims=True, input_shape=(*sp, 32))
            yield keras_case(name, "channels_first", input_shape=(32, *sp))
            yield keras_case(name, data_format="channels_first", keepdims=True,
                             input_shape=(32, *sp))
            yield keras_case(name, input_shape=sp[:-1] + (5, 5, 5)[: rank - len(sp[:-1])])
        for kind in ["AdaptiveAveragePooling", "AdaptiveMaxPooling"]:
            name = f"{kind}{rank}D"
            for sp in SPATIAL[rank][:-1]:
                for size in [1, 2, (3, 1, 2)[:rank]]:
                    yield keras_case(name, size, input_shape=(*sp, 8))
            sp = SPATIAL[rank][2]
            yield keras_case(name, 1, data_format="channels_first", input_shape=(8, *sp))
            yield keras_case(name, output_size=4, input_shape=(*sp, 512))
    yield keras_case("MaxPooling2D", 2, input_shape=(28, 28, 32))
    yield keras_case("MaxPooling2D", (2, 2), input_shape=(26, 26, 32))
    yield keras_case("GlobalAveragePooling2D", input_shape=(13, 13, 64))


def torch_cases():  # type: ignore[no-untyped-def]
    tsp = {1: [(1,), (7,), (28,), (101,), (None,)],
           2: [(2, 2), (7, 7), (28, 28), (15, 32), (None, None), (224, None)],
           3: [(2, 4, 4), (8, 9, 10), (None, 6, 6)]}
    for rank in [1, 2, 3]:
        for kind in ["MaxPool", "AvgPool"]:
            name = f"{kind}{rank}d"
            for sp in tsp[rank]:
                for k, s, p, ceil in itertools.product([1, 2, 3], [None, 1, 2], [0, 1],
                                                       [False, True]):
                    if 2 * p > k:
                        continue
                    yield torch_case(name, k, s, p, ceil_mode=ceil, input_shape=(3, *sp))
            sp = tsp[rank][2]
            yield torch_case(name, (2, 1, 3)[:rank], input_shape=(16, *sp))
            yield torch_case(name, kernel_size=3, stride=(1, 2, 1)[:rank], padding=1,
                             input_shape=(16, *sp))
            yield torch_case(name, 2)
            yield torch_case(name, 2, input_shape=(2048, *tsp[rank][1]))
            # refused
            yield torch_case(name, 64, input_shape=(3, *sp))
            yield torch_case(name, 2, padding=2, input_shape=(3, *sp))
            yield torch_case(name, 2, stride=0, input_shape=(3, *sp))
            yield torch_case(name, 0, input_shape=(3, *sp))
        name = f"MaxPool{rank}d"
        sp = tsp[rank][2]
        for k, d, p, ceil in itertools.product([2, 3], [1, 2, 3], [0, 1], [False, True]):
            yield torch_case(name, k, 2, p, d, ceil_mode=ceil, input_shape=(4, *sp))
        yield torch_case(name, 3, 2, 1, 1, True, input_shape=(4, *sp))  # return_indices
        yield torch_case(f"AvgPool{rank}d", 3, 2, 1, True, False, input_shape=(4, *sp))
        name = f"LPPool{rank}d"
        for sp in tsp[rank]:
            for norm, k, s, ceil in itertools.product([1, 2.0], [1, 2, 3], [None, 2],
                                                      [False, True]):
                yield torch_case(name, norm, k, s, ceil, input_shape=(3, *sp))
        yield torch_case(name, 2, 64, input_shape=(3, *tsp[rank][2]))
        for kind in ["AdaptiveAvgPool", "AdaptiveMaxPool"]:
            name = f"{kind}{rank}d"
            for sp in tsp[rank]:
                for size in [1, 2, 7, (3, None, 2)[:rank]]:
                    yield torch_case(name, size, input_shape=(8, *sp))
            yield torch_case(name, 1)
            yield torch_case(name, output_size=5, input_shape=(512, *tsp[rank][2]))
            yield torch_case(name, None, input_shape=(8, *tsp[rank][1]))
    yield torch_case("AdaptiveMaxPool2d", 3, True, input_shape=(4, 9, 9))
    yield torch_case("MaxPool2d", 2, input_shape=(32, 28, 28))
    yield torch_case("MaxPool2d", kernel_size=3, stride=2, padding=1, input_shape=(64, 112, 112))
    yield torch_case("AvgPool2d", 7, input_shape=(2048, 7, 7))
    yield torch_case("AdaptiveAvgPool2d", (1, 1), input_shape=(2048, 7, 7))


def cases():  # type: ignore[no-untyped-def]
    yield from keras_cases()
    yield from torch_cases()


if __name__ == "__main__":
    write("pooling", cases())
