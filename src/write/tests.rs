//! The writer's tests: every table written and read back, row groups,
//! reproducible bytes, and what is left on disk when a build fails.

use super::*;
use crate::contract::schema::duplicate_path_item;
use crate::contract::staged;
use crate::model::{
    ApplicationCell, CrossKeys, Date, Extraction, Metadata, Place, ProactiveCell, Procurement,
    ReviewCell, Source, Status, Template,
};
use arrow_array::cast::AsArray;
use arrow_array::types::{Date32Type, Float64Type, Int32Type, Int64Type};
use arrow_array::Array;
use arrow_schema::{DataType, SchemaRef};
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

fn source(n: u32, member: Option<&str>, dups: &[&str]) -> Source {
    Source {
        report_id: format!("id{n:04}"),
        source_path: format!("dir/doc{n}.txt"),
        member: member.map(str::to_string),
        duplicate_paths: dups.iter().map(|s| s.to_string()).collect(),
        sha256: format!("{n:064x}"),
        bytes: 1000 + n as i64,
        format: "text".into(),
        encoding: "GB18030".into(),
    }
}

fn docs() -> Vec<DocumentResult> {
    let full = DocumentResult {
        source: source(1, Some("inner/报告.txt"), &["copy/doc1.txt", "b.zip!x.txt"]),
        extraction: Extraction {
            metadata: Metadata {
                title: Some("四季镇2020年政府信息公开工作年度报告".into()),
                organ: Some("四季镇人民政府".into()),
                region: Some("岚皋县".into()),
                year: Some(2020),
                publish_date: Date::new(2021, 1, 15),
                index_number: Some("11610925/2021-00012".into()),
            },
            template: Template::Gov2019,
            status: Status::Partial,
            proactive: vec![
                ProactiveCell {
                    item: "20.1",
                    category: "regulations",
                    metric: "new_made",
                    value: Some(3.0),
                    raw: "3".into(),
                },
                ProactiveCell {
                    item: "20.8",
                    category: "administrative_fees",
                    metric: "fee_amount_wan_yuan",
                    value: None,
                    raw: "—".into(),
                },
            ],
            applications: vec![
                ApplicationCell {
                    row: "new_received",
                    applicant: "natural_person",
                    value: Some(12),
                    raw: "12".into(),
                },
                ApplicationCell {
                    row: "new_received",
                    applicant: "total",
                    value: None,
                    raw: "1 2".into(),
                },
                ApplicationCell {
                    row: "carried_over",
                    applicant: "total",
                    value: Some(0),
                    raw: "0".into(),
                },
            ],
            reviews: vec![ReviewCell {
                proceeding: "reconsideration",
                outcome: "total",
                value: Some(1),
                raw: "1".into(),
            }],
            procurement: Some(Procurement {
                project_count: Some(4),
                amount_raw: Some("44.7336万元".into()),
                amount_unit: "wan_yuan",
                amount_yuan: Some(447336.0),
                amount_unit_inferred: false,
                source: "table",
            }),
            diagnostics: vec![
                Diagnostic::error("IDENTITY_BROKEN", "一 + 二 does not equal 三 + 四.")
                    .in_table("applications")
                    .at("total/natural_person"),
                Diagnostic::warning("GLUED_CELLS_AMBIGUOUS", "The cell may read 1 20 or 12 0."),
                Diagnostic::info("NOTE", "Just so you know."),
            ],
        },
        place: Some(Place {
            region_code: "610925".into(),
            province: "陕西省".into(),
            prefecture: Some("安康市".into()),
            county: Some("岚皋县".into()),
        }),
        keys: CrossKeys {
            organ_key: Some("岚皋县|四季镇".into()),
            organ_part: Some(7),
            carries: [[None; 7], [Some(3), None, None, None, None, None, Some(3)]],
        },
    };
    let sparse = DocumentResult {
        source: source(2, None, &[]),
        extraction: Extraction {
            metadata: Metadata {
                year: None,
                ..Metadata::default()
            },
            template: Template::Gov2021,
            status: Status::Ok,
            proactive: vec![ProactiveCell {
                item: "20.5",
                category: "administrative_licensing",
                metric: "decisions",
                value: Some(0.5),
                raw: "0.5".into(),
            }],
            applications: vec![],
            reviews: vec![ReviewCell {
                proceeding: "litigation_direct",
                outcome: "upheld",
                value: None,
                raw: "".into(),
            }],
            procurement: Some(Procurement {
                project_count: None,
                amount_raw: None,
                amount_unit: "unspecified",
                amount_yuan: None,
                amount_unit_inferred: true,
                source: "narrative",
            }),
            diagnostics: vec![],
        },
        place: None,
        keys: CrossKeys::default(),
    };
    let mut failed = DocumentResult {
        source: source(3, Some("a/b/c.docx"), &["dup/c.docx"]),
        extraction: Extraction::empty(Status::Failed),
        place: None,
        keys: CrossKeys::default(),
    };
    failed.source.format = "docx".into();
    failed
        .extraction
        .diagnostics
        .push(Diagnostic::error("DOCX_UNREADABLE", "Broken zip."));
    let not_report = DocumentResult {
        source: source(4, None, &[]),
        extraction: Extraction::empty(Status::NotAReport),
        place: None,
        keys: CrossKeys::default(),
    };
    vec![full, sparse, failed, not_report]
}

