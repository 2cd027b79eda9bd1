//! What pages are rendered with: the theme's templates compiled (with their errors placed
//! in their files), the values every page shares, and the context of each page.

use serde_json::Value;

use crate::error::{Error, Errors, Location};
use crate::theme::{self, Theme};
use crate::views::pages::PageView;
use crate::views::share::tera_value;

/// What every page shares, converted for Tera once; each page gets a cheap copy (Tera's values
/// are reference-counted).
pub struct Shared {
    /// `site`: the data of `Views::site`.
    pub site: tera::Value,
    /// `t`: the theme's UI strings.
    pub i18n: tera::Value,
    /// The page description of pages without one of their own.
    pub description: Option<String>,
}

fn tera_error(e: &tera::Error, theme: &Theme, fallback: &str) -> Error {
    match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
            let name = if r.filename().is_empty() {
                fallback
            } else {
                r.filename()
            };
            let span = r.span();
            Error::Template {
                at: Location::at(
                    theme::template_path(theme, name),
                    span.start_line.max(1),
                    span.start_col + 1,
                ),
                message: r.message().to_string(),
            }
        }
        _ => {
            // Reference checks come as a report: "error: …\n --> name:line:col\n …".
            let text = e.to_string();
            let pointer = text
                .lines()
                .find_map(|l| l.trim_start().strip_prefix("--> "));
            let message = text
                .lines()
                .next()
                .unwrap_or("")
                .trim_start_matches("error: ")
                .to_string();
            match pointer.and_then(parse_pointer) {
                Some((name, line, col)) => Error::Template {
                    at: Location::at(theme::template_path(theme, name), line, col),
                    message,
                },
                None => Error::Template {
                    at: Location::file(theme::template_path(theme, fallback)),
                    message: text,
                },
            }
        }
    }
}

/// "page.html:3:17" -> ("page.html", 3, 17).
fn parse_pointer(s: &str) -> Option<(&str, usize, usize)> {
    let (rest, col) = s.trim().rsplit_once(':')?;
    let (name, line) = rest.rsplit_once(':')?;
    Some((name, line.parse().ok()?, col.parse().ok()?))
}

/// Compiles the theme's templates, with the `hyphenate` filter for the site's language (soft
/// hyphens in the long words of a plain text, e.g. a UI word in a narrow table header).
pub fn compile(theme: &Theme, lang: crate::config::Language) -> Result<tera::Tera, Errors> {
    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml", ".svg"]);
    tera.register_filter(
        "hyphenate",
        move |s: &str, _: tera::Kwargs, _: &tera::State| crate::hyphenate::text(s, lang),
    );
    let mut errs = Errors::default();
    // Templates go in together, since includes and parents are checked on the way in.
    let all: Vec<(&str, &str)> = theme
        .templates
        .iter()
        .map(|t| (t.name.as_str(), t.source.as_str()))
        .collect();
    if let Err(e) = tera.add_raw_templates(all) {
        errs.push(tera_error(&e, theme, "base.html"));
    }
    errs.into_result(tera)
}

/// What every page is rendered with: the templates, the theme (for the places of errors) and
/// what every page shares.
pub struct Env<'a> {
    tera: &'a tera::Tera,
    theme: &'a Theme,
    shared: &'a Shared,
}

impl<'a> Env<'a> {
    /// Pages rendered with `tera` (the theme's templates, or another set of them).
    pub fn new(tera: &'a tera::Tera, theme: &'a Theme, shared: &'a Shared) -> Env<'a> {
        Env {
            tera,
            theme,
            shared,
        }
    }

    /// The context of a template: `site` and `t`.
    fn context(&self) -> tera::Context {
        let mut ctx = tera::Context::new();
        ctx.insert_value("site", self.shared.site.clone());
        ctx.insert_value("t", self.shared.i18n.clone());
        ctx
    }

    /// Adds the keys of `data` (an object) to `ctx` as variables.
    fn insert_data(ctx: &mut tera::Context, data: &Value) {
        if let Value::Object(map) = data {
            for (k, v) in map {
                ctx.insert_value(k.clone(), tera_value(v));
            }
        }
    }

    /// Renders `template` with `data` (an object whose keys become variables) besides `site`
    /// and `t`.
    ///
    /// # Errors
    /// The template's error, with its file, line and column.
    pub fn document(&self, template: &str, data: &Value) -> Result<String, Error> {
        let mut ctx = self.context();
        Self::insert_data(&mut ctx, data);
        self.tera
            .render(template, &ctx)
            .map_err(|e| tera_error(&e, self.theme, template))
    }

    /// The path of a page's file in the output.
    pub fn file_of(job: &PageView) -> String {
        if job.path.ends_with(".html") {
            job.path.clone()
        } else {
            format!("{}index.html", job.path)
        }
    }

    /// Renders one page.
    ///
    /// # Errors
    /// The template's error, with its file, line and column.
    pub fn page_html(&self, job: &PageView) -> Result<String, Error> {
        self.tera
            .render(job.template, &self.page_context(job))
            .map_err(|e| tera_error(&e, self.theme, job.template))
    }

    /// Renders one page into `out`.
    ///
    /// # Errors
    /// The template's error, with its file, line and column (the caller reports a failed
    /// write, which stops the rendering).
    pub(super) fn page_to(&self, job: &PageView, out: impl std::io::Write) -> Result<(), Error> {
        self.tera
            .render_to(job.template, &self.page_context(job), out)
            .map_err(|e| tera_error(&e, self.theme, job.template))
    }

    /// The context of one page: `site`, `t`, the page's own variables and its data.
    fn page_context(&self, job: &PageView) -> tera::Context {
        let mut ctx = self.context();
        ctx.insert("current", &job.current);
        ctx.insert("page_title", &job.title);
        let description = [
            "/page/description",
            "/project/summary",
            "/field/description",
        ]
        .iter()
        .find_map(|ptr| job.data.pointer(ptr).and_then(Value::as_str))
        .or(self.shared.description.as_deref())
        .unwrap_or_default();
        ctx.insert("page_description", description);
        ctx.insert("page_url", &job.url);
        Self::insert_data(&mut ctx, &job.data);
        for (key, value) in &job.shared {
            ctx.insert_value(key.clone(), value.clone());
        }
        ctx
    }
}
