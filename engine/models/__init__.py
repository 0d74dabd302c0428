"""parambot: engine/models."""