fn info(row_group_rows: usize) -> BuildInfo {
    BuildInfo {
        parser_version: "9.9.9".into(),
        parser_build: None,
        config_digest: "abc123".into(),
        row_group_rows,
        extra: vec![
            ("partitioning".into(), "none".into()),
            ("alpha".into(), "1".into()),
        ],
    }
}

fn build(out: &Path, row_group_rows: usize) -> Manifest {
    let mut w = DatasetWriter::create(out, info(row_group_rows)).unwrap();
    for d in docs() {
        w.push(&d).unwrap();
    }
    finish(w).unwrap()
}

/// Close and publish a build with nothing found across reports.
fn finish(w: DatasetWriter) -> Result<Manifest> {
    finish_with(w, &[], &Completion::default())
}

/// Close and publish a build, with `findings` (report id, diagnostic) from
/// the checks across reports and what they complete `reports` with.
fn finish_with(
    mut w: DatasetWriter,
    findings: &[(&str, Diagnostic)],
    completion: &Completion,
) -> Result<Manifest> {
    w.close_documents()?;
    for (id, d) in findings {
        w.push_finding(id, d)?;
    }
    let m = w.close(completion)?;
    w.publish()?;
    Ok(m)
}

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn sha256_file(path: &Path) -> String {
    hex(&Sha256::digest(fs::read(path).unwrap()))
}

fn reader(path: &Path) -> ParquetRecordBatchReaderBuilder<File> {
    ParquetRecordBatchReaderBuilder::try_new(File::open(path).unwrap()).unwrap()
}

fn read_all(path: &Path) -> RecordBatch {
    let builder = reader(path);
    let schema = Arc::clone(builder.schema());
    let batches: Vec<RecordBatch> = builder
        .build()
        .unwrap()
        .collect::<std::result::Result<_, _>>()
        .unwrap();
    single_batch(&schema, &batches)
}

/// The one batch of a small file (tests use a large row group size).
fn single_batch(schema: &SchemaRef, batches: &[RecordBatch]) -> RecordBatch {
    match batches {
        [] => RecordBatch::new_empty(Arc::clone(schema)),
        [one] => one.clone(),
        _ => panic!("expected one batch, got {}", batches.len()),
    }
}

