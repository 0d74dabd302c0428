"""Fixtures for the Discord end-to-end tests: a local Discord (``FakeDiscord``) and the real
parambot bot (discord.py, unmocked) connected to it through DISCORD_API_BASE and
DISCORD_GATEWAY_URL. Every wait is bounded; everything listens on 127.0.0.1 only."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from discord.gateway import DiscordWebSocket
from discord.http import Route
from parambot.bot.discord_app import ParambotBot, create_bot
from parambot.bot.discord_settings import Settings
from parambot.bot.service import ask

from .fake_discord import FakeDiscord

#: True once the grammar has replaced the placeholder; tests that check real counts need it.
GRAMMAR_READY = ask("dense 10 units on 784 inputs").ok
needs_grammar = pytest.mark.skipif(
    not GRAMMAR_READY,
    reason="NEEDS GRAMMAR: parambot.grammar.answer_question is still the placeholder",
)



def assert_never_pings(server: FakeDiscord) -> None:
    """Every message, callback, follow-up and edit the bot sent carried allowed_mentions
    that ping nobody."""
    for s in server.sent:
        if s.kind == "delete" or (s.kind == "callback" and s.payload.get("type") in (5, 6, 8)):
            continue
        am = s.data.get("allowed_mentions")
        assert am is not None, f"{s.kind} without allowed_mentions: {s.payload}"
        assert am.get("parse") == [], am
        assert not am.get("users") and not am.get("roles"), am
        assert am.get("replied_user", False) is False, am


@pytest.fixture
async def discord_server() -> AsyncIterator[FakeDiscord]:
    server = FakeDiscord()
    await server.start()
    saved = Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY
    try:
        yield server
        assert_never_pings(server)
    finally:
        Route.BASE, DiscordWebSocket.DEFAULT_GATEWAY = saved
        await server.stop()


class StartBot:
    """``await start_bot(**env)``: a parambot bot, started and ready; ``await
    start_bot.stop(bot)`` stops one (a restart); the fixture stops the rest."""

    def __init__(self, server: FakeDiscord, data_dir: Path) -> None:
        self.server = server
        self.data_dir = data_dir
        self.running: dict[ParambotBot, asyncio.Task[None]] = {}

    async def __call__(self, **env: str) -> ParambotBot:
        values = {"PARAMBOT_DATA_DIR": str(self.data_dir), **env}
        settings = Settings.from_env(self.server.env(**values), env_file=None)
        bot = create_bot(settings, guild_ready_timeout=0.05)
        task = asyncio.create_task(bot.start(settings.token))
        self.running[bot] = task
        async with asyncio.timeout(10):
            while not bot.is_ready():
                if task.done():
                    task.result()
                await asyncio.sleep(0.01)
        return bot

    async def stop(self, bot: ParambotBot) -> None:
        task = self.running.pop(bot)
        async with asyncio.timeout(10):
            await bot.close()
            await task


@pytest.fixture
async def start_bot(discord_server: FakeDiscord, tmp_path: Path) -> AsyncIterator[StartBot]:
    runner = StartBot(discord_server, tmp_path / "data")
    try:
        yield runner
    finally:
        for bot in list(runner.running):
            await runner.stop(bot)


async def no_reply(server: FakeDiscord, message_id: int, wait: float = 0.5) -> bool:
    """True if the bot sent nothing referring to ``message_id`` within ``wait`` seconds."""
    await asyncio.sleep(wait)
    return not any(s.reference == message_id for s in server.sent)
