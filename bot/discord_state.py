"""State the Discord front end keeps: per-server settings (SQLite), per-user cooldowns,
and the recent questions the answer buttons refer to. All of it is bounded."""

from __future__ import annotations

import sqlite3
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..engine.core import FRAMEWORKS, Framework


class GuildStore:
    """Per-server default framework, in ``parambot.sqlite3`` in the data directory.

    Reads are served from memory; writes go straight to disk (a handful a day), so a
    restart or a crash loses nothing that was confirmed to the user."""

    FILENAME = "parambot.sqlite3"

    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / self.FILENAME
        # The bot touches this from its event loop thread only.
        self._db = sqlite3.connect(self.path, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS guild_settings ("
            " guild_id INTEGER PRIMARY KEY, framework TEXT NOT NULL,"
            " updated_by INTEGER, updated_at REAL)"
        )
        self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
        self._frameworks: dict[int, Framework] = {
            int(g): f for g, f in self._db.execute("SELECT guild_id, framework FROM guild_settings")
            if f in FRAMEWORKS
        }

    def framework(self, guild_id: int | None) -> Framework | None:
        return None if guild_id is None else self._frameworks.get(guild_id)

    def set_framework(self, guild_id: int, framework: Framework | None, user_id: int) -> None:
        if framework is None:
            self._db.execute("DELETE FROM guild_settings WHERE guild_id = ?", (guild_id,))
            self._frameworks.pop(guild_id, None)
            return
        self._db.execute(
            "INSERT INTO guild_settings (guild_id, framework, updated_by, updated_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT(guild_id) DO UPDATE SET"
            " framework = excluded.framework, updated_by = excluded.updated_by,"
            " updated_at = excluded.updated_at",
            (guild_id, framework, user_id, time.time()),
        )
        self._frameworks[guild_id] = framework

    def meta(self, key: str) -> str | None:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        self._db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def close(self) -> None:
        self._db.close()


class Cooldown:
    """A token bucket per user: ``rate`` questions, refilled over ``per`` seconds.

    Users whose bucket is full again are forgotten, so the table holds only people who
    asked within the last ``per`` seconds however many people ever ask."""

    def __init__(self, rate: int, per: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.per = per
        self._clock = clock
        self._buckets: dict[int, tuple[float, float]] = {}  # user -> (tokens, at)
        self._calls = 0

    def hit(self, user_id: int) -> float | None:
        """Take one question from ``user_id``'s bucket: ``None`` if allowed, else the
        seconds until the next one would be."""
        now = self._clock()
        self._calls += 1
        if self._calls % 256 == 0:
            self._prune(now)
        if self.per <= 0:
            return None
        refill = self.rate / self.per
        tokens, at = self._buckets.get(user_id, (float(self.rate), now))
        tokens = min(float(self.rate), tokens + (now - at) * refill)
        if tokens >= 1.0:
            self._buckets[user_id] = (tokens - 1.0, now)
            return None
        self._buckets[user_id] = (tokens, now)
        return (1.0 - tokens) / refill

    def _prune(self, now: float) -> None:
        stale = [u for u, (_, at) in self._buckets.items() if now - at >= self.per]
        for u in stale:
            del self._buckets[u]

    def __len__(self) -> int:
        return len(self._buckets)


@dataclass(frozen=True)
class Asked:
    """A question already answered, as the buttons under its answer need it."""

    question: str
    framework: Framework
    default: Framework
    user_id: int


class RecentQuestions:
    """The last ``size`` answered questions by button token (older buttons say "ask again")."""

    def __init__(self, size: int = 2000) -> None:
        self.size = size
        self._items: OrderedDict[str, Asked] = OrderedDict()
        self._next = 0

    def add(self, asked: Asked) -> str:
        self._next += 1
        token = f"{self._next:x}.{int(time.time()) & 0xFFFFFF:x}"
        self._items[token] = asked
        while len(self._items) > self.size:
            self._items.popitem(last=False)
        return token

    def get(self, token: str) -> Asked | None:
        asked = self._items.get(token)
        if asked is not None:
            self._items.move_to_end(token)
        return asked

    def replace(self, token: str, asked: Asked) -> None:
        if token in self._items:
            self._items[token] = asked

    def __len__(self) -> int:
        return len(self._items)
