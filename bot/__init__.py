"""parambot: bot."""
