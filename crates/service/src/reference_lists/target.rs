//! Where a list's rows go: one multi-row statement per batch (`sekisho_store::reference`), the
//! rows passed as one array per column. Reference lists are small next to reports (a few million
//! rows at most), so this is fast enough without COPY, and it runs on the pool's connections
//! like every other flow.

use diesel_async::AsyncPgConnection;

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
    /// Writes one batch in the caller's (platform) transaction; returns the rows it changed.
    pub async fn write(
        &self,
        conn: &mut AsyncPgConnection,
        source: &str,
        rows: &[StagedRow],
    ) -> Result<u64, ServiceError> {
        let lines = rows.iter().map(|row| row.line).collect();
        let values = (0..self.columns.len())
            .map(|column| {
                rows.iter()
                    .map(|row| row.values.get(column).cloned().flatten())
                    .collect()
            })
            .collect();
        Ok(sekisho_store::reference::merge_batch(
            conn,
            self.merge,
            self.columns,
            source,
            &self.params,
            lines,
            values,
        )
        .await?)
    }
}
