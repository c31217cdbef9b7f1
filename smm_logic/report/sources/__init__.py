"""Bytes → sheets of raw cells, for every supported kind of file, with the safety caps.

Each kind of file has a reader module, registered in ``readers.READERS`` under the kind
``detect_format`` tells from the file's bytes; a new kind of export is one more module
and one more entry. The package itself imports nothing: the parse worker checks a
workbook's extent and starts reading it (``prefetch``) before the engine is imported.
"""
