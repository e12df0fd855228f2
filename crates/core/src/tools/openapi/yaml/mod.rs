//! A reader for the YAML 1.2 subset API descriptions use, into a JSON value ([`parse_yaml`]).
//! Written here because a YAML crate would cost bundle bytes. What the subset does not support
//! (anchors, aliases, tags, several documents, complex keys) is an error naming the line, never a
//! silent misreading.
//!
//! Where things are: the document's lines and [`parse_yaml`] here; block mappings, sequences and
//! scalars (YAML 1.2 §8) in `block.rs`; flow collections (§7.4) in `flow.rs`; keys, quoted and
//! plain scalars and the core schema (§7.3, §10.3) in `scalar.rs`.

mod block;
mod flow;
mod scalar;

use serde_json::Value;
use std::fmt;

/// The deepest nesting of collections (sequences and mappings, block and flow together) that
/// the YAML reader accepts; JSON documents have the same limit (serde_json's recursion limit).
/// The readers are recursive: deeper input would overflow the stack, which in wasm corrupts
/// memory instead of panicking. OpenAPI documents nest far less.
pub const MAX_DEPTH: usize = 128;

fn too_deep(line: usize) -> YamlError {
    err(
        line,
        format!(
            "collections are nested more than {MAX_DEPTH} levels deep; this importer reads at most {MAX_DEPTH} levels"
        ),
    )
}

/// A YAML construct this importer cannot read, or invalid YAML, at a 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong there.
    pub message: String,
}

impl fmt::Display for YamlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for YamlError {}

/// One logical line: its number, indentation and text without the comment. `text` of a
/// sequence entry is rewritten to what follows the `- ` (and `indent` moved accordingly).
struct Line<'a> {
    no: usize,
    indent: usize,
    text: String,
    raw: &'a str,
    /// A tab right after the indentation spaces (not allowed in structure, YAML 1.2 §6.1).
    tab: bool,
}

struct Yaml<'a> {
    lines: Vec<Line<'a>>,
    pos: usize,
    /// Collections open around the current one (bounded by [`MAX_DEPTH`]).
    depth: usize,
}

/// Parses the YAML 1.2 subset OpenAPI documents use into a JSON value: block mappings and
/// sequences by indentation (YAML 1.2 §8.2), plain, single- and double-quoted scalars (§7.3),
/// `#` comments, flow sequences and mappings (§7.4), literal `|` and folded `>` block scalars
/// with chomping indicators (§8.1), and the core schema's null, booleans, integers and floats
/// (§10.3). Keys are strings. Anchors, aliases, tags, merge keys, complex keys, directives other
/// than `%YAML` and several documents are errors naming the line, as are duplicate keys and tabs
/// in indentation.
pub fn parse_yaml(text: &str) -> Result<Value, YamlError> {
    let mut lines = Vec::new();
    let mut started = false;
    let all: Vec<&str> = text.trim_start_matches('\u{feff}').lines().collect();
    for (i, &raw) in all.iter().enumerate() {
        let no = i + 1;
        let content = raw.trim_start_matches(' ');
        let indent = raw.len() - content.len();
        let text = strip_comment(content).trim_end().to_string();
        if raw.starts_with("%YAML") && !started {
            continue;
        }
        if raw.starts_with('%') && !started {
            return Err(err(
                no,
                "directives other than %YAML (e.g. %TAG) are not supported",
            ));
        }
        if indent == 0 && (text == "---" || text.starts_with("--- ")) {
            if started {
                return Err(err(
                    no,
                    "a second document (---) is not supported; an OpenAPI file holds one document",
                ));
            }
            started = true;
            let rest = text[3..].trim_start();
            if !rest.is_empty() {
                return Err(err(
                    no,
                    "content on the --- line is not supported; start it on the next line",
                ));
            }
            continue;
        }
        if indent == 0 && text == "..." {
            if let Some(extra) =
                (i + 1..all.len()).find(|&j| !strip_comment(all[j].trim()).trim().is_empty())
            {
                return Err(err(
                    extra + 1,
                    "content after the document end marker (...) is not supported",
                ));
            }
            break;
        }
        if !text.is_empty() {
            started = true;
        }
        let tab = content.starts_with('\t') && !text.trim().is_empty();
        lines.push(Line {
            no,
            indent,
            text,
            raw,
            tab,
        });
    }
    let mut yaml = Yaml {
        lines,
        pos: 0,
        depth: 0,
    };
    yaml.skip_blank();
    if yaml.pos >= yaml.lines.len() {
        return Ok(Value::Null);
    }
    let value = yaml.node(-1)?;
    yaml.skip_blank();
    if let Some(line) = yaml.lines.get(yaml.pos) {
        return Err(err(
            line.no,
            "this line is indented less than the block it follows but does not match any enclosing block's indentation",
        ));
    }
    Ok(value)
}

fn err(line: usize, message: impl Into<String>) -> YamlError {
    YamlError {
        line,
        message: message.into(),
    }
}

/// Removes a `#` comment (a `#` at the start or after whitespace, outside quotes).
fn strip_comment(text: &str) -> &str {
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    let mut last_significant = ' ';
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match quote {
            Some('"') => {
                if c == '\\' {
                    chars.next();
                } else if c == '"' {
                    quote = None;
                }
            }
            Some(_) => {
                if c == '\'' {
                    quote = None;
                }
            }
            None => {
                if c == '#' && prev.is_whitespace() {
                    return &text[..i];
                }
                if (c == '"' || c == '\'')
                    && matches!(last_significant, ' ' | ':' | '-' | '[' | '{' | ',' | '?')
                    && (prev.is_whitespace() || matches!(prev, '[' | '{' | ','))
                {
                    quote = Some(c);
                }
            }
        }
        if !c.is_whitespace() {
            last_significant = c;
        }
        prev = c;
    }
    text
}
