"""Text in and around Discord messages: pulling the question out of a mention, and the
completions the ``/params`` autocomplete offers."""

from __future__ import annotations

import re
from functools import cache

from ..engine.core import FRAMEWORKS

#: Offered when the user has typed nothing yet, and searched by what they have typed.
EXAMPLES: tuple[str, ...] = (
    "conv2d 32 filters 3x3 on 28x28x1",
    "dense 10 units on 784 inputs",
    "dense 784 -> 128 -> 10",
    "params for bidirectional LSTM 128 units input 28",
    "lstm 256 vs bilstm 128 input 28",
    "GRU with 64 units and 10 input features",
    "pytorch lstm input 28 hidden 128 2 layers bidirectional",
    "nn.Linear(512, 256)",
    "nn.Conv2d(3, 64, kernel_size=3)",
    "embedding vocab 10k dim 300",
    "why does bilstm 128 have fewer params than lstm 256, input 28?",
    "resnet50 params",
    "gpt2 medium in fp16, how much memory?",
    "batchnorm on 64 channels",
    "multihead attention 8 heads key_dim 64 on 512",
)

#: Discord's limits for an autocomplete choice.
CHOICE_LIMIT = 25
CHOICE_CHARS = 100


def extract_question(content: str, bot_id: int, role_ids: tuple[int, ...] = (),
                     prefix: str | None = None) -> str:
    """The question in a message that mentions the bot: the mention (user or the bot's own
    managed role) removed, and a leading ``!params`` dropped (people type it in DMs too)."""
    text = re.sub(rf"<@!?{bot_id}>", " ", content)
    for rid in role_ids:
        text = text.replace(f"<@&{rid}>", " ")
    text = text.strip()
    if prefix:
        m = re.match(rf"{re.escape(prefix)}params\b", text, re.IGNORECASE)
        if m:
            text = text[m.end():].strip()
    return text


@cache
def _layer_names() -> tuple[str, ...]:
    from ..engine.catalogue import known_names

    names: dict[str, None] = {}
    for fw in FRAMEWORKS:
        for n in known_names(fw):
            names[n if fw == "keras" else f"nn.{n}"] = None
    return tuple(names)


def suggestions(current: str) -> list[str]:
    """Completions for what the user has typed so far: the text itself, example questions
    that contain it, and the text with its last word completed to a layer name."""
    current = current.strip()
    if not current:
        return list(EXAMPLES[:CHOICE_LIMIT])
    if len(current) > CHOICE_CHARS:
        return []  # Discord refuses longer choice values; the typed text still submits
    low = current.lower()
    out: dict[str, None] = {current: None}
    for ex in EXAMPLES:
        if ex.lower().startswith(low):
            out[ex] = None
    head, _, last = current.rpartition(" ")
    if last:
        try:
            names = _layer_names()
        except Exception:  # the catalogue is optional for completions
            names = ()
        for name in names:
            bare = name.removeprefix("nn.")
            if bare.lower().startswith(last.lower().removeprefix("nn.")) and bare.lower() != last.lower():
                text = f"{head} {name}".strip() if head else name
                if len(text) <= CHOICE_CHARS:
                    out[text] = None
    for ex in EXAMPLES:
        if low in ex.lower():
            out[ex] = None
    return list(out)[:CHOICE_LIMIT]
