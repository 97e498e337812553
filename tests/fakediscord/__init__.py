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
