#!/usr/bin/python3
"""psycopg2 + SQLAlchemy 1.4 scenarios for comparing jammi with PostgreSQL.

Usage: /usr/bin/python3 sqlalchemy_scenarios.py <postgresql://url> <scenario|all>

Prints one JSON object per line per check: {"scenario": ..., "check": ..., "value": ...}.
Values are deterministic (no OIDs, no clock readings), so the output of a run against
PostgreSQL can be compared line by line with a run against jammi. A scenario that raises
prints one final {"check": "error", ...} line (exception class, SQLSTATE, primary message and
the statement that failed) and the program moves on to the next scenario; the exit status is 1
when any scenario raised.

Tables are prefixed sa_ in the default schema; each scenario drops and creates what it needs.
"""
import datetime
import decimal
import sys
import uuid

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    create_engine,
    event,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, declarative_base

from scenario_output import CURRENT, out


def make_engine(url):
    # SQLAlchemy 1.4 no longer accepts the postgres:// scheme; jammi's URLs use it.
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg2://" + url[len("postgresql://"):]
    return create_engine(url, future=True)


# --- shared schema ---------------------------------------------------------------------------


def parent_child_metadata():
    md = MetaData()
    Table(
        "sa_parent",
        md,
        Column("id", Integer, primary_key=True, autoincrement=True),
        Column("name", String(50), unique=True, nullable=False),
        Column("amount", Numeric(10, 2)),
        Column("active", Boolean, server_default=text("true"), nullable=False),
        Column("created_at", DateTime, server_default=func.now()),
        Column("data", JSONB),
        Column("uid", UUID(as_uuid=True)),
        Column("tags", ARRAY(Integer)),
        Column("note", Text, nullable=True),
    )
    Table(
        "sa_child",
        md,
        Column("id", Integer, primary_key=True),
        Column("parent_id", Integer, ForeignKey("sa_parent.id", name="sa_child_parent_fk"), nullable=False),
        Column("label", String(30)),
        Column("position", Integer),
        Index("ix_sa_child_parent_position", "parent_id", "position"),
    )
    return md


def drop_tables(engine, *names):
    with engine.begin() as conn:
        for n in names:
            conn.execute(text('DROP TABLE IF EXISTS "%s" CASCADE' % n))


def ddl_summary(statement):
    """'CREATE TABLE sa_parent' / 'CREATE INDEX ix_...' from a DDL statement."""
    words = statement.strip().split()
    if len(words) >= 3 and words[1].upper() in ("TABLE", "INDEX", "SEQUENCE", "TYPE"):
        return " ".join(w.strip('"') for w in words[:3])
    if len(words) >= 4 and words[1].upper() == "UNIQUE":
        return " ".join(w.strip('"') for w in words[:4])
    return " ".join(words[:2])


# --- scenarios -------------------------------------------------------------------------------


def scenario_connect(engine):
    with engine.connect() as conn:
        out("select_1", conn.execute(text("select 1")).scalar())
        out("select_params", list(conn.execute(text("select :a + 1 as x, :b as y"), {"a": 41, "b": "héllo"}).one()))
        out("server_version_major", engine.dialect.server_version_info[0])
        out("default_schema_name", engine.dialect.default_schema_name)
        out("isolation_level", conn.get_isolation_level())


def scenario_create_all(engine):
    md = parent_child_metadata()
    drop_tables(engine, "sa_child", "sa_parent")
    ddl = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("CREATE", "DROP", "ALTER")):
            ddl.append(ddl_summary(statement))

    event.listen(engine, "before_cursor_execute", record)
    try:
        md.create_all(engine)
        out("first_create_all_ddl", ddl[:])
        ddl.clear()
        md.create_all(engine)
        out("second_create_all_ddl", ddl[:])
        insp = inspect(engine)
        out("has_tables_after_create", [insp.has_table("sa_parent"), insp.has_table("sa_child")])
        ddl.clear()
        md.drop_all(engine)
        out("drop_all_ddl", ddl[:])
        insp = inspect(engine)
        out("has_tables_after_drop", [insp.has_table("sa_parent"), insp.has_table("sa_child")])
    finally:
        event.remove(engine, "before_cursor_execute", record)


