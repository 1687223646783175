//! The commands that look at one thing: a document (`ogi extract`), a
//! dataset (`ogi summary`), the dataset's shape (`ogi dictionary`).

use std::path::Path;

use anyhow::Context;

use super::{load_config, ExtractArgs, Failure, SummaryArgs};

/// `ogi extract FILE`: one document's result as JSON, under the bounds a
/// build reads it with (a regular file, not a link, no larger than
/// `input.max_file_bytes`, within `run.document_budget` and the `[pdf]`
/// limits).
pub fn extract(a: &ExtractArgs) -> Result<(), Failure> {
    use std::io::Read;
    let config = load_config(a.config.as_deref())?;
    let max = config.input.max_file_bytes;
    ogi::budget::configure(config.run.document_budget);
    let file = &a.file;
    let path = file.canonicalize().unwrap_or_else(|_| file.clone());
    let opened = ogi::crawl::open_file(&path)
        .with_context(|| format!("cannot read {}", file.display()))
        .map_err(Failure::Usage)?;
    let mut bytes = Vec::new();
    opened
        .take(max.saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", file.display()))
        .map_err(Failure::Fatal)?;
    if bytes.len() as u64 > max {
        return Err(Failure::Usage(anyhow::anyhow!(
            "{} is larger than input.max_file_bytes ({max} bytes); not read",
            file.display()
        )));
    }
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let result =
        ogi::document::from_bytes(&name, None, &bytes, None, Vec::new(), &config.pdf.limits());
    let json = serde_json::to_string_pretty(&result)
        .context("cannot render the result")
        .map_err(Failure::Fatal)?;
    println!("{json}");
    Ok(())
}

/// `ogi dictionary`: the data dictionary as Markdown.
pub fn dictionary() -> Result<(), Failure> {
    print!("{}", ogi::contract::dictionary::render());
    Ok(())
}

/// `ogi summary DIR [--html FILE]`.
pub fn summary(a: &SummaryArgs) -> Result<(), Failure> {
    summarise(&a.dir, a.html.as_deref())
}

#[cfg(not(feature = "summary"))]
fn summarise(_dir: &Path, _html: Option<&Path>) -> Result<(), Failure> {
    Err(Failure::Usage(anyhow::anyhow!(
        "this ogi was built without `ogi summary`: rebuild with the cargo feature `summary` \
         (on by default)"
    )))
}

#[cfg(feature = "summary")]
fn summarise(dir: &Path, html: Option<&Path>) -> Result<(), Failure> {
    if !dir.is_dir() {
        return Err(Failure::Usage(anyhow::anyhow!(
            "{} is not a folder; give the dataset folder `ogi build` wrote",
            dir.display()
        )));
    }
    if let Some(path) = html {
        check_page(path, dir).map_err(Failure::Usage)?;
    }
    let s = ogi::dataset::summary::summarise(dir).map_err(Failure::Usage)?;
    print!("{}", s.to_text());
    if let Some(path) = html {
        let page = s.to_html().map_err(Failure::Fatal)?;
        std::fs::write(path, page)
            .with_context(|| format!("cannot write {}", path.display()))
            .map_err(Failure::Fatal)?;
        println!("\nwrote {}", path.display());
    }
    Ok(())
}

/// Whether the page `--html` names may be written: a new file, or a page
/// an earlier summary wrote; never a folder, a link, another file, nor a
/// file inside the dataset (which must hold only its own files).
#[cfg(feature = "summary")]
fn check_page(path: &Path, dataset: &Path) -> anyhow::Result<()> {
    use ogi::dataset::summary::GENERATOR;
    use ogi::write::guard::resolve;
    let shown = path.display();
    anyhow::ensure!(!path.as_os_str().is_empty(), "the --html path is empty");
    let (page, dir) = (resolve(path)?, resolve(dataset)?);
    anyhow::ensure!(
        !page.starts_with(&dir),
        "--html {shown} is inside the dataset {}, which holds only its own files: write the \
         page beside it",
        dataset.display()
    );
    match std::fs::symlink_metadata(path) {
        Err(_) => Ok(()),
        Ok(m) if m.is_file() => {
            use std::io::Read;
            let mut head = Vec::new();
            std::fs::File::open(path)?
                .take(4096)
                .read_to_end(&mut head)?;
            anyhow::ensure!(
                String::from_utf8_lossy(&head).contains(GENERATOR),
                "--html {shown} exists and is not a page ogi summary wrote: nothing was \
                 changed; name a new file"
            );
            Ok(())
        }
        Ok(_) => anyhow::bail!("--html {shown} is a folder or a link: name a file"),
    }
}
