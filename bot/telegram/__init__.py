"""The Telegram front end: private chats, team group chats (with forum topics), inline buttons.

Follow a question through it: `app.py` wires the handlers; `handlers.py` has one small async
handler per command and the shared `ask()` path; `render.py` turns an Answer into Telegram HTML;
`access.py` decides who may ask and how often; `memory.py` keeps bounded conversation threads.
"""
