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
