// The YAML subset reader of the OpenAPI importer on its own (YAML 1.2 block and flow
// collections, scalars): it never panics, and what it returns is nested at most MAX_DEPTH
// levels deep (deeper input is refused with an error naming the limit, never a stack overflow).
use cc_core::openapi::{MAX_DEPTH, parse_yaml};
use serde_json::Value;

/// The deepest nesting of `value`, counted without recursion.
fn depth(value: &Value) -> usize {
    let mut deepest = 0;
    let mut stack = vec![(value, 0)];
    while let Some((v, d)) = stack.pop() {
        let children: Vec<&Value> = match v {
            Value::Array(items) => items.iter().collect(),
            Value::Object(map) => map.values().collect(),
            _ => continue,
        };
        deepest = deepest.max(d + 1);
        stack.extend(children.into_iter().map(|c| (c, d + 1)));
    }
    deepest
}

pub fn run(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match parse_yaml(&text) {
        Ok(value) => assert!(depth(&value) <= MAX_DEPTH, "nested deeper than the limit"),
        Err(e) => assert!(e.line <= text.lines().count().max(1), "line {} out of range", e.line),
    }
}
