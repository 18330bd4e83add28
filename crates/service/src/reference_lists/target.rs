//! Where a list's rows go: one multi-row statement per batch, the rows passed as one array per
//! column and unnested in SQL (PostgreSQL casts the text, `::cidr`, `::inet`, while merging).
//! Reference lists are small next to reports (a few million rows at most), so this is fast
//! enough without COPY, and it runs on the pool's connections like every other flow.

use diesel::pg::Pg;
use diesel::sql_types::{Array, BigInt, Nullable, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use super::sink::StagedRow;
use crate::ServiceError;

#[derive(Debug)]
pub struct Target {
    /// The staged columns (all text), after the line number.
    pub columns: &'static [&'static str],
    /// Merges `{stage}` into the list's table; `$1` is the source name, then `params`.
    pub merge: &'static str,
    pub params: Vec<String>,
}

impl Target {
    /// The merge statement with `{stage}` spelled out as an `unnest` of the column arrays.
    fn statement(&self) -> String {
        let first = 2 + self.params.len();
        let mut arrays = vec![format!("${first}::int8[]")];
        arrays.extend((0..self.columns.len()).map(|i| format!("${}::text[]", first + 1 + i)));
        let stage = format!(
            "unnest({}) AS import_stage (line, {})",
            arrays.join(", "),
            self.columns.join(", ")
        );
        self.merge.replace("{stage}", &stage)
    }

    /// Writes one batch in the caller's (platform) transaction; returns the rows it changed.
    pub async fn write(
        &self,
        conn: &mut AsyncPgConnection,
        source: &str,
        rows: &[StagedRow],
    ) -> Result<u64, ServiceError> {
        let lines: Vec<i64> = rows.iter().map(|row| row.line).collect();
        let mut query = diesel::sql_query(self.statement())
            .into_boxed::<Pg>()
            .bind::<Text, _>(source.to_owned());
        for param in &self.params {
            query = query.bind::<Text, _>(param.clone());
        }
        query = query.bind::<Array<BigInt>, _>(lines);
        for column in 0..self.columns.len() {
            let values: Vec<Option<String>> = rows
                .iter()
                .map(|row| row.values.get(column).cloned().flatten())
                .collect();
            query = query.bind::<Array<Nullable<Text>>, _>(values);
        }
        let affected = query.execute(conn).await?;
        Ok(affected as u64)
    }
}
