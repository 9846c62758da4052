"""reportgen: Vietnamese child-affairs reports from annex workbooks."""

__version__ = "0.1.0"
