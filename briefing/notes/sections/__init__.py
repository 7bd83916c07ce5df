"""The note's sections, one module each: every one takes the scope's articles and gives its records."""