def column_summary(c):
    return {
        "name": c["name"],
        "type": str(c["type"]),
        "nullable": c["nullable"],
        "default": c.get("default"),
        "autoincrement": c.get("autoincrement"),
        "comment": c.get("comment"),
    }


def scenario_reflect(engine):
    md = parent_child_metadata()
    drop_tables(engine, "sa_child", "sa_parent")
    md.create_all(engine)
    insp = inspect(engine)
    out("table_names", sorted(t for t in insp.get_table_names() if t.startswith("sa_")))
    out("has_table", [insp.has_table("sa_parent"), insp.has_table("sa_child"), insp.has_table("sa_nope")])
    for t in ("sa_parent", "sa_child"):
        out("columns:" + t, [column_summary(c) for c in insp.get_columns(t)])
        out("pk:" + t, insp.get_pk_constraint(t))
        out("fks:" + t, insp.get_foreign_keys(t))
        out("indexes:" + t, sorted(insp.get_indexes(t), key=lambda i: i["name"]))
        out("uniques:" + t, sorted(insp.get_unique_constraints(t), key=lambda u: u["name"]))
    reflected = Table("sa_parent", MetaData(), autoload_with=engine)
    out("autoload_columns", [[c.name, str(c.type), c.nullable, c.primary_key] for c in reflected.columns])
    out("autoload_server_defaults", {c.name: str(c.server_default.arg) for c in reflected.columns if c.server_default is not None})
    out("autoload_unique_constraints", sorted(sorted(col.name for col in uc.columns) for uc in reflected.constraints if type(uc).__name__ == "UniqueConstraint"))
    child = Table("sa_child", MetaData(), autoload_with=engine)
    out("autoload_child_fks", sorted([fk.parent.name, fk.target_fullname] for fk in child.foreign_keys))
    out("autoload_child_indexes", sorted([ix.name, [c.name for c in ix.columns], bool(ix.unique)] for ix in child.indexes))
    md.drop_all(engine)


Base = declarative_base()


class SaItem(Base):
    __tablename__ = "sa_item"
    id = Column(Integer, primary_key=True)
    name = Column(String(50), nullable=False)
    qty = Column(Integer, nullable=False, default=0)
    price = Column(Numeric(8, 2))


def scenario_orm(engine):
    drop_tables(engine, "sa_item")
    Base.metadata.create_all(engine, tables=[SaItem.__table__])
    with Session(engine) as s:
        a = SaItem(name="apple", qty=3, price=decimal.Decimal("1.25"))
        b = SaItem(name="banana", qty=1, price=decimal.Decimal("0.50"))
        c = SaItem(name="cherry", qty=7)
        s.add_all([a, b, c])
        s.flush()
        out("ids_after_flush", [a.id, b.id, c.id])
        s.commit()
        out("filter_qty_gt_1", [(i.name, i.qty) for i in s.query(SaItem).filter(SaItem.qty > 1).order_by(SaItem.id)])
        out("select_where_name", [(i.id, i.name, i.price) for i in s.execute(select(SaItem).where(SaItem.name == "banana")).scalars()])
        out("count", s.query(SaItem).count())
        item = s.get(SaItem, a.id)
        item.qty = 10
        s.commit()
        out("after_update", s.execute(select(SaItem.qty).where(SaItem.id == a.id)).scalar_one())
        out("bulk_update_rowcount", s.query(SaItem).filter(SaItem.qty < 5).update({SaItem.qty: SaItem.qty + 100}, synchronize_session="evaluate"))
        s.commit()
        s.delete(s.get(SaItem, c.id))
        s.commit()
        out("after_delete", [(i.id, i.name, i.qty) for i in s.query(SaItem).order_by(SaItem.id)])
        s.add(SaItem(name="durian", qty=4))
        s.flush()
        out("count_before_rollback", s.query(SaItem).count())
        s.rollback()
        out("count_after_rollback", s.query(SaItem).count())
        out("aggregate", list(s.execute(select(func.count(SaItem.id), func.sum(SaItem.qty), func.max(SaItem.price))).one()))
    drop_tables(engine, "sa_item")


