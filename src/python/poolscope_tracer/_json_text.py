"""JSON text of records: ASCII only, so U+2028/U+2029 and lone surrogates are \\u escapes and no
line splitter can break a record. The json module is imported on first use, not at activation:
nothing of it is loaded before the program imports concurrent.futures.
"""

_json = {}


def _encoder():
    """Encodes one record as JSON text: ASCII only, so U+2028/U+2029 and lone surrogates are
    \\u escapes and no line splitter can break a record.

    Records are flat dicts of our own keys, so the top level is written here (strings through the
    json module's C escaper) and only nested values go through json's encoder; a nested dict seen
    again (call sites are cached per code position) reuses its text.
    """
    encode = _json.get("encode")
    if encode is not None:
        return encode
    import json
    from json.encoder import encode_basestring_ascii as escape

    nested = json.JSONEncoder(ensure_ascii=True, separators=(",", ":"), allow_nan=False, check_circular=False).encode
    cache = {}

    def encode(record):
        parts = []
        for key, value in record.items():
            kind = type(value)
            if kind is str:
                text = escape(value)
            elif kind is int:
                text = int.__repr__(value)
            elif kind is bool:
                text = "true" if value else "false"
            elif kind is dict:
                hit = cache.get(id(value))
                if hit is not None and hit[0] is value:
                    text = hit[1]
                else:
                    text = nested(value)
                    if len(cache) >= 4096:
                        cache.clear()
                    cache[id(value)] = (value, text)
            else:
                text = nested(value)
            parts.append('"%s":%s' % (key, text))
        return "{" + ",".join(parts) + "}"

    _json["encode"] = encode
    return encode


def encode_line(record):
    """One record as one NDJSON line (ASCII, ending in a newline)."""
    return _encoder()(record) + "\n"


def escaper():
    """The function giving a string as ASCII-only JSON text, quotes included: json's C escaper
    (\\u escapes for every non-ASCII character, U+2028/U+2029 and lone surrogates included).

    Looked up when the modules of the hot path are imported, not at activation: json is not
    imported before the program imports concurrent.futures.
    """
    from json.encoder import encode_basestring_ascii

    return encode_basestring_ascii