#[test]
fn two_builds_are_byte_identical() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for rows in [2, 65536] {
        let out_a = a.path().join(format!("build{rows}"));
        let out_b = b.path().join(format!("build{rows}"));
        let ma = build(&out_a, rows);
        let mb = build(&out_b, rows);
        assert_eq!(ma, mb);
        let names = entries(&out_a);
        assert_eq!(names, entries(&out_b));
        let mut expected: Vec<String> = TABLES.iter().map(|(_, f)| f.to_string()).collect();
        expected.push(MANIFEST_FILE.into());
        expected.sort();
        assert_eq!(names, expected);
        for name in &names {
            let (x, y) = (
                fs::read(out_a.join(name)).unwrap(),
                fs::read(out_b.join(name)).unwrap(),
            );
            assert!(
                x == y,
                "{name} differs between builds (row_group_rows {rows})"
            );
        }
    }
    // Only the build directories remain: no temporary or aside directories.
    assert_eq!(entries(a.path()), vec!["build2", "build65536"]);
}

#[test]
fn manifest_matches_files() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ds");
    let m = build(&out, 65536);
    assert_eq!(m.documents, 4);
    assert_eq!(m.ogi_version, VERSION);
    assert_eq!(m.parser_version, "9.9.9");
    assert_eq!(m.config_digest, "abc123");
    let rows: Vec<(&str, u64)> = m.tables.iter().map(|t| (t.name.as_str(), t.rows)).collect();
    assert_eq!(
        rows,
        vec![
            ("reports", 4),
            ("proactive_disclosure", 3),
            ("applications", 3),
            ("reviews", 2),
            ("procurement", 2),
            ("diagnostics", 4)
        ]
    );
    for t in &m.tables {
        assert_eq!(t.sha256, sha256_file(&out.join(&t.file)), "{}", t.name);
        let meta = reader(&out.join(&t.file)).metadata().clone();
        assert_eq!(meta.file_metadata().num_rows() as u64, t.rows);
    }

    // Input digest, computed independently.
    let mut h = Sha256::new();
    for d in docs() {
        let s = &d.source;
        h.update(format!(
            "{}\0{}\0{}\n",
            s.source_path,
            s.member.as_deref().unwrap_or(""),
            s.sha256
        ));
        for p in &s.duplicate_paths {
            h.update(format!("{p}\0{}\n", s.sha256));
        }
    }
    assert_eq!(m.input_digest, hex(&h.finalize()));

    // manifest.json: sorted keys, pretty, trailing newline, tables as a map.
    let text = fs::read_to_string(out.join(MANIFEST_FILE)).unwrap();
    assert!(text.ends_with("}\n"));
    assert_eq!(text, m.to_json().unwrap());
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(v["tables"]["reports"]["file"], "reports.parquet");
    assert_eq!(v["tables"]["reports"]["rows"], 4);
    assert_eq!(v["extra"]["partitioning"], "none");
    assert_eq!(v["input_digest"], m.input_digest.as_str());
    let first_key = text.lines().nth(1).unwrap().trim();
    assert!(first_key.starts_with("\"config_digest\""), "{first_key}");
}

