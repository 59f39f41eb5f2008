//! The SQLite and PostgreSQL migrations must describe one schema: both are run on fresh
//! databases and what each database reports about itself (its catalog, not the SQL text) is
//! compared — tables, columns (name, type family, nullability, default or not), primary
//! keys, foreign keys, unique constraints, indexes, and CHECK constraints by count.
//! What each dialect has on purpose and the other cannot is listed in `DIALECT_ONLY`, with
//! why; an entry that no longer matches anything fails the test too, so the list stays true.

use crate::helpers::spawn_app;
use sqlx::{Connection, PgConnection, Row, SqliteConnection};
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Sqlite,
    Postgres,
}

/// Something only one dialect has, by design.
struct DialectOnly {
    side: Side,
    /// `table`, `table.column` or `table#index`; a trailing `*` matches a prefix.
    what: &'static str,
    why: &'static str,
}

const DIALECT_ONLY: &[DialectOnly] = &[
    DialectOnly {
        side: Side::Sqlite,
        what: "products_fts*",
        why: "SQLite's full-text search: an FTS5 virtual table (and its shadow tables) kept by triggers",
    },
    DialectOnly {
        side: Side::Postgres,
        what: "products.search",
        why: "PostgreSQL's full-text search: a generated tsvector column",
    },
    DialectOnly {
        side: Side::Postgres,
        what: "products#products_search",
        why: "the GIN index over that tsvector",
    },
    DialectOnly {
        side: Side::Postgres,
        what: "realtime_events",
        why: "LISTEN/NOTIFY payloads, which cross instances only on PostgreSQL",
    },
];

#[derive(Debug, Default)]
struct Schema {
    tables: BTreeMap<String, Table>,
}

#[derive(Debug, Default, PartialEq)]
struct Table {
    columns: BTreeMap<String, Column>,
    primary_key: Vec<String>,
    foreign_keys: BTreeSet<ForeignKey>,
    /// The columns of each UNIQUE constraint (SQLite does not keep their names).
    unique: BTreeSet<Vec<String>>,
    /// Indexes made with CREATE INDEX, by name.
    indexes: BTreeMap<String, Index>,
    checks: usize,
}

#[derive(Debug, PartialEq)]
struct Column {
    family: String,
    nullable: bool,
    has_default: bool,
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
struct ForeignKey {
    columns: Vec<String>,
    table: String,
    references: Vec<String>,
    on_delete: String,
    on_update: String,
}

#[derive(Debug, PartialEq)]
struct Index {
    columns: Vec<String>,
    unique: bool,
    partial: bool,
}

#[tokio::test]
#[ignore = "needs PostgreSQL to compare with; cargo xtask test runs it there"]
async fn the_sqlite_and_postgres_migrations_make_the_same_schema() {
    let app = spawn_app().await;
    assert_eq!(
        app.state.db.dialect,
        bazaar::db::Dialect::Postgres,
        "set TEST_DATABASE_URL to a PostgreSQL server"
    );
    // `spawn_app` migrated a fresh PostgreSQL database; the same for SQLite here.
    let dir = tempfile::tempdir().unwrap();
    let sqlite_url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("schema.db").display()
    );
    bazaar::db::Db::connect(&sqlite_url, 1).await.unwrap();

    let mut sqlite = SqliteConnection::connect(&sqlite_url).await.unwrap();
    let mut postgres = PgConnection::connect(&app.state.config.database_url)
        .await
        .unwrap();
    let mut lite = sqlite_schema(&mut sqlite).await;
    let mut pg = postgres_schema(&mut postgres).await;
    assert!(
        lite.tables.len() > 10 && lite.tables.contains_key("orders"),
        "the SQLite catalog was not read: {:?}",
        lite.tables.keys()
    );

