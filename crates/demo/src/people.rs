//! Synthetic people for demo data: names, mobile and landline numbers, addresses, resident ID
//! numbers, e-mail addresses and organisations — none of them real (see `text.rs` for how), all
//! drawn deterministically from a [`Rng`]. Split from the appeal text, which re-exports these.

use super::rng::Rng;
use super::text::{pick, pick_weighted};
use super::text_tables as t;
use std::fmt::Write as _;

/// A random person name of 2–3 characters; about 1 in 200 contains a rare
/// character outside GB2312 (堃 喆 赟 昇 䶮 𠮷).
pub fn person_name(rng: &mut Rng) -> String {
    let mut s = String::with_capacity(12);
    let compound = rng.chance(0.01);
    if compound {
        s.push_str(pick(rng, t::COMPOUND_SURNAMES));
    } else if rng.chance(0.5) {
        s.push_str(pick(rng, &t::SURNAMES[..20]));
    } else {
        s.push_str(pick(rng, t::SURNAMES));
    }
    let given_len = if compound || rng.chance(0.3) { 1 } else { 2 };
    let rare_at = if rng.chance(1.0 / 200.0) {
        rng.below(given_len)
    } else {
        u64::MAX
    };
    for i in 0..given_len {
        if i == rare_at {
            s.push_str(pick(rng, t::RARE_CHARS));
        } else {
            s.push_str(pick(rng, t::GIVEN_CHARS));
        }
    }
    s
}

/// A mainland mobile number: 11 digits matching `^1[3-9]\d{9}$`.
pub fn mobile_phone(rng: &mut Rng) -> String {
    let mut s = String::with_capacity(11);
    s.push_str(pick_weighted(rng, t::MOBILE_PREFIXES));
    let _ = write!(s, "{:08}", rng.below(100_000_000));
    s
}

/// A landline number such as "0571-86123456": a 3–4 digit area code starting
/// with 0, a dash, and a 7–8 digit local number not starting with 0 or 1.
pub fn landline_phone(rng: &mut Rng) -> String {
    let &(code, digits) = rng.pick(t::AREA_CODES);
    let rest = 10u64.pow(digits - 1);
    let number = rng.range(2, 8) as u64 * rest + rng.below(rest);
    format!("{code}-{number}")
}

/// A fictional but realistic address in the demo city, e.g.
/// "云湖区翠苑街道学院路88号翠苑小区3幢2单元501室".
pub fn address(rng: &mut Rng) -> String {
    let d = rng.below(t::DISTRICTS.len() as u64) as usize;
    let mut s = String::with_capacity(96);
    s.push_str(t::DISTRICTS[d]);
    s.push_str(pick(rng, t::STREETS[d]));
    let floor = if rng.chance(0.7) {
        rng.range(1, 7)
    } else {
        rng.range(8, 28)
    };
    let room = floor * 100 + rng.range(1, 4);
    let bld = rng.range(1, 30);
    let unit = rng.range(1, 4);
    let no = if rng.chance(0.7) {
        rng.range(1, 200)
    } else {
        rng.range(201, 999)
    };
    let _ = match rng.weighted(&[70, 20, 10]) {
        0 => write!(
            s,
            "{}{no}号{}{bld}幢{unit}单元{room}室",
            pick(rng, t::ROADS),
            pick(rng, t::COMMUNITIES)
        ),
        1 => write!(
            s,
            "{}{bld}号楼{unit}单元{room}室",
            pick(rng, t::COMMUNITIES)
        ),
        _ => write!(s, "{}{no}弄{bld}号{room}室", pick(rng, t::ROADS)),
    };
    s
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub(super) fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// ISO 7064 MOD 11-2 check character for the first 17 ASCII digits.
fn id_check_char(first17: &[u8]) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CODES: &[u8; 11] = b"10X98765432";
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(&b, w)| u32::from(b - b'0') * w)
        .sum();
    char::from(CODES[(sum % 11) as usize])
}

/// A valid 18-character resident ID number: area code, a real birth date
/// between 1940-01-01 and 2006-12-31, a sequence number and the check char.
pub fn id_number(rng: &mut Rng) -> String {
    let year = rng.range(1940, 2006);
    let month = rng.range(1, 12);
    let day = rng.range(1, days_in_month(year, month));
    let mut s = String::with_capacity(18);
    s.push_str(pick(rng, t::ID_AREA_CODES));
    let _ = write!(s, "{year:04}{month:02}{day:02}{:03}", rng.range(1, 999));
    let check = id_check_char(s.as_bytes());
    s.push(check);
    s
}

/// An ASCII e-mail address on a reserved example domain, e.g.
/// "zhang.wei88@example.com".
pub fn email(rng: &mut Rng) -> String {
    let sur = pick(rng, t::PINYIN_SURNAMES);
    let g1 = pick(rng, t::PINYIN_GIVEN);
    let g2 = if rng.chance(0.5) {
        pick(rng, t::PINYIN_GIVEN)
    } else {
        ""
    };
    let mut s = String::with_capacity(40);
    let _ = match rng.below(6) {
        0 => write!(s, "{sur}.{g1}{g2}{}", rng.range(1, 99)),
        1 => write!(s, "{sur}{g1}{g2}{}", rng.range(1960, 2005)),
        2 => write!(s, "{g1}{g2}_{sur}"),
        3 => write!(s, "{}{}{}", &sur[..1], &g1[..1], rng.range(100, 9999)),
        4 => write!(s, "{sur}{g1}{g2}"),
        _ => write!(s, "{}", rng.range(10_000_000, 9_999_999_999)),
    };
    s.push('@');
    s.push_str(pick(rng, t::EMAIL_DOMAINS));
    s
}

/// An organisation name, e.g. "云江华信科技有限公司" or "翠苑小区业主委员会".
pub fn organisation(rng: &mut Rng) -> String {
    let mut s = String::with_capacity(48);
    match rng.weighted(&[30, 25, 5, 15, 10, 10, 5]) {
        0 => {
            s.push_str(t::CITY);
            s.push_str(pick(rng, t::TRADE_NAMES));
            s.push_str(pick(rng, t::INDUSTRIES));
            s.push_str("有限公司");
        }
        1 => {
            s.push_str(pick(rng, t::TRADE_NAMES));
            s.push_str(pick(rng, t::INDUSTRIES));
            s.push_str("有限公司");
        }
        2 => {
            s.push_str("某某");
            s.push_str(pick(rng, t::INDUSTRIES));
            s.push_str("有限公司");
        }
        3 => {
            s.push_str(pick(rng, t::COMMUNITIES));
            s.push_str("业主委员会");
        }
        4 => {
            s.push_str(pick(rng, t::TRADE_NAMES));
            s.push_str("物业服务有限公司");
            s.push_str(pick(rng, t::COMMUNITIES));
            s.push_str("项目部");
        }
        5 => {
            let d = rng.below(t::DISTRICTS.len() as u64) as usize;
            s.push_str(t::DISTRICTS[d]);
            s.push_str(pick(rng, t::SCHOOLS));
        }
        _ => {
            let d = rng.below(t::DISTRICTS.len() as u64) as usize;
            s.push_str(pick(rng, t::STREETS[d]));
            s.push_str("办事处");
        }
    }
    s
}
