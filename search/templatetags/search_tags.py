"""`{{ text|highlight:query }}`: the words of a result that answer the query, in <mark>.

Words are compared the way the index matched them (`search.french`: elision, folding, the
light stem), so « etoile » lights up « Étoiles » and « l'étoile »: a reader sees why a
result came up. The text is escaped; only the <mark> tags are markup.
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from search import french

register = template.Library()


@register.filter
def highlight(text, query):
    text = str(text or "")
    stems = set(french.analyse(query or ""))
    if not stems:
        return escape(text)
    parts, last = [], 0
    for start, end, words in french.tokens(text):
        if any(word not in french.STOP_WORDS and french.stem(word) in stems for word in words):
            parts.append(escape(text[last:start]))
            parts.append(f"<mark>{escape(text[start:end])}</mark>")
            last = end
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))
