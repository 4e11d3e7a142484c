#!/usr/bin/python3
"""psqlODBC (through pyodbc) scenarios for comparing jammi with PostgreSQL.

Usage: /usr/bin/python3 odbc_scenarios.py <postgresql://url> <scenario|all>

Connects with DRIVER={PostgreSQL Unicode} built from the URL's host, port, database and user.
Prints one JSON object per line per check: {"scenario": ..., "check": ..., "value": ...}, with
deterministic values only (no OIDs, no database name, no clock readings). A scenario that
raises prints one final {"check": "error", ...} line (ODBC SQLSTATE and message) and the program
moves on; the exit status is 1 when any scenario raised.

Tables are prefixed odbc_ in the default schema; each scenario drops and creates what it needs.
"""
import datetime
import sys
from urllib.parse import unquote, urlparse

import pyodbc

from scenario_output import CURRENT, out


def connection_string(url):
    u = urlparse(url)
    return "DRIVER={PostgreSQL Unicode};SERVER=%s;PORT=%d;DATABASE=%s;UID=%s;PWD=%s;" % (
        u.hostname or "127.0.0.1",
        u.port or 5432,
        unquote(u.path.lstrip("/")) or "postgres",
        unquote(u.username or "postgres"),
        unquote(u.password or ""),
    )


def connect(url):
    return pyodbc.connect(connection_string(url), autocommit=True, timeout=10)


def rows(cursor):
    return [list(r) for r in cursor.fetchall()]


def described(cursor):
    return [[d[0], d[1].__name__ if d[1] is not None else None] for d in cursor.description]


def drop(cur, *tables):
    for t in tables:
        cur.execute("DROP TABLE IF EXISTS %s CASCADE" % t)


def make_tables(cur):
    drop(cur, "odbc_child", "odbc_t")
    cur.execute(
        "CREATE TABLE odbc_t ("
        " id integer PRIMARY KEY,"
        " name varchar(40) NOT NULL,"
        " amount numeric(10,2),"
        " created date,"
        " flag boolean DEFAULT true,"
        " note text)"
    )
    cur.execute("CREATE UNIQUE INDEX odbc_t_name_idx ON odbc_t (name)")
    cur.execute("CREATE INDEX odbc_t_created_amount_idx ON odbc_t (created, amount)")
    cur.execute(
        "CREATE TABLE odbc_child ("
        " id integer PRIMARY KEY,"
        " t_id integer NOT NULL CONSTRAINT odbc_child_t_fk REFERENCES odbc_t (id) ON DELETE CASCADE,"
        " label varchar(20))"
    )


# --- scenarios -------------------------------------------------------------------------------


def scenario_connect(url):
    conn = connect(url)
    try:
        cur = conn.cursor()
        cur.execute("select 1")
        out("select_1", rows(cur))
        out("select_1_description", described(cur))
        out("dbms_name", conn.getinfo(pyodbc.SQL_DBMS_NAME))
        out("dbms_ver_major", conn.getinfo(pyodbc.SQL_DBMS_VER).split(".")[0])
        cur.execute("select 'a'::text as t, 2::int8 as b, 1.5::float8 as f, true as bo")
        out("typed_select", rows(cur))
        out("typed_description", described(cur))
    finally:
        conn.close()


def scenario_params(url):
    conn = connect(url)
    try:
        cur = conn.cursor()
        cur.execute("select ? as i, ? as s, ? as f, ? as d, ? as n", 41, "héllo", 2.5, datetime.date(2024, 1, 2), None)
        out("untyped_params", rows(cur))
        cur.execute("select ?::int + 1 as i, ?::text || '!' as s, ?::float8 * 2 as f, ?::date + 1 as d, ?::int is null as n", 41, "héllo", 2.5, datetime.date(2024, 1, 2), None)
        out("typed_params", rows(cur))
        out("typed_params_description", described(cur))
        drop(cur, "odbc_p")
        cur.execute("CREATE TABLE odbc_p (id integer PRIMARY KEY, s varchar(30), f double precision, d date, n integer)")
        cur.execute("INSERT INTO odbc_p VALUES (?, ?, ?, ?, ?)", 1, "one", 1.5, datetime.date(2024, 3, 1), None)
        out("insert_rowcount", cur.rowcount)
        cur.executemany("INSERT INTO odbc_p VALUES (?, ?, ?, ?, ?)", [(2, "two", 2.5, datetime.date(2024, 3, 2), 7), (3, None, None, None, None)])
        cur.execute("SELECT id, s, f, d, n FROM odbc_p WHERE id >= ? ORDER BY id", 1)
        out("select_where", rows(cur))
        cur.execute("SELECT count(*) FROM odbc_p WHERE s = ? OR d = ?", "one", datetime.date(2024, 3, 2))
        out("select_count", rows(cur))
        cur.execute("UPDATE odbc_p SET n = ? WHERE id = ?", 9, 3)
        out("update_rowcount", cur.rowcount)
        conn.autocommit = False
        cur.execute("DELETE FROM odbc_p WHERE id = ?", 1)
        conn.rollback()
        cur.execute("SELECT count(*) FROM odbc_p")
        out("count_after_rollback", rows(cur))
        conn.commit()
        conn.autocommit = True
        try:
            cur.execute("SELECT * FROM odbc_nope")
            out("missing_table", "no error")
        except pyodbc.Error as e:
            out("missing_table", [type(e).__name__, e.args[0]])
        cur.execute("select 1")
        out("after_error", rows(cur))
        drop(cur, "odbc_p")
    finally:
        conn.close()


