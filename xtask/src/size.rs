//! `cargo xtask size`: per-file raw and gzip sizes of `dist/`, checked against two budgets: the
//! total, and the first load — what a browser fetches before the page is usable: index.html, the
//! files it links (CSS, the boot module, the main module's JS and wasm) and the modules those
//! import statically; the lazily loaded chunks are not in it (issue 17).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use crate::parse;
use crate::proc::{Ctx, Result};

pub const BUDGET_FILE: &str = "size-budget.toml";
const BUDGET_KEY: &str = "total_gzip_bytes";
const FIRST_LOAD_KEY: &str = "first_load_gzip_bytes";

struct Row {
    path: String,
    raw: u64,
    gzip: u64,
}

pub fn run(ctx: &Ctx) -> Result<()> {
    let dist = ctx.root.join("dist");
    if !dist.is_dir() {
        return Err(format!(
            "{} does not exist: run trunk build --release first (or cargo xtask test)",
            dist.display()
        ));
    }
    let mut files = Vec::new();
    walk(&dist, &mut files)?;
    files.sort();
    if files.is_empty() {
        return Err(format!(
            "{} is empty: run trunk build --release first (or cargo xtask test)",
            dist.display()
        ));
    }
    let mut rows = Vec::new();
    for file in &files {
        let raw = fs::metadata(file)
            .map_err(|e| format!("{}: {e}", file.display()))?
            .len();
        let path = file
            .strip_prefix(&dist)
            .unwrap_or(file)
            .to_string_lossy()
            .into_owned();
        rows.push(Row {
            path,
            raw,
            gzip: gzip_len(ctx, file)?,
        });
    }
    let total_raw: u64 = rows.iter().map(|r| r.raw).sum();
    let total_gzip: u64 = rows.iter().map(|r| r.gzip).sum();
    print_table(&rows, total_raw, total_gzip);

    let first = first_load(&dist)?;
    let first_rows: Vec<&Row> = rows.iter().filter(|r| first.contains(&r.path)).collect();
    let first_gzip: u64 = first_rows.iter().map(|r| r.gzip).sum();
    println!(
        "\nfirst load (fetched before the page is usable; the rest are lazily loaded chunks):"
    );
    for row in &first_rows {
        println!("  {:<48} {:>10} gzip bytes", row.path, row.gzip);
    }
    println!(
        "  {:<48} {:>10} gzip bytes ({} of {} files)",
        "FIRST LOAD",
        first_gzip,
        first_rows.len(),
        rows.len()
    );

    let budget_file = ctx.root.join(BUDGET_FILE);
    let first_ok = check(
        first_gzip,
        read_budget(&budget_file, FIRST_LOAD_KEY)?,
        FIRST_LOAD_KEY,
        "the first load",
    );
    let total_ok = check(
        total_gzip,
        read_budget(&budget_file, BUDGET_KEY)?,
        BUDGET_KEY,
        "dist/",
    );
    match (first_ok, total_ok) {
        (Ok(()), Ok(())) => Ok(()),
        (Err(a), Err(b)) => Err(format!("{a}\n{b}")),
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// The files of the first load, relative to `dist` ('/'-separated): index.html, what it links,
/// and the static imports of linked modules, transitively.
fn first_load(dist: &Path) -> Result<Vec<String>> {
    let index = dist.join("index.html");
    let html = fs::read_to_string(&index).map_err(|e| format!("{}: {e}", index.display()))?;
    let mut found = vec!["index.html".to_string()];
    let mut queue: Vec<String> = parse::html_references(&html);
    while let Some(path) = queue.pop() {
        if found.contains(&path) || !dist.join(&path).is_file() {
            continue;
        }
        if path.ends_with(".js") {
            let js = fs::read_to_string(dist.join(&path)).map_err(|e| format!("{path}: {e}"))?;
            let dir = path
                .rsplit_once('/')
                .map(|(d, _)| format!("{d}/"))
                .unwrap_or_default();
            queue.extend(
                parse::js_static_imports(&js)
                    .into_iter()
                    .map(|p| format!("{dir}{p}")),
            );
        }
        found.push(path);
    }
    Ok(found)
}

/// Checks `measured` against `budget` (0: not set, a warning).
fn check(measured: u64, budget: u64, key: &str, what: &str) -> Result<()> {
    let suggested = measured + measured.div_ceil(10);
    match budget {
        0 => {
            println!(
                "warning: no size budget set yet ({BUDGET_FILE}: {key} = 0); measured {measured} \
                 gzip bytes for {what}, so measured + 10% would be {key} = {suggested}"
            );
            Ok(())
        }
        budget if measured > budget => Err(format!(
            "size budget exceeded: {what} is {measured} bytes gzipped, budget is {budget} ({} \
             bytes over, {:.1}% of budget). Shrink it, or if the growth is intended raise {key} \
             in {BUDGET_FILE} (measured + 10% = {suggested})",
            measured - budget,
            percent(measured, budget)
        )),
        budget => {
            println!(
                "size budget ok: {what} {measured} of {budget} gzip bytes ({:.1}% used, {} bytes \
                 headroom)",
                percent(measured, budget),
                budget - measured
            );
            Ok(())
        }
    }
}

fn percent(part: u64, whole: u64) -> f64 {
    part as f64 * 100.0 / whole as f64
}

/// `key` from the budget file; a missing file or key counts as 0 (not set).
fn read_budget(path: &Path, key: &str) -> Result<u64> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    parse::toml_integer(&text, key)
        .map(|v| v.unwrap_or(0))
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let entry = entry.map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = entry.path();
        // metadata() follows symlinks.
        let meta = fs::metadata(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        if meta.is_dir() {
            walk(&path, out)?;
        } else if meta.is_file() {
            out.push(path);
        }
    }
    Ok(())
}

/// Size of `gzip -9 -n` of the file (what a server's static gzip would roughly send).
fn gzip_len(ctx: &Ctx, file: &Path) -> Result<u64> {
    let input = fs::File::open(file).map_err(|e| format!("{}: {e}", file.display()))?;
    let output = ctx
        .cmd("gzip")
        .args(["-9", "-n", "-c"])
        .stdin(input)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("cannot run gzip (needed to measure sizes): {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "gzip -9 failed on {} ({})",
            file.display(),
            output.status
        ));
    }
    Ok(output.stdout.len() as u64)
}

fn print_table(rows: &[Row], total_raw: u64, total_gzip: u64) {
    let width = rows
        .iter()
        .map(|r| r.path.chars().count())
        .chain(["dist/ file".len(), "TOTAL".len()])
        .max()
        .unwrap_or(5);
    println!(
        "{:<width$}  {:>12}  {:>12}",
        "dist/ file", "raw bytes", "gzip bytes"
    );
    println!("{:-<width$}  {:->12}  {:->12}", "", "", "");
    for row in rows {
        println!("{:<width$}  {:>12}  {:>12}", row.path, row.raw, row.gzip);
    }
    println!("{:-<width$}  {:->12}  {:->12}", "", "", "");
    println!("{:<width$}  {:>12}  {:>12}", "TOTAL", total_raw, total_gzip);
}