#[test]
fn reports_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ds");
    let m = build(&out, 65536);
    let path = out.join("reports.parquet");

    let builder = reader(&path);
    let kv: BTreeMap<String, Option<String>> = builder
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .unwrap()
        .iter()
        .map(|kv| (kv.key.clone(), kv.value.clone()))
        .collect();
    assert_eq!(kv["ogi.parser_version"].as_deref(), Some("9.9.9"));
    assert_eq!(kv["ogi.config_digest"].as_deref(), Some("abc123"));
    assert_eq!(
        kv["ogi.input_digest"].as_deref(),
        Some(m.input_digest.as_str())
    );
    assert_eq!(kv["ogi.rows"].as_deref(), Some("4"));
    assert_eq!(kv["ogi.table"].as_deref(), Some("reports"));
    assert_eq!(kv["partitioning"].as_deref(), Some("none"));
    assert_eq!(
        builder.metadata().file_metadata().created_by(),
        Some(format!("ogi {VERSION}").as_str())
    );

    let schema = Arc::clone(builder.schema());
    let cols: Vec<(&str, &DataType, bool)> = schema
        .fields()
        .iter()
        .map(|f| (f.name().as_str(), f.data_type(), f.is_nullable()))
        .collect();
    let list = DataType::List(duplicate_path_item());
    assert_eq!(
        cols,
        vec![
            ("report_id", &DataType::Utf8, false),
            ("source_path", &DataType::Utf8, false),
            ("member", &DataType::Utf8, true),
            ("duplicate_paths", &list, false),
            ("sha256", &DataType::Utf8, false),
            ("bytes", &DataType::Int64, false),
            ("format", &DataType::Utf8, false),
            ("encoding", &DataType::Utf8, false),
            ("title", &DataType::Utf8, true),
            ("organ", &DataType::Utf8, true),
            ("region", &DataType::Utf8, true),
            ("region_code", &DataType::Utf8, true),
            ("province", &DataType::Utf8, true),
            ("prefecture", &DataType::Utf8, true),
            ("county", &DataType::Utf8, true),
            ("year", &DataType::Int32, true),
            ("publish_date", &DataType::Date32, true),
            ("index_number", &DataType::Utf8, true),
            ("template", &DataType::Utf8, false),
            ("status", &DataType::Utf8, false),
            ("n_errors", &DataType::Int32, false),
            ("n_warnings", &DataType::Int32, false),
            ("organ_key", &DataType::Utf8, true),
            ("canonical", &DataType::Boolean, false),
        ]
    );
    for f in schema.fields() {
        assert!(
            f.metadata()
                .get("description")
                .is_some_and(|d| !d.is_empty()),
            "{}",
            f.name()
        );
    }

    let batch = read_all(&path);
    assert_eq!(batch.num_rows(), 4);
    let s = |name: &str| {
        batch
            .column_by_name(name)
            .unwrap()
            .as_string::<i32>()
            .clone()
    };
    assert_eq!(s("report_id").value(0), "id0001");
    assert_eq!(s("report_id").value(3), "id0004");
    assert_eq!(s("member").value(0), "inner/报告.txt");
    assert!(s("member").is_null(1));
    assert_eq!(s("title").value(0), "四季镇2020年政府信息公开工作年度报告");
    assert!(s("title").is_null(2));
    assert_eq!(s("template").value(1), "gov2021");
    assert_eq!(s("status").value(2), "failed");
    assert_eq!(s("status").value(3), "not_a_report");
    assert_eq!(s("format").value(2), "docx");

    let dups = batch
        .column_by_name("duplicate_paths")
        .unwrap()
        .as_list::<i32>();
    let first = dups.value(0);
    let first = first.as_string::<i32>();
    assert_eq!(first.len(), 2);
    assert_eq!(first.value(0), "copy/doc1.txt");
    assert_eq!(first.value(1), "b.zip!x.txt");
    assert_eq!(dups.value(1).len(), 0);
    assert!(!dups.is_null(1));
    assert_eq!(dups.value(2).as_string::<i32>().value(0), "dup/c.docx");

    let year = batch
        .column_by_name("year")
        .unwrap()
        .as_primitive::<Int32Type>();
    assert_eq!(year.value(0), 2020);
    assert!(year.is_null(1));
    let date = batch
        .column_by_name("publish_date")
        .unwrap()
        .as_primitive::<Date32Type>();
    assert_eq!(date.value(0), 18642); // 2021-01-15
    assert!(date.is_null(1));
    let bytes = batch
        .column_by_name("bytes")
        .unwrap()
        .as_primitive::<Int64Type>();
    assert_eq!(bytes.value(2), 1003);
    let errors = batch
        .column_by_name("n_errors")
        .unwrap()
        .as_primitive::<Int32Type>();
    let warnings = batch
        .column_by_name("n_warnings")
        .unwrap()
        .as_primitive::<Int32Type>();
    assert_eq!((errors.value(0), warnings.value(0)), (1, 1));
    assert_eq!((errors.value(1), warnings.value(1)), (0, 0));
    assert_eq!((errors.value(2), warnings.value(2)), (1, 0));
}

