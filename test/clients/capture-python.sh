#!/usr/bin/env bash
# Capture the SQL that psycopg2 + SQLAlchemy 1.4 and psqlODBC send, from the REAL PostgreSQL.
#
# Creates fresh databases capture_sa and capture_odbc on the local PostgreSQL 15, turns on
# log_statement = 'all' for them, runs test/clients/python/{sqlalchemy,odbc}_scenarios.py against
# them, and extracts every statement the server logged for @capture_sa / @capture_odbc during
# the run into test/clients/fixtures/{sqlalchemy,odbc}.json: arrays of
#   { "sql": string, "params": (string|null)[], "catalog": boolean }
# deduplicated by sql+params in first-seen order. "catalog" is a textual guess: the statement
# mentions pg_catalog, information_schema, a pg_* relation or function, a ::reg* cast, or one of
# the catalog/session functions drivers call.
#
# Needs: psql, /usr/bin/python3 with psycopg2, sqlalchemy and pyodbc, the psqlODBC driver, and
# read access to the server log (log_line_prefix '%m [%p] %q%u@%d ').
#
# Environment: PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres),
#              PG_LOG (/var/log/postgresql/postgresql-15-main.log).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
host="${PGHOST:-127.0.0.1}"
port="${PGPORT:-5432}"
user="${PGUSER:-postgres}"
log="${PG_LOG:-/var/log/postgresql/postgresql-15-main.log}"
py=/usr/bin/python3
fixtures="$here/fixtures"
mkdir -p "$fixtures"

psql_admin() {
  psql -X -q -v ON_ERROR_STOP=1 -h "$host" -p "$port" -U "$user" -d postgres "$@"
}

if [[ ! -r "$log" ]]; then
  echo "cannot read the PostgreSQL log $log" >&2
  exit 1
fi

for db in capture_sa capture_odbc; do
  psql_admin -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
  psql_admin -c "CREATE DATABASE $db"
  psql_admin -c "ALTER DATABASE $db SET log_statement = 'all'"
done

# Byte offset of the log before the run: only lines written after it are read.
start=$(stat -c %s "$log")

status=0
echo "== sqlalchemy scenarios" >&2
"$py" "$here/python/sqlalchemy_scenarios.py" "postgresql://$user@$host:$port/capture_sa" all > /tmp/capture-sa.out || status=$?
grep -c . /tmp/capture-sa.out >&2 || true
grep '"check": "error"' /tmp/capture-sa.out >&2 || true
echo "== odbc scenarios" >&2
"$py" "$here/python/odbc_scenarios.py" "postgresql://$user@$host:$port/capture_odbc" all > /tmp/capture-odbc.out || status=$?
grep -c . /tmp/capture-odbc.out >&2 || true
grep '"check": "error"' /tmp/capture-odbc.out >&2 || true

# Let the server flush its log lines.
sleep 1

"$py" - "$log" "$start" "$user" "$fixtures" <<'PY'
import json
import re
import sys

log_path, start, user, fixtures = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
with open(log_path, "rb") as f:
    f.seek(start)
    text = f.read().decode("utf-8", "replace")

# '%m [%p] %q%u@%d ' then 'LEVEL:  message'
head = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+) \[(\d+)\] (?:(\S*)@(\S*) )?([A-Z]+):  (.*)$")

# Group physical lines into log entries; continuation lines carry no timestamp prefix.
entries = []
for line in text.split("\n"):
    m = head.match(line)
    if m:
        entries.append({"pid": m.group(2), "user": m.group(3), "db": m.group(4), "level": m.group(5), "msg": m.group(6)})
    elif entries:
        entries[-1]["msg"] += "\n" + line
for e in entries:
    e["msg"] = e["msg"].rstrip("\n")


def parse_params(s):
    """'$1 = '...', $2 = NULL' -> ['...', None]."""
    out = {}
    i, n = 0, len(s)
    while i < n:
        m = re.compile(r"\s*\$(\d+) = ").match(s, i)
        if not m:
            break
        idx = int(m.group(1))
        i = m.end()
        if s.startswith("NULL", i):
            out[idx] = None
            i += 4
        elif s[i] == "'":
            i += 1
            buf = []
            while i < n:
                if s[i] == "'":
                    if i + 1 < n and s[i + 1] == "'":
                        buf.append("'")
                        i += 2
                        continue
                    i += 1
                    break
                buf.append(s[i])
                i += 1
            out[idx] = "".join(buf)
        else:
            raise ValueError("cannot parse parameters: %r" % s)
        if s.startswith(",", i):
            i += 1
    return [out.get(k) for k in range(1, max(out) + 1)] if out else []


CATALOG = re.compile(
    r"pg_catalog|information_schema|\bpg_[a-z_]+|::\s*reg[a-z]+|\breg(class|type|proc|namespace|oper)\b"
    r"|\bcurrent_schemas?\b|\bversion\s*\(|\bformat_type\b|\bcol_description\b|\bobj_description\b"
    r"|\bhas_[a-z_]+_privilege\b",
    re.I,
)

stmt_re = re.compile(r"^(?:statement|execute [^:]*): (.*)$", re.S)
detail_params = re.compile(r"^parameters: (.*)$", re.S)

for db, name in (("capture_sa", "sqlalchemy"), ("capture_odbc", "odbc")):
    seen = set()
    result = []
    mine = [e for e in entries if e["db"] == db and e["user"] == user]
    for k, e in enumerate(mine):
        if e["level"] != "LOG":
            continue
        m = stmt_re.match(e["msg"])
        if not m:
            continue
        sql = m.group(1)
        params = []
        # The DETAIL line follows its LOG line from the same backend.
        for nxt in mine[k + 1 : k + 3]:
            if nxt["pid"] != e["pid"]:
                continue
            if nxt["level"] == "DETAIL":
                d = detail_params.match(nxt["msg"])
                if d:
                    params = parse_params(d.group(1))
                break
            if nxt["level"] == "LOG":
                break
        key = json.dumps([sql, params])
        if key in seen:
            continue
        seen.add(key)
        result.append({"sql": sql, "params": params, "catalog": bool(CATALOG.search(sql))})
    with open("%s/%s.json" % (fixtures, name), "w") as f:
        json.dump(result, f, indent=2, ensure_ascii=False)
        f.write("\n")
    print("%s.json: %d statements, %d catalog" % (name, len(result), sum(r["catalog"] for r in result)), file=sys.stderr)
PY

for db in capture_sa capture_odbc; do
  psql_admin -c "DROP DATABASE IF EXISTS $db WITH (FORCE)"
done
exit $status
