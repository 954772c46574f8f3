"""The Telegram front end: private chats, team group chats (with forum topics), inline mode, buttons.

Follow a question through it: `app.py` wires the handlers (the access gate `gate.py` runs first, in
group −1); `handlers.py` has the shared `ask()` path and the message and inline handlers;
`commands.py` one small handler per command; `feedback.py` the rating buttons and notes; `help.py`
/help and /stats written from the library; `render.py` turns an Answer into Telegram HTML and
buttons; `sending.py` talks to Telegram; `access.py` decides who may ask, how often and in what
order; `memory.py` keeps bounded conversation threads; `language.py` picks the language of the
bot's own words (retrieval/messages/); operators' log lines come from `bot/audit.py`.
"""
