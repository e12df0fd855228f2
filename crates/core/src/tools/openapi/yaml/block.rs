//! Block collections and scalars (YAML 1.2 §8): mappings and sequences by indentation, values
//! continued on more-indented lines, and `|` / `>` block scalars.

use super::flow::Flow;
use super::scalar::{
    FlowScan, QuotedScan, check_indicator, is_dash, quoted_end, resolve_plain, split_key, unquote,
};
use super::{Line, MAX_DEPTH, Yaml, YamlError, err, strip_comment, too_deep};
use serde_json::{Map, Value};

impl<'a> Yaml<'a> {
    fn tab_error(line: &Line<'_>) -> Result<(), YamlError> {
        if line.tab {
            return Err(err(
                line.no,
                "a tab is used for indentation; YAML indentation must use spaces",
            ));
        }
        Ok(())
    }

    pub(super) fn skip_blank(&mut self) {
        while self.lines.get(self.pos).is_some_and(|l| l.text.is_empty()) {
            self.pos += 1;
        }
    }

    fn current(&self) -> Option<&Line<'_>> {
        self.lines.get(self.pos)
    }

    /// A block node more indented than `parent`, starting at the current line.
    pub(super) fn node(&mut self, parent: isize) -> Result<Value, YamlError> {
        self.skip_blank();
        let Some(line) = self.current() else {
            return Ok(Value::Null);
        };
        Self::tab_error(line)?;
        if line.indent as isize <= parent {
            return Ok(Value::Null);
        }
        let indent = line.indent;
        if is_dash(&line.text) {
            self.sequence(indent)
        } else if split_key(&line.text, line.no)?.is_some() {
            self.mapping(indent)
        } else {
            let text = line.text.clone();
            self.inline_value(&text, parent)
        }
    }

    /// Moves to the next non-blank line and tells whether it belongs to the block entries at
    /// `indent`: `false` at the end of input or at a line indented less; a tab in the indentation,
    /// or a line indented more (`deeper` says why that is wrong here), is an error.
    fn block_line(&mut self, indent: usize, deeper: &'static str) -> Result<bool, YamlError> {
        self.skip_blank();
        let Some(line) = self.current() else {
            return Ok(false);
        };
        Self::tab_error(line)?;
        if line.indent > indent {
            return Err(err(line.no, deeper));
        }
        Ok(line.indent == indent)
    }

    /// A sequence at `indent`: one more level of nesting.
    fn sequence(&mut self, indent: usize) -> Result<Value, YamlError> {
        self.nested(indent, Self::sequence_entries)
    }

    /// A mapping at `indent`: one more level of nesting.
    fn mapping(&mut self, indent: usize) -> Result<Value, YamlError> {
        self.nested(indent, Self::mapping_entries)
    }

    /// Reads `entries` one level deeper, refused beyond [`MAX_DEPTH`] (the depth is restored
    /// whatever the outcome).
    fn nested(
        &mut self,
        indent: usize,
        entries: fn(&mut Self, usize) -> Result<Value, YamlError>,
    ) -> Result<Value, YamlError> {
        self.enter()?;
        let value = entries(self, indent);
        self.depth -= 1;
        value
    }

    /// Opens one more level of nesting, refused beyond [`MAX_DEPTH`].
    fn enter(&mut self) -> Result<(), YamlError> {
        if self.depth >= MAX_DEPTH {
            let no = self.current().map_or(0, |l| l.no);
            return Err(too_deep(no));
        }
        self.depth += 1;
        Ok(())
    }

    fn sequence_entries(&mut self, indent: usize) -> Result<Value, YamlError> {
        let mut items = Vec::new();
        while self.block_line(
            indent,
            "this line is indented more than the sequence entries before it",
        )? {
            let line = &self.lines[self.pos];
            if !is_dash(&line.text) {
                break;
            }
            let rest = line.text[1..].trim_start().to_string();
            if rest.is_empty() {
                self.pos += 1;
                items.push(self.node(indent as isize)?);
            } else {
                let offset = line.text.len() - rest.len();
                let line = &mut self.lines[self.pos];
                line.indent += offset;
                line.text = rest;
                items.push(self.node(indent as isize)?);
            }
        }
        Ok(Value::Array(items))
    }

    fn mapping_entries(&mut self, indent: usize) -> Result<Value, YamlError> {
        let mut map = Map::new();
        while self.block_line(
            indent,
            "this line is indented more than the keys before it; check the indentation",
        )? {
            let line = &self.lines[self.pos];
            let no = line.no;
            if is_dash(&line.text) {
                return Err(err(
                    no,
                    "a sequence entry (- …) where a mapping key was expected; check the indentation",
                ));
            }
            let text = line.text.clone();
            let Some((key, rest)) = split_key(&text, no)? else {
                return Err(err(
                    no,
                    format!(
                        "expected \"key: value\" but found \"{}\"",
                        text.chars().take(40).collect::<String>()
                    ),
                ));
            };
            if map.contains_key(&key) {
                return Err(err(
                    no,
                    format!("the key \"{key}\" appears twice in the same mapping"),
                ));
            }
            let rest = rest.trim();
            let value = if rest.is_empty() {
                self.pos += 1;
                self.skip_blank();
                match self.current() {
                    Some(next) if next.indent > indent => self.node(indent as isize)?,
                    Some(next) if next.indent == indent && is_dash(&next.text) => {
                        self.sequence(indent)?
                    }
                    _ => Value::Null,
                }
            } else if rest.starts_with(['|', '>']) {
                self.block_scalar(rest, indent, no)?
            } else {
                self.inline_value(rest, indent as isize)?
            };
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }

    /// A scalar or flow collection that starts on the current line (after `key:` or `- `), and
    /// its continuation lines (more indented than `parent`). Advances past it.
    fn inline_value(&mut self, text: &str, parent: isize) -> Result<Value, YamlError> {
        let no = self.lines[self.pos].no;
        check_indicator(text, no)?;
        if text.starts_with(['|', '>']) {
            return Err(err(
                no,
                "a block scalar (| or >) must be the value of a key or a sequence entry",
            ));
        }
        if text.starts_with(['"', '\'']) {
            self.quoted_value(text, no)
        } else if text.starts_with(['[', '{']) {
            self.flow_collection(text)
        } else {
            self.plain_value(text, parent)
        }
    }

    /// A single- or double-quoted scalar starting on the current line, possibly continued on
    /// the following lines (joined raw, YAML 1.2 §7.3 folding). Advances past it.
    fn quoted_value(&mut self, text: &str, no: usize) -> Result<Value, YamlError> {
        let quote = text.chars().next().unwrap_or('"');
        let mut joined = text.to_string();
        let start = self.pos;
        let mut scan = QuotedScan::new(quote);
        while scan.end(&joined).is_none() {
            self.pos += 1;
            let Some(next) = self.lines.get(self.pos) else {
                return Err(err(
                    self.lines[start].no,
                    format!(
                        "the {} string starting here is never closed",
                        if quote == '"' {
                            "double-quoted"
                        } else {
                            "single-quoted"
                        }
                    ),
                ));
            };
            let t = next.raw.trim();
            if t.is_empty() {
                joined.push('\n');
            } else {
                if !joined.ends_with('\n') {
                    joined.push(' ');
                }
                joined.push_str(t);
            }
        }
        let end = quoted_end(&joined, quote).unwrap_or(joined.len());
        let after = strip_comment(&joined[end..]).trim();
        if !after.is_empty() {
            return Err(err(
                self.lines[self.pos].no,
                format!("unexpected text \"{after}\" after a quoted string"),
            ));
        }
        let value = unquote(&joined[..end], no)?;
        self.pos += 1;
        Ok(Value::String(value))
    }

    /// A flow collection (`[…]` or `{…}`, YAML 1.2 §7.4) starting on the current line and
    /// running until its brackets balance. Advances past it.
    fn flow_collection(&mut self, text: &str) -> Result<Value, YamlError> {
        let mut joined = text.to_string();
        let start = self.lines[self.pos].no;
        let mut scan = FlowScan::default();
        while !scan.balanced(&joined) {
            self.pos += 1;
            let Some(next) = self.lines.get(self.pos) else {
                return Err(err(
                    start,
                    "the flow collection starting here is never closed",
                ));
            };
            joined.push(' ');
            joined.push_str(next.text.trim());
        }
        self.pos += 1;
        let mut flow = Flow {
            chars: joined.chars().collect(),
            at: 0,
            line: start,
            depth: self.depth,
        };
        let value = flow.value()?;
        flow.skip_ws();
        if flow.at < flow.chars.len() {
            return Err(err(start, "unexpected text after the flow collection"));
        }
        Ok(value)
    }

    /// A plain scalar, possibly continued on lines more indented than `parent` (folded with
    /// spaces, YAML 1.2 §7.3.3). Advances past it, leaving trailing blank lines.
    fn plain_value(&mut self, text: &str, parent: isize) -> Result<Value, YamlError> {
        let mut value = text.to_string();
        self.pos += 1;
        let mut blank = 0;
        while let Some(next) = self.lines.get(self.pos) {
            if next.text.is_empty() {
                blank += 1;
                self.pos += 1;
                continue;
            }
            if next.indent as isize <= parent {
                break;
            }
            if is_dash(&next.text) || split_key(&next.text, next.no)?.is_some() {
                return Err(err(
                    next.no,
                    "a mapping or sequence cannot follow a plain value on the same level; check the indentation",
                ));
            }
            if blank > 0 {
                value.push_str(&"\n".repeat(blank));
            } else {
                value.push(' ');
            }
            blank = 0;
            value.push_str(next.text.trim());
            self.pos += 1;
        }
        // Give back trailing blank lines (they belong to whatever follows).
        self.pos -= blank;
        Ok(resolve_plain(&value))
    }

    /// `|` or `>` block scalar (YAML 1.2 §8.1) under a key at `indent`.
    fn block_scalar(&mut self, header: &str, indent: usize, no: usize) -> Result<Value, YamlError> {
        let (chomp, explicit) = block_header(header, no)?;
        self.pos += 1;
        let body = self.block_body(indent, explicit)?;
        // Trailing blank lines are counted for chomping and left for the next node.
        let trailing = body
            .iter()
            .rev()
            .take_while(|l| l.trim().is_empty())
            .count();
        let content = &body[..body.len() - trailing];
        let mut out = if header.starts_with('|') {
            content.join("\n")
        } else {
            fold(content)
        };
        if !content.is_empty() {
            match chomp {
                '-' => {}
                '+' => out.push_str(&"\n".repeat(1 + trailing)),
                _ => out.push('\n'),
            }
        } else if chomp == '+' {
            out.push_str(&"\n".repeat(trailing));
        }
        Ok(Value::String(out))
    }

    /// The lines of a block scalar under a key at `indent`, without their content indentation
    /// (the `explicit` indentation indicator, or the first non-blank line's). Advances past them.
    fn block_body(
        &mut self,
        indent: usize,
        explicit: Option<usize>,
    ) -> Result<Vec<&'a str>, YamlError> {
        let mut body: Vec<&'a str> = Vec::new();
        let mut content_indent = explicit.map(|n| indent + n);
        while let Some(line) = self.lines.get(self.pos) {
            let raw = line.raw;
            let blank = raw.trim().is_empty();
            let lead = raw.len() - raw.trim_start_matches(' ').len();
            if !blank && lead <= indent {
                break;
            }
            if !blank {
                let ci = *content_indent.get_or_insert(lead);
                if lead < ci {
                    return Err(err(
                        line.no,
                        "this line of the block scalar is indented less than its first line",
                    ));
                }
                body.push(&raw[ci..]);
            } else {
                body.push(
                    raw.get(content_indent.unwrap_or(usize::MAX)..)
                        .unwrap_or(""),
                );
            }
            self.pos += 1;
        }
        Ok(body)
    }
}

