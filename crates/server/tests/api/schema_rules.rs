//! The schema stays ready for Citus (distributed PostgreSQL): deploy/citus/distribute.sql places
//! every table — distributed by tenant, distributed by fingerprint, a reference table, or kept on
//! the coordinator — and the migrated schema keeps the rules that placement needs. A new table
//! or key that breaks them fails here, not on the day a consortium outgrows one server.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use diesel::sql_types::{Array, Bool, Text};
use sekisho_test_support::TestDatabase;

#[derive(diesel::QueryableByName)]
struct Column {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Bool)]
    nullable: bool,
}

#[derive(diesel::QueryableByName)]
struct UniqueIndex {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    index_name: String,
    #[diesel(sql_type = Bool)]
    primary: bool,
    #[diesel(sql_type = Array<Text>)]
    columns: Vec<String>,
}

#[derive(diesel::QueryableByName)]
struct ForeignKey {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    referenced: String,
    #[diesel(sql_type = Array<Text>)]
    columns: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Placement {
    /// `create_distributed_table(t, 'tenant_id')`, co-located with every other tenant table.
    ByTenant,
    /// `create_distributed_table(t, 'fingerprint')`: the consortium's shared tables.
    ByFingerprint,
    /// `create_reference_table(t)`: small, read everywhere, copied to every node.
    Reference,
    /// `citus_add_local_table_to_metadata(t)`: platform tables that stay on the coordinator.
    Coordinator,
}

struct Declared {
    placements: BTreeMap<String, Placement>,
    /// Foreign keys distribute.sql drops because no placement could keep them.
    dropped: BTreeSet<String>,
}

/// The placement of each table, as deploy/citus/distribute.sql declares it.
fn declared() -> Declared {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../deploy/citus/distribute.sql");
    let text = std::fs::read_to_string(path).unwrap();
    let mut placements = BTreeMap::new();
    let mut dropped = BTreeSet::new();
    for line in text.lines().map(str::trim).filter(|l| !l.starts_with("--")) {
        if let Some(rest) = line.split(" DROP CONSTRAINT ").nth(1) {
            dropped.insert(rest.trim_end_matches(';').trim().to_owned());
            continue;
        }
        let quoted: Vec<&str> = line.split('\'').skip(1).step_by(2).collect();
        let placement = if line.contains("create_distributed_table") {
            match quoted.get(1).copied() {
                Some("tenant_id") => Placement::ByTenant,
                Some("fingerprint") => Placement::ByFingerprint,
                other => panic!("distribute.sql: unexpected distribution column {other:?}"),
            }
        } else if line.contains("create_reference_table") {
            Placement::Reference
        } else if line.contains("citus_add_local_table_to_metadata") {
            Placement::Coordinator
        } else {
            continue;
        };
        let table = quoted.first().expect("a table name").to_string();
        let previous = placements.insert(table.clone(), placement);
        assert!(previous.is_none(), "distribute.sql places {table} twice");
    }
    Declared {
        placements,
        dropped,
    }
}

async fn schema(db: &TestDatabase) -> (Vec<Column>, Vec<UniqueIndex>, Vec<ForeignKey>) {
    // Here only: its `first` would shadow the slices' below.
    use diesel_async::RunQueryDsl;
    let mut conn = db.owner_connection().await;
    // Partitions follow their parent; only the tables queries name are placed.
    let tables = "SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition \
                  AND c.relname <> '__diesel_schema_migrations'";
    let columns = diesel::sql_query(format!(
        "SELECT c.relname::text AS table_name, a.attname::text AS column_name, \
                NOT a.attnotnull AS nullable \
         FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid \
         WHERE c.oid IN ({tables}) AND a.attnum > 0 AND NOT a.attisdropped"
    ))
    .load(&mut conn)
    .await
    .unwrap();
    let indexes = diesel::sql_query(format!(
        "SELECT c.relname::text AS table_name, i.indexrelid::regclass::text AS index_name, \
                i.indisprimary AS primary, \
                coalesce((SELECT array_agg(a.attname::text ORDER BY k.ord) \
                   FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, ord) \
                   JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum), \
                   '{{}}') AS columns \
         FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid \
         WHERE c.oid IN ({tables}) AND i.indisunique"
    ))
    .load(&mut conn)
    .await
    .unwrap();
    // A foreign key to a partitioned table is one constraint on the parent, which PostgreSQL
    // repeats for every partition it references (`conparentid` names the parent's).
    let foreign_keys = diesel::sql_query(format!(
        "SELECT f.conname::text AS name, c.relname::text AS table_name, \
                r.relname::text AS referenced, \
                (SELECT array_agg(a.attname::text ORDER BY k.ord) \
                   FROM unnest(f.conkey) WITH ORDINALITY k(attnum, ord) \
                   JOIN pg_attribute a ON a.attrelid = f.conrelid AND a.attnum = k.attnum) \
                   AS columns \
         FROM pg_constraint f JOIN pg_class c ON c.oid = f.conrelid \
         JOIN pg_class r ON r.oid = f.confrelid \
         WHERE f.contype = 'f' AND c.oid IN ({tables}) \
           AND r.oid IN ({tables}) AND f.conparentid = 0"
    ))
    .load(&mut conn)
    .await
    .unwrap();
    (columns, indexes, foreign_keys)
}

#[tokio::test]
async fn the_schema_keeps_the_rules_citus_distribution_needs() {
    let db = TestDatabase::create().await;
    let (columns, indexes, foreign_keys) = schema(&db).await;
    let Declared {
        placements,
        dropped,
    } = declared();
    let mut table_columns: BTreeMap<&str, BTreeMap<&str, bool>> = BTreeMap::new();
    for column in &columns {
        table_columns
            .entry(&column.table_name)
            .or_default()
            .insert(&column.column_name, column.nullable);
    }
    let mut broken = Vec::new();
    let tables: BTreeSet<&str> = table_columns.keys().copied().collect();
    for table in &tables {
        if !placements.contains_key(*table) {
            broken.push(format!(
                "{table}: not placed in deploy/citus/distribute.sql"
            ));
        }
    }
    for table in placements.keys() {
        if !tables.contains(table.as_str()) {
            broken.push(format!(
                "{table}: placed in distribute.sql but not in the schema"
            ));
        }
    }
    for (table, placement) in &placements {
        let Some(columns) = table_columns.get(table.as_str()) else {
            continue;
        };
        let distribution = match placement {
            Placement::ByTenant => "tenant_id",
            Placement::ByFingerprint => "fingerprint",
            Placement::Reference | Placement::Coordinator => continue,
        };
        if columns.get(distribution) != Some(&false) {
            broken.push(format!("{table}: {distribution} must be a NOT NULL column"));
        }
        for index in indexes.iter().filter(|i| &i.table_name == table) {
            // Citus enforces uniqueness per shard: every unique key holds the distribution column,
            // and the primary key leads with it so that queries filter on it first.
            let leads = index.columns.first().map(String::as_str) == Some(distribution);
            if index.primary && !leads {
                broken.push(format!(
                    "{table}: the primary key {:?} must begin with {distribution}",
                    index.columns
                ));
            } else if !index.columns.iter().any(|c| c == distribution) {
                broken.push(format!(
                    "{table}: unique index {} {:?} must include {distribution}",
                    index.index_name, index.columns
                ));
            }
        }
        if !indexes.iter().any(|i| &i.table_name == table && i.primary) {
            broken.push(format!("{table}: needs a primary key"));
        }
    }
    for name in &dropped {
        if !foreign_keys.iter().any(|key| &key.name == name) {
            broken.push(format!(
                "distribute.sql drops {name}, which the schema does not have"
            ));
        }
    }
    for key in foreign_keys
        .iter()
        .filter(|key| !dropped.contains(&key.name))
    {
        let from = placements.get(&key.table_name);
        let to = placements.get(&key.referenced);
        let ok = match (from, to) {
            (_, Some(Placement::Reference)) => true,
            (Some(Placement::ByTenant), Some(Placement::ByTenant)) => {
                key.columns.iter().any(|c| c == "tenant_id")
            }
            (Some(Placement::Coordinator), Some(Placement::Coordinator)) => true,
            (Some(a), Some(b)) if a == b && *a == Placement::ByFingerprint => {
                key.columns.iter().any(|c| c == "fingerprint")
            }
            _ => false,
        };
        if !ok {
            broken.push(format!(
                "foreign key {} ({} {:?} → {}): Citus cannot keep it across the placements {from:?} → {to:?}",
                key.name, key.table_name, key.columns, key.referenced
            ));
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}
