//! Realistic synthetic Chinese text for demo data.
//!
//! Generates appeal subjects and bodies, office replies and short workflow
//! reasons; the people behind them (names, phone numbers, addresses, ID
//! numbers, e-mail, organisations) come from `people.rs` and are re-exported
//! here. Everything is derived
//! deterministically from a [`Rng`], so one seed always yields the same data
//! set, on every platform.
//!
//! No real person's data is used: names are random combinations of common
//! characters, the city ("云江市") and its districts, streets, roads and
//! compounds are fictional, e-mail domains are the reserved `example.*`
//! domains, and ID numbers are random (though checksum-valid, so that
//! validation code accepts them).
//!
//! Appeal text is built from sentence templates with slots (place, time,
//! topic, numbers, durations), expanded by `template.rs`; the word lists and
//! templates live in `text_tables.rs`. The topic keyword of an appeal appears literally in both
//! its subject and its content, and keywords of other topics never appear, so
//! tests can plant a topic and search for it.

use super::rng::Rng;

pub use super::people::{
    address, email, id_number, landline_phone, mobile_phone, organisation, person_name,
};
use super::template::{Ctx, Text, expand};
use super::text_tables as t;

/// The five appeal categories, mirrored here so text fits its category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextCategory {
    Consultation,
    Complaint,
    Suggestion,
    Help,
    Other,
}

impl TextCategory {
    /// Index into the per-category template tables.
    fn index(self) -> usize {
        match self {
            TextCategory::Consultation => 0,
            TextCategory::Complaint => 1,
            TextCategory::Suggestion => 2,
            TextCategory::Help => 3,
            TextCategory::Other => 4,
        }
    }
}

/// A generated appeal: subject line, body, and the topic keyword used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppealText {
    pub subject: String,
    pub content: String,
    /// One of [`topics()`]; appears literally in `subject` and `content`.
    pub topic: &'static str,
}

/// Picks a string from a static list.
pub(super) fn pick(rng: &mut Rng, items: &[&'static str]) -> &'static str {
    // Same draw as `Rng::pick`, but returns the `'static` element by value.
    items[rng.below(items.len() as u64) as usize]
}

/// Picks from `(item, weight)` pairs.
pub(super) fn pick_weighted<T: Copy>(rng: &mut Rng, items: &[(T, u32)]) -> T {
    let total: u64 = items.iter().map(|&(_, w)| u64::from(w)).sum();
    let mut r = rng.below(total);
    for &(item, w) in items {
        let w = u64::from(w);
        if r < w {
            return item;
        }
        r -= w;
    }
    unreachable!("r < total")
}

/// The districts used in addresses and appeal places.
pub fn district_names() -> &'static [&'static str] {
    &t::DISTRICTS
}

/// Every topic keyword [`appeal_text`] may use (each 2–4 characters).
pub fn topics() -> &'static [&'static str] {
    &t::TOPIC_KEYWORDS
}

fn build_subject(rng: &mut Rng, ctx: &mut Ctx, cat: usize) -> String {
    let tpl = pick(rng, t::SUBJECTS[cat]);
    if !ctx.topic.quals.is_empty() && rng.chance(0.4) {
        ctx.qual = pick(rng, ctx.topic.quals);
    }
    let crossing = ctx.place[1] == "与";
    if ctx.is_local() && !crossing && rng.chance(0.2) {
        ctx.place_prefix = ctx.district;
    }
    let mut subject = String::with_capacity(96);
    expand(&mut subject, tpl, ctx, rng);
    if subject.chars().count() < 8 {
        subject.clear();
        ctx.place_prefix = ctx.district;
        expand(&mut subject, tpl, ctx, rng);
    }
    ctx.place_prefix = "";
    ctx.qual = "";
    subject
}