def scenario_upsert(engine):
    drop_tables(engine, "sa_kv")
    md = MetaData()
    kv = Table(
        "sa_kv",
        md,
        Column("k", String(20), primary_key=True),
        Column("v", Integer, nullable=False),
        Column("hits", Integer, nullable=False, server_default=text("0")),
    )
    md.create_all(engine)
    with engine.begin() as conn:
        conn.execute(kv.insert(), [{"k": "a", "v": 1}, {"k": "b", "v": 2}])
        stmt = postgresql.insert(kv).values(k="a", v=10)
        stmt = stmt.on_conflict_do_update(index_elements=[kv.c.k], set_={"v": stmt.excluded.v, "hits": kv.c.hits + 1}).returning(kv.c.k, kv.c.v, kv.c.hits)
        out("do_update_existing", [list(r) for r in conn.execute(stmt)])
        stmt = postgresql.insert(kv).values(k="c", v=3)
        stmt = stmt.on_conflict_do_update(index_elements=["k"], set_={"v": stmt.excluded.v}).returning(kv.c.k, kv.c.v, kv.c.hits)
        out("do_update_new", [list(r) for r in conn.execute(stmt)])
        stmt = postgresql.insert(kv).values(k="b", v=99).on_conflict_do_nothing().returning(kv.c.k)
        out("do_nothing_existing", [list(r) for r in conn.execute(stmt)])
        stmt = postgresql.insert(kv).values(k="d", v=4).on_conflict_do_nothing(index_elements=["k"]).returning(kv.c.k, kv.c.v)
        out("do_nothing_new", [list(r) for r in conn.execute(stmt)])
        stmt = postgresql.insert(kv).values([{"k": "a", "v": 20}, {"k": "e", "v": 5}])
        stmt = stmt.on_conflict_do_update(constraint="sa_kv_pkey", set_={"v": stmt.excluded.v + kv.c.v}, where=kv.c.v < 100).returning(kv.c.k, kv.c.v)
        out("do_update_constraint_multi", sorted(list(r) for r in conn.execute(stmt)))
        res = conn.execute(postgresql.insert(kv).values(k="e", v=1).on_conflict_do_nothing())
        out("do_nothing_rowcount", res.rowcount)
        out("final", [list(r) for r in conn.execute(select(kv).order_by(kv.c.k))])
    drop_tables(engine, "sa_kv")


def scenario_types(engine):
    drop_tables(engine, "sa_types")
    md = MetaData()
    t = Table(
        "sa_types",
        md,
        Column("id", Integer, primary_key=True),
        Column("doc", JSONB),
        Column("uid", UUID(as_uuid=True)),
        Column("uid_str", UUID(as_uuid=False)),
        Column("ints", ARRAY(Integer)),
        Column("texts", ARRAY(Text)),
        Column("amount", Numeric(12, 3)),
        Column("day", Date),
        Column("blob", LargeBinary),
        Column("flag", Boolean, server_default=text("true")),
        Column("n", Integer, server_default=text("7")),
        Column("label", String(20), server_default="dflt"),
        Column("created_at", DateTime(timezone=True), server_default=func.now()),
    )
    md.create_all(engine)
    doc = {"a": 1, "b": [1, 2, {"c": None, "d": "é"}], "e": {"f": True, "g": 1.5}}
    u = uuid.UUID("12345678-1234-5678-1234-567812345678")
    with engine.begin() as conn:
        conn.execute(
            t.insert(),
            {
                "id": 1,
                "doc": doc,
                "uid": u,
                "uid_str": "87654321-4321-8765-4321-876543218765",
                "ints": [1, 2, 3],
                "texts": ["x", "y z", 'q"uote', None],
                "amount": decimal.Decimal("12.345"),
                "day": datetime.date(2024, 2, 29),
                "blob": b"\x00\x01\xffjammi",
            },
        )
        conn.execute(t.insert(), {"id": 2})
        row = conn.execute(select(t).where(t.c.id == 1)).one()._mapping
        out("jsonb_roundtrip", row["doc"] == doc)
        out("jsonb_value", row["doc"])
        out("uuid_roundtrip", [row["uid"] == u, type(row["uid"]).__name__])
        out("uuid_str", [row["uid_str"], type(row["uid_str"]).__name__])
        out("int_array", row["ints"])
        out("text_array", row["texts"])
        out("numeric", [str(row["amount"]), type(row["amount"]).__name__])
        out("date", row["day"])
        out("bytea", bytes(row["blob"]).hex())
        d = conn.execute(select(t).where(t.c.id == 2)).one()._mapping
        out("server_defaults", [d["flag"], d["n"], d["label"], type(d["created_at"]).__name__, d["created_at"].tzinfo is not None])
        out("nulls", [d["doc"], d["uid"], d["ints"], d["amount"], d["blob"]])
        out("jsonb_path", conn.execute(select(t.c.doc["b"][2]["d"].astext).where(t.c.id == 1)).scalar())
        out("jsonb_contains", conn.execute(select(t.c.id).where(t.c.doc.contains({"a": 1}))).scalars().all())
        out("array_any", conn.execute(select(t.c.id).where(t.c.ints.any(2))).scalars().all())
        out("array_index", conn.execute(select(t.c.ints[2]).where(t.c.id == 1)).scalar())
        out("array_contains", conn.execute(select(t.c.id).where(t.c.ints.contains([3, 1]))).scalars().all())
        out("uuid_filter", conn.execute(select(t.c.id).where(t.c.uid == u)).scalars().all())
        r = conn.execute(t.update().where(t.c.id == 2).values(doc={"z": [None]}, ints=[]).returning(t.c.doc, t.c.ints)).one()
        out("update_returning", list(r))
    drop_tables(engine, "sa_types")