#[test]
fn fact_tables_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ds");
    build(&out, 65536);

    let p = read_all(&out.join("proactive_disclosure.parquet"));
    let names: Vec<&str> = p
        .schema_ref()
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    assert_eq!(
        names,
        [
            "report_id",
            "year",
            "item",
            "category",
            "metric",
            "value",
            "raw"
        ]
    );
    let value = p.column(5).as_primitive::<Float64Type>();
    assert_eq!(value.value(0), 3.0);
    assert!(value.is_null(1));
    assert_eq!(value.value(2), 0.5);
    let year = p.column(1).as_primitive::<Int32Type>();
    assert_eq!((year.value(0), year.value(1)), (2020, 2020));
    assert!(year.is_null(2));
    assert_eq!(p.column(6).as_string::<i32>().value(1), "—");

    let a = read_all(&out.join("applications.parquet"));
    let names: Vec<&str> = a
        .schema_ref()
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    assert_eq!(
        names,
        ["report_id", "year", "row", "applicant", "value", "raw"]
    );
    assert_eq!(a.schema_ref().field(4).data_type(), &DataType::Int64);
    let value = a.column(4).as_primitive::<Int64Type>();
    assert_eq!(value.value(0), 12);
    assert!(value.is_null(1));
    assert_eq!(a.column(3).as_string::<i32>().value(1), "total");

    let r = read_all(&out.join("reviews.parquet"));
    let names: Vec<&str> = r
        .schema_ref()
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    assert_eq!(
        names,
        ["report_id", "year", "proceeding", "outcome", "value", "raw"]
    );
    assert_eq!(r.column(0).as_string::<i32>().value(1), "id0002");
    assert_eq!(r.column(5).as_string::<i32>().value(1), "");

    let pr = read_all(&out.join("procurement.parquet"));
    let fields: Vec<(&str, &DataType)> = pr
        .schema_ref()
        .fields()
        .iter()
        .map(|f| (f.name().as_str(), f.data_type()))
        .collect();
    assert_eq!(
        fields,
        vec![
            ("report_id", &DataType::Utf8),
            ("year", &DataType::Int32),
            ("project_count", &DataType::Int64),
            ("amount_raw", &DataType::Utf8),
            ("amount_unit", &DataType::Utf8),
            ("amount_yuan", &DataType::Float64),
            ("amount_unit_inferred", &DataType::Boolean),
            ("source", &DataType::Utf8),
        ]
    );
    assert_eq!(pr.column(3).as_string::<i32>().value(0), "44.7336万元");
    assert!(pr.column(3).is_null(1));
    assert_eq!(
        pr.column(5).as_primitive::<Float64Type>().value(0),
        447336.0
    );
    assert!(pr.column(6).as_boolean().value(1));
    assert!(!pr.column(6).as_boolean().value(0));

    let d = read_all(&out.join("diagnostics.parquet"));
    let names: Vec<&str> = d
        .schema_ref()
        .fields()
        .iter()
        .map(|f| f.name().as_str())
        .collect();
    assert_eq!(
        names,
        [
            "report_id",
            "severity",
            "code",
            "table",
            "location",
            "message"
        ]
    );
    let sev = d.column(1).as_string::<i32>();
    assert_eq!(
        (sev.value(0), sev.value(1), sev.value(2)),
        ("error", "warning", "info")
    );
    assert_eq!(d.column(2).as_string::<i32>().value(3), "DOCX_UNREADABLE");
    assert_eq!(d.column(3).as_string::<i32>().value(0), "applications");
    assert!(d.column(3).is_null(1));
    assert_eq!(
        d.column(4).as_string::<i32>().value(0),
        "total/natural_person"
    );
    assert!(d.column(4).is_null(3));
    assert_eq!(d.column(0).as_string::<i32>().value(3), "id0003");
}

