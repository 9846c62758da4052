"""`reportgen web`: a Vietnamese page in the browser, served on the officer's own machine.

app.py     the Flask app (settings, access guard, error pages) and the waitress server
routes.py  the pages and downloads
store.py   per-upload and per-job temporary folders, the worker pool, expiry
tasks.py   the work itself (check, build, batch, totals, demo) over reportgen.api
"""
