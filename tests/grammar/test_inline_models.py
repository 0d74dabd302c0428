"""A model written inline in a question takes its input from the words around it.

Counts recorded from Keras 3.15.1 (KERAS_BACKEND=torch) and PyTorch 2.13 by building the
same models: ``count_params()`` / ``sum(p.numel() for p in m.parameters())``."""

from __future__ import annotations

from parambot.bot.service import ask


def _rows(question: str) -> list[tuple[str, int, tuple[int | None, ...] | None]]:
    answer = ask(question)
    assert answer.ok, answer.error
    return [(r.name, r.total, r.output_shape) for s in answer.subjects for r in s.layers]


def test_keras_sequential_with_the_input_in_words() -> None:
    # Keras: [('conv2d', 224), ('flatten', 0), ('dense', 14402)], 14,626 in all
    assert _rows("keras.Sequential([layers.Conv2D(8, 3), layers.Flatten(), layers.Dense(2)])"
                 " on 32x32x3") == [("conv2d", 224, (30, 30, 8)), ("flatten", 0, (7200,)),
                                    ("dense", 14402, (2,))]
    # Keras: [('a', 16), ('dense', 10)], 26 in all
    assert _rows('how many params in keras.Sequential([layers.Dense(4, name="a"), '
                 'layers.Dense(2)]) with input 3') == [("a", 16, (4,)), ("dense", 10, (2,))]


def test_torch_sequential_with_the_input_in_words() -> None:
    # PyTorch: 224 parameters, output torch.Size([1, 8, 30, 30])
    assert _rows("nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU()) on 3x32x32") == [
        ("0", 224, (8, 30, 30)), ("1", 0, (8, 30, 30))]


def test_an_inline_model_without_an_input_still_asks_for_one() -> None:
    answer = ask("keras.Sequential([layers.Dense(4)])")
    assert not answer.ok and answer.error is not None
    assert "input" in answer.error.message
