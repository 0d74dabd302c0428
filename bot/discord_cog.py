"""The one Cog both the standalone bot and the extension use: ``/params``, ``/params-settings``,
the ``params`` prefix command, mentions, DMs and the buttons under an answer.

It never raises out of a command (so a host bot's error handler never sees parambot's
errors), never pings anyone, and never sends more than Discord accepts.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from ..engine.answer import Answer, ErrorInfo
from ..engine.core import Framework
from .discord_settings import Settings
from .discord_state import Asked, Cooldown, GuildStore, RecentQuestions
from .discord_text import CHOICE_CHARS, extract_question, suggestions
from .render_discord import (
    EXAMPLE,
    FRAMEWORK_NAMES,
    DiscordReply,
    check_limits,
    render_answer,
    render_cooldown,
    render_full,
    render_notice,
)
from .service import MAX_QUESTION_CHARS, ask

log = logging.getLogger("parambot.discord")

#: Every message parambot sends carries this: nobody is pinged, whatever the question says.
NO_MENTIONS = discord.AllowedMentions.none()
BUTTON_PREFIX = "parambot:v1:"
#: Discord wants an interaction answered within 3 seconds; past this, defer first.
DEFER_AFTER = 2.0

HELP = (
    "Ask me how many parameters a layer or model has, e.g. `@parambot " + EXAMPLE + "`, "
    "`/params question: nn.Linear(512, 256)`, or paste Keras/PyTorch code in a code block."
)


class Answerer:
    """Runs :func:`service.ask` off the event loop, one question at a time, so a big model
    never stalls the gateway heartbeat and the parser is never used from two threads."""

    def __init__(self) -> None:
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parambot-ask")

    async def ask(self, question: str, framework: Framework | None, default: Framework) -> Answer:
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._pool, ask, question, framework, default)
        except Exception:  # an internal fault: the user gets an apology, the log the trace
            log.exception("internal error answering a question")
            return Answer(question[:200], framework or default, error=ErrorInfo(
                "Something went wrong inside parambot while counting that; it has been logged."))

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


class ParamsCog(commands.Cog, name="parambot"):
    """Parameter counts as Keras 3 and PyTorch report them."""

    def __init__(self, bot: commands.Bot | commands.AutoShardedBot, settings: Settings, *,
                 standalone: bool) -> None:
        self.bot = bot
        self.settings = settings
        self.standalone = standalone
        self.store = GuildStore(settings.data_dir)
        self.cooldown = Cooldown(settings.cooldown_rate, settings.cooldown_seconds)
        self.recent = RecentQuestions()
        self.answers = Answerer()

    async def cog_unload(self) -> None:
        self.answers.close()
        self.store.close()

    # -- shared helpers ---------------------------------------------------------------------

    def default_framework(self, guild_id: int | None) -> Framework:
        return self.store.framework(guild_id) or self.settings.default_framework

    def buttons(self, token: str, framework: Framework) -> discord.ui.View:
        other: Framework = "pytorch" if framework == "keras" else "keras"
        view = discord.ui.View(timeout=None)
        view.add_item(discord.ui.Button(
            label=f"Show as {FRAMEWORK_NAMES[other]}", style=discord.ButtonStyle.secondary,
            custom_id=f"{BUTTON_PREFIX}switch:{token}"))
        view.add_item(discord.ui.Button(
            label="Full derivation", style=discord.ButtonStyle.primary,
            custom_id=f"{BUTTON_PREFIX}full:{token}"))
        # Clicks are routed by custom_id in on_interaction; a stopped view is sent as
        # components but not kept in discord.py's view store, so no object lingers per
        # message and the buttons keep working for as long as the question is remembered.
        view.stop()
        return view

    @staticmethod
    def payload(reply: DiscordReply) -> dict[str, Any]:
        problems = check_limits(reply)
        if not problems.ok:  # a renderer bug: send something Discord accepts instead
            log.error("reply over Discord limits: %s", ", ".join(problems.problems))
            reply = render_notice("That answer came out too long to send; try asking for less.")
        return {
            "content": reply.content or None,
            "embeds": [discord.Embed.from_dict(e.to_dict()) for e in reply.embeds],
            "allowed_mentions": NO_MENTIONS,
        }

    async def answer_for(self, question: str, explicit: Framework | None, guild_id: int | None,
                         user_id: int) -> tuple[DiscordReply, discord.ui.View | None]:
        default = self.default_framework(guild_id)
        answer = await self.answers.ask(question, explicit, default)
        reply = render_answer(answer)
        if reply.error:
            return reply, None
        token = self.recent.add(Asked(question, answer.framework, default, user_id))
        return reply, self.buttons(token, answer.framework)

    # -- messages: mentions, DMs, the prefix command ------------------------------------------

    async def reply_to(self, message: discord.Message, question: str) -> None:
        retry = self.cooldown.hit(message.author.id)
        if retry is not None:
            await self.send(message, render_cooldown(retry))
            return
        if not question.strip():
            await self.send(message, render_notice(HELP))
            return
        guild_id = message.guild.id if message.guild else None
        reply, view = await self.answer_for(question, None, guild_id, message.author.id)
        await self.send(message, reply, view)

    async def send(self, message: discord.Message, reply: DiscordReply,
                   view: discord.ui.View | None = None) -> None:
        kwargs = self.payload(reply)
        if view is not None:
            kwargs["view"] = view
        try:
            await message.channel.send(
                reference=message.to_reference(fail_if_not_exists=False),
                mention_author=False, **kwargs)
        except discord.HTTPException as exc:  # no permission to speak here, channel gone...
            log.warning("could not reply in channel %s: HTTP %s", message.channel.id, exc.status)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.webhook_id is not None:
            return
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return
        me = self.bot.user
        if me is None:
            return
        in_dm = message.guild is None
        own_roles = tuple(r.id for r in message.role_mentions
                          if r.tags is not None and r.tags.bot_id == me.id)
        mentioned = (f"<@{me.id}>" in message.content or f"<@!{me.id}>" in message.content
                     or bool(own_roles))
        if not ((in_dm and self.settings.answer_dms) or (mentioned and self.settings.answer_mentions)):
            return
        ctx: commands.Context[Any] = await self.bot.get_context(message)
        if ctx.valid:  # a command (this cog's prefix command or the host's) handles it
            return
        text = message.content[: MAX_QUESTION_CHARS + 1000]
        question = extract_question(text, me.id, own_roles, self.settings.prefix)
        await self.reply_to(message, question)

    @commands.command(name="params", help="Count a model's parameters, e.g. !params " + EXAMPLE)
    async def params_prefix(self, ctx: commands.Context[Any], *, question: str = "") -> None:
        if ctx.author.bot:
            return
        await self.reply_to(ctx.message, question)

    # -- slash commands -------------------------------------------------------------------------

    async def respond(self, interaction: discord.Interaction, reply: DiscordReply, *,
                      ephemeral: bool, view: discord.ui.View | None = None) -> None:
        kwargs = self.payload(reply)
        if view is not None:
            kwargs["view"] = view
        try:
            if interaction.response.is_done():
                await interaction.followup.send(ephemeral=ephemeral, **kwargs)
            else:
                await interaction.response.send_message(ephemeral=ephemeral, **kwargs)
        except discord.HTTPException as exc:  # the interaction expired, or Discord refused
            log.warning("could not answer interaction: HTTP %s", exc.status)

    @app_commands.command(name="params",
                          description="How many parameters? Exactly as Keras 3 or PyTorch count them")
    @app_commands.describe(
        question="A layer or model in words or code, e.g. " + EXAMPLE,
        framework="Count as Keras 3 or PyTorch (default: the question's own words, then the server's)",
    )
    async def params_slash(
        self,
        interaction: discord.Interaction,
        question: app_commands.Range[str, 1, MAX_QUESTION_CHARS],
        framework: Literal["keras", "pytorch"] | None = None,
    ) -> None:
        retry = self.cooldown.hit(interaction.user.id)
        if retry is not None:
            await self.respond(interaction, render_cooldown(retry), ephemeral=True)
            return
        work = asyncio.ensure_future(
            self.answer_for(question, framework, interaction.guild_id, interaction.user.id))
        done, _ = await asyncio.wait({work}, timeout=DEFER_AFTER)
        if not done:
            try:
                await interaction.response.defer(thinking=True)
            except discord.HTTPException as exc:
                log.warning("could not defer interaction: HTTP %s", exc.status)
        reply, view = await work
        if reply.error and interaction.response.is_done():
            # The "thinking…" message is public; errors belong to the asker alone.
            try:
                await interaction.delete_original_response()
            except discord.HTTPException:
                pass
        await self.respond(interaction, reply, ephemeral=reply.error, view=view)

    @params_slash.autocomplete("question")
    async def question_autocomplete(self, interaction: discord.Interaction, current: str
                                    ) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=s[:CHOICE_CHARS], value=s[:CHOICE_CHARS])
                for s in suggestions(current)]

    @app_commands.command(name="params-settings",
                          description="This server's default framework for parambot")
    @app_commands.describe(framework="New default (leave empty to see the current one)")
    @app_commands.guild_only()
    @app_commands.default_permissions(manage_guild=True)
    async def settings_slash(
        self, interaction: discord.Interaction,
        framework: Literal["keras", "pytorch", "reset"] | None = None,
    ) -> None:
        guild_id = interaction.guild_id
        if guild_id is None:
            await self.respond(interaction, render_notice("Settings apply to servers only."),
                               ephemeral=True)
            return
        current = self.default_framework(guild_id)
        if framework is None:
            text = f"This server's default framework is **{FRAMEWORK_NAMES[current]}**."
        elif not interaction.permissions.manage_guild:
            text = "Only members with **Manage Server** can change parambot's settings here."
        else:
            self.store.set_framework(guild_id, None if framework == "reset" else framework,
                                     interaction.user.id)
            now = self.default_framework(guild_id)
            text = (f"Done: questions here are counted as **{FRAMEWORK_NAMES[now]}** unless they "
                    "name a framework or pick one with `framework:`.")
        await self.respond(interaction, render_notice(text), ephemeral=True)

    # -- the buttons under an answer ------------------------------------------------------------

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is not discord.InteractionType.component:
            return
        data: dict[str, Any] = dict(interaction.data or {})
        custom_id = str(data.get("custom_id", ""))
        if not custom_id.startswith(BUTTON_PREFIX):
            return
        action, _, token = custom_id[len(BUTTON_PREFIX):].partition(":")
        asked = self.recent.get(token)
        if asked is None:
            await self.respond(interaction, render_notice(
                "I no longer remember that question (it is old, or I restarted). Ask again?"),
                ephemeral=True)
            return
        if action == "full":
            answer = await self.answers.ask(asked.question, asked.framework, asked.default)
            await self.respond(interaction, render_full(answer), ephemeral=True)
        elif action == "switch":
            await self.switch(interaction, token, asked)

    async def switch(self, interaction: discord.Interaction, token: str, asked: Asked) -> None:
        other: Framework = "pytorch" if asked.framework == "keras" else "keras"
        answer = await self.answers.ask(asked.question, other, asked.default)
        if answer.ok and answer.framework == asked.framework:
            await self.respond(interaction, render_notice(
                f"The question itself names {FRAMEWORK_NAMES[asked.framework]}; reword it to ask "
                f"about {FRAMEWORK_NAMES[other]}."), ephemeral=True)
            return
        reply = render_answer(answer)
        if reply.error or interaction.user.id != asked.user_id:
            # Only the asker rewrites the shared answer; anyone else gets their own copy.
            await self.respond(interaction, reply, ephemeral=True)
            return
        self.recent.replace(token, Asked(asked.question, answer.framework, asked.default,
                                         asked.user_id))
        try:
            await interaction.response.edit_message(
                view=self.buttons(token, answer.framework), **self.payload(reply))
        except discord.HTTPException as exc:
            log.warning("could not switch framework: HTTP %s", exc.status)
