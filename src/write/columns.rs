//! The tables' column builders, one struct per table: a document's rows are
//! appended to them, and [`Columns::finish`] hands them over as the arrays
//! of a record batch, in the order of the table's schema.

use std::sync::Arc;

use arrow_array::builder::{
    ArrayBuilder, BooleanBuilder, Date32Builder, Float64Builder, Int32Builder, Int64Builder,
    ListBuilder, StringBuilder, UInt32Builder,
};
use arrow_array::ArrayRef;

use crate::contract::schema::duplicate_path_item;
use crate::model::APPLICANTS;

pub(super) trait Columns {
    fn new(capacity: usize) -> Self;
    fn len(&self) -> usize;
    /// Roughly how many bytes the builders hold: their text, and a word
    /// per row for the rest.
    fn bytes(&self) -> usize;
    fn finish(&mut self) -> Vec<ArrayRef>;
}

/// Bytes of text in these builders.
fn text(columns: &[&StringBuilder]) -> usize {
    columns.iter().map(|c| c.values_slice().len()).sum()
}

fn strings(capacity: usize) -> StringBuilder {
    StringBuilder::with_capacity(capacity, capacity * 16)
}

/// A builder finished into an array, and left empty with room for as many
/// rows (and bytes of text) as it just held: the next batch is likely
/// as large, and a builder grown again from nothing copies its buffers and
/// faults their pages in several times over. Room that is never written to
/// costs no memory.
trait Refill: ArrayBuilder + Sized {
    /// An empty builder with room for what `self` holds now.
    fn room(&self) -> Self;

    fn refill(&mut self) -> ArrayRef {
        let room = self.room();
        std::mem::replace(self, room).finish()
    }
}

impl Refill for StringBuilder {
    fn room(&self) -> Self {
        StringBuilder::with_capacity(self.len(), self.values_slice().len())
    }
}

impl<T: arrow_array::ArrowPrimitiveType> Refill for arrow_array::builder::PrimitiveBuilder<T> {
    fn room(&self) -> Self {
        Self::with_capacity(self.len())
    }
}

impl Refill for BooleanBuilder {
    fn room(&self) -> Self {
        BooleanBuilder::with_capacity(self.len())
    }
}

pub(super) fn append_year_n(builder: &mut Int32Builder, year: Option<i32>, n: usize) {
    match year {
        Some(y) => builder.append_value_n(y, n),
        None => builder.append_nulls(n),
    }
}

pub(super) struct ReportsColumns {
    pub(super) report_id: StringBuilder,
    pub(super) source_path: StringBuilder,
    pub(super) member: StringBuilder,
    pub(super) duplicate_paths: ListBuilder<StringBuilder>,
    pub(super) sha256: StringBuilder,
    pub(super) bytes: Int64Builder,
    pub(super) format: StringBuilder,
    pub(super) encoding: StringBuilder,
    pub(super) title: StringBuilder,
    pub(super) organ: StringBuilder,
    pub(super) region: StringBuilder,
    pub(super) region_code: StringBuilder,
    pub(super) province: StringBuilder,
    pub(super) prefecture: StringBuilder,
    pub(super) county: StringBuilder,
    pub(super) year: Int32Builder,
    pub(super) publish_date: Date32Builder,
    pub(super) index_number: StringBuilder,
    pub(super) template: StringBuilder,
    pub(super) status: StringBuilder,
    pub(super) n_errors: Int32Builder,
    pub(super) n_warnings: Int32Builder,
    pub(super) organ_key: StringBuilder,
    pub(super) organ_part: UInt32Builder,
    /// `over_*` then `forward_*`, in the order of [`APPLICANTS`].
    pub(super) carries: Vec<Int64Builder>,
}

