"""End to end: the real discord.py client, running parambot, against the local Discord.

Tests marked ``needs_grammar`` check real counts (from ../shared/examples/questions.jsonl)
and are skipped while ``parambot.grammar.answer_question`` is still the placeholder.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import re
import signal
import sys
import time
from pathlib import Path

import discord
import pytest
import yarl
from discord.ext import commands
from discord.gateway import DiscordWebSocket
from discord.http import Route
from parambot.bot.render_discord import CONTENT_LIMIT

from ..conftest import EXAMPLES
from .conftest import StartBot, needs_grammar, no_reply
from .fake_discord import FakeDiscord, snowflake

MANAGE_GUILD = 1 << 5


def mention(server: FakeDiscord) -> str:
    return f"<@{server.bot_id}>"


def buttons(sent: object) -> list[str]:
    data = sent.data  # type: ignore[attr-defined]
    return [c["custom_id"] for row in data.get("components") or [] for c in row["components"]]


# -- answering: mention, DM, slash, pasted code ------------------------------------------------


@needs_grammar
async def test_mention_is_answered(discord_server: FakeDiscord, start_bot: StartBot) -> None:
    await start_bot()
    mid = await discord_server.say(f"{mention(discord_server)} dense 10 units on 784 inputs")
    sent = await discord_server.reply_to(mid)
    assert "7,850" in sent.content
    assert sent.payload["allowed_mentions"] == {"parse": [], "replied_user": False}
    assert len(buttons(sent)) == 2


@needs_grammar
async def test_dm_is_answered(discord_server: FakeDiscord, start_bot: StartBot) -> None:
    await start_bot()
    mid = await discord_server.say("conv2d 32 filters 3x3 on 28x28x1", dm=True)
    sent = await discord_server.reply_to(mid)
    assert "**320**" in sent.content


@needs_grammar
async def test_slash_command_with_each_framework(discord_server: FakeDiscord,
                                                 start_bot: StartBot) -> None:
    await start_bot()
    _, keras = await discord_server.slash("params", question="lstm 128 input 28", framework="keras")
    _, torch = await discord_server.slash("params", question="lstm 128 input 28",
                                          framework="pytorch")
    k = await discord_server.interaction_reply(keras)
    t = await discord_server.interaction_reply(torch)
    assert "80,384" in k.content and "Keras" in k.content and not k.ephemeral
    assert "80,896" in t.content and "PyTorch" in t.content and not t.ephemeral
    _, linear = await discord_server.slash("params", question="nn.Linear(512, 256)")
    assert "131,328" in (await discord_server.interaction_reply(linear)).content


@needs_grammar
async def test_pasted_code_in_a_fence(discord_server: FakeDiscord, start_bot: StartBot) -> None:
    await start_bot()
    examples = EXAMPLES / "questions.jsonl"
    seed = next(q for q in map(json.loads, examples.read_text().splitlines())
                if q["question"].startswith("can someone explain"))
    mid = await discord_server.say(f"{mention(discord_server)} {seed['question']}")
    sent = await discord_server.reply_to(mid)
    assert "291,840" in sent.content and "160,768" in sent.content
    assert sent.content.index("291,840") < sent.content.index("160,768")


@needs_grammar
async def test_buttons_switch_framework_and_show_derivation(discord_server: FakeDiscord,
                                                            start_bot: StartBot) -> None:
    await start_bot()
    asker = snowflake()
    mid = await discord_server.say(f"{mention(discord_server)} lstm 128 input 28", author_id=asker)
    sent = await discord_server.reply_to(mid)
    switch, full = buttons(sent)
    _, token = await discord_server.click(sent.message_id or 0, full, user_id=asker)
    derivation = await discord_server.interaction_reply(token)
    assert derivation.ephemeral and derivation.data["embeds"]
    _, token = await discord_server.click(sent.message_id or 0, switch, user_id=asker)
    edited = await discord_server.interaction_reply(token)
    assert edited.payload["type"] == 7 and "80,896" in edited.content


# -- what is not answered, and what never pings -------------------------------------------------


async def test_bots_are_ignored(discord_server: FakeDiscord, start_bot: StartBot) -> None:
    await start_bot()
    other_bot = await discord_server.say(f"{mention(discord_server)} dense 10 units", bot=True)
    itself = await discord_server.say(f"{mention(discord_server)} dense 10 units", bot=True,
                                      author_id=discord_server.bot_id, name="parambot")
    assert await no_reply(discord_server, other_bot)
    assert await no_reply(discord_server, itself, 0.1)
    # and a person right after is still answered
    person = await discord_server.say(f"{mention(discord_server)} banana")
    await discord_server.reply_to(person)


async def test_everyone_and_role_mentions_are_not_pinged(discord_server: FakeDiscord,
                                                         start_bot: StartBot) -> None:
    await start_bot()
    text = (f"{mention(discord_server)} @everyone @here <@&{discord_server.mod_role_id}> "
            f"<@{discord_server.owner_id}> dense 10 units on 784 inputs")
    mid = await discord_server.say(text, role_mentions=(discord_server.mod_role_id,))
    sent = await discord_server.reply_to(mid)
    assert sent.payload["allowed_mentions"] == {"parse": [], "replied_user": False}
    _, token = await discord_server.slash("params", question="@everyone <@&1> dense 10 units")
    reply = await discord_server.interaction_reply(token)
    assert reply.data["allowed_mentions"]["parse"] == []


async def test_nonsense_gets_a_helpful_error(discord_server: FakeDiscord,
                                             start_bot: StartBot) -> None:
    await start_bot()
    mid = await discord_server.say(f"{mention(discord_server)} banana smoothie with sprinkles")
    sent = await discord_server.reply_to(mid)
    assert "couldn't count" in sent.content and "conv2d 32 filters" in sent.content
    assert not buttons(sent)
    _, token = await discord_server.slash("params", question="banana smoothie")
    reply = await discord_server.interaction_reply(token)
    assert reply.ephemeral and "couldn't count" in reply.content
    # an empty mention gets the how-to
    mid = await discord_server.say(mention(discord_server))
    assert "Ask me" in (await discord_server.reply_to(mid)).content


@needs_grammar
async def test_200_layer_answer_fits(discord_server: FakeDiscord, start_bot: StartBot) -> None:
    await start_bot()
    code = "```python\nnn.Sequential(\n" + "".join("nn.Linear(16,16),\n" for _ in range(200)) + ")\n```"
    mid = await discord_server.say(f"{mention(discord_server)} {code}")
    sent = await discord_server.reply_to(mid)
    assert len(sent.content) <= CONTENT_LIMIT
    assert "54,400" in sent.content  # 200 × (16 × 16 + 16)
    assert re.search(r"… [\d,]+ layers left out …", sent.content)
    assert sent.content.count("```") % 2 == 0
    _, full = buttons(sent)
    _, token = await discord_server.click(sent.message_id or 0, full)
    embeds = (await discord_server.interaction_reply(token)).data["embeds"]
    total = sum(len(e.get("title", "")) + len(e.get("description", ""))
                + len(e.get("footer", {}).get("text", ""))
                + sum(len(f["name"]) + len(f["value"]) for f in e.get("fields", []))
                for e in embeds)
    assert total <= 6000 and all(len(e.get("description", "")) <= 4096 for e in embeds)


# -- the network misbehaving ----------------------------------------------------------------


async def test_reconnects_and_resumes_after_a_drop(discord_server: FakeDiscord,
                                                   start_bot: StartBot) -> None:
    bot = await start_bot()
    first = await discord_server.say(f"{mention(discord_server)} banana")
    await discord_server.reply_to(first)
    session = next(iter(discord_server.sessions.values()))
    await discord_server.drop()
    missed = await discord_server.say(f"{mention(discord_server)} while you were away")
    resume = await discord_server.wait_for(
        lambda: next((op for op in discord_server.ops if op["op"] == 6), None), timeout=10)
    assert resume["d"]["session_id"] == session.id and resume["d"]["seq"] >= 2
    assert len([op for op in discord_server.ops if op["op"] == 2]) == 1  # resumed, not re-identified
    await discord_server.reply_to(missed, timeout=10)  # replayed from the backlog
    after = await discord_server.say(f"{mention(discord_server)} and after")
    await discord_server.reply_to(after)
    assert bot.is_ready() and not bot.is_closed()


async def test_429_retry_after_is_respected(discord_server: FakeDiscord,
                                           start_bot: StartBot) -> None:
    await start_bot()
    discord_server.rate_limits.append(("/messages", 0.6))
    mid = await discord_server.say(f"{mention(discord_server)} banana")
    sent = await discord_server.reply_to(mid, timeout=10)
    (_, limited_at), = discord_server.limited
    assert sent.at - limited_at >= 0.6
    await asyncio.sleep(0.2)
    assert len([s for s in discord_server.sent if s.reference == mid]) == 1


# -- settings, restart, sharding, the prefix command ----------------------------------------


async def test_server_setting_survives_a_restart(discord_server: FakeDiscord,
                                                 start_bot: StartBot) -> None:
    bot = await start_bot()
    assert discord_server.command_writes == 1
    names = {c["name"] for c in discord_server.commands["global"]}
    assert {"params", "params-settings"} <= names
    _, token = await discord_server.slash("params-settings", framework="pytorch", permissions=0)
    refused = await discord_server.interaction_reply(token)
    assert refused.ephemeral and "Manage Server" in refused.content
    _, token = await discord_server.slash("params-settings", framework="pytorch",
                                          permissions=MANAGE_GUILD)
    assert "PyTorch" in (await discord_server.interaction_reply(token)).content

    await start_bot.stop(bot)
    await start_bot()
    _, token = await discord_server.slash("params-settings")
    shown = await discord_server.interaction_reply(token)
    assert "**PyTorch**" in shown.content and shown.ephemeral
    assert discord_server.command_writes == 1  # unchanged commands are not synced again


async def test_runs_sharded(discord_server: FakeDiscord, start_bot: StartBot) -> None:
    bot = await start_bot(SHARD_COUNT="2", SHARD_IDS="0,1")
    await discord_server.wait_connected(2)
    shards = sorted(tuple(op["d"]["shard"]) for op in discord_server.ops if op["op"] == 2)
    assert shards == [(0, 2), (1, 2)] and bot.shard_count == 2
    mid = await discord_server.say(f"{mention(discord_server)} banana")
    await discord_server.reply_to(mid)


async def test_prefix_command_needs_message_content(discord_server: FakeDiscord,
                                                    start_bot: StartBot) -> None:
    await start_bot()
    silent = await discord_server.say("!params banana")  # content blanked without the intent
    assert await no_reply(discord_server, silent)
    in_dm = await discord_server.say("!params banana", dm=True)  # DMs always carry content
    assert "couldn't count" in (await discord_server.reply_to(in_dm)).content


async def test_prefix_command_with_message_content(discord_server: FakeDiscord,
                                                   start_bot: StartBot) -> None:
    await start_bot(PARAMBOT_MESSAGE_CONTENT="1")
    identify = next(op for op in discord_server.ops if op["op"] == 2)
    assert identify["d"]["intents"] & (1 << 15)
    mid = await discord_server.say("!params banana")
    assert "couldn't count" in (await discord_server.reply_to(mid)).content
    chatter = await discord_server.say("just talking about banana bread")
    assert await no_reply(discord_server, chatter)


async def test_autocomplete_offers_completions(discord_server: FakeDiscord,
                                               start_bot: StartBot) -> None:
    await start_bot()
    _, token = await discord_server.autocomplete("params", "question", "bidirectional ls")
    sent = await discord_server.wait_for(
        lambda: next((s for s in discord_server.sent if s.token == token), None))
    assert sent.payload["type"] == 8
    values = [c["value"] for c in sent.payload["data"]["choices"]]
    assert values[0] == "bidirectional ls" and "bidirectional LSTM" in values
    assert len(values) <= 25 and all(len(v) <= 100 for v in values)


# -- embedding: the extension in a host bot -------------------------------------------------


async def test_extension_in_a_host_bot(discord_server: FakeDiscord, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARAMBOT_DATA_DIR", str(tmp_path / "ext-data"))
    Route.BASE = discord_server.api_base  # the host points its own client, as hosts do
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(discord_server.gateway_url)
    intents = discord.Intents.default()
    intents.message_content = True
    host = commands.Bot(command_prefix="?", intents=intents, guild_ready_timeout=0.05)
    host_errors: list[str] = []

    @host.command()
    async def ping(ctx: commands.Context[commands.Bot]) -> None:
        await ctx.send("pong", allowed_mentions=discord.AllowedMentions.none())

    @host.event
    async def on_command_error(ctx: commands.Context[commands.Bot], exc: Exception) -> None:
        host_errors.append(type(exc).__name__)

    handler = host.on_command_error
    help_command = host.help_command
    await host.load_extension("parambot.bot.extension")
    assert host.tree.get_command("params") is not None
    assert host.get_command("params") is not None and host.get_command("ping") is not None
    task = asyncio.create_task(host.start(discord_server.token))
    try:
        async with asyncio.timeout(10):
            while not host.is_ready():
                await asyncio.sleep(0.01)
        assert discord_server.command_writes == 0  # the host decides when to sync
        await discord_server.say("?ping")
        await discord_server.wait_for(
            lambda: any(s.content == "pong" for s in discord_server.sent))
        mid = await discord_server.say("?params banana")
        assert "couldn't count" in (await discord_server.reply_to(mid)).content
        mid = await discord_server.say("!params banana")  # not the host's prefix
        assert await no_reply(discord_server, mid, 0.3)
        _, token = await discord_server.slash("params", question="banana")
        assert (await discord_server.interaction_reply(token)).ephemeral
        mid = await discord_server.say(f"{mention(discord_server)} banana")
        await discord_server.reply_to(mid)
        await discord_server.say("?nosuchcommand")
        await discord_server.wait_for(lambda: host_errors)
        assert host_errors == ["CommandNotFound"]  # the host's handler still gets its errors
        assert host.on_command_error == handler and host.help_command is help_command
        await host.unload_extension("parambot.bot.extension")
        assert host.tree.get_command("params") is None
    finally:
        async with asyncio.timeout(10):
            await host.close()
            await task


# -- load: a burst from many users -----------------------------------------------------------


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


async def test_burst_of_500_from_50_users(discord_server: FakeDiscord, start_bot: StartBot) -> None:
    bot = await start_bot(PARAMBOT_COOLDOWN_RATE="5", PARAMBOT_COOLDOWN_SECONDS="300")
    questions = ["dense 10 units on 784 inputs", "conv2d 32 filters 3x3 on 28x28x1",
                 "nn.Linear(512, 256)", "banana", "lstm 256 vs bilstm 128 input 28"]

    async def burst() -> tuple[int, int, float]:
        users = [snowflake() for _ in range(50)]
        start = time.monotonic()
        ids = []
        for i in range(10):
            for j, u in enumerate(users):
                ids.append(await discord_server.say(
                    f"{mention(discord_server)} {questions[(i + j) % len(questions)]}", author_id=u))
        wanted = set(ids)

        def replied() -> dict[int, str] | None:
            got = {s.reference: s.content for s in discord_server.sent if s.reference in wanted}
            return got if len(got) == len(wanted) else None

        got = await discord_server.wait_for(replied, timeout=30)
        slow = sum(1 for c in got.values() if c.startswith("⏳ Slow down"))
        return len(got), slow, time.monotonic() - start

    answered, slow, took = await burst()
    assert answered == 500 and slow == 250, (answered, slow)  # 5 per user answered, 5 told
    assert took < 15, took
    gc.collect()
    before = rss_bytes()
    answered, slow, took = await burst()
    gc.collect()
    grown = rss_bytes() - before
    assert answered == 500 and slow == 250
    assert grown < 20 * 2**20, f"memory grew by {grown / 2**20:.1f} MiB over the second burst"
    cog = bot.get_cog("parambot")
    assert cog is not None and len(cog.recent) <= cog.recent.size  # type: ignore[attr-defined]
    assert not bot._connection._view_store._views  # no View object kept per answer
    replies = [s for s in discord_server.sent if s.kind == "message"]
    assert len(replies) == 1000 and len({s.reference for s in replies}) == 1000  # none twice


# -- the process: token, SIGTERM -------------------------------------------------------------


def _env(server: FakeDiscord | None, tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "PARAMBOT_"))}
    env.update(PARAMBOT_DATA_DIR=str(tmp_path / "data"), HOME=str(tmp_path), **extra)
    if server is not None:
        env.update(server.env())
    return env


async def test_missing_token_is_a_clear_error(tmp_path: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "parambot.bot.discord_app", cwd=tmp_path, env=_env(None, tmp_path),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    async with asyncio.timeout(20):
        out, err = await proc.communicate()
    assert proc.returncode == 2
    assert b"DISCORD_TOKEN is not set" in err and b"Traceback" not in err


async def test_sigterm_shuts_down_cleanly_and_never_logs_the_token(
        discord_server: FakeDiscord, tmp_path: Path) -> None:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "parambot.bot.discord_app", cwd=tmp_path,
        env=_env(discord_server, tmp_path), stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE)
    try:
        await discord_server.wait_connected(timeout=20)
        mid = await discord_server.say(f"{mention(discord_server)} banana")
        await discord_server.reply_to(mid, timeout=10)
        proc.send_signal(signal.SIGTERM)
        async with asyncio.timeout(15):
            out, err = await proc.communicate()
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    assert proc.returncode == 0, err.decode()[-2000:]
    assert b"Traceback" not in err
    assert discord_server.token.encode() not in out + err
    await discord_server.wait_for(lambda: not discord_server.connections)
