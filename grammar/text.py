"""Reading questions written in words, in passes: ``items`` (tokens, phrases, names),
``slots`` (segments and the role of every size), ``realise`` (catalogue layers) and
``typos`` (refusals with suggestions). This module gathers what other modules use."""

from __future__ import annotations

from .inputs import InputInfo, keras_input_shape
from .items import (
    Item,
    Value,
    catalogue_words,
    fold,
    frameworks_named,
    leaning,
    parse_number,
    to_items,
)
from .realise import (
    Realised,
    chain_options,
    input_info,
    realise,
    torch_input_shape,
)
from .slots import Placed, Segment, Slots, fill_slots, split_segments
from .typos import check_typos

__all__ = [
    "InputInfo", "Item", "Placed", "Realised", "Segment", "Slots", "Value", "catalogue_words",
    "chain_options",
    "check_typos", "fill_slots", "fold", "frameworks_named", "input_info",
    "keras_input_shape", "leaning", "parse_number", "realise", "split_segments",
    "to_items", "torch_input_shape",
]
