"""reportgen: Vietnamese child-affairs reports from annex workbooks."""

__version__ = "0.1.0"

import logging as _logging

# The library logs for developers only (REPORTGEN_LOG=FILE with the command line); nothing reaches
# an officer's screen through Python's last-resort handler.
_logging.getLogger(__name__).addHandler(_logging.NullHandler())
