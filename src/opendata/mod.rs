//! Open data, written by every build under `data/`: the whole roadmap as `roadmap.json` with its
//! JSON Schema `roadmap.schema.json`, one row per project in `projects.csv`, and a DCAT-AP.de
//! dataset description `dcat.jsonld` that names both distributions — so that open-data portals
//! can harvest what the footer's licence line promises.
//!
//! Invariants: made from the model alone (no HTML, no template); deterministic (stable key
//! order, no clock); the schema is generated from the types of `json`, never written by hand.

mod json;
mod tables;

use serde_json::json;

use std::io::Write;
use std::path::Path;

use crate::error::Error;
use crate::model::Roadmap;
use crate::outfile::{OutFile, Sink};
use crate::theme::Theme;

pub use json::RoadmapData;
pub use tables::{csv_columns, projects_csv};

/// The folder of the open-data files and the data page, below the site root.
pub const DIR: &str = "data/";

/// The file names under [`DIR`], in the order the data page lists them.
pub const FILES: [&str; 4] = [
    "roadmap.json",
    "roadmap.schema.json",
    "projects.csv",
    "dcat.jsonld",
];

/// What a licence key of roadmap.yaml stands for: (key, DCAT-AP.de licence URI, page to read
/// it, the short name readers know it by). Source: the licence vocabulary of DCAT-AP.de
/// (dcat-ap.de/def/licenses) and the licences' own pages (the names as they mark works).
const LICENCES: &[(&str, &str, &str, &str)] = &[
    (
        "dl-de/by-2-0",
        "http://dcat-ap.de/def/licenses/dl-by-de/2.0",
        "https://www.govdata.de/dl-de/by-2-0",
        "DL-DE BY 2.0",
    ),
    (
        "dl-de/zero-2-0",
        "http://dcat-ap.de/def/licenses/dl-zero-de/2.0",
        "https://www.govdata.de/dl-de/zero-2-0",
        "DL-DE Zero 2.0",
    ),
    (
        "cc-by-4.0",
        "http://dcat-ap.de/def/licenses/cc-by/4.0",
        "https://creativecommons.org/licenses/by/4.0/",
        "CC BY 4.0",
    ),
    (
        "cc-by-sa-4.0",
        "http://dcat-ap.de/def/licenses/cc-by-sa/4.0",
        "https://creativecommons.org/licenses/by-sa/4.0/",
        "CC BY-SA 4.0",
    ),
    (
        "cc0-1.0",
        "http://dcat-ap.de/def/licenses/cc-zero",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "CC0 1.0",
    ),
];

/// The licence of `data_licence`: known keys (any letter case, `cc-zero` and `cc0` for CC0;
/// also written by their short names, `CC BY 4.0`, with a point, `dl-de/by-2.0`, or by the
/// full German name) with their URI and page; a URL as it is; anything else by its key alone.
pub fn licence(key: &str) -> json::Licence {
    // Spellings people use for the same licence: its short name (`CC BY 4.0`), a point for
    // a dash (`dl-de/by-2.0`), its full German name.
    let norm = key.trim().to_lowercase().replace([' ', '_'], "-");
    let norm = match norm.as_str() {
        "cc0" | "cc-zero" | "cc0-1-0" | "cc0-1.0" => "cc0-1.0".to_string(),
        n if n.contains("datenlizenz") || n.contains("data-licence-germany") => {
            if n.contains("zero") {
                "dl-de/zero-2-0".to_string()
            } else {
                "dl-de/by-2-0".to_string()
            }
        }
        "dl-de-by-2.0" | "dl-de/by-2.0" => "dl-de/by-2-0".to_string(),
        "dl-de-zero-2.0" | "dl-de/zero-2.0" => "dl-de/zero-2-0".to_string(),
        other => other
            .replace("cc-by-4-0", "cc-by-4.0")
            .replace("cc-by-sa-4-0", "cc-by-sa-4.0"),
    };
    match LICENCES.iter().find(|(k, _, _, _)| *k == norm) {
        Some((_, uri, url, name)) => json::Licence {
            key: key.to_string(),
            name: name.to_string(),
            uri: Some(uri.to_string()),
            url: Some(url.to_string()),
        },
        None if key.starts_with("https://") || key.starts_with("http://") => json::Licence {
            key: key.to_string(),
            name: key.to_string(),
            uri: Some(key.to_string()),
            url: Some(key.to_string()),
        },
        None => json::Licence {
            key: key.to_string(),
            name: key.to_string(),
            uri: None,
            url: None,
        },
    }
}

