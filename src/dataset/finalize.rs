//! What completes a build once every document is written: the checks across
//! reports run over the staged `reports` table, and what they found goes
//! back to the writer as plain data — each finding as a diagnostic row, in
//! the order of the reports it concerns, and a [`Completion`] (warnings per
//! report, the reports that are not canonical, the counts per code).

use std::path::Path;

use anyhow::Result;

use super::crosscheck;
use crate::contract::staged::Completion;
use crate::model::Diagnostic;

/// Run the checks over the staged `reports` table at `staged`, handing each
/// finding to `emit` (the report id it concerns, and the diagnostic), and
/// return what completes `reports`.
pub fn cross_report(
    staged: &Path,
    emit: &mut dyn FnMut(&str, &Diagnostic) -> Result<()>,
) -> Result<Completion> {
    let outcome = crosscheck::run(staged)?;
    let cross_report = outcome.counts();
    outcome.describe(staged, &mut |f| {
        let diagnostic = Diagnostic {
            severity: f.severity,
            code: f.code,
            table: Some(f.table),
            location: Some(f.location),
            message: f.message,
        };
        emit(&f.report_id, &diagnostic)
    })?;
    Ok(Completion {
        warnings: outcome.warnings(),
        not_canonical: outcome.not_canonical,
        cross_report,
    })
}
