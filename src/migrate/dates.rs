//! `migrate normalize-dates`: rewrite every front matter `date` Jekyll can
//! read into one canonical form, meaning the same time: a date is read as
//! Jekyll reads it (`Time.parse`, text after the date ignored, in the
//! site's `timezone` when it has no zone) and written in that zone with its
//! offset, so that every post keeps its URL.

use crate::diagnostic::Edit;
use crate::migrate::Plan;
use crate::migrate::keys::Filter;
use crate::site::Site;
use crate::site::dates::{self, DateTime, Reading, Zone};
use crate::text::yaml::Node;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DateFormat {
    /// `2022-01-13` (when the time is midnight in the site's zone).
    Date,
    /// `2022-01-13 10:30:00 +0000`, in the site's zone.
    Datetime,
}

/// The text to write for a time Jekyll reads as `local` (in the site's
/// zone, with its offset).
fn written(local: &DateTime, format: DateFormat) -> String {
    let midnight = local.hour == 0 && local.minute == 0 && local.second == 0;
    if format == DateFormat::Date && midnight {
        return dates::ymd(local);
    }
    let off = local.offset_minutes.unwrap_or(0);
    let sign = if off < 0 { '-' } else { '+' };
    format!(
        "{} {:02}:{:02}:{:02} {sign}{:02}{:02}",
        dates::ymd(local),
        local.hour,
        local.minute,
        local.second,
        off.abs() / 60,
        off.abs() % 60
    )
}

/// The time Jekyll shows for a `date` value, in the site's zone with the
/// offset in force then (what a post's URL uses).
fn shown(zone: &Zone, t: DateTime) -> DateTime {
    if t.offset_minutes.is_some() {
        return zone.localize(t);
    }
    DateTime {
        offset_minutes: Some(zone.offset_of_local(&t)),
        ..t
    }
}

pub fn normalize(site: &Site, filter: &Filter, format: DateFormat, plan: &mut Plan) {
    let zone = match Zone::of_config(site.config.data.as_ref()) {
        Ok(z) => z,
        Err(name) => {
            plan.skipped.push(format!(
                "_config.yml: `timezone: {name}` is a zone sitelint does not know; dates are left alone (Jekyll reads dates without a zone in it)"
            ));
            return;
        }
    };
    for doc in &site.documents {
        if !filter.matches(site, doc) {
            continue;
        }
        let Some(node) = doc.front.data().and_then(|d| d.get("date")) else {
            continue;
        };
        let current = &doc.file.text[node.span.clone()];
        match normalized(&zone, node, current, format) {
            Ok(Some(Normalized { text, note })) => {
                plan.edit(doc, vec![Edit::replace(node.span.clone(), text)], note)
            }
            Ok(None) => {}
            Err(reason) => plan.skipped.push(format!("{}: {reason}", doc.rel())),
        }
    }
}

/// A `date` rewritten: the new text and what the plan says about it.
#[derive(Debug, PartialEq, Eq)]
pub struct Normalized {
    pub text: String,
    pub note: String,
}

/// What a front matter `date` (`node`, written `current`) becomes in
/// `format` on a site in `zone`: `None` when it is written so already,
/// `Err` with the reason when Jekyll cannot read it or the new text would
/// read as another time or day (the post's URL).
pub fn normalized(
    zone: &Zone,
    node: &Node,
    current: &str,
    format: DateFormat,
) -> Result<Option<Normalized>, String> {
    let Some(t) = dates::jekyll_time(node) else {
        return Err(match dates::read(node) {
            Reading::Invalid(reason) => reason,
            _ => "Jekyll cannot read it".into(),
        });
    };
    let local = shown(zone, t);
    let text = written(&local, format);
    if current == text {
        return Ok(None);
    }
    // what Jekyll reads from the new text must be the same day in the
    // site's zone (the post's URL) and the same time (seconds dropped
    // from fractions aside)
    let again = crate::text::yaml::parse(&text, 0..text.len(), Default::default())
        .ok()
        .flatten()
        .and_then(|n| dates::jekyll_time(&n))
        .map(|t| shown(zone, t));
    match again {
        Some(a)
            if dates::ymd(&a) == dates::ymd(&local)
                && dates::unix_seconds(&a) == dates::unix_seconds(&local) => {}
        other => {
            return Err(format!(
                "`{current}` written as `{text}` would read as {}; left alone",
                other.map_or("nothing".to_string(), |a| format!(
                    "{} (not {})",
                    written(&a, DateFormat::Datetime),
                    written(&local, DateFormat::Datetime)
                ))
            ));
        }
    }
    let note = match dates::read(node) {
        Reading::Trailing(_, rest) => format!(
            "date `{current}` becomes `{text}` (Jekyll reads the date and ignores `{rest}`)"
        ),
        Reading::RolledOver(_) => {
            format!("date `{current}` becomes `{text}` (the day Jekyll rolls it over to)")
        }
        _ => format!("date `{current}` becomes `{text}`"),
    };
    Ok(Some(Normalized { text, note }))
}