def scenario_errors(engine):
    drop_tables(engine, "sa_err")
    md = MetaData()
    t = Table("sa_err", md, Column("id", Integer, primary_key=True), Column("name", String(20), unique=True))
    md.create_all(engine)
    with Session(engine) as s:
        s.execute(t.insert().values(id=1, name="one"))
        s.commit()
        try:
            s.execute(t.insert().values(id=2, name="one"))
            s.commit()
            out("duplicate", "no error")
        except IntegrityError as e:
            out("duplicate", {
                "class": type(e).__name__,
                "orig": type(e.orig).__name__,
                "pgcode": e.orig.pgcode,
                "primary": e.orig.diag.message_primary,
                "constraint": e.orig.diag.constraint_name,
                "table": e.orig.diag.table_name,
            })
            s.rollback()
        try:
            s.execute(t.insert().values(id=1, name="uno"))
            out("duplicate_pk", "no error")
        except IntegrityError as e:
            out("duplicate_pk", [e.orig.pgcode, e.orig.diag.constraint_name])
            s.rollback()
        try:
            s.execute(text("select * from sa_does_not_exist"))
            out("missing_table", "no error")
        except DBAPIError as e:
            out("missing_table", [type(e).__name__, e.orig.pgcode, e.orig.diag.message_primary])
            s.rollback()
        try:
            s.execute(text("select 1/0"))
        except DBAPIError as e:
            out("division_by_zero", [type(e).__name__, e.orig.pgcode])
            s.rollback()
        s.execute(t.insert().values(id=2, name="two"))
        s.commit()
        out("after_rollback", [list(r) for r in s.execute(select(t).order_by(t.c.id))])
    drop_tables(engine, "sa_err")


SCENARIOS = {
    "connect": scenario_connect,
    "create_all": scenario_create_all,
    "reflect": scenario_reflect,
    "orm": scenario_orm,
    "upsert": scenario_upsert,
    "types": scenario_types,
    "errors": scenario_errors,
}


def error_value(e):
    orig = getattr(e, "orig", None)
    v = {"class": type(e).__name__, "message": str(orig if orig is not None else e).strip().split("\n")[0]}
    if orig is not None:
        v["orig"] = type(orig).__name__
        v["pgcode"] = getattr(orig, "pgcode", None)
    stmt = getattr(e, "statement", None)
    if stmt is not None:
        v["statement"] = " ".join(str(stmt).split())
    return v


def main():
    if len(sys.argv) != 3:
        sys.stderr.write("usage: sqlalchemy_scenarios.py <postgresql://url> <%s|all>\n" % "|".join(SCENARIOS))
        return 2
    url, which = sys.argv[1], sys.argv[2]
    names = list(SCENARIOS) if which == "all" else [which]
    failed = False
    for name in names:
        if name not in SCENARIOS:
            sys.stderr.write("unknown scenario %s\n" % name)
            return 2
        CURRENT["scenario"] = name
        engine = make_engine(url)
        try:
            SCENARIOS[name](engine)
        except Exception as e:  # noqa: BLE001 -- every failure becomes a comparable line
            failed = True
            out("error", error_value(e))
        finally:
            engine.dispose()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
