//! The README documents every refusal rule with its status.

const README: &str = include_str!("../../README.md");

#[test]
fn readme_refusal_table_lists_every_rule_with_its_status() {
    for (rule, status) in cc_relay::error::RULES {
        let row = format!("| `{rule}` | {} |", status.as_u16());
        assert!(README.contains(&row), "README lacks the row {row}");
    }
}

#[test]
fn readme_documents_the_command_line_contract() {
    let contract = "cc-relay --listen 127.0.0.1:8787 [--allow-target URL-PREFIX]… \
                    [--allow-origin ORIGIN]… [--allow-private]";
    assert!(README.contains(contract));
}