/// A block scalar header's chomping indicator (`-`, `+`, or `c` for clip) and explicit
/// indentation indicator (YAML 1.2 §8.1.1).
fn block_header(header: &str, no: usize) -> Result<(char, Option<usize>), YamlError> {
    let mut chomp = 'c';
    let mut explicit = None;
    for c in header[1..].chars() {
        match c {
            '-' | '+' if chomp == 'c' => chomp = c,
            '1'..='9' if explicit.is_none() => explicit = Some(c as usize - '0' as usize),
            _ => {
                return Err(err(
                    no,
                    format!(
                        "the block scalar header \"{header}\" is not understood (use |, |-, |+, >, >-, >+, optionally with an indentation digit)"
                    ),
                ));
            }
        }
    }
    Ok((chomp, explicit))
}

/// Line folding of a `>` block scalar's content (YAML 1.2 §8.1.3): lines join with a space,
/// empty lines become newlines, and more-indented lines keep their line breaks.
fn fold(content: &[&str]) -> String {
    let mut out = String::new();
    let mut prev_more: Option<bool> = None;
    let mut empty = 0;
    for l in content {
        if l.trim().is_empty() {
            empty += 1;
            continue;
        }
        let more = l.starts_with([' ', '\t']);
        match prev_more {
            None => out.push_str(&"\n".repeat(empty)),
            Some(p) => {
                if !p && !more {
                    if empty == 0 {
                        out.push(' ');
                    } else {
                        out.push_str(&"\n".repeat(empty));
                    }
                } else {
                    out.push_str(&"\n".repeat(empty + 1));
                }
            }
        }
        out.push_str(l);
        prev_more = Some(more);
        empty = 0;
    }
    out
}
