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
//! topic, numbers, durations); the word lists and templates live in
//! `text_tables.rs`. The topic keyword of an appeal appears literally in both
//! its subject and its content, and keywords of other topics never appear, so
//! tests can plant a topic and search for it.

use std::cell::Cell;
use std::fmt::Write as _;

use super::rng::Rng;

use super::people::days_in_month;
pub use super::people::{
    address, email, id_number, landline_phone, mobile_phone, organisation, person_name,
};
use super::text_tables::{self as t, PlaceKind, Topic};

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

/// Per-appeal values that slots expand to, fixed so details stay consistent.
struct Ctx {
    topic: &'static Topic,
    district: &'static str,
    street: &'static str,
    road: &'static str,
    community: &'static str,
    /// The place, as up to four concatenated parts.
    place: [&'static str; 4],
    /// Prefix for `{place}` (used for subjects only).
    place_prefix: &'static str,
    qual: &'static str,
    since: &'static str,
    dur: &'static str,
    dur2: &'static str,
    freq: &'static str,
    time: &'static str,
    weather: &'static str,
    channel: &'static str,
    nums: Nums,
    /// Index of the last `{issue}` / `{impact}` used, to avoid repeating it
    /// in consecutive sentences.
    last_issue: Cell<usize>,
    last_impact: Cell<usize>,
}

#[derive(Clone, Copy)]
struct Nums {
    bld: i64,
    years: i64,
    age: i64,
    households: i64,
    days: i64,
    times: i64,
    money: i64,
    wd: i64,
    month: i64,
    day: i64,
}

impl Ctx {
    fn new(rng: &mut Rng) -> Self {
        let topic = rng.pick(&t::TOPICS);
        let d = rng.below(t::DISTRICTS.len() as u64) as usize;
        let district = t::DISTRICTS[d];
        let street = pick(rng, t::STREETS[d]);
        let roads = t::ROADS.len() as u64;
        let ri = rng.below(roads);
        let road = t::ROADS[ri as usize];
        let community = pick(rng, t::COMMUNITIES);
        let place = match topic.place {
            PlaceKind::Community => [community, "", "", ""],
            PlaceKind::Road if rng.chance(0.25) => {
                let other = t::ROADS[((ri + 1 + rng.below(roads - 1)) % roads) as usize];
                [road, "与", other, "交叉口"]
            }
            PlaceKind::Road => [road, "", "", ""],
            PlaceKind::Area if rng.chance(0.5) => [district, street, "", ""],
            PlaceKind::Area => [district, "", "", ""],
            PlaceKind::School => [district, pick(rng, t::SCHOOLS), "", ""],
        };
        let month = rng.range(1, 12);
        Ctx {
            topic,
            district,
            street,
            road,
            community,
            place,
            place_prefix: "",
            qual: "",
            since: pick(rng, t::SINCE),
            dur: pick(rng, t::DURATIONS),
            dur2: pick(rng, t::SHORT_DURATIONS),
            freq: pick(rng, t::FREQUENCIES),
            time: pick(rng, t::TIMES_OF_DAY),
            weather: pick(rng, t::WEATHERS),
            channel: pick(rng, t::CHANNELS),
            nums: Nums {
                bld: rng.range(1, 30),
                years: rng.range(3, 30),
                age: *rng.pick(&[70, 80, 90]),
                households: *rng.pick(&[20, 30, 50, 80, 100, 200, 300, 500]),
                days: rng.range(8, 25),
                times: rng.range(3, 9),
                money: *rng.pick(&[2000, 3000, 5000, 8000, 10000, 20000]),
                wd: rng.range(3, 15),
                month,
                day: rng.range(1, days_in_month(2024, month)),
            },
            last_issue: Cell::new(usize::MAX),
            last_impact: Cell::new(usize::MAX),
        }
    }

    fn is_local(&self) -> bool {
        matches!(self.topic.place, PlaceKind::Community | PlaceKind::Road)
    }
}

/// Picks from `items`, avoiding the index in `last` when there is a choice.
fn pick_fresh(rng: &mut Rng, items: &[&'static str], last: &Cell<usize>) -> &'static str {
    let mut i = rng.below(items.len() as u64) as usize;
    if i == last.get() {
        i = (i + 1) % items.len();
    }
    last.set(i);
    items[i]
}

/// Appends `tpl` to `out`, expanding `{slot}` placeholders.
fn expand(out: &mut String, tpl: &str, ctx: &Ctx, rng: &mut Rng) {
    // Templates are short, so a plain byte scan beats `str::find`'s memchr.
    let mut rest = tpl;
    while let Some(open) = rest.bytes().position(|b| b == b'{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.bytes().position(|b| b == b'}').unwrap_or(after.len());
        slot(out, &after[..close], ctx, rng);
        rest = after.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
}

fn slot(out: &mut String, name: &str, ctx: &Ctx, rng: &mut Rng) {
    let n = &ctx.nums;
    let num = match name {
        "bld" => n.bld,
        "years" => n.years,
        "age" => n.age,
        "n" => n.households,
        "days" => n.days,
        "times" => n.times,
        "money" => n.money,
        "wd" => n.wd,
        "month" => n.month,
        _ => {
            let s: &str = match name {
                "topic" => ctx.topic.kw,
                "place" => {
                    out.push_str(ctx.place_prefix);
                    ctx.place.iter().for_each(|p| out.push_str(p));
                    return;
                }
                "date" => {
                    let _ = write!(out, "{}月{}日", n.month, n.day);
                    return;
                }
                "phone" => return out.push_str(&mobile_phone(rng)),
                "landline" => return out.push_str(&landline_phone(rng)),
                "qual" => ctx.qual,
                "issue" => pick_fresh(rng, ctx.topic.issues, &ctx.last_issue),
                "ask" => pick(rng, ctx.topic.asks),
                "idea" => pick(rng, ctx.topic.ideas),
                "q" => pick(rng, ctx.topic.questions),
                "party" => ctx.topic.party,
                "impact" if ctx.is_local() => pick_fresh(rng, t::LOCAL_IMPACTS, &ctx.last_impact),
                "impact" => pick_fresh(rng, t::PERSONAL_IMPACTS, &ctx.last_impact),
                "district" => ctx.district,
                "street" => ctx.street,
                "road" => ctx.road,
                "community" => ctx.community,
                "since" => ctx.since,
                "dur" => ctx.dur,
                "dur2" => ctx.dur2,
                "freq" => ctx.freq,
                "time" => ctx.time,
                "weather" => ctx.weather,
                "channel" => ctx.channel,
                _ => {
                    debug_assert!(false, "unknown template slot {{{name}}}");
                    ""
                }
            };
            out.push_str(s);
            return;
        }
    };
    let _ = write!(out, "{num}");
}

/// A string builder that tracks its length in characters.
struct Text {
    s: String,
    chars: usize,
}

impl Text {
    fn with_capacity(bytes: usize) -> Self {
        Text {
            s: String::with_capacity(bytes),
            chars: 0,
        }
    }

    fn push(&mut self, s: &str) {
        self.s.push_str(s);
        self.chars += s.chars().count();
    }

    /// Expands `tpl` and returns the number of characters added.
    fn push_tpl(&mut self, tpl: &str, ctx: &Ctx, rng: &mut Rng) -> usize {
        let start = self.s.len();
        expand(&mut self.s, tpl, ctx, rng);
        let n = self.s[start..].chars().count();
        self.chars += n;
        n
    }

    /// Removes the last `chars` characters, which occupy bytes `from..`.
    fn undo(&mut self, from: usize, chars: usize) {
        self.s.truncate(from);
        self.chars -= chars;
    }
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
