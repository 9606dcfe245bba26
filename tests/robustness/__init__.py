"""Bad inputs of every kind: each gives a clear record, and the rest of the run goes on.

A package so that this folder's ``conftest.py`` does not shadow ``tests/conftest.py`` (both would
otherwise be imported as the top-level module ``conftest``).
"""
