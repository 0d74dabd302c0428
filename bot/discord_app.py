"""``parambot discord``: the standalone bot (an ``AutoShardedBot`` carrying :class:`ParamsCog`).

Settings come from the environment and an optional ``.env`` (:mod:`.discord_settings`).
``DISCORD_API_BASE`` / ``DISCORD_GATEWAY_URL`` point discord.py at an HTTP proxy in front of
Discord or at a local test server: discord.py 2.x builds every REST URL (webhooks and
interaction callbacks included) from ``discord.http.Route.BASE`` and connects to
``DiscordWebSocket.DEFAULT_GATEWAY`` unless ``/gateway/bot`` or a READY's
``resume_gateway_url`` says otherwise, so those two class attributes are the whole switch.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import signal
import sys
from typing import Any

import discord
import yarl
from discord.ext import commands
from discord.gateway import DiscordWebSocket
from discord.http import Route

from .discord_cog import NO_MENTIONS, ParamsCog
from .discord_settings import ConfigError, Settings

log = logging.getLogger("parambot.discord")


def point_at(settings: Settings) -> None:
    """Send discord.py's REST calls and gateway connection where the settings say.

    These are process-wide (discord.py keeps them on classes), which suits a process that
    runs one bot."""
    if settings.api_base:
        Route.BASE = settings.api_base
    if settings.gateway_url:
        DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


def intents(settings: Settings) -> discord.Intents:
    """Non-privileged intents, plus message content only when asked for (PARAMBOT_MESSAGE_CONTENT):
    mentions and DMs carry their text without it."""
    out = discord.Intents.default()
    out.message_content = settings.message_content
    return out


class ParambotBot(commands.AutoShardedBot):
    """The standalone bot: parambot's Cog, command sync when the commands change."""

    def __init__(self, settings: Settings, **options: Any) -> None:
        self.settings = settings
        # Without the message content intent a string prefix could never match in a
        # server, so only mentions (and DMs, through the listener) are used then.
        prefix: Any = (commands.when_mentioned_or(settings.prefix) if settings.message_content
                       else commands.when_mentioned)
        if settings.shard_ids:
            options["shard_ids"] = list(settings.shard_ids)
        super().__init__(
            command_prefix=prefix,
            intents=intents(settings),
            allowed_mentions=NO_MENTIONS,
            help_command=None,
            shard_count=settings.shard_count,
            **options,
        )

    async def setup_hook(self) -> None:
        if (self.settings.api_base or self.settings.gateway_url) and self.shard_count is None:
            # AutoShardedBot would ask /gateway/bot and use the URL it returns, ignoring
            # DISCORD_GATEWAY_URL; ask here instead, so the recommended shard count still
            # comes from the API while the URL comes from the settings when given.
            count, url, _ = await self.http.get_bot_gateway()
            self.shard_count = count
            DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.settings.gateway_url or url)
        cog = ParamsCog(self, self.settings, standalone=True)
        await self.add_cog(cog)
        await self.sync_commands(cog)

    async def sync_commands(self, cog: ParamsCog) -> None:
        """Sync slash commands only when they differ from the last sync (Discord rate-limits
        command writes; a restart should not spend them)."""
        mode = self.settings.sync_commands
        if mode == "never":
            return
        payload = [c.to_dict(self.tree) for c in self.tree.get_commands()]
        digest = hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()
        key = f"commands:{self.application_id}"
        if mode == "auto" and cog.store.meta(key) == digest:
            return
        await self.tree.sync()
        cog.store.set_meta(key, digest)
        log.info("synced %d application commands", len(payload))

    async def close(self) -> None:
        await super().close()
        if self.get_cog("parambot") is not None:  # closes the database and the worker thread
            await self.remove_cog("parambot")

    async def on_command_error(self, context: commands.Context[Any],
                               exception: commands.CommandError, /) -> None:
        # "@parambot conv2d ..." parses as the unknown command "conv2d"; the mention
        # listener answers it, so that is not an error.
        if isinstance(exception, commands.CommandNotFound):
            return
        log.error("command error", exc_info=exception)

    async def on_ready(self) -> None:
        log.info("connected as %s (%s) to %d servers, shards %s", self.user,
                 self.user.id if self.user else "?", len(self.guilds), self.shard_ids or "all")


def create_bot(settings: Settings, **options: Any) -> ParambotBot:
    """A configured, not yet started bot (``options`` go to discord.py's client)."""
    point_at(settings)
    return ParambotBot(settings, **options)


async def run(settings: Settings, **options: Any) -> None:
    """Run until closed; SIGTERM and SIGINT close the gateway connection and exit cleanly."""
    bot = create_bot(settings, **options)
    loop = asyncio.get_running_loop()
    closing: list[asyncio.Task[None]] = []

    def stop() -> None:
        if not closing:
            log.info("signal received, shutting down")
            closing.append(loop.create_task(bot.close()))

    for sig in (signal.SIGTERM, signal.SIGINT):
        try:
            loop.add_signal_handler(sig, stop)
        except (NotImplementedError, RuntimeError):  # not the main thread, or Windows
            pass
    async with bot:
        await bot.start(settings.token)
    if closing:
        await closing[0]


class RedactToken(logging.Filter):
    """Replaces the token with ``[token]`` in any log line that would contain it."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self.token:
            message = record.getMessage()
            if self.token in message:
                record.msg = message.replace(self.token, "[token]")
                record.args = None
        return True


def setup_logging(settings: Settings) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactToken(settings.token))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``parambot discord``: 0 after a clean shutdown, 2 for bad settings."""
    try:
        settings = Settings.from_env()
    except ConfigError as exc:
        print(f"parambot discord: {exc}", file=sys.stderr)
        return 2
    setup_logging(settings)
    try:
        asyncio.run(run(settings))
    except discord.LoginFailure:
        print("parambot discord: Discord refused DISCORD_TOKEN; copy the bot token again from "
              "the Developer Portal (Bot > Reset Token).", file=sys.stderr)
        return 2
    except discord.PrivilegedIntentsRequired:
        print("parambot discord: PARAMBOT_MESSAGE_CONTENT=1 asks for the message content "
              "intent, which is not enabled for this bot. Enable it in the Developer Portal "
              "(Bot > Privileged Gateway Intents) or unset PARAMBOT_MESSAGE_CONTENT.",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
