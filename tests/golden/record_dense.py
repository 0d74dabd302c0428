"""Golden cases for the dense family: Keras Dense/Embedding, PyTorch Linear/Bilinear/
Embedding/EmbeddingBag. Run by hand; see recorder.py."""

from __future__ import annotations

import itertools

from recorder import keras_case, torch_case, write


def cases():  # type: ignore[no-untyped-def]
    sizes = [1, 2, 3, 10, 13, 32, 64, 100, 128, 300, 784, 1000, 1024, 4096]
    for n_in, units in itertools.product([1, 7, 32, 784, 4096], [1, 10, 64, 128, 1000]):
        yield keras_case("Dense", units, input_shape=(n_in,))
        yield keras_case("Dense", units, use_bias=False, input_shape=(n_in,))
        yield torch_case("Linear", n_in, units, input_shape=(n_in,))
        yield torch_case("Linear", in_features=n_in, out_features=units, bias=False)
    for lead in [(10,), (None,), (4, 5), (None, 3)]:
        yield keras_case("Dense", 64, input_shape=(*lead, 32))
        yield torch_case("Linear", 32, 64, input_shape=(*lead, 32))
    for rank in [1, 4, 8]:
        yield keras_case("Dense", 64, lora_rank=rank, input_shape=(128,))
        yield keras_case("Embedding", 1000, 64, lora_rank=rank, input_shape=(12,))
    yield keras_case("Dense", 10, trainable=False, input_shape=(20,))
    yield keras_case("Dense", 10, activation="relu", kernel_initializer="he_normal",
                     input_shape=(20,))
    yield keras_case("Dense", 0, input_shape=(20,))
    yield keras_case("Dense", -3, input_shape=(20,))
    yield torch_case("Linear", 128, -10)
    for vocab, dim in itertools.product([1, 2, 50, 5000, 10000, 50257], [1, 8, 64, 300, 768]):
        yield keras_case("Embedding", vocab, dim, input_shape=(None,))
        yield torch_case("Embedding", vocab, dim, input_shape=(5,))
    yield keras_case("Embedding", input_dim=5000, output_dim=64, input_shape=(100,))
    yield keras_case("Embedding", 100, 8, mask_zero=True, input_shape=(3, 4))
    yield keras_case("Embedding", 100, 8, trainable=False, input_shape=(6,))
    yield torch_case("Embedding", 1000, 64, padding_idx=0)
    yield torch_case("Embedding", 1000, 64, max_norm=1.0, scale_grad_by_freq=True)
    yield torch_case("Embedding", 1000, 64, _freeze=True)
    yield torch_case("Embedding", 10, 4, padding_idx=10)
    for mode in ["sum", "mean", "max"]:
        yield torch_case("EmbeddingBag", 1000, 32, mode=mode)
    for a, b, o in [(1, 1, 1), (5, 7, 3), (20, 30, 40), (64, 64, 8)]:
        yield torch_case("Bilinear", a, b, o)
        yield torch_case("Bilinear", a, b, o, bias=False)
    del sizes


if __name__ == "__main__":
    write("dense", cases())