    let mut unused = Vec::new();
    for known in DIALECT_ONLY {
        let schema = match known.side {
            Side::Sqlite => &mut lite,
            Side::Postgres => &mut pg,
        };
        if !remove(schema, known.what) {
            unused.push(format!(
                "{:?} no longer has {} ({}): take it off DIALECT_ONLY",
                known.side, known.what, known.why
            ));
        }
    }
    let mut drift = compare(&lite, &pg);
    drift.extend(unused);
    assert!(
        drift.is_empty(),
        "the SQLite and PostgreSQL schemas differ (fix it with a new migration in both \
         folders):\n  {}",
        drift.join("\n  ")
    );

    let count = |f: fn(&Table) -> usize| lite.tables.values().map(f).sum::<usize>();
    println!(
        "same schema: {} tables, {} columns, {} indexes, {} unique constraints, {} foreign keys, \
         {} checks; {} dialect-only differences set aside",
        lite.tables.len(),
        count(|t| t.columns.len()),
        count(|t| t.indexes.len()),
        count(|t| t.unique.len()),
        count(|t| t.foreign_keys.len()),
        count(|t| t.checks),
        DIALECT_ONLY.len()
    );
}

/// Takes `what` out of the schema; false if there was nothing to take.
fn remove(schema: &mut Schema, what: &str) -> bool {
    if let Some((table, index)) = what.split_once('#') {
        return schema
            .tables
            .get_mut(table)
            .and_then(|t| t.indexes.remove(index))
            .is_some();
    }
    if let Some((table, column)) = what.split_once('.') {
        return schema
            .tables
            .get_mut(table)
            .and_then(|t| t.columns.remove(column))
            .is_some();
    }
    let before = schema.tables.len();
    match what.strip_suffix('*') {
        Some(prefix) => schema.tables.retain(|name, _| !name.starts_with(prefix)),
        None => schema.tables.retain(|name, _| name != what),
    }
    schema.tables.len() < before
}

/// Every difference, one line each.
fn compare(lite: &Schema, pg: &Schema) -> Vec<String> {
    let mut drift = Vec::new();
    let names: BTreeSet<&String> = lite.tables.keys().chain(pg.tables.keys()).collect();
    for name in names {
        let (l, p) = match (lite.tables.get(name), pg.tables.get(name)) {
            (Some(l), Some(p)) => (l, p),
            (Some(_), None) => {
                drift.push(format!("table {name}: only on SQLite"));
                continue;
            }
            (None, _) => {
                drift.push(format!("table {name}: only on PostgreSQL"));
                continue;
            }
        };
        if l == p {
            continue;
        }
        let columns: BTreeSet<&String> = l.columns.keys().chain(p.columns.keys()).collect();
        for column in columns {
            match (l.columns.get(column), p.columns.get(column)) {
                (Some(a), Some(b)) if a != b => drift.push(format!(
                    "column {name}.{column}: SQLite {}, PostgreSQL {}",
                    describe(a),
                    describe(b)
                )),
                (Some(_), None) => drift.push(format!("column {name}.{column}: only on SQLite")),
                (None, Some(_)) => {
                    drift.push(format!("column {name}.{column}: only on PostgreSQL"));
                }
                _ => {}
            }
        }
        if l.primary_key != p.primary_key {
            drift.push(format!(
                "primary key of {name}: SQLite {:?}, PostgreSQL {:?}",
                l.primary_key, p.primary_key
            ));
        }
        for fk in l.foreign_keys.symmetric_difference(&p.foreign_keys) {
            let side = if l.foreign_keys.contains(fk) {
                "SQLite"
            } else {
                "PostgreSQL"
            };
            drift.push(format!("foreign key on {name}: only on {side}: {fk:?}"));
        }
        for unique in l.unique.symmetric_difference(&p.unique) {
            let side = if l.unique.contains(unique) {
                "SQLite"
            } else {
                "PostgreSQL"
            };
            drift.push(format!("UNIQUE {unique:?} on {name}: only on {side}"));
        }
        let indexes: BTreeSet<&String> = l.indexes.keys().chain(p.indexes.keys()).collect();
        for index in indexes {
            match (l.indexes.get(index), p.indexes.get(index)) {
                (Some(a), Some(b)) if a != b => drift.push(format!(
                    "index {name}#{index}: SQLite {a:?}, PostgreSQL {b:?}"
                )),
                (Some(_), None) => drift.push(format!("index {name}#{index}: only on SQLite")),
                (None, Some(_)) => {
                    drift.push(format!("index {name}#{index}: only on PostgreSQL"));
                }
                _ => {}
            }
        }
        if l.checks != p.checks {
            drift.push(format!(
                "CHECK constraints on {name}: {} on SQLite, {} on PostgreSQL",
                l.checks, p.checks
            ));
        }
    }
    drift
}

