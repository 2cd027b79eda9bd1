//! Files of content/ and assets/ that would run code as documents of the site: what the
//! build refuses to copy unless `raw_html: allow` says the editors trust it.

use std::path::Path;

/// The file types a browser opens as documents of the site, whose scripts would run with the
/// site's rights (its origin): HTML, XHTML, SVG (also gzipped, `.svgz`) and XML.
const DOCUMENT_TYPES: [&str; 9] = [
    "html", "htm", "shtml", "shtm", "xhtml", "xht", "svg", "svgz", "xml",
];

/// The bytes of a document file as a browser reads them: a `.svgz` unpacked (at most 64 MB; a
/// file that does not unpack is read as it is).
fn document_bytes(path: &Path, ext: &str) -> Option<Vec<u8>> {
    use std::io::Read;
    let bytes = std::fs::read(path).ok()?;
    if ext != "svgz" {
        return Some(bytes);
    }
    let mut unpacked = Vec::new();
    let read = flate2::read::GzDecoder::new(bytes.as_slice())
        .take(64 << 20)
        .read_to_end(&mut unpacked);
    Some(if read.is_ok() { unpacked } else { bytes })
}

/// `text` with a `;` after every numeric character reference written without one
/// (`&#58alert`, `&#x6A&#x61`): a browser decodes those in an attribute as it does the
/// terminated ones.
fn terminate_numeric_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(at) = rest.find("&#") {
        out.push_str(&rest[..at + 2]);
        rest = &rest[at + 2..];
        let hex = rest.starts_with(['x', 'X']);
        let digits_at = usize::from(hex);
        let digits = rest[digits_at..]
            .bytes()
            .take_while(|b| {
                if hex {
                    b.is_ascii_hexdigit()
                } else {
                    b.is_ascii_digit()
                }
            })
            .count();
        let end = digits_at + digits;
        out.push_str(&rest[..end]);
        rest = &rest[end..];
        if digits > 0 && !rest.starts_with(';') {
            out.push(';');
        }
    }
    out.push_str(rest);
    out
}

/// What in the file at `path` could run code as a document of the site: a script, an event
/// handler attribute (`onload=`), a `javascript:` address, or an embedded frame, object or
/// foreign content. None for other file types, for files without any of these, and for files
/// that cannot be read (the copy reports those).
pub fn active_content(path: &Path) -> Option<&'static str> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if !DOCUMENT_TYPES.contains(&ext.as_str()) {
        return None;
    }
    let text = String::from_utf8_lossy(&document_bytes(path, &ext)?).to_ascii_lowercase();
    // Read as a browser reads an address: references decoded (`&#106;avascript&#58;`, also
    // without their `;`), tabs and line breaks dropped (`java&#x09;script:`).
    let decoded: String = html_escape::decode_html_entities(&terminate_numeric_references(&text))
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    // An element of the name, also with a namespace prefix (`<svg:script>`, `<h:script>`).
    let element = |name: &str| {
        text.match_indices('<').any(|(i, _)| {
            let tag = &text[i + 1..];
            let local = tag
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
                .filter(|&n| tag[n..].starts_with(':'))
                .map_or(tag, |n| &tag[n + 1..]);
            local.starts_with(name)
                && !local[name.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '-')
        })
    };
    if element("script") {
        return Some("a script");
    }
    if decoded.contains("javascript:") || decoded.contains("vbscript:") {
        return Some("a `javascript:` address");
    }
    if [
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "foreignobject",
    ]
    .iter()
    .any(|t| element(t))
    {
        return Some("an embedded frame or object");
    }
    // ` onload=`, `\tonclick =`: an event handler attribute, inside a tag (not in its
    // quoted values, not in the text between tags).
    let bytes = text.as_bytes();
    let (mut in_tag, mut quote) = (false, None::<u8>);
    let mut handler = false;
    for (i, &c) in bytes.iter().enumerate() {
        match (in_tag, quote, c) {
            (_, Some(q), _) if c == q => quote = None,
            (_, Some(_), _) => {}
            (false, None, b'<') => in_tag = true,
            (true, None, b'>') => in_tag = false,
            (true, None, b'"' | b'\'') => quote = Some(c),
            (true, None, b' ' | b'\t' | b'\n' | b'\r' | b'/')
                if bytes[i + 1..].starts_with(b"on") =>
            {
                let name = &bytes[i + 3..];
                let len = name.iter().take_while(|c| c.is_ascii_lowercase()).count();
                let rest = &text[i + 3 + len..];
                handler |= len > 0 && rest.trim_start().starts_with('=');
            }
            _ => {}
        }
    }
    handler.then_some("an event handler (`on…=`)")
}
