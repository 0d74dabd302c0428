"""parambot: the counting engine (pure, stdlib only)."""
