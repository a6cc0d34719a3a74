"""The province generator behind bench/province.py, one module per part of the record."""