impl Columns for ReportsColumns {
    fn new(capacity: usize) -> Self {
        ReportsColumns {
            report_id: strings(capacity),
            source_path: strings(capacity),
            member: strings(capacity),
            duplicate_paths: ListBuilder::new(StringBuilder::new())
                .with_field(duplicate_path_item()),
            sha256: strings(capacity),
            bytes: Int64Builder::with_capacity(capacity),
            format: strings(capacity),
            encoding: strings(capacity),
            title: strings(capacity),
            organ: strings(capacity),
            region: strings(capacity),
            region_code: strings(capacity),
            province: strings(capacity),
            prefecture: strings(capacity),
            county: strings(capacity),
            year: Int32Builder::with_capacity(capacity),
            publish_date: Date32Builder::with_capacity(capacity),
            index_number: strings(capacity),
            template: strings(capacity),
            status: strings(capacity),
            n_errors: Int32Builder::with_capacity(capacity),
            n_warnings: Int32Builder::with_capacity(capacity),
            organ_key: strings(capacity),
            organ_part: UInt32Builder::with_capacity(capacity),
            carries: (0..2 * APPLICANTS.len())
                .map(|_| Int64Builder::with_capacity(capacity))
                .collect(),
        }
    }
    fn bytes(&self) -> usize {
        text(&[
            &self.report_id,
            &self.source_path,
            &self.member,
            &self.sha256,
            &self.format,
            &self.encoding,
            &self.title,
            &self.organ,
            &self.region,
            &self.region_code,
            &self.province,
            &self.prefecture,
            &self.county,
            &self.index_number,
            &self.template,
            &self.status,
            &self.organ_key,
        ]) + (20 + 8 * self.carries.len()) * self.len()
    }
    fn len(&self) -> usize {
        self.n_warnings.len()
    }
    fn finish(&mut self) -> Vec<ArrayRef> {
        let columns: Vec<ArrayRef> = vec![
            self.report_id.refill(),
            self.source_path.refill(),
            self.member.refill(),
            Arc::new(self.duplicate_paths.finish()),
            self.sha256.refill(),
            self.bytes.refill(),
            self.format.refill(),
            self.encoding.refill(),
            self.title.refill(),
            self.organ.refill(),
            self.region.refill(),
            self.region_code.refill(),
            self.province.refill(),
            self.prefecture.refill(),
            self.county.refill(),
            self.year.refill(),
            self.publish_date.refill(),
            self.index_number.refill(),
            self.template.refill(),
            self.status.refill(),
            self.n_errors.refill(),
            self.n_warnings.refill(),
            self.organ_key.refill(),
            self.organ_part.refill(),
        ];
        columns
            .into_iter()
            .chain(self.carries.iter_mut().map(|b| b.refill()))
            .collect()
    }
}

pub(super) struct ProactiveColumns {
    pub(super) report_id: StringBuilder,
    pub(super) year: Int32Builder,
    pub(super) item: StringBuilder,
    pub(super) category: StringBuilder,
    pub(super) metric: StringBuilder,
    pub(super) value: Float64Builder,
    pub(super) raw: StringBuilder,
}

impl Columns for ProactiveColumns {
    fn new(capacity: usize) -> Self {
        ProactiveColumns {
            report_id: strings(capacity),
            year: Int32Builder::with_capacity(capacity),
            item: strings(capacity),
            category: strings(capacity),
            metric: strings(capacity),
            value: Float64Builder::with_capacity(capacity),
            raw: strings(capacity),
        }
    }
    fn bytes(&self) -> usize {
        text(&[
            &self.report_id,
            &self.item,
            &self.category,
            &self.metric,
            &self.raw,
        ]) + 16 * self.len()
    }
    fn len(&self) -> usize {
        self.raw.len()
    }
    fn finish(&mut self) -> Vec<ArrayRef> {
        vec![
            self.report_id.refill(),
            self.year.refill(),
            self.item.refill(),
            self.category.refill(),
            self.metric.refill(),
            self.value.refill(),
            self.raw.refill(),
        ]
    }
}

/// Columns of `applications` and of `reviews`: two code columns, a value, a raw.
pub(super) struct CellColumns {
    pub(super) report_id: StringBuilder,
    pub(super) year: Int32Builder,
    pub(super) first: StringBuilder,
    pub(super) second: StringBuilder,
    pub(super) value: Int64Builder,
    pub(super) raw: StringBuilder,
}