/// Build `documents` documents into `out`, each with 20 info
/// diagnostics whose messages `note` writes (given the diagnostic's
/// number in its document); the diagnostics table's path and the
/// rows of each of its row groups.
fn with_notes(
    out: &Path,
    documents: u64,
    mut note: impl FnMut(usize) -> String,
) -> (PathBuf, Vec<i64>) {
    let mut w = DatasetWriter::create(out, info(1 << 20)).unwrap();
    let template = docs().remove(0);
    for n in 0..documents {
        let mut d = template.clone();
        d.source.report_id = format!("{n:032x}");
        d.extraction.diagnostics = (0..20)
            .map(|i| Diagnostic::new(Severity::Info, "NOTE", note(i)))
            .collect();
        w.push(&d).unwrap();
    }
    finish(w).unwrap();
    let path = out.join("diagnostics.parquet");
    let sizes = reader(&path)
        .metadata()
        .row_groups()
        .iter()
        .map(|g| g.num_rows())
        .collect();
    (path, sizes)
}

#[test]
fn row_groups_also_end_at_their_size_in_bytes() {
    let dir = tempfile::tempdir().unwrap();
    // 300 documents with 20 diagnostics of 2 KB each, every one
    // different and hard to compress: 12 MB of text, far below the row
    // limit, that no encoding brings under the row group's bytes.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let noise = move |_| {
        (0..128)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                format!("{:016x}", state >> 1)
            })
            .collect::<String>()
    };
    let (path, sizes) = with_notes(&dir.path().join("ds"), 300, noise);
    assert!(sizes.len() >= 2, "{sizes:?}");
    // Each ends at a document boundary: no report id is in two groups.
    let ids = |group: usize| -> Vec<String> {
        let batch = reader(&path)
            .with_row_groups(vec![group])
            .with_batch_size(1 << 20)
            .build()
            .unwrap()
            .next()
            .unwrap()
            .unwrap();
        let c = batch.column(0).as_string::<i32>();
        (0..c.len()).map(|i| c.value(i).to_string()).collect()
    };
    for g in 1..sizes.len() {
        assert_ne!(ids(g - 1).last(), ids(g).first(), "{sizes:?}");
    }
}

#[test]
fn batches_handed_over_do_not_end_the_row_group() {
    let dir = tempfile::tempdir().unwrap();
    // 3,000 documents with 20 short diagnostics each: about 6 MB in the
    // builders, handed over in several batches, but a few hundred KB
    // once encoded, so one row group.
    let (_, groups) = with_notes(&dir.path().join("ds"), 3000, |i| {
        format!("note {i} of the document")
    });
    assert_eq!(groups.len(), 1, "{groups:?}");
    assert!(groups[0] >= 60_000, "{groups:?}");
}

#[test]
fn row_groups_end_at_the_first_document_boundary_past_the_size() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ds");
    build(&out, 2);
    let sizes = |file: &str| -> Vec<i64> {
        reader(&out.join(file))
            .metadata()
            .row_groups()
            .iter()
            .map(|g| g.num_rows())
            .collect()
    };
    assert_eq!(sizes("reports.parquet"), vec![2, 2]);
    assert_eq!(sizes("proactive_disclosure.parquet"), vec![2, 1]);
    // A document's rows are never split: the group that reaches two rows
    // ends with the document that made it reach them.
    assert_eq!(sizes("diagnostics.parquet"), vec![3, 1]);
    // Everything still reads back in order.
    let rows: usize = reader(&out.join("diagnostics.parquet"))
        .build()
        .unwrap()
        .map(|b| b.unwrap().num_rows())
        .sum();
    assert_eq!(rows, 4);
}

