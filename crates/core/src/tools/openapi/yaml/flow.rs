//! Flow collections (YAML 1.2 §7.4): `[ … ]` and `{ … }` on one joined line.

use super::scalar::{check_indicator, resolve_plain, unquote};
use super::{MAX_DEPTH, YamlError, err, too_deep};
use serde_json::{Map, Value};

/// A flow collection (YAML 1.2 §7.4) on one joined line.
pub(super) struct Flow {
    pub(super) chars: Vec<char>,
    pub(super) at: usize,
    pub(super) line: usize,
    /// Collections open around the current one, block ones included ([`MAX_DEPTH`]).
    pub(super) depth: usize,
}

impl Flow {
    pub(super) fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    pub(super) fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    pub(super) fn error(&self, message: impl Into<String>) -> YamlError {
        err(self.line, message)
    }

    pub(super) fn value(&mut self) -> Result<Value, YamlError> {
        self.skip_ws();
        let collection = match self.peek() {
            Some('[') => Self::sequence,
            Some('{') => Self::mapping,
            _ => return self.scalar(),
        };
        if self.depth >= MAX_DEPTH {
            return Err(too_deep(self.line));
        }
        self.depth += 1;
        let value = collection(self);
        self.depth -= 1;
        value
    }

    /// `[ … ]`, from its `[`.
    pub(super) fn sequence(&mut self) -> Result<Value, YamlError> {
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            if self.peek() == Some(']') {
                self.at += 1;
                return Ok(Value::Array(items));
            }
            items.push(self.value()?);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.at += 1,
                Some(']') => {}
                _ => return Err(self.error("expected , or ] in a flow sequence")),
            }
        }
    }

    /// `{ … }`, from its `{`.
    pub(super) fn mapping(&mut self) -> Result<Value, YamlError> {
        self.at += 1;
        let mut map = Map::new();
        loop {
            self.skip_ws();
            if self.peek() == Some('}') {
                self.at += 1;
                return Ok(Value::Object(map));
            }
            let key = match self.scalar()? {
                Value::String(s) => s,
                Value::Null => String::new(),
                other => other.to_string(),
            };
            self.skip_ws();
            let value = if self.peek() == Some(':') {
                self.at += 1;
                self.skip_ws();
                if matches!(self.peek(), Some(',' | '}')) {
                    Value::Null
                } else {
                    self.value()?
                }
            } else {
                Value::Null
            };
            if map.contains_key(&key) {
                return Err(self.error(format!(
                    "the key \"{key}\" appears twice in the same flow mapping"
                )));
            }
            map.insert(key, value);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.at += 1,
                Some('}') => {}
                _ => return Err(self.error("expected , or } in a flow mapping")),
            }
        }
    }

    pub(super) fn scalar(&mut self) -> Result<Value, YamlError> {
        self.skip_ws();
        if let Some(q @ ('"' | '\'')) = self.peek() {
            // Only the quoted scalar is copied: copying the rest of the line for each one would
            // make a line of many quoted scalars quadratic. Its end as `quoted_end` finds it.
            let chars = &self.chars[self.at..];
            let mut i = 1;
            let mut end = None;
            while let Some(&c) = chars.get(i) {
                let escape = q == '"' && c == '\\';
                let doubled = q == '\'' && c == q && chars.get(i + 1) == Some(&'\'');
                if escape || doubled {
                    i += 2;
                } else if c == q {
                    end = Some(i + 1);
                    break;
                } else {
                    i += 1;
                }
            }
            let end = end.ok_or_else(|| {
                self.error("a quoted string in a flow collection is never closed")
            })?;
            let quoted: String = chars[..end].iter().collect();
            let end = quoted.len();
            let text = unquote(&quoted[..end], self.line)?;
            self.at += quoted[..end].chars().count();
            return Ok(Value::String(text));
        }
        let start = self.at;
        while let Some(c) = self.peek() {
            let next = self.chars.get(self.at + 1).copied();
            if matches!(c, ',' | '[' | ']' | '{' | '}')
                || (c == ':'
                    && next.is_none_or(|n| n.is_whitespace() || matches!(n, ',' | ']' | '}')))
            {
                break;
            }
            self.at += 1;
        }
        let text: String = self.chars[start..self.at].iter().collect();
        let text = text.trim();
        check_indicator(text, self.line)?;
        Ok(resolve_plain(text))
    }
}
