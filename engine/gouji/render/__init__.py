"""Output formats: one module per format, none of which knows how its input was made."""
