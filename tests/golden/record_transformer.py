"""Golden cases for PyTorch transformer blocks: TransformerEncoderLayer/DecoderLayer,
TransformerEncoder/Decoder stacks (the block given as a nested layer) and Transformer.
Run by hand; see recorder.py."""

from __future__ import annotations

import itertools

from recorder import nested, torch_case, write

BLOCKS = ("TransformerEncoderLayer", "TransformerDecoderLayer")


def torch_cases():  # type: ignore[no-untyped-def]
    for block in BLOCKS:
        for d, h, ff in itertools.product([8, 64, 256, 512, 768], [1, 2, 4, 8],
                                          [16, 1024, 2048]):
            yield torch_case(block, d, h, ff)
        yield torch_case(block, d_model=512, nhead=8)
        yield torch_case(block, 1024, 16, 4096)
        yield torch_case(block, 256, 4, 1024, batch_first=True)
        yield torch_case(block, 512, 8, bias=False)
        yield torch_case(block, 64, 4, 128, 0.0, "gelu", 1e-6, True, True, False)
        yield torch_case(block, 64, 4, 256, activation="gelu", norm_first=True,
                         layer_norm_eps=1e-6)
        yield torch_case(block, 64, 4, 256, dropout=0.0, input_shape=(10, 64))
        yield torch_case(block, 64, 4, 256, input_shape=(None, 64))
        yield torch_case(block, 64, 4, 256, batch_first=True, input_shape=(None, 64))
        yield torch_case(block, 1, 1, 1)
        # refusals
        yield torch_case(block, 100, 8)
        yield torch_case(block, 8, 3, 16)
        yield torch_case(block, 64, 4, 256, input_shape=(10, 32))

    for kind, block in (("TransformerEncoder", BLOCKS[0]), ("TransformerDecoder", BLOCKS[1])):
        for n, (d, h, ff) in itertools.product([1, 2, 6, 12],
                                               [(8, 2, 16), (64, 4, 256), (512, 8, 2048)]):
            yield torch_case(kind, nested(block, d, h, ff), n)
            yield torch_case(kind, nested(block, d, h, ff), n, nested("LayerNorm", d))
        yield torch_case(kind, nested(block, d_model=512, nhead=8), num_layers=6)
        yield torch_case(kind, nested(block, 256, 4, 1024, batch_first=True), 4,
                         norm=nested("LayerNorm", 256, bias=False))
        yield torch_case(kind, nested(block, 64, 4, 128, bias=False), 3,
                         nested("LayerNorm", 64, elementwise_affine=False))
        yield torch_case(kind, nested(block, 64, 4, 128), 2, nested("RMSNorm", 64))
        yield torch_case(kind, nested(block, 64, 4, 128), 0)
        yield torch_case(kind, nested(block, 64, 4, 128), 24)
        yield torch_case(kind, nested(block, 64, 4, 128), 3, input_shape=(10, 64))
        yield torch_case(kind, nested(block, 64, 4, 128, batch_first=True), 2,
                         nested("LayerNorm", 64), input_shape=(None, 64))
    yield torch_case("TransformerEncoder", nested(BLOCKS[0], 64, 4, 128), 2, None, False,
                     False)
    yield torch_case("TransformerEncoder", nested(BLOCKS[0], 64, 4, 128), 2,
                     enable_nested_tensor=False, mask_check=False)

    for ne, nd in [(6, 6), (1, 1), (0, 0), (3, 0), (0, 3), (2, 4), (12, 12)]:
        yield torch_case("Transformer", 64, 4, ne, nd, 256)
    yield torch_case("Transformer")
    yield torch_case("Transformer", d_model=256, nhead=4, num_encoder_layers=3,
                     num_decoder_layers=3, dim_feedforward=1024, batch_first=True)
    yield torch_case("Transformer", 512, 8, bias=False)
    yield torch_case("Transformer", 1024, 16, 6, 6, 4096)
    yield torch_case("Transformer", 64, 4, 2, 2, 128, 0.1, "gelu", None, None, 1e-6, True,
                     True, True)
    yield torch_case("Transformer", 64, 4, 2, 2, 128, input_shape=(10, 64))
    yield torch_case("Transformer", 64, 4, 2, 2, 128, batch_first=True,
                     input_shape=(None, 64))
    yield torch_case("Transformer", 64, 4, 1, 1, 128,
                     custom_encoder=nested("TransformerEncoder",
                                           nested(BLOCKS[0], 64, 4, 128), 3))
    yield torch_case("Transformer", 64, 4, 1, 1, 128,
                     custom_decoder=nested("TransformerDecoder",
                                           nested(BLOCKS[1], 64, 4, 256), 2,
                                           nested("LayerNorm", 64)))
    yield torch_case("Transformer", 64, 4, 1, 1, 128, custom_encoder=nested("Linear", 64, 64))
    # refusals
    yield torch_case("Transformer", 100, 8)
    yield torch_case("Transformer", 64, 4, 2, 2, 128, input_shape=(10, 32))


if __name__ == "__main__":
    write("transformer", torch_cases())
