//! `migrate normalize-dates`: rewrite every front matter `date` Jekyll can
//! read into one canonical form.

use crate::diagnostic::Edit;
use crate::migrate::Plan;
use crate::migrate::keys::Filter;
use crate::site::{Site, dates};
use crate::text::yaml::Node;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DateFormat {
    /// `2022-01-13` (time dropped only when it is midnight with no zone).
    Date,
    /// `2022-01-13 10:30:00 +0000`.
    Datetime,
}

pub fn normalize(site: &Site, filter: &Filter, format: DateFormat, plan: &mut Plan) {
    for doc in &site.documents {
        if !filter.matches(site, doc) {
            continue;
        }
        let Some(node) = doc.front.data().and_then(|d| d.get("date")) else {
            continue;
        };
        let current = &doc.file.text[node.span.clone()];
        let text = match normalized(node, current, format) {
            Ok(Some(text)) => text,
            Ok(None) => continue,
            Err(reason) => {
                plan.skipped.push(format!("{}: {reason}", doc.rel()));
                continue;
            }
        };
        plan.edit(
            doc,
            vec![Edit::replace(node.span.clone(), text.clone())],
            format!("date `{current}` becomes `{text}`"),
        );
    }
}

/// What a front matter `date` (`node`, written `current`) becomes in
/// `format`: `None` when it is written so already, `Err` with the reason
/// when Jekyll cannot read it.
pub fn normalized(
    node: &Node,
    current: &str,
    format: DateFormat,
) -> Result<Option<String>, String> {
    let t = dates::from_front_matter(node)?;
    let midnight = t.hour == 0 && t.minute == 0 && t.second == 0;
    let text = match format {
        DateFormat::Date if midnight && t.offset_minutes.unwrap_or(0) == 0 => {
            format!("{:04}-{:02}-{:02}", t.year, t.month, t.day)
        }
        _ => {
            let off = t.offset_minutes.unwrap_or(0);
            let sign = if off < 0 { '-' } else { '+' };
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02}:{:02} {sign}{:02}{:02}",
                t.year,
                t.month,
                t.day,
                t.hour,
                t.minute,
                t.second,
                off.abs() / 60,
                off.abs() % 60
            )
        }
    };
    Ok((current != text).then_some(text))
}