fn describe(column: &Column) -> String {
    let mut text = column.family.clone();
    text.push_str(if column.nullable {
        " NULL"
    } else {
        " NOT NULL"
    });
    if column.has_default {
        text.push_str(" DEFAULT …");
    }
    text
}

/// SQLite's declared type, by its affinity rules, named the way `pg_family` names them.
fn sqlite_family(declared: &str) -> String {
    let t = declared.to_ascii_uppercase();
    let family = if t.contains("BOOL") {
        "bool"
    } else if t.contains("INT") {
        "integer"
    } else if t.contains("TIMESTAMP") || t.contains("DATE") {
        "timestamp"
    } else if t.contains("JSON") {
        "json"
    } else if t.contains("CHAR") || t.contains("CLOB") || t.contains("TEXT") {
        "text"
    } else if t.is_empty() || t.contains("BLOB") {
        "blob"
    } else if t.contains("REAL") || t.contains("FLOA") || t.contains("DOUB") {
        "real"
    } else {
        "numeric"
    };
    family.to_owned()
}

fn pg_family(data_type: &str) -> String {
    let family = match data_type {
        "smallint" | "integer" | "bigint" => "integer",
        "text" | "character varying" | "character" => "text",
        "real" | "double precision" => "real",
        "numeric" => "numeric",
        "bytea" => "blob",
        "boolean" => "bool",
        "json" | "jsonb" => "json",
        t if t.starts_with("timestamp") || t == "date" => "timestamp",
        other => other,
    };
    family.to_owned()
}

/// `CHECK (` in a CREATE TABLE statement, outside quoted text.
fn count_checks(sql: &str) -> usize {
    let mut unquoted = String::with_capacity(sql.len());
    let mut quote = None;
    for c in sql.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '\'' || c == '"' => quote = Some(c),
            None => unquoted.push(c.to_ascii_uppercase()),
        }
    }
    let bytes = unquoted.as_bytes();
    unquoted
        .match_indices("CHECK")
        .filter(|(at, _)| {
            let before = at.checked_sub(1).map(|i| bytes[i]);
            let word_start = !before.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'_');
            word_start && unquoted[at + 5..].trim_start().starts_with('(')
        })
        .count()
}