def scenario_catalog(url):
    conn = connect(url)
    try:
        cur = conn.cursor()
        make_tables(cur)
        tables = [r for r in cur.tables(schema="public").fetchall() if r.table_name.startswith("odbc_")]
        out("tables", sorted([r.table_schem, r.table_name, r.table_type, r.remarks] for r in tables))
        out("tables_by_name", [[r.table_schem, r.table_name, r.table_type] for r in cur.tables(table="odbc_t").fetchall()])
        cols = cur.columns(table="odbc_t").fetchall()
        out("columns", [
            {
                "name": r.column_name,
                "data_type": r.data_type,
                "type_name": r.type_name,
                "column_size": r.column_size,
                "buffer_length": r.buffer_length,
                "decimal_digits": r.decimal_digits,
                "num_prec_radix": r.num_prec_radix,
                "nullable": r.nullable,
                "column_def": r.column_def,
                "sql_data_type": r.sql_data_type,
                "char_octet_length": r.char_octet_length,
                "ordinal_position": r.ordinal_position,
                "is_nullable": r.is_nullable,
            }
            for r in cols
        ])
        out("primary_keys", [[r.table_schem, r.table_name, r.column_name, r.key_seq, r.pk_name] for r in cur.primaryKeys("odbc_t").fetchall()])

        def fk_rows(rs):
            return [[r.pktable_name, r.pkcolumn_name, r.fktable_name, r.fkcolumn_name, r.key_seq, r.update_rule, r.delete_rule, r.fk_name, r.pk_name] for r in rs]

        # pyodbc: table= names the primary-key table, foreignTable= the table holding the foreign key.
        out("foreign_keys_table_child", fk_rows(cur.foreignKeys(table="odbc_child").fetchall()))
        out("foreign_keys_foreign_table_child", fk_rows(cur.foreignKeys(foreignTable="odbc_child").fetchall()))
        out("foreign_keys_table_parent", fk_rows(cur.foreignKeys(table="odbc_t").fetchall()))
        stats = cur.statistics("odbc_t").fetchall()
        out("statistics", sorted(
            [r.non_unique, r.index_name, r.type, r.ordinal_position, r.column_name, r.asc_or_desc]
            for r in stats
            if r.index_name is not None  # the SQL_TABLE_STAT row carries cardinality/pages only
        ))
        out("special_columns", [[r.column_name, r.type_name] for r in cur.rowIdColumns("odbc_t").fetchall()])
        types = cur.getTypeInfo(pyodbc.SQL_INTEGER).fetchall()
        out("type_info_integer", [[r.type_name, r.data_type, r.column_size] for r in types])
        drop(cur, "odbc_child", "odbc_t")
    finally:
        conn.close()


SCENARIOS = {
    "connect": scenario_connect,
    "params": scenario_params,
    "catalog": scenario_catalog,
}


def error_value(e):
    if isinstance(e, pyodbc.Error) and len(e.args) >= 2:
        return {"class": type(e).__name__, "sqlstate": e.args[0], "message": str(e.args[1])}
    return {"class": type(e).__name__, "message": str(e)}


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: odbc_scenarios.py <postgresql://url> <%s|all>\n" % "|".join(SCENARIOS))
        return 2
    url, which = sys.argv[1], sys.argv[2]
    names = list(SCENARIOS) if which == "all" else [which]
    failed = False
    for name in names:
        if name not in SCENARIOS:
            sys.stderr.write("unknown scenario %s\n" % name)
            return 2
        CURRENT["scenario"] = name
        try:
            SCENARIOS[name](url)
        except Exception as e:  # noqa: BLE001 -- every failure becomes a comparable line
            failed = True
            out("error", error_value(e))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
