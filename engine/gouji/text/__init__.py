"""Text rules: what the prose of a report says, read sentence by sentence and judged against the
issuer, the report year and the tables (issue 7).

The rule files (``rules/text*.rules``) name each check with ``check text DETECTOR``; the
detectors here read the sentences and return hits, which the rule turns into findings with its
own id, title, severity and citation. Every detector prefers a miss to a false alarm: a sentence
whose meaning is not certain gives at most a notice (severity ``info``), never a failure.
"""