async fn sqlite_schema(conn: &mut SqliteConnection) -> Schema {
    let tables: Vec<(String, String)> = sqlx::query_as(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' \
         AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_sqlx%' ESCAPE '\\'",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    let mut schema = Schema::default();
    for (name, sql) in tables {
        let mut table = Table {
            checks: count_checks(&sql),
            ..Table::default()
        };
        let columns = sqlx::query(
            "SELECT name, type, \"notnull\", dflt_value IS NOT NULL AS has_default, pk \
             FROM pragma_table_info($1) ORDER BY cid",
        )
        .bind(&name)
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        let mut primary_key = Vec::new();
        for row in columns {
            let column: String = row.get("name");
            let pk: i64 = row.get("pk");
            if pk > 0 {
                primary_key.push((pk, column.clone()));
            }
            table.columns.insert(
                column,
                Column {
                    family: sqlite_family(row.get("type")),
                    // A PRIMARY KEY column: NOT NULL in SQL, though SQLite lets a non-INTEGER
                    // one hold NULL for old times' sake. The code never writes one.
                    nullable: row.get::<i64, _>("notnull") == 0 && pk == 0,
                    has_default: row.get::<bool, _>("has_default"),
                },
            );
        }
        primary_key.sort();
        table.primary_key = primary_key.into_iter().map(|(_, c)| c).collect();

        let foreign_keys = sqlx::query(
            "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete \
             FROM pragma_foreign_key_list($1) ORDER BY id, seq",
        )
        .bind(&name)
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        let mut by_id: BTreeMap<i64, ForeignKey> = BTreeMap::new();
        for row in foreign_keys {
            let fk = by_id.entry(row.get("id")).or_insert_with(|| ForeignKey {
                columns: Vec::new(),
                table: row.get("table"),
                references: Vec::new(),
                on_delete: row.get("on_delete"),
                on_update: row.get("on_update"),
            });
            fk.columns.push(row.get("from"));
            // NULL: the referenced table's primary key, filled in below.
            if let Some(to) = row.get::<Option<String>, _>("to") {
                fk.references.push(to);
            }
        }
        table.foreign_keys = by_id.into_values().collect();

        let indexes =
            sqlx::query("SELECT name, \"unique\", origin, partial FROM pragma_index_list($1)")
                .bind(&name)
                .fetch_all(&mut *conn)
                .await
                .unwrap();
        for row in indexes {
            let index: String = row.get("name");
            let columns: Vec<Option<String>> =
                sqlx::query_scalar("SELECT name FROM pragma_index_info($1) ORDER BY seqno")
                    .bind(&index)
                    .fetch_all(&mut *conn)
                    .await
                    .unwrap();
            let columns: Vec<String> = columns
                .into_iter()
                .map(|c| c.unwrap_or_else(|| "<expression>".to_owned()))
                .collect();
            match row.get::<String, _>("origin").as_str() {
                "pk" => {}
                "u" => {
                    table.unique.insert(columns);
                }
                _ => {
                    table.indexes.insert(
                        index,
                        Index {
                            columns,
                            unique: row.get::<i64, _>("unique") != 0,
                            partial: row.get::<i64, _>("partial") != 0,
                        },
                    );
                }
            }
        }
        schema.tables.insert(name, table);
    }
    // A foreign key naming no column references the primary key.
    let primary_keys: BTreeMap<String, Vec<String>> = schema
        .tables
        .iter()
        .map(|(name, t)| (name.clone(), t.primary_key.clone()))
        .collect();
    for table in schema.tables.values_mut() {
        table.foreign_keys = std::mem::take(&mut table.foreign_keys)
            .into_iter()
            .map(|mut fk| {
                if fk.references.is_empty() {
                    fk.references = primary_keys.get(&fk.table).cloned().unwrap_or_default();
                }
                fk
            })
            .collect();
    }
    schema
}

async fn postgres_schema(conn: &mut PgConnection) -> Schema {
    let mut schema = Schema::default();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT c.relname::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p') \
         AND c.relname NOT LIKE '\\_sqlx%'",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    for name in tables {
        schema.tables.insert(name, Table::default());
    }

    let columns = sqlx::query(
        "SELECT table_name::text, column_name::text, data_type::text, \
                is_nullable = 'YES' AS nullable, \
                (column_default IS NOT NULL OR is_generated = 'ALWAYS') AS has_default \
         FROM information_schema.columns WHERE table_schema = current_schema()",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    for row in columns {
        if let Some(table) = schema.tables.get_mut(row.get::<&str, _>("table_name")) {
            table.columns.insert(
                row.get("column_name"),
                Column {
                    family: pg_family(row.get("data_type")),
                    nullable: row.get("nullable"),
                    has_default: row.get("has_default"),
                },
            );
        }
    }

    let constraints = sqlx::query(
        "SELECT t.relname::text AS table_name, con.contype::text AS kind, \
            ARRAY(SELECT a.attname::text FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord) \
                  JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum \
                  ORDER BY k.ord) AS columns, \
            f.relname::text AS ref_table, \
            ARRAY(SELECT a.attname::text FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord) \
                  JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum \
                  ORDER BY k.ord) AS ref_columns, \
            con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update \
         FROM pg_constraint con \
         JOIN pg_class t ON t.oid = con.conrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         LEFT JOIN pg_class f ON f.oid = con.confrelid \
         WHERE n.nspname = current_schema()",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    let action = |code: &str| {
        match code {
            "a" => "NO ACTION",
            "r" => "RESTRICT",
            "c" => "CASCADE",
            "n" => "SET NULL",
            "d" => "SET DEFAULT",
            other => other,
        }
        .to_owned()
    };
    for row in constraints {
        let Some(table) = schema.tables.get_mut(row.get::<&str, _>("table_name")) else {
            continue;
        };
        let columns: Vec<String> = row.get("columns");
        match row.get::<&str, _>("kind") {
            "p" => table.primary_key = columns,
            "u" => {
                table.unique.insert(columns);
            }
            "c" => table.checks += 1,
            "f" => {
                table.foreign_keys.insert(ForeignKey {
                    columns,
                    table: row.get("ref_table"),
                    references: row.get("ref_columns"),
                    on_delete: action(row.get("on_delete")),
                    on_update: action(row.get("on_update")),
                });
            }
            // Not-null constraints (PostgreSQL 18) are the columns' nullability, compared.
            _ => {}
        }
    }

    let indexes = sqlx::query(
        "SELECT t.relname::text AS table_name, i.relname::text AS index_name, \
            ix.indisunique AS is_unique, ix.indpred IS NOT NULL AS partial, \
            ARRAY(SELECT COALESCE(a.attname::text, '<expression>') \
                  FROM unnest(ix.indkey::int2[]) WITH ORDINALITY k(attnum, ord) \
                  LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum \
                  ORDER BY k.ord) AS columns \
         FROM pg_index ix \
         JOIN pg_class i ON i.oid = ix.indexrelid \
         JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_namespace n ON n.oid = t.relnamespace \
         WHERE n.nspname = current_schema() \
         AND NOT EXISTS (SELECT 1 FROM pg_constraint con \
                         WHERE con.conindid = ix.indexrelid AND con.conrelid = t.oid \
                         AND con.contype IN ('p', 'u', 'x'))",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    for row in indexes {
        let Some(table) = schema.tables.get_mut(row.get::<&str, _>("table_name")) else {
            continue;
        };
        table.indexes.insert(
            row.get("index_name"),
            Index {
                columns: row.get("columns"),
                unique: row.get("is_unique"),
                partial: row.get("partial"),
            },
        );
    }
    schema
}

#[test]
fn checks_are_counted_outside_quoted_text() {
    let sql = "CREATE TABLE t (a TEXT CHECK (a IN ('check (x)', 'b')), \
               rechecked INTEGER, b INTEGER check(b > 0), CONSTRAINT c CHECK (a <> ''))";
    assert_eq!(count_checks(sql), 3);
}

#[test]
fn declared_types_fall_into_the_families_postgres_reports() {
    assert_eq!(sqlite_family("BIGINT"), pg_family("bigint"));
    assert_eq!(sqlite_family("INTEGER"), pg_family("integer"));
    assert_eq!(sqlite_family("TEXT"), pg_family("text"));
    assert_eq!(sqlite_family("BOOLEAN"), pg_family("boolean"));
    assert_eq!(
        sqlite_family("TIMESTAMPTZ"),
        pg_family("timestamp with time zone")
    );
    assert_ne!(sqlite_family("TEXT"), pg_family("bigint"));
    assert_ne!(sqlite_family("REAL"), pg_family("bigint"));
}
