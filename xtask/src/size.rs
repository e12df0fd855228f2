//! `cargo xtask size`: per-file raw and gzip sizes of `dist/`, checked against a budget.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;

use crate::parse;
use crate::proc::{Ctx, Result};

pub const BUDGET_FILE: &str = "size-budget.toml";
const BUDGET_KEY: &str = "total_gzip_bytes";

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

    let budget = read_budget(&ctx.root.join(BUDGET_FILE))?;
    let suggested = total_gzip + total_gzip.div_ceil(10);
    match budget {
        0 => {
            println!(
                "warning: no size budget set yet ({BUDGET_FILE}: {BUDGET_KEY} = 0); \
                 measured {total_gzip} gzip bytes, so measured + 10% would be \
                 {BUDGET_KEY} = {suggested}"
            );
            Ok(())
        }
        budget if total_gzip > budget => Err(format!(
            "size budget exceeded: dist/ is {total_gzip} bytes gzipped, budget is {budget} \
             ({} bytes over, {:.1}% of budget; raw total {total_raw} bytes). Shrink the \
             bundle, or if the growth is intended raise {BUDGET_KEY} in {BUDGET_FILE} \
             (measured + 10% = {suggested})",
            total_gzip - budget,
            percent(total_gzip, budget)
        )),
        budget => {
            println!(
                "size budget ok: {total_gzip} of {budget} gzip bytes ({:.1}% used, {} bytes \
                 headroom)",
                percent(total_gzip, budget),
                budget - total_gzip
            );
            Ok(())
        }
    }
}

fn percent(part: u64, whole: u64) -> f64 {
    part as f64 * 100.0 / whole as f64
}

/// `total_gzip_bytes` from the budget file; a missing file or key counts as 0 (not set).
fn read_budget(path: &Path) -> Result<u64> {
    let text = match fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    parse::toml_integer(&text, BUDGET_KEY)
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
