"""Stage 4, words: Vietnamese sentences about facts."""