#[test]
fn dropped_writer_leaves_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ds");
    let mut w = DatasetWriter::create(&out, info(2)).unwrap();
    let tmp = w.temp_dir().to_path_buf();
    assert!(tmp.is_dir());
    assert_eq!(tmp.parent(), Some(dir.path()));
    for d in docs() {
        w.push(&d).unwrap();
    }
    drop(w);
    assert!(!tmp.exists());
    assert!(!out.exists());
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn publishing_replaces_a_dataset_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ds");
    fs::create_dir(&out).unwrap();
    fs::write(out.join("stale.txt"), "old").unwrap();
    fs::write(out.join("reports.parquet"), "not parquet").unwrap();

    // A folder that is not a dataset is left as it was, and so is the
    // folder around it.
    let mut w = DatasetWriter::create(&out, info(65536)).unwrap();
    for d in docs() {
        w.push(&d).unwrap();
    }
    let err = format!("{:#}", finish(w).unwrap_err());
    assert!(err.contains("stale.txt"), "{err}");
    assert_eq!(entries(&out), ["reports.parquet", "stale.txt"]);
    assert_eq!(entries(dir.path()), vec!["ds"]);

    // An empty folder, then a dataset, are replaced.
    fs::remove_file(out.join("stale.txt")).unwrap();
    fs::remove_file(out.join("reports.parquet")).unwrap();
    let m = build(&out, 65536);
    let names = entries(&out);
    assert!(names.contains(&MANIFEST_FILE.to_string()));
    assert_eq!(
        sha256_file(&out.join("reports.parquet")),
        m.table("reports").unwrap().sha256
    );
    assert_eq!(entries(dir.path()), vec!["ds"]);
    let again = build(&out, 65536);
    assert_eq!(again, m);
    assert_eq!(entries(dir.path()), vec!["ds"]);
}

#[test]
fn create_under_missing_parent_fails() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no/such/parent");
    let out = missing.join("ds");
    let err = match DatasetWriter::create(&out, info(10)) {
        Ok(_) => panic!("create under a missing parent succeeded"),
        Err(e) => format!("{e:#}"),
    };
    assert!(err.contains(&missing.display().to_string()), "{err}");
    assert!(entries(dir.path()).is_empty());
}

#[cfg(unix)]
#[test]
fn create_under_read_only_parent_fails() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let parent = dir.path().join("ro");
    fs::create_dir(&parent).unwrap();
    fs::set_permissions(&parent, fs::Permissions::from_mode(0o555)).unwrap();
    let probe = parent.join("probe");
    let writable = fs::write(&probe, "").is_ok(); // root ignores permissions
    let _ = fs::remove_file(&probe);
    if !writable {
        let err = match DatasetWriter::create(&parent.join("ds"), info(10)) {
            Ok(_) => panic!("create under a read-only parent succeeded"),
            Err(e) => format!("{e:#}"),
        };
        assert!(err.contains(&parent.display().to_string()), "{err}");
    }
    fs::set_permissions(&parent, fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn reserved_extra_keys_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut bad = info(10);
    bad.extra.push(("ogi.rows".into(), "1".into()));
    assert!(DatasetWriter::create(&dir.path().join("ds"), bad).is_err());
    assert!(entries(dir.path()).is_empty());
}

#[test]
fn empty_build_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ds");
    let m = finish(DatasetWriter::create(&out, info(10)).unwrap()).unwrap();
    assert_eq!(m.documents, 0);
    assert!(m.tables.iter().all(|t| t.rows == 0));
    assert_eq!(m.input_digest, hex(&Sha256::new().finalize()));
    let batch = read_all(&out.join("reports.parquet"));
    assert_eq!(batch.num_rows(), 0);
    assert_eq!(batch.num_columns(), 24);
}

