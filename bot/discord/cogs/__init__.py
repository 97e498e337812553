"""Discord front end: slash commands, buttons and listeners. Rules live in the core."""

EXTENSIONS = (
    "bot.discord.cogs.answers",
    "bot.discord.cogs.quiz",
    "bot.discord.cogs.scores",
    "bot.discord.cogs.daily",
    "bot.discord.cogs.packs",
    "bot.discord.cogs.errors",
)
