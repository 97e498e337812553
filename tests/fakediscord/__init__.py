"""A small Discord-compatible server (REST + gateway, API v10) for end-to-end bot tests.

The REAL discord.py 2.7 client talks to it over loopback; nothing touches the internet.

Pointing discord.py at it (before ``bot.start``/``login``)::

    discord.http.Route.BASE = server.api_base          # "http://127.0.0.1:PORT/api/v10"
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(server.gateway_url)

or ``undo = server.patch_discord()`` (``stop()`` undoes it). Notes:

* ``Route.BASE`` covers every REST call, including interaction callbacks
  (``/interactions/{id}/{token}/callback``) and follow-ups / ``@original`` edits
  (``/webhooks/{app_id}/{token}``): discord.py builds those with ``Route`` too. Only the
  display property ``Webhook.url`` hard-codes discord.com; CDN assets (avatars, attachment
  URLs) are never fetched unless the bot calls ``Asset.read()``/``Attachment.read()``.
* ``DEFAULT_GATEWAY`` is a ``yarl.URL``; discord.py replaces its query with
  ``?v=10&encoding=json&compress=zlib-stream``. The fake answers in plain JSON text frames,
  which discord.py accepts. READY's ``resume_gateway_url`` points back here, so resumes work.
  An ``AutoShardedClient`` first asks ``GET /gateway/bot``, which is served too.
* discord.py fires ``on_ready`` ``guild_ready_timeout`` (default 2 s) after the last
  GUILD_CREATE; pass ``guild_ready_timeout=0.05`` to the bot in tests that wait for on_ready.
  Interactions and messages are delivered as soon as ``await server.wait_ready()`` returns.
* Close the bot before ``server.stop()``: a bot whose socket the server closes reconnects.
  discord.py leaves ``View`` timeout tasks running after ``close()``; stop your views (or use
  ``timeout=None``) if a test checks for leftover tasks.
* Privileged intents: IDENTIFY asking for MESSAGE_CONTENT / GUILD_MEMBERS / GUILD_PRESENCES
  while ``allow_message_content`` / ``allow_members`` / ``allow_presences`` is False is closed
  with 4014 (discord.py raises ``PrivilegedIntentsRequired``). Without MESSAGE_CONTENT,
  guild MESSAGE_CREATE/UPDATE arrive with content/embeds/attachments/components emptied unless
  the bot is mentioned, wrote it, or it is a DM. Events are filtered by intents as Discord does.
* The bot's own channel messages, responses and follow-ups are echoed back as MESSAGE_CREATE /
  MESSAGE_UPDATE / MESSAGE_DELETE (not ephemeral ones), like Discord; ``echo_bot_messages=False``
  turns that off.
* What the bot posts is checked against Discord's limits (content 2000, embeds, components,
  custom_id, choices, modal, command names...). A violation gets Discord's 400 (50035 / 50006)
  and lands in ``server.errors``; unknown routes get 404 and land in ``server.unknown_routes``.
  Assert both are empty in tests that must not hit them.
* ``slash``/``autocomplete`` look the command up by name (guild scope first, then global) in
  what the bot registered, type-convert options, fill ``resolved`` for user/role/channel/
  attachment options, and raise ``ValueError`` for unknown or missing required options or a
  value outside the choices (as the Discord client would not let a user send them). ``click``
  raises on unknown or disabled components.
* Reactions (``server.reactions``), typing and presence are recorded when the REST call
  arrives; use ``await server.wait_until(lambda: ...)`` for anything not covered by
  ``wait_for_message`` / ``inter.wait_response``. ``server.request_reconnect()`` sends op 7
  (tests RESUME); ``interaction_deadline=3.0`` makes late callbacks fail with 10062.
* Shards: a guild belongs to shard ``(guild_id >> 22) % shard_count``; each gateway
  connection that IDENTIFYs with ``shard: [id, count]`` gets READY/GUILD_CREATE for its
  shard's guilds only, and only their events (interactions included), so several bot
  processes with disjoint shard ranges can share one fake. ``add_guild(shard=(id, count))``
  makes a guild on a given shard; ``ready_shards`` / ``await wait_shards_ready({0, 1})``
  tell which shards are connected; ``recommended_shards`` is what ``GET /gateway/bot``
  advises an ``AutoShardedClient`` that picks no count.

Typical use::

    server = FakeDiscord(token="test-token")
    await server.start()
    guild = server.add_guild("Test Guild"); channel = server.add_channel(guild, "general")
    alice = server.add_user("alice"); server.add_member(guild, alice, permissions=0x800)
    ... start the bot as a task ...
    await server.wait_ready()
    inter = await server.slash(guild, channel, alice, "quiz", subcommand="start",
                               options={"questions": 3})
    body = await inter.wait_response()
    msg = await server.wait_for_message(lambda m: m["kind"] == "followup")

Records in ``server.messages`` (and ``wait_for_message`` results, ``inter.original``,
``inter.followups``) are Discord message payloads with ``id``, ``channel_id``, ``guild_id``
converted to ``int``, plus ``kind`` ("message" | "response" | "followup" | "edit"),
``allowed_mentions`` (exactly as posted, None if absent), ``payload`` (the exact JSON body),
``files`` and ``interaction_id``. Everything else the server returns or dispatches
(``send_message``'s result, ``inter.payload``) uses Discord's string snowflakes; every
method accepts ids as ``int`` or ``str``.
"""

from .interactions import InteractionRecord
from .server import FakeDiscord

Interaction = InteractionRecord

__all__ = ["FakeDiscord", "Interaction", "InteractionRecord"]
