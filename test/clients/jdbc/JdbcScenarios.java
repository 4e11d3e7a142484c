import java.math.BigDecimal;
import java.sql.Array;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.TreeMap;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.util.PGInterval;
import org.postgresql.util.PGobject;
import org.postgresql.util.PSQLException;

/**
 * pgJDBC client scenarios, run against PostgreSQL and against jammi so that their outputs can
 * be compared line by line.
 *
 * Usage: java -cp <dir>:postgresql.jar JdbcScenarios <jdbcUrl> <scenario|all>
 *
 * Each check prints one JSON object per line: {"scenario":"...","check":"...","value":...}.
 * Values are deterministic (no OIDs, no current times, no database names), so that a run
 * against a database named "test" and one against "jammi" agree. An unexpected exception
 * ends its scenario with a line whose check is "FAILED" and whose value names the check that
 * was running, the SQLSTATE and the server's message; the exit code is then 1.
 */
public class JdbcScenarios {
  static final String[] SCENARIOS = {"connect", "metadata", "rsmeta", "prepared", "batch", "tx", "cursor", "errors"};

  static String baseUrl;
  static String scenario;
  static String check = "";
  static boolean failed = false;

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: JdbcScenarios <jdbcUrl> <" + String.join("|", SCENARIOS) + "|all>");
      System.exit(2);
    }
    // Session time zone and date rendering must not depend on the machine.
    TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
    baseUrl = args[0];
    List<String> run = args[1].equals("all") ? Arrays.asList(SCENARIOS) : Arrays.asList(args[1].split(","));
    for (String s : run) {
      scenario = s;
      check = "";
      try {
        switch (s) {
          case "connect": connect(); break;
          case "metadata": metadata(); break;
          case "rsmeta": rsmeta(); break;
          case "prepared": prepared(); break;
          case "batch": batch(); break;
          case "tx": tx(); break;
          case "cursor": cursor(); break;
          case "errors": errors(); break;
          case "sources": sources(); break;
          default:
            System.err.println("unknown scenario " + s);
            System.exit(2);
        }
      } catch (Throwable t) {
        failed = true;
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("at", check);
        v.put("sqlstate", t instanceof SQLException ? ((SQLException) t).getSQLState() : null);
        v.put("message", serverMessage(t));
        emit("FAILED", v);
        System.err.println("[" + s + "/" + check + "] " + t);
      }
    }
    System.out.flush();
    System.exit(failed ? 1 : 0);
  }

  // ---------------------------------------------------------------- helpers

  static Connection open(String... params) throws SQLException {
    String url = baseUrl;
    for (String p : params) url += (url.contains("?") ? "&" : "?") + p;
    return DriverManager.getConnection(url);
  }

  /** The database name of the JDBC URL (the path after host:port). */
  static String urlDatabase() {
    String rest = baseUrl.substring(baseUrl.indexOf("//") + 2);
    int slash = rest.indexOf('/');
    String db = slash < 0 ? "" : rest.substring(slash + 1);
    int q = db.indexOf('?');
    return q < 0 ? db : db.substring(0, q);
  }

  static String urlUser() {
    int q = baseUrl.indexOf('?');
    if (q < 0) return null;
    for (String kv : baseUrl.substring(q + 1).split("&")) {
      if (kv.startsWith("user=")) return kv.substring(5);
    }
    return null;
  }

  static void step(String name) {
    check = name;
  }

  static void emit(String checkName, Object value) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("scenario", scenario);
    o.put("check", checkName);
    o.put("value", value);
    System.out.println(json(o));
  }

  static void exec(Connection c, String sql) throws SQLException {
    step("exec " + sql);
    try (Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  static String serverMessage(Throwable t) {
    if (t instanceof PSQLException && ((PSQLException) t).getServerErrorMessage() != null) {
      return ((PSQLException) t).getServerErrorMessage().getMessage();
    }
    return String.valueOf(t.getMessage());
  }

  static Map<String, Object> sqlError(SQLException e) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("sqlstate", e.getSQLState());
    v.put("message", serverMessage(e));
    return v;
  }

  /** Selected columns of every row of a metadata result, as a list of objects. */
  static List<Map<String, Object>> rows(ResultSet rs, String... cols) throws SQLException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (ResultSet r = rs) {
      while (r.next()) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String col : cols) row.put(col, value(r.getObject(col)));
        out.add(row);
      }
    }
    return out;
  }

  static Object value(Object o) throws SQLException {
    if (o == null || o instanceof String || o instanceof Boolean) return o;
    if (o instanceof Integer || o instanceof Short || o instanceof Long) return ((Number) o).longValue();
    if (o instanceof Array) return ((Array) o).toString();
    return o.toString();
  }

  static long count(Connection c, String table) throws SQLException {
    step("count " + table);
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static Object selectOne(Connection c) throws SQLException {
    step("select 1");
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  // ---------------------------------------------------------------- scenarios

  /**
   * jammi only (Postgres has no sources): what a BI tool browsing the demo source `trips` sees
   * through DatabaseMetaData — the schema, its table as a FOREIGN TABLE, and its columns' types.
   */
  static void sources() throws SQLException {
    try (Connection c = open()) {
      DatabaseMetaData md = c.getMetaData();
      step("getSchemas");
      List<String> schemas = new ArrayList<>();
      try (ResultSet rs = md.getSchemas(null, "trips")) {
        while (rs.next()) schemas.add(rs.getString("TABLE_SCHEM"));
      }
      emit("schemas", schemas);
      step("getTables");
      List<Object> tables = new ArrayList<>();
      try (ResultSet rs = md.getTables(null, "trips", "%", null)) {
        while (rs.next()) tables.add(Arrays.asList(rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME"), rs.getString("TABLE_TYPE")));
      }
      emit("tables", tables);
      step("getColumns");
      List<Object> columns = new ArrayList<>();
      try (ResultSet rs = md.getColumns(null, "trips", "trips", "%")) {
        while (rs.next()) columns.add(Arrays.asList(rs.getString("COLUMN_NAME"), rs.getString("TYPE_NAME"), rs.getInt("DATA_TYPE"), rs.getInt("ORDINAL_POSITION")));
      }
      emit("columns", columns);
      step("select");
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM trips.trips")) {
        rs.next();
        emit("count", rs.getLong(1));
        emit("tableName", rs.getMetaData().getColumnName(1));
      }
    }
  }

  static void connect() throws SQLException {
    step("open");
    try (Connection c = open()) {
      step("metadata");
      DatabaseMetaData md = c.getMetaData();
      emit("productName", md.getDatabaseProductName());
      String version = md.getDatabaseProductVersion();
      emit("productVersionMajor", version.split("[. ]")[0]);
      emit("databaseMajorVersion", md.getDatabaseMajorVersion());
      emit("driverName", md.getDriverName());
      emit("driverVersion", md.getDriverVersion());
      emit("jdbcMajorVersion", md.getJDBCMajorVersion());
      step("getUserName");
      emit("userNameIsUrlUser", md.getUserName().equals(urlUser()));
      step("getCatalog");
      emit("catalogIsDatabase", urlDatabase().equals(c.getCatalog()));
      step("getSchema");
      emit("schema", c.getSchema());
      step("getAutoCommit");
      emit("autoCommit", c.getAutoCommit());
      step("isReadOnly");
      emit("readOnly", c.isReadOnly());
      step("getTransactionIsolation");
      emit("transactionIsolation", c.getTransactionIsolation());
      step("isValid");
      emit("isValid", c.isValid(5));
      step("parameterStatus");
      PGConnection pg = c.unwrap(PGConnection.class);
      for (String p : new String[] {"server_encoding", "client_encoding", "DateStyle", "integer_datetimes",
          "standard_conforming_strings", "TimeZone", "IntervalStyle"}) {
        emit("param:" + p, pg.getParameterStatus(p));
      }
      step("show");
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT current_setting('extra_float_digits'), current_setting('application_name')")) {
        rs.next();
        emit("extra_float_digits", rs.getString(1));
        emit("application_name", rs.getString(2));
      }
    }
  }

  static void metadata() throws SQLException {
    try (Connection c = open()) {
      exec(c, "DROP VIEW IF EXISTS jdbc_md_parent_v");
      exec(c, "DROP TABLE IF EXISTS jdbc_md_child");
      exec(c, "DROP TABLE IF EXISTS jdbc_md_parent");
      exec(c, "CREATE TABLE IF NOT EXISTS jdbc_md_parent ("
          + "id serial PRIMARY KEY, "
          + "code varchar(20) NOT NULL UNIQUE, "
          + "amount numeric(12,3) DEFAULT 0, "
          + "ratio float8, "
          + "active boolean NOT NULL DEFAULT true, "
          + "created timestamptz, "
          + "notes text)");
      exec(c, "CREATE TABLE IF NOT EXISTS jdbc_md_child ("
          + "id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
          + "parent_id int NOT NULL REFERENCES jdbc_md_parent (id) ON DELETE CASCADE, "
          + "label char(5), "
          + "tags text[], "
          + "doc jsonb)");
      exec(c, "CREATE INDEX jdbc_md_child_parent_idx ON jdbc_md_child (parent_id)");
      exec(c, "CREATE VIEW jdbc_md_parent_v AS SELECT id, code FROM jdbc_md_parent");

      step("getMetaData");
      DatabaseMetaData md = c.getMetaData();

      step("getSchemas");
      List<String> schemas = new ArrayList<>();
      try (ResultSet rs = md.getSchemas()) {
        while (rs.next()) {
          String s = rs.getString("TABLE_SCHEM");
          if (s.equals("public") || s.equals("pg_catalog") || s.equals("information_schema")) schemas.add(s);
        }
      }
      emit("getSchemas", schemas);

      step("getSchemas(null, public)");
      emit("getSchemas(public)", rows(md.getSchemas(null, "public"), "TABLE_SCHEM"));

      step("getCatalogs");
      boolean found = false;
      try (ResultSet rs = md.getCatalogs()) {
        while (rs.next()) found |= rs.getString("TABLE_CAT").equals(urlDatabase());
      }
      emit("getCatalogsHasDatabase", found);

      step("getTableTypes");
      List<String> types = new ArrayList<>();
      try (ResultSet rs = md.getTableTypes()) {
        while (rs.next()) types.add(rs.getString(1));
      }
      emit("getTableTypes", types);

      step("getTables(TABLE,VIEW)");
      emit("getTables", rows(md.getTables(null, "public", "jdbc_md_%", new String[] {"TABLE", "VIEW"}),
          "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS"));

      step("getTables(null types)");
      emit("getTablesAllTypes", rows(md.getTables(null, "public", "jdbc_md_%", null), "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE"));

      for (String t : new String[] {"jdbc_md_parent", "jdbc_md_child", "jdbc_md_parent_v"}) {
        step("getColumns " + t);
        emit("getColumns:" + t, rows(md.getColumns(null, "public", t, "%"),
            "TABLE_NAME", "COLUMN_NAME", "TYPE_NAME", "DATA_TYPE", "COLUMN_SIZE", "DECIMAL_DIGITS", "NULLABLE",
            "IS_NULLABLE", "COLUMN_DEF", "ORDINAL_POSITION", "IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN"));
      }

      for (String t : new String[] {"jdbc_md_parent", "jdbc_md_child"}) {
        step("getPrimaryKeys " + t);
        emit("getPrimaryKeys:" + t, rows(md.getPrimaryKeys(null, "public", t), "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"));
      }

      String[] fkCols = {"PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_SCHEM", "FKTABLE_NAME", "FKCOLUMN_NAME",
          "KEY_SEQ", "UPDATE_RULE", "DELETE_RULE", "FK_NAME", "PK_NAME", "DEFERRABILITY"};
      step("getImportedKeys");
      emit("getImportedKeys:jdbc_md_child", rows(md.getImportedKeys(null, "public", "jdbc_md_child"), fkCols));
      step("getExportedKeys");
      emit("getExportedKeys:jdbc_md_parent", rows(md.getExportedKeys(null, "public", "jdbc_md_parent"), fkCols));
      step("getCrossReference");
      emit("getCrossReference", rows(md.getCrossReference(null, "public", "jdbc_md_parent", null, "public", "jdbc_md_child"), fkCols));

      String[] ixCols = {"TABLE_NAME", "NON_UNIQUE", "INDEX_NAME", "TYPE", "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC"};
      for (String t : new String[] {"jdbc_md_parent", "jdbc_md_child"}) {
        step("getIndexInfo(all) " + t);
        emit("getIndexInfo:" + t, rows(md.getIndexInfo(null, "public", t, false, true), ixCols));
        step("getIndexInfo(unique) " + t);
        emit("getIndexInfoUnique:" + t, rows(md.getIndexInfo(null, "public", t, true, true), ixCols));
      }

      step("getTypeInfo");
      List<String> wanted = Arrays.asList("int4", "int8", "text", "varchar", "bool", "numeric", "timestamp", "timestamptz",
          "date", "uuid", "jsonb", "bytea", "float8");
      TreeMap<String, Object> typeInfo = new TreeMap<>();
      try (ResultSet rs = md.getTypeInfo()) {
        while (rs.next()) {
          String name = rs.getString("TYPE_NAME");
          if (wanted.contains(name)) typeInfo.put(name, rs.getInt("DATA_TYPE"));
        }
      }
      emit("getTypeInfo", typeInfo);

      step("getFunctions");
      emit("getFunctions", rows(md.getFunctions(null, "public", "jdbc_md_%"), "FUNCTION_NAME"));
      step("getProcedures");
      emit("getProcedures", rows(md.getProcedures(null, "public", "jdbc_md_%"), "PROCEDURE_NAME"));

      step("getUDTs");
      emit("getUDTs", rows(md.getUDTs(null, "public", "jdbc_md_%", null), "TYPE_NAME"));

      exec(c, "DROP VIEW IF EXISTS jdbc_md_parent_v");
      exec(c, "DROP TABLE IF EXISTS jdbc_md_child");
      exec(c, "DROP TABLE IF EXISTS jdbc_md_parent");
    }
  }

  static final String TYPES_DDL = "CREATE TABLE IF NOT EXISTS %s ("
      + "id int4 NOT NULL, "
      + "c_int2 int2, c_int4 int4, c_int8 int8, c_numeric numeric(10,2), c_float4 float4, c_float8 float8, "
      + "c_bool bool, c_text text, c_varchar varchar(20), c_char char(3), c_date date, c_time time, "
      + "c_timestamp timestamp, c_timestamptz timestamptz, c_interval interval, c_uuid uuid, c_json json, "
      + "c_jsonb jsonb, c_bytea bytea, c_text_arr text[], c_int4_arr int4[])";

  static void rsmeta() throws SQLException {
    try (Connection c = open()) {
      exec(c, "DROP TABLE IF EXISTS jdbc_types");
      exec(c, String.format(TYPES_DDL, "jdbc_types"));
      step("select");
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM jdbc_types")) {
        ResultSetMetaData m = rs.getMetaData();
        emit("columnCount", m.getColumnCount());
        for (int i = 1; i <= m.getColumnCount(); i++) {
          step("column " + i);
          Map<String, Object> v = new LinkedHashMap<>();
          v.put("name", m.getColumnName(i));
          v.put("label", m.getColumnLabel(i));
          v.put("typeName", m.getColumnTypeName(i));
          v.put("type", m.getColumnType(i));
          v.put("precision", m.getPrecision(i));
          v.put("scale", m.getScale(i));
          v.put("displaySize", m.getColumnDisplaySize(i));
          v.put("className", m.getColumnClassName(i));
          v.put("signed", m.isSigned(i));
          v.put("caseSensitive", m.isCaseSensitive(i));
          // These three read pg_attribute/pg_class for the column's table.
          v.put("nullable", m.isNullable(i));
          v.put("autoIncrement", m.isAutoIncrement(i));
          v.put("tableName", m.getTableName(i));
          v.put("schemaName", m.getSchemaName(i));
          emit("column:" + i, v);
        }
      }
      step("computed columns");
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT 1 AS one, 'x'::text AS t, 2.5::numeric(4,1) AS n, now() IS NOT NULL AS b")) {
        ResultSetMetaData m = rs.getMetaData();
        for (int i = 1; i <= m.getColumnCount(); i++) {
          Map<String, Object> v = new LinkedHashMap<>();
          v.put("label", m.getColumnLabel(i));
          v.put("typeName", m.getColumnTypeName(i));
          v.put("type", m.getColumnType(i));
          v.put("precision", m.getPrecision(i));
          v.put("scale", m.getScale(i));
          v.put("nullable", m.isNullable(i));
          v.put("className", m.getColumnClassName(i));
          emit("computed:" + i, v);
        }
      }
      exec(c, "DROP TABLE IF EXISTS jdbc_types");
    }
  }

  static final String INSERT_TYPES = "INSERT INTO jdbc_prep (id, c_int2, c_int4, c_int8, c_numeric, c_float4, c_float8, c_bool, "
      + "c_text, c_varchar, c_char, c_date, c_time, c_timestamp, c_timestamptz, c_interval, c_uuid, c_json, c_jsonb, c_bytea, "
      + "c_text_arr, c_int4_arr) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  static void prepared() throws SQLException {
    preparedWith("threshold1", "prepareThreshold=1", "binaryTransfer=true");
    preparedWith("threshold0", "prepareThreshold=0");
  }

  static void preparedWith(String mode, String... params) throws SQLException {
    try (Connection c = open(params)) {
      exec(c, "DROP TABLE IF EXISTS jdbc_prep");
      exec(c, String.format(TYPES_DDL, "jdbc_prep"));

      step(mode + " insert values");
      try (PreparedStatement ps = c.prepareStatement(INSERT_TYPES)) {
        int i = 1;
        ps.setInt(i++, 1);
        ps.setShort(i++, (short) 12);
        ps.setInt(i++, -2147483647);
        ps.setLong(i++, 9007199254740993L);
        ps.setBigDecimal(i++, new BigDecimal("12345678.90"));
        ps.setFloat(i++, 1.5f);
        ps.setDouble(i++, 2.25);
        ps.setBoolean(i++, true);
        ps.setString(i++, "héllo, 'wörld'");
        ps.setString(i++, "varchar value");
        ps.setString(i++, "ab");
        ps.setDate(i++, java.sql.Date.valueOf("2024-02-29"));
        ps.setTime(i++, Time.valueOf("13:14:15"));
        ps.setTimestamp(i++, Timestamp.valueOf("2024-01-02 03:04:05.123456"));
        ps.setObject(i++, OffsetDateTime.of(2024, 1, 2, 3, 4, 5, 0, ZoneOffset.ofHours(2)));
        ps.setObject(i++, new PGInterval("1 day 02:03:04"));
        ps.setObject(i++, UUID.fromString("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
        ps.setObject(i++, "{\"b\": 1, \"a\": [1, 2]}", Types.OTHER);
        PGobject jsonb = new PGobject();
        jsonb.setType("jsonb");
        jsonb.setValue("{\"b\": 1, \"a\": [1, 2]}");
        ps.setObject(i++, jsonb);
        ps.setBytes(i++, new byte[] {0, 1, 2, (byte) 0xfe, (byte) 0xff});
        ps.setArray(i++, c.createArrayOf("text", new String[] {"a", "b c", null, "d\"e"}));
        ps.setArray(i++, c.createArrayOf("int4", new Integer[] {1, 2, 3}));
        emit(mode + ":insert", ps.executeUpdate());
      }

      step(mode + " insert nulls");
      try (PreparedStatement ps = c.prepareStatement(INSERT_TYPES)) {
        int[] sqlTypes = {Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.NUMERIC, Types.REAL, Types.DOUBLE, Types.BOOLEAN,
            Types.VARCHAR, Types.VARCHAR, Types.CHAR, Types.DATE, Types.TIME, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE,
            Types.OTHER, Types.OTHER, Types.OTHER, Types.OTHER, Types.BINARY, Types.ARRAY, Types.ARRAY};
        ps.setInt(1, 2);
        for (int k = 0; k < sqlTypes.length; k++) ps.setNull(k + 2, sqlTypes[k]);
        emit(mode + ":insertNulls", ps.executeUpdate());
      }

      step(mode + " select all");
      try (PreparedStatement ps = c.prepareStatement("SELECT * FROM jdbc_prep WHERE id >= ? ORDER BY id")) {
        // Several executions, so that prepareThreshold=1 reuses a named server-side statement.
        for (int round = 1; round <= 3; round++) {
          ps.setInt(1, 1);
          try (ResultSet rs = ps.executeQuery()) {
            ResultSetMetaData m = rs.getMetaData();
            int row = 0;
            while (rs.next()) {
              row++;
              if (round != 3) continue;
              Map<String, Object> values = new LinkedHashMap<>();
              Map<String, Object> classes = new LinkedHashMap<>();
              for (int k = 1; k <= m.getColumnCount(); k++) {
                Object o = rs.getObject(k);
                // getString of a binary-transferred bytea is byte[].toString() ("[B@1a2b3c"): print hex.
                values.put(m.getColumnName(k), o instanceof byte[] ? "hex:" + hex((byte[]) o) : rs.getString(k));
                classes.put(m.getColumnName(k), o == null ? null : o.getClass().getName());
              }
              emit(mode + ":row" + row, values);
              emit(mode + ":row" + row + ":classes", classes);
            }
            if (round == 3) emit(mode + ":rowCount", row);
          }
        }
      }

      step(mode + " typed getters");
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT c_int2, c_int4, c_int8, c_numeric, c_float4, c_float8, c_bool, c_date, c_timestamp, c_timestamptz, "
              + "c_uuid, c_bytea, c_text_arr, c_int4_arr FROM jdbc_prep WHERE id = ?")) {
        for (int round = 1; round <= 3; round++) {
          ps.setInt(1, 1);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (round != 3) continue;
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("int2", rs.getShort(1));
            v.put("int4", rs.getInt(2));
            v.put("int8", rs.getLong(3));
            v.put("numeric", rs.getBigDecimal(4).toPlainString());
            v.put("float4", Float.toString(rs.getFloat(5)));
            v.put("float8", Double.toString(rs.getDouble(6)));
            v.put("bool", rs.getBoolean(7));
            v.put("date", rs.getDate(8).toString());
            v.put("timestamp", rs.getTimestamp(9).toString());
            v.put("timestamptz", rs.getObject(10, OffsetDateTime.class).toString());
            v.put("uuid", rs.getObject(11, UUID.class).toString());
            v.put("bytea", Arrays.toString(rs.getBytes(12)));
            v.put("textArray", Arrays.toString((Object[]) rs.getArray(13).getArray()));
            v.put("int4Array", Arrays.toString((Object[]) rs.getArray(14).getArray()));
            emit(mode + ":typed", v);
          }
        }
      }

      step(mode + " parameter round trip");
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT ?::int4 + 1, ?::text || '!', ?::numeric * 2, ?::bool, ?::date, ?::uuid, ?::int8")) {
        for (int round = 1; round <= 3; round++) {
          ps.setInt(1, 41 + round);
          ps.setString(2, "r" + round);
          ps.setBigDecimal(3, new BigDecimal("1.25"));
          ps.setBoolean(4, round % 2 == 0);
          ps.setDate(5, java.sql.Date.valueOf("2000-01-0" + round));
          ps.setObject(6, UUID.fromString("00000000-0000-0000-0000-00000000000" + round));
          ps.setNull(7, Types.BIGINT);
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            List<Object> v = new ArrayList<>();
            for (int k = 1; k <= 7; k++) v.add(rs.getString(k));
            emit(mode + ":params" + round, v);
          }
        }
      }

      step(mode + " update");
      try (PreparedStatement ps = c.prepareStatement("UPDATE jdbc_prep SET c_text = ? WHERE id = ?")) {
        ps.setString(1, "updated");
        ps.setInt(2, 1);
        emit(mode + ":update", ps.executeUpdate());
      }
      exec(c, "DROP TABLE IF EXISTS jdbc_prep");
    }
  }

  static void batch() throws SQLException {
    try (Connection c = open()) {
      exec(c, "DROP TABLE IF EXISTS jdbc_batch");
      exec(c, "CREATE TABLE IF NOT EXISTS jdbc_batch (id int PRIMARY KEY, v text)");

      step("prepared batch");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO jdbc_batch (id, v) VALUES (?, ?)")) {
        for (int i = 1; i <= 5; i++) {
          ps.setInt(1, i);
          ps.setString(2, "v" + i);
          ps.addBatch();
        }
        emit("preparedBatch", ints(ps.executeBatch()));
      }
      emit("countAfterPreparedBatch", count(c, "jdbc_batch"));

      step("statement batch");
      try (Statement st = c.createStatement()) {
        st.addBatch("INSERT INTO jdbc_batch (id, v) VALUES (6, 'v6')");
        st.addBatch("INSERT INTO jdbc_batch (id, v) VALUES (7, 'v7'), (8, 'v8')");
        st.addBatch("UPDATE jdbc_batch SET v = v || '!' WHERE id <= 3");
        st.addBatch("DELETE FROM jdbc_batch WHERE id = 8");
        emit("statementBatch", ints(st.executeBatch()));
      }
      emit("countAfterStatementBatch", count(c, "jdbc_batch"));

      step("failing batch");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO jdbc_batch (id, v) VALUES (?, ?)")) {
        for (int id : new int[] {10, 11, 1, 12}) {
          ps.setInt(1, id);
          ps.setString(2, "x" + id);
          ps.addBatch();
        }
        try {
          ps.executeBatch();
          emit("failingBatch", "no error");
        } catch (BatchUpdateException e) {
          SQLException next = e.getNextException();
          Map<String, Object> v = new LinkedHashMap<>();
          v.put("sqlstate", e.getSQLState());
          v.put("nextSqlstate", next == null ? null : next.getSQLState());
          v.put("nextMessage", next == null ? null : serverMessage(next));
          v.put("updateCounts", ints(e.getUpdateCounts()));
          emit("failingBatch", v);
        }
      }
      // In autocommit mode the whole batch runs in one implicit transaction: nothing stays.
      emit("countAfterFailingBatch", count(c, "jdbc_batch"));
      emit("selectAfterFailingBatch", selectOne(c));
    }

    step("rewritten batch");
    try (Connection c = open("reWriteBatchedInserts=true")) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO jdbc_batch (id, v) VALUES (?, ?)")) {
        for (int i = 20; i < 30; i++) {
          ps.setInt(1, i);
          ps.setString(2, "w" + i);
          ps.addBatch();
        }
        emit("rewrittenBatch", ints(ps.executeBatch()));
      }
      emit("countAfterRewrittenBatch", count(c, "jdbc_batch"));
      exec(c, "DROP TABLE IF EXISTS jdbc_batch");
    }
  }

  static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) sb.append(String.format("%02x", x & 0xff));
    return sb.toString();
  }

  static List<Integer> ints(int[] a) {
    List<Integer> l = new ArrayList<>();
    if (a != null) for (int x : a) l.add(x);
    return l;
  }

  static void tx() throws SQLException {
    try (Connection c = open()) {
      exec(c, "DROP TABLE IF EXISTS jdbc_tx");
      exec(c, "CREATE TABLE IF NOT EXISTS jdbc_tx (id int PRIMARY KEY)");

      step("setAutoCommit(false)");
      c.setAutoCommit(false);
      emit("autoCommit", c.getAutoCommit());
      step("insert+commit");
      exec(c, "INSERT INTO jdbc_tx VALUES (1)");
      c.commit();
      emit("countAfterCommit", count(c, "jdbc_tx"));
      c.commit();

      step("insert+rollback");
      exec(c, "INSERT INTO jdbc_tx VALUES (2)");
      emit("countInsideTx", count(c, "jdbc_tx"));
      c.rollback();
      emit("countAfterRollback", count(c, "jdbc_tx"));
      c.commit();

      step("prepared in tx");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO jdbc_tx VALUES (?)")) {
        ps.setInt(1, 3);
        ps.executeUpdate();
      }
      c.rollback();
      emit("countAfterPreparedRollback", count(c, "jdbc_tx"));
      c.commit();

      step("error aborts tx");
      exec(c, "INSERT INTO jdbc_tx VALUES (4)");
      try (Statement st = c.createStatement()) {
        st.execute("INSERT INTO jdbc_tx VALUES (1)");
        emit("duplicateInTx", "no error");
      } catch (SQLException e) {
        emit("duplicateInTx", e.getSQLState());
      }
      try (Statement st = c.createStatement()) {
        st.executeQuery("SELECT 1");
        emit("afterErrorInTx", "no error");
      } catch (SQLException e) {
        emit("afterErrorInTx", e.getSQLState());
      }
      c.rollback();
      emit("countAfterAbortedTx", count(c, "jdbc_tx"));
      c.commit();

      step("savepoint");
      exec(c, "INSERT INTO jdbc_tx VALUES (5)");
      Savepoint sp = c.setSavepoint("sp1");
      exec(c, "INSERT INTO jdbc_tx VALUES (6)");
      step("rollback to savepoint");
      c.rollback(sp);
      exec(c, "INSERT INTO jdbc_tx VALUES (7)");
      step("commit after savepoint");
      c.commit();
      emit("rowsAfterSavepoint", idList(c));
      c.commit();

      step("savepoint release");
      Savepoint sp2 = c.setSavepoint();
      exec(c, "INSERT INTO jdbc_tx VALUES (8)");
      c.releaseSavepoint(sp2);
      c.commit();
      emit("rowsAfterRelease", idList(c));
      c.commit();

      step("setAutoCommit(true)");
      c.setAutoCommit(true);
      exec(c, "INSERT INTO jdbc_tx VALUES (9)");
      emit("rowsAfterAutoCommit", idList(c));

      step("read only");
      c.setAutoCommit(false);
      c.setReadOnly(true);
      try (Statement st = c.createStatement()) {
        st.execute("INSERT INTO jdbc_tx VALUES (10)");
        emit("insertReadOnly", "no error");
      } catch (SQLException e) {
        emit("insertReadOnly", e.getSQLState());
      }
      c.rollback();
      c.setReadOnly(false);
      c.setAutoCommit(true);

      step("isolation");
      c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
      emit("isolationAfterSet", c.getTransactionIsolation());
      c.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
      exec(c, "DROP TABLE IF EXISTS jdbc_tx");
    }
  }

  static List<Integer> idList(Connection c) throws SQLException {
    List<Integer> ids = new ArrayList<>();
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM jdbc_tx ORDER BY id")) {
      while (rs.next()) ids.add(rs.getInt(1));
    }
    return ids;
  }

  static void cursor() throws SQLException {
    try (Connection c = open()) {
      step("setAutoCommit(false)");
      c.setAutoCommit(false);

      step("fetchSize statement");
      try (Statement st = c.createStatement()) {
        st.setFetchSize(10);
        try (ResultSet rs = st.executeQuery("SELECT g, g * 2 AS d FROM generate_series(1, 100) AS g")) {
          long n = 0, sum = 0;
          while (rs.next()) {
            n++;
            sum += rs.getLong(2);
          }
          emit("statementRows", n);
          emit("statementSum", sum);
          emit("fetchSize", rs.getFetchSize());
        }
      }

      step("fetchSize prepared");
      try (PreparedStatement ps = c.prepareStatement("SELECT g FROM generate_series(1, ?) AS g")) {
        ps.setFetchSize(10);
        ps.setInt(1, 100);
        try (ResultSet rs = ps.executeQuery()) {
          long n = 0, last = 0;
          while (rs.next()) {
            n++;
            last = rs.getLong(1);
          }
          emit("preparedRows", n);
          emit("preparedLast", last);
        }
      }

      step("partial read then close");
      try (Statement st = c.createStatement()) {
        st.setFetchSize(10);
        try (ResultSet rs = st.executeQuery("SELECT g FROM generate_series(1, 100) AS g")) {
          for (int i = 0; i < 15; i++) rs.next();
          emit("partialAt", rs.getInt(1));
        }
      }
      c.commit();

      step("declare/fetch");
      try (Statement st = c.createStatement()) {
        st.execute("DECLARE jdbc_cur CURSOR FOR SELECT g FROM generate_series(1, 100) AS g");
        long n = 0;
        int batches = 0;
        while (true) {
          try (ResultSet rs = st.executeQuery("FETCH 30 FROM jdbc_cur")) {
            int got = 0;
            while (rs.next()) got++;
            if (got == 0) break;
            n += got;
            batches++;
          }
        }
        st.execute("CLOSE jdbc_cur");
        emit("declareFetchRows", n);
        emit("declareFetchBatches", batches);
      }
      c.commit();

      step("fetchSize in autocommit");
      c.setAutoCommit(true);
      try (Statement st = c.createStatement()) {
        // With autocommit on, pgJDBC ignores the fetch size and reads everything at once.
        st.setFetchSize(10);
        try (ResultSet rs = st.executeQuery("SELECT g FROM generate_series(1, 100) AS g")) {
          long n = 0;
          while (rs.next()) n++;
          emit("autoCommitRows", n);
        }
      }
    }
  }

  static void errors() throws SQLException {
    try (Connection c = open()) {
      exec(c, "DROP TABLE IF EXISTS jdbc_err");
      exec(c, "CREATE TABLE IF NOT EXISTS jdbc_err (id int PRIMARY KEY, v text)");
      exec(c, "INSERT INTO jdbc_err VALUES (1, 'a')");

      step("syntax error");
      try (Statement st = c.createStatement()) {
        st.execute("SELEC 1");
        emit("syntaxError", "no error");
      } catch (SQLException e) {
        emit("syntaxError", sqlError(e));
      }
      emit("afterSyntaxError", selectOne(c));

      step("unique violation");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO jdbc_err VALUES (?, ?)")) {
        ps.setInt(1, 1);
        ps.setString(2, "dup");
        ps.executeUpdate();
        emit("uniqueViolation", "no error");
      } catch (SQLException e) {
        Map<String, Object> v = sqlError(e);
        if (e instanceof PSQLException && ((PSQLException) e).getServerErrorMessage() != null) {
          v.put("detail", ((PSQLException) e).getServerErrorMessage().getDetail());
          v.put("constraint", ((PSQLException) e).getServerErrorMessage().getConstraint());
          v.put("table", ((PSQLException) e).getServerErrorMessage().getTable());
        }
        emit("uniqueViolation", v);
      }
      emit("afterUniqueViolation", selectOne(c));

      step("undefined table");
      try (Statement st = c.createStatement()) {
        st.executeQuery("SELECT * FROM jdbc_no_such_table");
        emit("undefinedTable", "no error");
      } catch (SQLException e) {
        emit("undefinedTable", sqlError(e));
      }

      step("division by zero (prepared)");
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 / ?")) {
        ps.setInt(1, 0);
        ps.executeQuery();
        emit("divisionByZero", "no error");
      } catch (SQLException e) {
        emit("divisionByZero", sqlError(e));
      }

      step("bad parameter");
      try (PreparedStatement ps = c.prepareStatement("SELECT ?::int")) {
        ps.setString(1, "abc");
        ps.executeQuery();
        emit("badParameter", "no error");
      } catch (SQLException e) {
        emit("badParameter", sqlError(e));
      }
      emit("afterErrors", selectOne(c));

      step("error in transaction");
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("SELEC 2");
      } catch (SQLException e) {
        emit("syntaxErrorInTx", e.getSQLState());
      }
      try (Statement st = c.createStatement()) {
        st.executeQuery("SELECT 1");
        emit("inFailedTx", "no error");
      } catch (SQLException e) {
        emit("inFailedTx", e.getSQLState());
      }
      c.rollback();
      emit("afterRollback", selectOne(c));
      c.setAutoCommit(true);
      emit("rowsAtEnd", count(c, "jdbc_err"));
      exec(c, "DROP TABLE IF EXISTS jdbc_err");
    }
  }

  // ---------------------------------------------------------------- JSON

  static String json(Object o) {
    StringBuilder sb = new StringBuilder();
    writeJson(sb, o);
    return sb.toString();
  }

  static void writeJson(StringBuilder sb, Object o) {
    if (o == null) {
      sb.append("null");
    } else if (o instanceof Boolean || o instanceof Integer || o instanceof Long || o instanceof Short) {
      sb.append(o);
    } else if (o instanceof Map) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
        if (!first) sb.append(',');
        first = false;
        writeString(sb, String.valueOf(e.getKey()));
        sb.append(':');
        writeJson(sb, e.getValue());
      }
      sb.append('}');
    } else if (o instanceof Collection) {
      sb.append('[');
      boolean first = true;
      for (Object x : (Collection<?>) o) {
        if (!first) sb.append(',');
        first = false;
        writeJson(sb, x);
      }
      sb.append(']');
    } else {
      writeString(sb, o.toString());
    }
  }

  static void writeString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"': sb.append("\\\""); break;
        case '\\': sb.append("\\\\"); break;
        case '\n': sb.append("\\n"); break;
        case '\r': sb.append("\\r"); break;
        case '\t': sb.append("\\t"); break;
        default:
          if (ch < 0x20 || ch > 0x7e) sb.append(String.format("\\u%04x", (int) ch));
          else sb.append(ch);
      }
    }
    sb.append('"');
  }
}
