"""The staff pages (/staff): units follow up feedback, the servicetorget handles messages,
leaders read the figures and reports, administrators manage units, users and API keys.

Server-rendered (Jinja2) in bokmål, no JavaScript; `app.install(app)` adds them to the API.
"""
