"""How the Python scenario programs print their checks: one JSON object per line, values made
deterministic text where JSON has no type for them (Decimal, dates, UUID, bytes)."""

import datetime
import decimal
import json
import uuid

CURRENT = {"scenario": None}


def out(check, value):
    print(json.dumps({"scenario": CURRENT["scenario"], "check": check, "value": value}, default=jsonable, sort_keys=True), flush=True)


def jsonable(v):
    if isinstance(v, decimal.Decimal):
        return "Decimal(%s)" % v
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        return v.isoformat()
    if isinstance(v, uuid.UUID):
        return "UUID(%s)" % v
    if isinstance(v, (bytes, bytearray, memoryview)):
        return "bytes(%s)" % bytes(v).hex()
    if isinstance(v, (set, tuple)):
        return list(v)
    if isinstance(v, type):
        return v.__name__
    return repr(v)