#[test]
fn the_keys_are_staged_and_the_findings_complete_reports() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ds");
    let mut w = DatasetWriter::create(&out, info(65536)).unwrap();
    for d in docs() {
        w.push(&d).unwrap();
    }
    let staged = w.close_documents().unwrap();
    let batch = read_all(&staged);
    let part = batch
        .column_by_name(staged::ORGAN_PART)
        .unwrap()
        .as_primitive::<arrow_array::types::UInt32Type>();
    assert_eq!((part.value(0), part.is_null(1)), (7, true));
    let forward = batch
        .column_by_name("forward_total")
        .unwrap()
        .as_primitive::<Int64Type>();
    assert_eq!((forward.value(0), forward.is_null(1)), (3, true));
    let finding = Diagnostic::warning("CARRY_MISMATCH", "上年结转 differs.")
        .in_table("applications")
        .at("carried_over/total");
    w.push_finding("id0002", &finding).unwrap();
    let completion = Completion {
        warnings: [(1, 1)].into(),
        not_canonical: [3].into(),
        cross_report: [("CARRY_MISMATCH".to_string(), 1)].into(),
    };
    let m = w.close(&completion).unwrap();
    w.publish().unwrap();
    assert_eq!(m.cross_report["CARRY_MISMATCH"], 1);
    assert!(!out.join(STAGED_REPORTS_FILE).exists());
    let reports = read_all(&out.join("reports.parquet"));
    let key = reports
        .column_by_name("organ_key")
        .unwrap()
        .as_string::<i32>();
    assert_eq!(key.value(0), "岚皋县|四季镇");
    let text = |name: &str, row: usize| {
        let c = reports.column_by_name(name).unwrap().as_string::<i32>();
        c.is_valid(row).then(|| c.value(row).to_string())
    };
    assert_eq!(
        ["region_code", "province", "prefecture", "county"].map(|c| text(c, 0)),
        ["610925", "陕西省", "安康市", "岚皋县"].map(|v| Some(v.to_string()))
    );
    assert_eq!(
        ["region_code", "province", "prefecture", "county"].map(|c| text(c, 1)),
        [None, None, None, None]
    );
    let warnings = reports
        .column_by_name("n_warnings")
        .unwrap()
        .as_primitive::<Int32Type>();
    assert_eq!(warnings.value(1), 1);
    let canonical = reports.column_by_name("canonical").unwrap().as_boolean();
    assert_eq!(
        (0..4).map(|r| canonical.value(r)).collect::<Vec<_>>(),
        [true, true, true, false]
    );
    let diagnostics = read_all(&out.join("diagnostics.parquet"));
    let code = diagnostics
        .column_by_name("code")
        .unwrap()
        .as_string::<i32>();
    assert_eq!(code.value(code.len() - 1), "CARRY_MISMATCH");
}

#[test]
fn statistics_are_kept_where_a_reader_can_prune_with_them() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("ds");
    build(&out, 1000);
    let mut seen = Vec::new();
    for file in [
        "applications.parquet",
        "proactive_disclosure.parquet",
        "reviews.parquet",
        "reports.parquet",
    ] {
        let meta = reader(&out.join(file)).metadata().clone();
        let group = meta.row_group(0);
        for column in group.columns() {
            let name = column.column_path().string();
            let kept = column.statistics().is_some();
            seen.push((file, name.clone(), kept));
        }
    }
    let kept = |file: &str, name: &str| {
        seen.iter()
            .find(|(f, n, _)| *f == file && n == name)
            .unwrap_or_else(|| panic!("{file} has no column {name}"))
            .2
    };
    // Numbers and years prune (a year's filter skips row groups).
    assert!(kept("applications.parquet", "value"));
    assert!(kept("applications.parquet", "year"));
    assert!(kept("reports.parquet", "year"));
    assert!(kept("reports.parquet", "organ"));
    // Ids, printed text and the cells' codes do not.
    for (file, name) in [
        ("applications.parquet", "report_id"),
        ("applications.parquet", "raw"),
        ("applications.parquet", "row"),
        ("applications.parquet", "applicant"),
        ("proactive_disclosure.parquet", "item"),
        ("reviews.parquet", "outcome"),
        ("reports.parquet", "report_id"),
    ] {
        assert!(!kept(file, name), "{file} {name} has statistics");
    }
}