/// Writes every open-data file of the roadmap, under [`DIR`], into `sink`. `roadmap.json`
/// (at 10,000 projects about 70 MB) goes straight into its file where the sink opens files
/// (a build's staging folder), and is made whole in memory only for a sink that keeps files
/// (`check`, `serve`).
///
/// # Errors
/// The sink's failure to take a file, a failed write (with the file's path in the output).
pub fn write(roadmap: &Roadmap, theme: &Theme, sink: &dyn Sink) -> Result<(), Error> {
    let c = &roadmap.config;
    let url = |path: &str| match &c.base_url {
        Some(base) => format!("{base}{path}"),
        None => format!("{}{path}", c.base_path),
    };
    let rating_label = |r: usize| theme.rating_label(&c.ratings[r]);
    let licence = c.data_licence.as_deref().map(licence);
    let data = json::roadmap_data(roadmap, &url, &rating_label, licence);
    let text = |v: &serde_json::Value| {
        let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
        s.push('\n');
        s.into_bytes()
    };
    let path = |name: &str| format!("{DIR}{name}");
    // Serialized from the types, so keys keep the order of the struct fields.
    let json_path = path(FILES[0]);
    let failed = |e: std::io::Error| Error::io(Path::new(&json_path), e);
    match sink.open(&json_path)? {
        Some(file) => {
            let mut file = std::io::BufWriter::with_capacity(1 << 16, file);
            serde_json::to_writer_pretty(&mut file, &data).map_err(|e| failed(e.into()))?;
            file.write_all(b"\n").map_err(failed)?;
            file.flush().map_err(failed)?;
        }
        None => {
            // Room for the whole file at once, so that it is not copied each time it
            // outgrows its buffer.
            let bodies: usize = roadmap.projects.iter().map(|p| p.body.markdown.len()).sum();
            let mut bytes = Vec::with_capacity(2 * bodies + 8192 * (roadmap.projects.len() + 1));
            let _ = serde_json::to_writer_pretty(&mut bytes, &data);
            bytes.push(b'\n');
            sink.put(OutFile {
                path: json_path.clone(),
                bytes,
            })?;
        }
    }
    let csv = projects_csv(data.projects.iter());
    let dcat = dcat(roadmap, data.licence.as_ref(), &url);
    for (name, bytes) in [
        (FILES[1], text(&schema())),
        (FILES[2], csv),
        (FILES[3], text(&dcat)),
    ] {
        sink.put(OutFile {
            path: path(name),
            bytes,
        })?;
    }
    Ok(())
}

/// The JSON Schema (draft 2020-12) of `roadmap.json`, generated from its types.
pub fn schema() -> serde_json::Value {
    let mut schema = serde_json::to_value(schemars::schema_for!(RoadmapData)).unwrap_or_default();
    if let Some(obj) = schema.as_object_mut() {
        obj.insert(
            "description".into(),
            json!("A digitalisation roadmap: site metadata and every project with every key of the content contract (roadmap static site generator, open-data export)."),
        );
    }
    schema
}

/// The DCAT-AP.de description of the dataset (JSON-LD): title, description, publisher, licence,
/// modification date, language and the two distributions with their media types.
fn dcat(
    roadmap: &Roadmap,
    licence: Option<&json::Licence>,
    url: &dyn Fn(&str) -> String,
) -> serde_json::Value {
    let c = &roadmap.config;
    let language = match c.language.code() {
        "de" => "http://publications.europa.eu/resource/authority/language/DEU",
        _ => "http://publications.europa.eu/resource/authority/language/ENG",
    };
    let licence = licence.and_then(|l| l.uri.clone());
    let distribution = |name: &str, title: &str, media: &str, format: &str| {
        json!({
            "@type": "dcat:Distribution",
            "dct:title": title,
            "dcat:accessURL": {"@id": url(&format!("{DIR}{name}"))},
            "dcat:downloadURL": {"@id": url(&format!("{DIR}{name}"))},
            "dcat:mediaType": {"@id": format!("https://www.iana.org/assignments/media-types/{media}")},
            "dct:format": {"@id": format!("http://publications.europa.eu/resource/authority/file-type/{format}")},
            "dct:license": licence.as_ref().map(|l| json!({"@id": l})),
        })
    };
    json!({
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
            "dcatde": "http://dcat-ap.de/def/dcatde/"
        },
        "@id": url(&format!("{DIR}dcat.jsonld")),
        "@type": "dcat:Dataset",
        "dct:title": c.title,
        "dct:description": c.description.clone().or_else(|| c.subtitle.clone()).unwrap_or_else(|| c.title.clone()),
        "dct:publisher": {"@type": "foaf:Agent", "foaf:name": c.organisation.clone().unwrap_or_default()},
        "dct:modified": c.as_of.map(|d| d.to_string()),
        "dct:language": {"@id": language},
        "dct:license": licence.as_ref().map(|l| json!({"@id": l})),
        "dcatde:licenseAttributionByText": c.organisation,
        "dcat:theme": {"@id": "http://publications.europa.eu/resource/authority/data-theme/GOVE"},
        "dcat:landingPage": {"@id": url(DIR)},
        "dcat:distribution": [
            distribution(FILES[0], "roadmap.json", "application/json", "JSON"),
            distribution(FILES[2], "projects.csv", "text/csv", "CSV"),
        ],
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_licence_is_known_however_it_is_spelt() {
        for (written, name) in [
            ("dl-de/by-2-0", "DL-DE BY 2.0"),
            ("dl-de/by-2.0", "DL-DE BY 2.0"),
            (
                "Datenlizenz Deutschland – Namensnennung – Version 2.0",
                "DL-DE BY 2.0",
            ),
            (
                "Datenlizenz Deutschland – Zero – Version 2.0",
                "DL-DE Zero 2.0",
            ),
            ("CC BY 4.0", "CC BY 4.0"),
            ("cc-by-sa-4.0", "CC BY-SA 4.0"),
            ("CC0", "CC0 1.0"),
        ] {
            let l = super::licence(written);
            assert_eq!(l.name, name, "{written}");
            assert!(l.uri.is_some() && l.url.is_some(), "{written}");
            assert_eq!(l.key, written, "the key stays as written");
        }
        assert!(super::licence("Hausrecht").uri.is_none());
    }
}
