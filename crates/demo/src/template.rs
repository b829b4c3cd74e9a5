//! Sentence templates with slots, expanded for one appeal: the per-appeal values every slot draws
//! from ([`Ctx`], fixed when the appeal's text starts so that place, times and numbers stay
//! consistent through its subject and body), the expansion itself, and a builder that counts
//! characters as it goes. The generators that choose templates are in `text.rs`; the word lists
//! and templates are in `text_tables.rs`.

use std::cell::Cell;
use std::fmt::Write as _;

use super::people::{days_in_month, landline_phone, mobile_phone};
use super::rng::Rng;
use super::text::pick;
use super::text_tables::{self as t, PlaceKind, Topic};

/// Per-appeal values that slots expand to, fixed so details stay consistent.
pub(super) struct Ctx {
    pub(super) topic: &'static Topic,
    pub(super) district: &'static str,
    pub(super) street: &'static str,
    pub(super) road: &'static str,
    pub(super) community: &'static str,
    /// The place, as up to four concatenated parts.
    pub(super) place: [&'static str; 4],
    /// Prefix for `{place}` (used for subjects only).
    pub(super) place_prefix: &'static str,
    pub(super) qual: &'static str,
    pub(super) since: &'static str,
    pub(super) dur: &'static str,
    pub(super) dur2: &'static str,
    pub(super) freq: &'static str,
    pub(super) time: &'static str,
    pub(super) weather: &'static str,
    pub(super) channel: &'static str,
    pub(super) nums: Nums,
    /// Index of the last `{issue}` / `{impact}` used, to avoid repeating it
    /// in consecutive sentences.
    pub(super) last_issue: Cell<usize>,
    pub(super) last_impact: Cell<usize>,
}

#[derive(Clone, Copy)]
pub(super) struct Nums {
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
    pub(super) fn new(rng: &mut Rng) -> Self {
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

    pub(super) fn is_local(&self) -> bool {
        matches!(self.topic.place, PlaceKind::Community | PlaceKind::Road)
    }
}

/// Picks from `items`, avoiding the index in `last` when there is a choice.
pub(super) fn pick_fresh(
    rng: &mut Rng,
    items: &[&'static str],
    last: &Cell<usize>,
) -> &'static str {
    let mut i = rng.below(items.len() as u64) as usize;
    if i == last.get() {
        i = (i + 1) % items.len();
    }
    last.set(i);
    items[i]
}

/// Appends `tpl` to `out`, expanding `{slot}` placeholders.
pub(super) fn expand(out: &mut String, tpl: &str, ctx: &Ctx, rng: &mut Rng) {
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
pub(super) struct Text {
    pub(super) s: String,
    pub(super) chars: usize,
}

impl Text {
    pub(super) fn with_capacity(bytes: usize) -> Self {
        Text {
            s: String::with_capacity(bytes),
            chars: 0,
        }
    }

    pub(super) fn push(&mut self, s: &str) {
        self.s.push_str(s);
        self.chars += s.chars().count();
    }

    /// Expands `tpl` and returns the number of characters added.
    pub(super) fn push_tpl(&mut self, tpl: &str, ctx: &Ctx, rng: &mut Rng) -> usize {
        let start = self.s.len();
        expand(&mut self.s, tpl, ctx, rng);
        let n = self.s[start..].chars().count();
        self.chars += n;
        n
    }

    /// Removes the last `chars` characters, which occupy bytes `from..`.
    pub(super) fn undo(&mut self, from: usize, chars: usize) {
        self.s.truncate(from);
        self.chars -= chars;
    }
}
