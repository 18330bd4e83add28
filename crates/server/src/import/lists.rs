//! `sekisho import ip-reputation | ip-countries | card-bins | addresses`: the file handed to the
//! service's reference-list flow, with the progress bar and the refused lines on stderr.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use anyhow::Context;

use sekisho_service::ServiceError;
use sekisho_service::reference_lists::{
    self, ImportList, Input, LineError, Observer, ReferenceList,
};

use super::summary::{Progress, Summary, Tally};
use crate::accounts::CLI_ACTOR;
use crate::database::Database;
use crate::settings::Settings;

impl Observer for Progress {
    fn advanced(&self, byte: u64, lines: u64) {
        self.advance_to(byte, lines);
    }

    fn refused(&self, error: &LineError) {
        self.report(error);
    }
}

pub async fn run(
    settings: &Settings,
    file: &Path,
    list: ReferenceList,
    source: String,
) -> anyhow::Result<Summary> {
    let started = Instant::now();
    // An unreadable file is refused before the database is even reached.
    std::fs::File::open(file).with_context(|| format!("opening {}", file.display()))?;
    let key = crate::consortium_key::load(settings)?;
    let database = Database::prepare(settings).await?;
    let pool = sekisho_store::pool::connect(&database.app_url, &settings.batch_pool_options()?)?;
    let progress = Progress::new(file);
    let command = ImportList {
        list,
        input: Input::File(file.to_path_buf()),
        source,
        actor: CLI_ACTOR.to_owned(),
    };
    let imported =
        reference_lists::import_list(&pool, &key, command, Arc::new(progress.clone())).await;
    progress.finish();
    let imported = imported.map_err(|error| match error {
        ServiceError::Validation(fields) => anyhow::anyhow!(
            "{}: {}",
            file.display(),
            fields
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => anyhow::Error::new(other).context(format!("importing {}", file.display())),
    })?;
    drop(pool);
    drop(database);
    let mut tally = Tally::default();
    tally.rows = imported.rows;
    tally.imported = imported.imported;
    tally.unchanged = imported.unchanged;
    for error in imported.errors {
        tally.reject(error);
    }
    // Lines refused beyond the listed ones still count.
    tally.rejected = imported.rejected;
    Ok(tally.into_summary(file, started, false))
}
