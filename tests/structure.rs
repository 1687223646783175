//! The shape of the sources, checked from the sources themselves:
//!
//! - the imports between top-level modules (`crate::X` in the library,
//!   `ogi::X` in the command line) form no cycle, and the writer imports
//!   only the contract and the model;
//! - `src/main.rs` is at most 80 lines, and no other source file outside
//!   `src/extract/` and the `tests.rs` files is over 900.
//!
//! `scripts/check-imports` runs these and prints the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// What `write` may import.
const WRITER_IMPORTS: [&str; 2] = ["contract", "model"];
const MAIN_LINES: usize = 80;
const FILE_LINES: usize = 900;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn sources() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    walk(&src(), &mut out);
    out.sort();
    out
}

/// The top-level module a source file belongs to: `cli` for the command
/// line (the binary), None for the library's root.
fn module_of(path: &Path) -> Option<String> {
    let rel = path.strip_prefix(src()).unwrap();
    let first = rel.components().next()?.as_os_str().to_string_lossy();
    match first.as_ref() {
        "lib.rs" => None,
        "main.rs" => Some("cli".into()),
        name => Some(name.trim_end_matches(".rs").to_string()),
    }
}

/// The text without comments (doc links name modules without importing
/// them) and without the contents of string literals.
fn code_of(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            let end = text[i + 2..].find("*/").map_or(b.len(), |e| i + 2 + e + 2);
            i = end;
        } else if b[i] == b'"' && (i == 0 || b[i - 1] != b'\'') {
            out.push('"');
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push('"');
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The top-level modules a file's code names through `root::`.
fn imports(code: &str, root: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let prefix = format!("{root}::");
    let mut rest = code;
    while let Some(at) = rest.find(&prefix) {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            // `root::{a, b::c}`: the first name of each item at depth 0.
            let (mut depth, mut item_start) = (0, true);
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => item_start = true,
                    c if item_start && (c.is_alphanumeric() || c == '_') => {
                        let name: String = group[i..]
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect();
                        found.insert(name);
                        item_start = false;
                    }
                    _ => {}
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            // A name that goes on with `::` is a module; a lone item of
            // the root (a macro, a function) is not.
            if rest[name.len()..].starts_with("::") || rest[name.len()..].starts_with(';') {
                found.insert(name);
            }
        }
    }
    found
}

/// Module → the modules it imports.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in sources() {
        let Some(module) = module_of(&path) else {
            continue;
        };
        let code = code_of(&std::fs::read_to_string(&path).unwrap());
        let root = if module == "cli" { "ogi" } else { "crate" };
        let entry = graph.entry(module.clone()).or_default();
        for m in imports(&code, root) {
            if m != module {
                entry.insert(m);
            }
        }
    }
    graph
}

/// A cycle of the graph, if it has one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut c = path[at..].to_vec();
            c.push(node.to_string());
            return Some(c);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_imports_between_modules_have_no_cycle() {
    let graph = graph();
    for (module, imports) in &graph {
        let list: Vec<&str> = imports.iter().map(String::as_str).collect();
        println!("{module} -> {}", list.join(", "));
    }
    assert!(graph.contains_key("write") && graph.contains_key("pipeline"));
    if let Some(c) = cycle(&graph) {
        panic!("an import cycle: {}", c.join(" -> "));
    }
}

#[test]
fn the_writer_imports_only_the_contract_and_the_model() {
    let graph = graph();
    let extra: Vec<&String> = graph["write"]
        .iter()
        .filter(|m| !WRITER_IMPORTS.contains(&m.as_str()))
        .collect();
    assert!(extra.is_empty(), "src/write imports {extra:?}");
}

#[test]
fn main_is_short_and_no_file_is_long() {
    let mut long = Vec::new();
    for path in sources() {
        let rel = path.strip_prefix(src()).unwrap().to_path_buf();
        let lines = std::fs::read_to_string(&path).unwrap().lines().count();
        if rel == Path::new("main.rs") {
            assert!(lines <= MAIN_LINES, "src/main.rs has {lines} lines");
        }
        let exempt = rel.starts_with("extract") || rel.ends_with("tests.rs");
        if !exempt && lines > FILE_LINES {
            long.push(format!("src/{} ({lines})", rel.display()));
        }
    }
    assert!(long.is_empty(), "over {FILE_LINES} lines: {long:?}");
}

/// The checker sees what it must: grouped imports, and no comment.
#[test]
fn the_checker_reads_imports_and_skips_comments() {
    let code = code_of(
        "use crate::{model::X, contract};\n/// [`crate::dataset`]\nlet s = \"crate::cli::\";\n\
         crate::hooks::pause_at(\"x\");\nuse crate::format;\n",
    );
    let found: Vec<String> = imports(&code, "crate").into_iter().collect();
    assert_eq!(found, ["contract", "format", "hooks", "model"]);
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    g.entry("a".into()).or_default().insert("b".into());
    g.entry("b".into()).or_default().insert("a".into());
    assert_eq!(cycle(&g).unwrap(), ["a", "b", "a"]);
}
