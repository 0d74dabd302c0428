"""Settings for the Discord front end, from the environment and an optional ``.env`` file.

The token is kept out of ``repr`` and out of every message here, so a settings object can
be logged or shown in a traceback without leaking it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..engine.core import FRAMEWORKS, Framework


class ConfigError(Exception):
    """A setting is missing or malformed; the message says which and how to fix it."""


TOKEN_HELP = (
    "DISCORD_TOKEN is not set. Create an application at "
    "https://discord.com/developers/applications, add a bot, copy its token, and put "
    "DISCORD_TOKEN=<token> in the environment or in a .env file in the working directory "
    "(see deploy/.env.example)."
)


@dataclass(frozen=True)
class Settings:
    token: str = field(repr=False)
    #: Base of every REST route, version included (``https://discord.com/api/v10``).
    api_base: str | None = None
    #: Gateway websocket URL (``wss://gateway.discord.gg/``).
    gateway_url: str | None = None
    default_framework: Framework = "keras"
    data_dir: Path = Path("data")
    shard_count: int | None = None
    shard_ids: tuple[int, ...] | None = None
    prefix: str = "!"
    #: The privileged intent; only the ``!params`` prefix command needs it.
    message_content: bool = False
    answer_mentions: bool = True
    answer_dms: bool = True
    cooldown_rate: int = 5
    cooldown_seconds: float = 30.0
    #: ``auto``: sync slash commands when they changed since the last sync; ``always``; ``never``.
    sync_commands: str = "auto"

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        env_file: Path | None = Path(".env"),
        *,
        require_token: bool = True,
        answer_dms: bool = True,
    ) -> Settings:
        """Settings from ``environ`` (default ``os.environ``) over ``env_file`` values."""
        env: dict[str, str] = {}
        if env_file is not None and env_file.is_file():
            env.update(read_env_file(env_file))
        env.update(os.environ if environ is None else environ)

        def get(name: str) -> str | None:
            value = env.get(name, "").strip()
            return value or None

        token = get("DISCORD_TOKEN")
        if token is None and require_token:
            raise ConfigError(TOKEN_HELP)
        framework = (get("PARAMBOT_DEFAULT_FRAMEWORK") or "keras").lower()
        if framework in ("torch", "pt"):
            framework = "pytorch"
        if framework in ("tf.keras", "tensorflow", "keras3"):
            framework = "keras"
        if framework not in FRAMEWORKS:
            raise ConfigError(
                f"PARAMBOT_DEFAULT_FRAMEWORK must be keras or pytorch, not {framework!r}.")
        shard_count = _int(get("SHARD_COUNT"), "SHARD_COUNT", minimum=1)
        shard_ids = _ids(get("SHARD_IDS"))
        if shard_ids is not None:
            if shard_count is None:
                raise ConfigError("SHARD_IDS needs SHARD_COUNT (the total across all processes).")
            bad = [i for i in shard_ids if i >= shard_count]
            if bad:
                raise ConfigError(f"SHARD_IDS {bad} are not below SHARD_COUNT={shard_count}.")
        sync = (get("PARAMBOT_SYNC_COMMANDS") or "auto").lower()
        if sync not in ("auto", "always", "never"):
            raise ConfigError("PARAMBOT_SYNC_COMMANDS must be auto, always or never.")
        return cls(
            token=token or "",
            api_base=(get("DISCORD_API_BASE") or "").rstrip("/") or None,
            gateway_url=get("DISCORD_GATEWAY_URL"),
            default_framework=framework,
            data_dir=Path(get("PARAMBOT_DATA_DIR") or default_data_dir()),
            shard_count=shard_count,
            shard_ids=shard_ids,
            prefix=get("PARAMBOT_PREFIX") or "!",
            message_content=_bool(get("PARAMBOT_MESSAGE_CONTENT"), False),
            answer_mentions=_bool(get("PARAMBOT_ANSWER_MENTIONS"), True),
            answer_dms=_bool(get("PARAMBOT_ANSWER_DMS"), answer_dms),
            cooldown_rate=_int(get("PARAMBOT_COOLDOWN_RATE"), "PARAMBOT_COOLDOWN_RATE",
                               minimum=1) or 5,
            cooldown_seconds=_float(get("PARAMBOT_COOLDOWN_SECONDS"), 30.0),
            sync_commands=sync,
        )


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "parambot"


def read_env_file(path: Path) -> dict[str, str]:
    """``KEY=value`` lines; ``#`` comments, blank lines, ``export`` and quotes allowed."""
    out: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        out[key] = value
    return out


def _bool(value: str | None, default: bool) -> bool:
    if value is None:
        return default
    return value.lower() in ("1", "true", "yes", "on")


def _int(value: str | None, name: str, *, minimum: int = 0) -> int | None:
    if value is None:
        return None
    try:
        n = int(value)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {value!r}.") from None
    if n < minimum:
        raise ConfigError(f"{name} must be at least {minimum}.")
    return n


def _float(value: str | None, default: float) -> float:
    if value is None:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        raise ConfigError(f"not a number: {value!r}") from None


def _ids(value: str | None) -> tuple[int, ...] | None:
    """``0,1,2`` or ``0-3`` (or a mix) -> shard ids."""
    if value is None:
        return None
    ids: list[int] = []
    for part in value.replace(" ", "").split(","):
        if not part:
            continue
        try:
            if "-" in part:
                lo, hi = part.split("-", 1)
                ids.extend(range(int(lo), int(hi) + 1))
            else:
                ids.append(int(part))
        except ValueError:
            raise ConfigError(f"SHARD_IDS must look like 0,1,2 or 0-3, not {value!r}.") from None
    return tuple(sorted(set(ids))) or None
