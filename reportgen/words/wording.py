"""The Vietnamese sentences of a report, in one place for the rest of the package.

The engine lives in small modules: text (words of an indicator), figures (how numbers are
written in running text), phrases (one indicator: change, plan), select (which figures the
text states), compose (grouped sentences), summary (II.1) and jinja (template helpers).
"""

from reportgen.words.figures import amount_text, count_text, money_text, percent_text  # noqa: F401
from reportgen.words.jinja import IndicatorView, SentenceList, jinja_filters, jinja_globals  # noqa: F401
from reportgen.words.phrases import (  # noqa: F401
    attainment_phrase, breakdown_sentence, list_sentence, progress_phrase, sentence, units_answering_yes,
    value_text)
from reportgen.words.text import capitalize_first, finish, lower_first, noun, subject, thing  # noqa: F401


def _source(dataset, indicators, period):
    from reportgen.words.compose import Source
    return Source(dataset, indicators, period)


def indicator_sentences(dataset, catalog_indicators, ids, period) -> list[str]:
    """The body's sentences for `ids`, all of them stated (grouped as the body groups them)."""
    from reportgen.words.compose import write
    from reportgen.words.jinja import lookup
    for iid in ids:
        lookup(catalog_indicators, iid)
    return [w.text for w in write(_source(dataset, catalog_indicators, period), list(ids), headline=tuple(ids))]


def template_globals(dataset, indicators, period) -> dict:
    """`ind()` and `sentences()` for one dataset, without an outline (no headline lists)."""
    from reportgen.words.jinja import ids_for
    return jinja_globals(_source(dataset, indicators, period), lambda key: ids_for(indicators, key)[0])
