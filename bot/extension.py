"""parambot as a discord.py extension: ``await bot.load_extension("parambot.bot.extension")``.

Adds :class:`ParamsCog` to the host bot: ``/params`` and ``/params-settings`` go into the
host's command tree (the host syncs when it chooses), ``params`` becomes a prefix command
under the host's own prefix, and mentions of the host bot are answered unless a host
command handles the message. DMs are left to the host unless PARAMBOT_ANSWER_DMS=1.
The host's error handler, help command and sync are not touched. Settings come from the
environment like the standalone bot's, but no token is needed.
"""

from __future__ import annotations

from discord.ext import commands

from .discord_cog import ParamsCog
from .discord_settings import Settings


async def setup(bot: commands.Bot) -> None:
    settings = Settings.from_env(require_token=False, answer_dms=False)
    await bot.add_cog(ParamsCog(bot, settings, standalone=False))


async def teardown(bot: commands.Bot) -> None:
    # discord.py removes only cogs defined in the extension's own module on unload; the
    # Cog lives in discord_cog (shared with the standalone bot), so remove it here.
    await bot.remove_cog(ParamsCog.__cog_name__)