impl Columns for CellColumns {
    fn new(capacity: usize) -> Self {
        CellColumns {
            report_id: strings(capacity),
            year: Int32Builder::with_capacity(capacity),
            first: strings(capacity),
            second: strings(capacity),
            value: Int64Builder::with_capacity(capacity),
            raw: strings(capacity),
        }
    }
    fn bytes(&self) -> usize {
        text(&[&self.report_id, &self.first, &self.second, &self.raw]) + 16 * self.len()
    }
    fn len(&self) -> usize {
        self.raw.len()
    }
    fn finish(&mut self) -> Vec<ArrayRef> {
        vec![
            self.report_id.refill(),
            self.year.refill(),
            self.first.refill(),
            self.second.refill(),
            self.value.refill(),
            self.raw.refill(),
        ]
    }
}

pub(super) struct ProcurementColumns {
    pub(super) report_id: StringBuilder,
    pub(super) year: Int32Builder,
    pub(super) project_count: Int64Builder,
    pub(super) amount_raw: StringBuilder,
    pub(super) amount_unit: StringBuilder,
    pub(super) amount_yuan: Float64Builder,
    pub(super) amount_unit_inferred: BooleanBuilder,
    pub(super) source: StringBuilder,
}

impl Columns for ProcurementColumns {
    fn new(capacity: usize) -> Self {
        ProcurementColumns {
            report_id: strings(capacity),
            year: Int32Builder::with_capacity(capacity),
            project_count: Int64Builder::with_capacity(capacity),
            amount_raw: strings(capacity),
            amount_unit: strings(capacity),
            amount_yuan: Float64Builder::with_capacity(capacity),
            amount_unit_inferred: BooleanBuilder::with_capacity(capacity),
            source: strings(capacity),
        }
    }
    fn bytes(&self) -> usize {
        text(&[
            &self.report_id,
            &self.amount_raw,
            &self.amount_unit,
            &self.source,
        ]) + 16 * self.len()
    }
    fn len(&self) -> usize {
        self.source.len()
    }
    fn finish(&mut self) -> Vec<ArrayRef> {
        vec![
            self.report_id.refill(),
            self.year.refill(),
            self.project_count.refill(),
            self.amount_raw.refill(),
            self.amount_unit.refill(),
            self.amount_yuan.refill(),
            self.amount_unit_inferred.refill(),
            self.source.refill(),
        ]
    }
}

pub(super) struct DiagnosticsColumns {
    pub(super) report_id: StringBuilder,
    pub(super) severity: StringBuilder,
    pub(super) code: StringBuilder,
    pub(super) table: StringBuilder,
    pub(super) location: StringBuilder,
    pub(super) message: StringBuilder,
}

impl Columns for DiagnosticsColumns {
    fn new(capacity: usize) -> Self {
        DiagnosticsColumns {
            report_id: strings(capacity),
            severity: strings(capacity),
            code: strings(capacity),
            table: strings(capacity),
            location: strings(capacity),
            message: StringBuilder::with_capacity(capacity, capacity * 64),
        }
    }
    fn bytes(&self) -> usize {
        text(&[
            &self.report_id,
            &self.severity,
            &self.code,
            &self.table,
            &self.location,
            &self.message,
        ]) + 16 * self.len()
    }
    fn len(&self) -> usize {
        self.message.len()
    }
    fn finish(&mut self) -> Vec<ArrayRef> {
        vec![
            self.report_id.refill(),
            self.severity.refill(),
            self.code.refill(),
            self.table.refill(),
            self.location.refill(),
            self.message.refill(),
        ]
    }
}

/// The "builders" of a table written whole batches at a time.
pub(super) struct Batches;

impl Columns for Batches {
    fn new(_capacity: usize) -> Self {
        Batches
    }
    fn len(&self) -> usize {
        0
    }
    fn bytes(&self) -> usize {
        0
    }
    fn finish(&mut self) -> Vec<ArrayRef> {
        Vec::new()
    }
}
