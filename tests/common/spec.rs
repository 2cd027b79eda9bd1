//! The examples of the CommonMark spec 0.31.2 (tests/commonmark/spec.json, from the npm
//! package `commonmark-spec`; licence in tests/commonmark/LICENSE).

/// One example: its number in the spec, its Markdown and the HTML the spec gives for it (tabs,
/// which the spec writes as `→`, are tabs again).
pub struct Example {
    pub number: u32,
    pub markdown: String,
    pub html: String,
}

/// Every example, in the spec's order.
pub fn examples() -> Vec<Example> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/commonmark/spec.json");
    let text = std::fs::read_to_string(path).expect("spec.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("spec.json is JSON");
    json.as_array()
        .expect("a list")
        .iter()
        .map(|e| Example {
            number: e["number"].as_u64().expect("number") as u32,
            markdown: e["markdown"].as_str().expect("markdown").replace('→', "\t"),
            html: e["html"].as_str().expect("html").replace('→', "\t"),
        })
        .collect()
}