/// Generates an appeal subject and body of the given category.
///
/// Body lengths (in characters) are about 80% 60–300, 17% 301–1000 and
/// 3% 1001–3000 (about 300 on average, like real appeals, so a million of them stay a
/// manageable database); longer letters are split into paragraphs with "\n".
pub fn appeal_text(rng: &mut Rng, category: TextCategory) -> AppealText {
    let cat = category.index();
    let mut ctx = Ctx::new(rng);
    let subject = build_subject(rng, &mut ctx, cat);

    let bucket = rng.weighted(&[80, 17, 3]);
    let (target, max) = match bucket {
        0 => (rng.range(60, 260) as usize, 300),
        1 => (rng.range(320, 960) as usize, 1000),
        _ => (rng.range(1050, 2900) as usize, 3000),
    };
    let long = bucket > 0;

    // Ending: request, optional contact line, optional closing formula.
    let mut end = Text::with_capacity(256);
    if long {
        end.push("\n");
    }
    end.push_tpl(pick(rng, t::ASKS[cat]), &ctx, rng);
    if rng.chance(0.1) {
        end.push_tpl(pick(rng, t::CONTACTS), &ctx, rng);
    }
    if rng.chance(0.7) {
        end.push(pick(rng, t::CLOSINGS));
    }

    let mut body = Text::with_capacity(target * 3 + end.s.len() + 16);
    if rng.chance(0.6) {
        let greeting = pick(rng, t::GREETINGS);
        body.push(greeting);
        if greeting.ends_with('：') && rng.chance(0.6) {
            body.push("\n");
        }
    }
    if rng.chance(if long { 0.8 } else { 0.4 }) {
        body.push_tpl(pick(rng, t::INTROS), &ctx, rng);
    }
    body.push_tpl(pick(rng, t::MAINS[cat]), &ctx, rng);

    // Details, drawn from the common, local-or-personal and category pools,
    // never repeating any of the last RECENT templates.
    let kind: &[&str] = if ctx.is_local() {
        t::LOCAL_DETAILS
    } else {
        t::PERSONAL_DETAILS
    };
    let pools = [t::COMMON_DETAILS, kind, t::CAT_DETAILS[cat]];
    let total = pools.iter().map(|p| p.len()).sum::<usize>() as u64;
    const RECENT: usize = 16;
    debug_assert!(
        total as usize > RECENT,
        "detail pools too small to avoid repeats"
    );
    let mut recent = [usize::MAX; RECENT];
    let mut recent_at = 0;
    let mut in_para = 0;
    let mut para_len = rng.range(2, 4);
    let mut last_lead = usize::MAX;
    let mut failures = 0;
    while body.chars + end.chars < target && failures < 6 {
        let mut idx = rng.below(total) as usize;
        while recent.contains(&idx) {
            idx = (idx + 1) % total as usize;
        }
        let tpl = {
            let mut i = idx;
            let mut found = "";
            for pool in pools {
                if i < pool.len() {
                    found = pool[i];
                    break;
                }
                i -= pool.len();
            }
            found
        };
        let mark = (body.s.len(), body.chars);
        if long && in_para >= para_len {
            body.push("\n");
            if rng.chance(0.5) {
                let mut lead = rng.below(t::PARA_LEADS.len() as u64) as usize;
                if lead == last_lead {
                    lead = (lead + 1) % t::PARA_LEADS.len();
                }
                last_lead = lead;
                body.push(t::PARA_LEADS[lead]);
            }
        }
        body.push_tpl(tpl, &ctx, rng);
        if body.chars + end.chars > max {
            body.undo(mark.0, body.chars - mark.1);
            failures += 1;
            continue;
        }
        if long && in_para >= para_len {
            in_para = 0;
            para_len = rng.range(3, 6);
        }
        in_para += 1;
        recent[recent_at] = idx;
        recent_at = (recent_at + 1) % RECENT;
    }
    body.s.push_str(&end.s);

    AppealText {
        subject,
        content: body.s,
        topic: ctx.topic.kw,
    }
}

/// A plausible office reply / handling result for an appeal of the given
/// category (40–300 characters).
pub fn answer_text(rng: &mut Rng, category: TextCategory) -> String {
    let ctx = Ctx::new(rng);
    let parts = &t::ANSWERS[category.index()];
    let mut out = Text::with_capacity(512);
    out.push_tpl(pick(rng, t::ANSWER_OPENINGS), &ctx, rng);
    out.push_tpl(pick(rng, parts.leads), &ctx, rng);
    out.push_tpl(pick(rng, parts.outcomes), &ctx, rng);
    if rng.chance(0.4) {
        out.push_tpl(pick(rng, parts.extras), &ctx, rng);
    }
    let closing = pick(rng, t::ANSWER_CLOSINGS);
    out.push_tpl(closing, &ctx, rng);
    if out.chars < 40 && closing != t::ANSWER_CLOSINGS[0] {
        out.push(t::ANSWER_CLOSINGS[0]);
    }
    out.s
}

/// A short reason (10–60 characters) for a review return, follow-up talk,
/// supervision or escalation.
pub fn short_reason(rng: &mut Rng) -> String {
    let ctx = Ctx::new(rng);
    let mut out = String::with_capacity(128);
    expand(&mut out, pick(rng, t::REASONS), &ctx, rng);
    out
}

#[cfg(test)]
#[path = "text_tests.rs"]
mod tests;
