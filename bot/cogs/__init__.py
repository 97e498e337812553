"""Discord front end: slash commands, buttons and listeners. Rules live in the core."""

EXTENSIONS = ("bot.cogs.answers", "bot.cogs.quiz", "bot.cogs.scores", "bot.cogs.errors")
