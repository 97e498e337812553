"""The Discord front end: the bot (`app`), its slash commands (`cogs`), buttons and modals
(`views`) and how things look (`embeds`). It translates and renders; rules live in
`bot.service` and the core."""
