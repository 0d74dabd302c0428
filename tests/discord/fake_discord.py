"""A small local Discord: the REST routes and the gateway websocket discord.py 2.x uses,
served by aiohttp on 127.0.0.1 (a random port), so the real client can be tested end to end.

It keeps what a test needs to look at: every payload the bot sent (messages, interaction
callbacks, follow-ups, edits), every gateway op it received, and a backlog per session so
that a RESUME replays what was missed. It behaves like Discord where the bot's behaviour
depends on it: message content is blanked for guild messages that do not mention the bot
unless the message content intent was identified with, 429s carry ``retry_after`` (and the
``Via`` header Discord's edge adds), interaction tokens answer once.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

DISCORD_EPOCH_MS = 1420070400000
MESSAGE_CONTENT_INTENT = 1 << 15
API = "/api/v10"

_counter = itertools.count(1)


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    """JSON as Discord sends it: discord.py parses a body only when the content type is
    exactly ``application/json`` (aiohttp's json_response adds a charset)."""
    return web.Response(body=json.dumps(data).encode(), status=status,
                        headers={"Content-Type": "application/json", **(headers or {})})


def snowflake() -> int:
    ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
    return (ms << 22) | (next(_counter) & 0x3FFFFF)


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000+00:00", time.gmtime())


def user(uid: int, name: str, *, bot: bool = False) -> dict[str, Any]:
    return {"id": str(uid), "username": name, "discriminator": "0", "global_name": name,
            "avatar": None, "bot": bot, "public_flags": 0}


@dataclass
class Sent:
    """One thing the bot sent: ``kind`` is message, edit, callback or followup."""

    kind: str
    payload: dict[str, Any]
    at: float
    channel_id: int | None = None
    interaction_id: int | None = None
    token: str | None = None
    message_id: int | None = None

    @property
    def content(self) -> str:
        data = self.payload.get("data", self.payload) if self.kind == "callback" else self.payload
        return (data or {}).get("content") or ""

    @property
    def data(self) -> dict[str, Any]:
        if self.kind == "callback":
            return self.payload.get("data") or {}
        return self.payload

    @property
    def ephemeral(self) -> bool:
        return bool(int(self.data.get("flags") or 0) & 64)

    @property
    def reference(self) -> int | None:
        ref = self.payload.get("message_reference")
        return int(ref["message_id"]) if ref else None


@dataclass
class Session:
    id: str
    shard: tuple[int, int]
    intents: int
    seq: int = 0
    backlog: list[dict[str, Any]] = field(default_factory=list)

    def frame(self, event: str, data: dict[str, Any]) -> dict[str, Any]:
        self.seq += 1
        frame = {"op": 0, "s": self.seq, "t": event, "d": data}
        self.backlog.append(frame)
        del self.backlog[:-500]
        return frame


@dataclass
class Connection:
    ws: web.WebSocketResponse
    request: web.Request
    session: Session | None = None


class FakeDiscord:
    def __init__(self, token: str = "test-token-not-real") -> None:
        self.token = token
        self.bot_id = snowflake()
        self.app_id = self.bot_id
        self.owner_id = snowflake()
        self.guild_id = snowflake()
        self.channel_id = snowflake()
        self.bot_role_id = snowflake()
        self.mod_role_id = snowflake()
        self.bot_user = user(self.bot_id, "parambot", bot=True)
        self.sent: list[Sent] = []
        self.ops: list[dict[str, Any]] = []  # every gateway op received from the bot
        self.sessions: dict[str, Session] = {}
        self.connections: list[Connection] = []
        self.commands: dict[str, list[dict[str, Any]]] = {}  # scope -> last bulk overwrite
        self.command_writes = 0
        self.unknown_routes: list[str] = []
        self.rate_limits: list[tuple[str, float]] = []  # (path fragment, retry_after) to answer 429
        self.limited: list[tuple[str, float]] = []  # (path, time) of 429s answered
        self.messages: dict[int, dict[str, Any]] = {}
        self.answered_tokens: set[str] = set()
        self.changes = 0
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.app = self._make_app()

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> None:
        self._runner = web.AppRunner(self.app, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets
        self.port = server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        for c in list(self.connections):
            await c.ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    def env(self, **extra: str) -> dict[str, str]:
        return {"DISCORD_TOKEN": self.token, "DISCORD_API_BASE": self.api_base,
                "DISCORD_GATEWAY_URL": self.gateway_url, **extra}

    async def _notify(self) -> None:
        self.changes += 1

    async def wait_for(self, check: Callable[[], Any], timeout: float = 5.0) -> Any:
        """Wait (polling, bounded by ``timeout``) until ``check()`` returns something truthy."""
        async with asyncio.timeout(timeout):
            while True:
                result = check()
                if result:
                    return result
                await asyncio.sleep(0.01)

    # -- REST -------------------------------------------------------------------------------------

    def _make_app(self) -> web.Application:
        app = web.Application(middlewares=[self._middleware])
        r = app.router
        r.add_get(API + "/users/@me", self._me)
        r.add_get(API + "/oauth2/applications/@me", self._application)
        r.add_get(API + "/applications/@me", self._application)
        r.add_get(API + "/gateway/bot", self._gateway_bot)
        r.add_get(API + "/gateway", self._gateway_bot)
        r.add_post(API + "/channels/{cid}/messages", self._create_message)
        r.add_patch(API + "/channels/{cid}/messages/{mid}", self._edit_message)
        r.add_get(API + "/channels/{cid}/messages/{mid}", self._get_message)
        r.add_post(API + "/channels/{cid}/typing", self._no_content)
        r.add_put(API + "/applications/{app}/commands", self._bulk_commands)
        r.add_put(API + "/applications/{app}/guilds/{gid}/commands", self._bulk_commands)
        r.add_get(API + "/applications/{app}/commands", self._get_commands)
        r.add_post(API + "/interactions/{iid}/{token}/callback", self._callback)
        r.add_post(API + "/webhooks/{app}/{token}", self._followup)
        r.add_patch(API + "/webhooks/{app}/{token}/messages/{mid}", self._webhook_edit)
        r.add_get(API + "/webhooks/{app}/{token}/messages/{mid}", self._webhook_get)
        r.add_delete(API + "/webhooks/{app}/{token}/messages/{mid}", self._webhook_delete)
        r.add_get("/gateway", self._gateway)
        r.add_route("*", "/{tail:.*}", self._unknown)
        return app

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        path = request.path
        if path.startswith(API) and not path.startswith((API + "/webhooks/", API + "/interactions/")):
            if request.headers.get("Authorization") != f"Bot {self.token}":
                return _json({"message": "401: Unauthorized", "code": 0}, status=401)
        for i, (fragment, retry_after) in enumerate(self.rate_limits):
            if fragment in path and request.method != "GET":
                del self.rate_limits[i]
                self.limited.append((path, time.monotonic()))
                return _json(
                    {"message": "You are being rate limited.", "retry_after": retry_after,
                     "global": False},
                    status=429,
                    headers={"Via": "1.1 google", "X-RateLimit-Scope": "user",
                             "Retry-After": str(max(1, round(retry_after)))},
                )
        return await handler(request)

    async def _body(self, request: web.Request) -> dict[str, Any]:
        if request.content_type.startswith("multipart/"):
            form = await request.post()
            return json.loads(str(form.get("payload_json") or "{}"))
        if not request.can_read_body:
            return {}
        return await request.json()

    async def _unknown(self, request: web.Request) -> web.Response:
        self.unknown_routes.append(f"{request.method} {request.path}")
        return _json({"message": "404: Not Found", "code": 0}, status=404)

    async def _no_content(self, request: web.Request) -> web.Response:
        return web.Response(status=204)

    async def _me(self, request: web.Request) -> web.Response:
        return _json({**self.bot_user, "verified": True, "mfa_enabled": False,
                                  "flags": 0, "locale": "en-US"})

    async def _application(self, request: web.Request) -> web.Response:
        return _json({
            "id": str(self.app_id), "name": "parambot", "description": "", "icon": None,
            "bot_public": True, "bot_require_code_grant": False, "verify_key": "00" * 32,
            "owner": user(self.owner_id, "owner"), "flags": 0, "team": None,
            "summary": "", "rpc_origins": [], "tags": [],
        })

    async def _gateway_bot(self, request: web.Request) -> web.Response:
        return _json({
            "url": self.gateway_url, "shards": 1,
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 0,
                                    "max_concurrency": 1},
        })

    def _message(self, channel_id: int, payload: dict[str, Any], *, author: dict[str, Any],
                 mid: int | None = None, flags: int = 0) -> dict[str, Any]:
        mid = mid or snowflake()
        msg: dict[str, Any] = {
            "id": str(mid), "channel_id": str(channel_id), "author": author,
            "content": payload.get("content") or "", "timestamp": now_iso(),
            "edited_timestamp": None, "tts": False, "mention_everyone": False, "mentions": [],
            "mention_roles": [], "attachments": [], "embeds": payload.get("embeds") or [],
            "components": payload.get("components") or [], "pinned": False,
            "type": 19 if payload.get("message_reference") else 0,
            "flags": int(payload.get("flags") or 0) | flags,
        }
        if channel_id == self.channel_id:
            msg["guild_id"] = str(self.guild_id)
        if payload.get("message_reference"):
            msg["message_reference"] = payload["message_reference"]
        self.messages[mid] = msg
        return msg

    async def _create_message(self, request: web.Request) -> web.Response:
        cid = int(request.match_info["cid"])
        payload = await self._body(request)
        msg = self._message(cid, payload, author=self.bot_user)
        self.sent.append(Sent("message", payload, time.monotonic(), channel_id=cid,
                              message_id=int(msg["id"])))
        await self._notify()
        return _json(msg)

    async def _edit_message(self, request: web.Request) -> web.Response:
        mid = int(request.match_info["mid"])
        payload = await self._body(request)
        self.sent.append(Sent("edit", payload, time.monotonic(),
                              channel_id=int(request.match_info["cid"]), message_id=mid))
        msg = self.messages.get(mid) or self._message(int(request.match_info["cid"]), {},
                                                       author=self.bot_user, mid=mid)
        msg.update({k: v for k, v in payload.items() if k in ("content", "embeds", "components")})
        await self._notify()
        return _json(msg)

    async def _get_message(self, request: web.Request) -> web.Response:
        msg = self.messages.get(int(request.match_info["mid"]))
        if msg is None:
            return _json({"message": "Unknown Message", "code": 10008}, status=404)
        return _json(msg)

    async def _bulk_commands(self, request: web.Request) -> web.Response:
        payload = await self._body(request)
        scope = request.match_info.get("gid", "global")
        out = [{**c, "id": str(snowflake()), "application_id": str(self.app_id), "version": "1",
                "default_member_permissions": c.get("default_member_permissions")}
               for c in payload]
        self.commands[scope] = out
        self.command_writes += 1
        await self._notify()
        return _json(out)

    async def _get_commands(self, request: web.Request) -> web.Response:
        return _json(self.commands.get("global", []))

    async def _callback(self, request: web.Request) -> web.Response:
        iid = int(request.match_info["iid"])
        token = request.match_info["token"]
        payload = await self._body(request)
        if token in self.answered_tokens:
            return _json(
                {"message": "Interaction has already been acknowledged.", "code": 40060},
                status=400)
        self.answered_tokens.add(token)
        kind = int(payload.get("type", 0))
        data = payload.get("data") or {}
        sent = Sent("callback", payload, time.monotonic(), interaction_id=iid, token=token)
        self.sent.append(sent)
        interaction: dict[str, Any] = {"id": str(iid), "type": 2,
                                       "response_message_loading": kind == 5,
                                       "response_message_ephemeral": bool(int(data.get("flags") or 0) & 64)}
        body: dict[str, Any] = {"interaction": interaction}
        if kind in (4, 5, 7):
            msg = self._message(self.channel_id, data, author=self.bot_user)
            interaction["response_message_id"] = msg["id"]
            sent.message_id = int(msg["id"])
            body["resource"] = {"type": kind, "message": msg}
        await self._notify()
        return _json(body)

    async def _followup(self, request: web.Request) -> web.Response:
        payload = await self._body(request)
        msg = self._message(self.channel_id, payload, author=self.bot_user)
        self.sent.append(Sent("followup", payload, time.monotonic(), token=request.match_info["token"],
                              message_id=int(msg["id"])))
        await self._notify()
        return _json(msg)

    async def _webhook_edit(self, request: web.Request) -> web.Response:
        payload = await self._body(request)
        self.sent.append(Sent("edit", payload, time.monotonic(), token=request.match_info["token"]))
        await self._notify()
        return _json(self._message(self.channel_id, payload, author=self.bot_user))

    async def _webhook_get(self, request: web.Request) -> web.Response:
        return _json(self._message(self.channel_id, {}, author=self.bot_user))

    async def _webhook_delete(self, request: web.Request) -> web.Response:
        self.sent.append(Sent("delete", {}, time.monotonic(), token=request.match_info["token"]))
        await self._notify()
        return web.Response(status=204)

    # -- gateway ------------------------------------------------------------------------------

    def guild_payload(self) -> dict[str, Any]:
        perms = str((1 << 41) - 1)
        role = {"color": 0, "hoist": False, "managed": False, "mentionable": True, "flags": 0,
                "icon": None, "unicode_emoji": None}
        return {
            "id": str(self.guild_id), "name": "Study group", "icon": None, "splash": None,
            "owner_id": str(self.owner_id), "afk_timeout": 300, "verification_level": 0,
            "default_message_notifications": 0, "explicit_content_filter": 0,
            "roles": [
                {**role, "id": str(self.guild_id), "name": "@everyone", "position": 0,
                 "permissions": "1071698660929"},
                {**role, "id": str(self.bot_role_id), "name": "parambot", "position": 1,
                 "permissions": perms, "managed": True, "tags": {"bot_id": str(self.bot_id)}},
                {**role, "id": str(self.mod_role_id), "name": "moderators", "position": 2,
                 "permissions": perms},
            ],
            "emojis": [], "stickers": [], "features": [], "mfa_level": 0,
            "system_channel_id": None, "system_channel_flags": 0, "rules_channel_id": None,
            "channels": [{"id": str(self.channel_id), "type": 0, "name": "general",
                          "position": 0, "permission_overwrites": [], "nsfw": False,
                          "topic": None, "last_message_id": None, "rate_limit_per_user": 0}],
            "members": [{"user": self.bot_user, "roles": [str(self.bot_role_id)],
                         "joined_at": now_iso(), "deaf": False, "mute": False, "flags": 0}],
            "member_count": 3, "large": False, "unavailable": False, "joined_at": now_iso(),
            "threads": [], "stage_instances": [], "guild_scheduled_events": [],
            "voice_states": [], "presences": [], "premium_tier": 0,
            "preferred_locale": "en-US", "nsfw_level": 0, "premium_progress_bar_enabled": False,
        }

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        conn = Connection(ws, request)
        self.connections.append(conn)
        try:
            await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}})
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                frame = json.loads(msg.data)
                self.ops.append(frame)
                await self._notify()
                op = frame.get("op")
                if op == 1:
                    await ws.send_json({"op": 11})
                elif op == 2:
                    await self._identify(conn, frame["d"])
                elif op == 6:
                    await self._resume(conn, frame["d"])
        finally:
            if conn in self.connections:
                self.connections.remove(conn)
            await self._notify()
        return ws

    async def _identify(self, conn: Connection, d: dict[str, Any]) -> None:
        if d.get("token") != self.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        shard = tuple(d.get("shard") or (0, 1))
        session = Session(f"session-{snowflake()}", (int(shard[0]), int(shard[1])),
                          int(d.get("intents", 0)))
        self.sessions[session.id] = session
        conn.session = session
        mine = (self.guild_id >> 22) % session.shard[1] == session.shard[0]
        ready = {
            "v": 10, "user": {**self.bot_user, "verified": True, "mfa_enabled": False, "flags": 0},
            "guilds": [{"id": str(self.guild_id), "unavailable": True}] if mine else [],
            "session_id": session.id, "resume_gateway_url": self.gateway_url,
            "shard": list(session.shard), "application": {"id": str(self.app_id), "flags": 0},
            "private_channels": [], "relationships": [], "presences": [],
            "geo_ordered_rtc_regions": [], "guild_join_requests": [],
        }
        await conn.ws.send_json(session.frame("READY", ready))
        if mine:
            await conn.ws.send_json(session.frame("GUILD_CREATE", self.guild_payload()))
        await self._notify()

    async def _resume(self, conn: Connection, d: dict[str, Any]) -> None:
        session = self.sessions.get(d.get("session_id", ""))
        if session is None or d.get("token") != self.token:
            await conn.ws.send_json({"op": 9, "d": False})
            return
        conn.session = session
        for frame in session.backlog:
            if frame["s"] > int(d.get("seq") or 0):
                await conn.ws.send_json(frame)
        await conn.ws.send_json(session.frame("RESUMED", {}))
        await self._notify()

    async def wait_connected(self, shards: int = 1, timeout: float = 5.0) -> None:
        await self.wait_for(lambda: len([c for c in self.connections if c.session]) >= shards,
                            timeout)

    async def dispatch(self, event: str, data: dict[str, Any], shard_id: int = 0) -> None:
        """Send an event to the session of ``shard_id``; kept for replay if disconnected."""
        sessions = [s for s in self.sessions.values() if s.shard[0] == shard_id]
        if not sessions:
            raise AssertionError("no session for that shard: the bot never identified")
        session = sessions[-1]
        frame = session.frame(event, data)
        for c in self.connections:
            if c.session is session and not c.ws.closed:
                await c.ws.send_json(frame)

    async def drop(self) -> None:
        """Cut every gateway connection without a closing handshake (a network drop)."""
        for c in list(self.connections):
            c.session = None  # from now on events for it wait in the backlog
            self.connections.remove(c)
            transport = c.request.transport
            if transport is not None:
                transport.abort()

    # -- what users do ------------------------------------------------------------------------

    def shard_of_guild(self) -> int:
        sessions = list(self.sessions.values())
        count = sessions[-1].shard[1] if sessions else 1
        return (self.guild_id >> 22) % count

    async def say(self, content: str, *, author_id: int | None = None, name: str = "student",
                  bot: bool = False, dm: bool = False, mention_bot: bool | None = None,
                  role_mentions: tuple[int, ...] = ()) -> int:
        """A user posts ``content`` in the guild channel (or a DM); returns the message id."""
        author = user(author_id or snowflake(), name, bot=bot)
        mid = snowflake()
        mentions_bot = (f"<@{self.bot_id}>" in content or f"<@!{self.bot_id}>" in content
                        if mention_bot is None else mention_bot)
        session = (list(self.sessions.values()) or [None])[-1]
        intents = session.intents if session else 0
        visible = content
        if not dm and not mentions_bot and not intents & MESSAGE_CONTENT_INTENT:
            visible = ""  # what Discord sends a bot without the message content intent
        data: dict[str, Any] = {
            "id": str(mid), "channel_id": str(snowflake() if dm else self.channel_id),
            "author": author, "content": visible, "timestamp": now_iso(),
            "edited_timestamp": None, "tts": False,
            "mention_everyone": "@everyone" in content, "mentions": [],
            "mention_roles": [str(r) for r in role_mentions], "attachments": [], "embeds": [],
            "components": [], "pinned": False, "type": 0, "flags": 0,
        }
        if mentions_bot:
            data["mentions"].append({**self.bot_user, "member": {
                "roles": [str(self.bot_role_id)], "joined_at": now_iso(), "deaf": False,
                "mute": False, "flags": 0}})
        if dm:
            await self.dispatch("MESSAGE_CREATE", data, 0)
        else:
            data["guild_id"] = str(self.guild_id)
            data["member"] = {"roles": [], "joined_at": now_iso(), "deaf": False, "mute": False,
                              "flags": 0}
            await self.dispatch("MESSAGE_CREATE", data, self.shard_of_guild())
        return mid

    def _interaction(self, itype: int, data: dict[str, Any], *, user_id: int | None,
                     permissions: int, message: dict[str, Any] | None = None
                     ) -> tuple[int, str, dict[str, Any]]:
        iid = snowflake()
        token = f"itoken-{iid}"
        payload: dict[str, Any] = {
            "id": str(iid), "application_id": str(self.app_id), "type": itype, "token": token,
            "version": 1, "data": data, "guild_id": str(self.guild_id),
            "channel_id": str(self.channel_id),
            "channel": {"id": str(self.channel_id), "type": 0, "guild_id": str(self.guild_id),
                        "name": "general", "position": 0, "permission_overwrites": [],
                        "permissions": str(permissions), "nsfw": False},
            "member": {"user": user(user_id or snowflake(), "student"), "roles": [],
                       "joined_at": now_iso(), "deaf": False, "mute": False, "flags": 0,
                       "permissions": str(permissions)},
            "app_permissions": str((1 << 41) - 1), "locale": "en-US", "guild_locale": "en-US",
            "entitlements": [], "authorizing_integration_owners": {"0": str(self.guild_id)},
            "context": 0, "attachment_size_limit": 10485760,
        }
        if message is not None:
            payload["message"] = message
        return iid, token, payload

    async def slash(self, name: str, *, user_id: int | None = None, permissions: int = 0x400 | 0x800,
                    **options: str) -> tuple[int, str]:
        """A user runs ``/name option:value ...``; returns (interaction id, token)."""
        command = next((c for c in self.commands.get("global", []) if c["name"] == name), None)
        data = {"id": command["id"] if command else str(snowflake()), "name": name, "type": 1,
                "options": [{"name": k, "type": 3, "value": v} for k, v in options.items()]}
        iid, token, payload = self._interaction(2, data, user_id=user_id, permissions=permissions)
        await self.dispatch("INTERACTION_CREATE", payload, self.shard_of_guild())
        return iid, token

    async def autocomplete(self, name: str, option: str, value: str) -> tuple[int, str]:
        data = {"id": str(snowflake()), "name": name, "type": 1,
                "options": [{"name": option, "type": 3, "value": value, "focused": True}]}
        iid, token, payload = self._interaction(4, data, user_id=None, permissions=0)
        await self.dispatch("INTERACTION_CREATE", payload, self.shard_of_guild())
        return iid, token

    async def click(self, message_id: int, custom_id: str, *, user_id: int | None = None
                    ) -> tuple[int, str]:
        message = self.messages[message_id]
        data = {"custom_id": custom_id, "component_type": 2}
        iid, token, payload = self._interaction(3, data, user_id=user_id, permissions=0,
                                                message=message)
        await self.dispatch("INTERACTION_CREATE", payload, self.shard_of_guild())
        return iid, token

    # -- looking at what the bot sent -----------------------------------------------------------

    async def reply_to(self, message_id: int, timeout: float = 5.0) -> Sent:
        return await self.wait_for(
            lambda: next((s for s in self.sent if s.kind == "message" and s.reference == message_id),
                         None), timeout)

    async def interaction_reply(self, token: str, timeout: float = 5.0) -> Sent:
        """The message that answers an interaction: the callback, or the follow-up after a
        deferral."""
        def find() -> Sent | None:
            for s in self.sent:
                if s.token != token:
                    continue
                if s.kind == "followup" or (s.kind == "callback" and s.payload.get("type") != 5):
                    return s
            return None
        return await self.wait_for(find, timeout)
