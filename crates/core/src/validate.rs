//! Field validation shared by every entry point (form, CLI, import).
//!
//! Each check returns a `CoreError` naming the field and saying in Chinese what is wrong and what
//! to type instead. The value itself is never echoed: it may be personal data.

use crate::error::{CoreError, Result};

/// A phone number as people write it, in the form it is stored and searched: full-width digits
/// and signs (typed with a Chinese input method) become ASCII, spaces, brackets, dots and the
/// dashes inside a mobile number go, and the country code (`+86`, `0086`) goes — a landline
/// written after it gets back its leading 0 (`+86 571 8612 3456` → `057186123456`). A landline
/// keeps the dash between area code and number. The one rule: registration, imports, search and
/// the window's form (through `check_registration`) all call it.
///
/// ```
/// use minyi_core::validate::normalise_phone;
/// assert_eq!(normalise_phone("+86 138 1234 5678"), "13812345678");
/// assert_eq!(normalise_phone("138-1234-5678"), "13812345678");
/// assert_eq!(normalise_phone("１３８１２３４５６７８"), "13812345678");
/// assert_eq!(normalise_phone("(0571) 86123456"), "057186123456");
/// assert_eq!(normalise_phone("0571－86123456"), "0571-86123456");
/// ```
pub fn normalise_phone(s: &str) -> String {
    let mut p: String = s
        .chars()
        .filter_map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
            '＋' => Some('+'),
            // Dashes of every width a keyboard or a word processor produces.
            '－' | '—' | '–' | '‐' | '‑' | '−' | '～' => Some('-'),
            ' ' | '\u{3000}' | '\u{a0}' | '\t' | '(' | ')' | '（' | '）' | '.' | '。' => None,
            c => Some(c),
        })
        .collect();
    let national = p
        .strip_prefix("+86")
        .or_else(|| p.strip_prefix("0086"))
        .map(|rest| rest.trim_start_matches('-').to_string());
    if let Some(rest) = national {
        let mobile = is_mobile(&rest.replace('-', ""));
        p = if mobile || rest.starts_with('0') || rest.is_empty() {
            rest
        } else {
            format!("0{rest}")
        };
    }
    let digits: String = p.chars().filter(|&c| c != '-').collect();
    if is_mobile(&digits) { digits } else { p }
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `s` is a mainland mobile number: 11 digits starting 13–19.
pub fn is_mobile(s: &str) -> bool {
    s.len() == 11
        && all_digits(s)
        && s.as_bytes()[0] == b'1'
        && (b'3'..=b'9').contains(&s.as_bytes()[1])
}

/// Whether `s` is a mainland landline: area code 0XX or 0XXX, 7–8 digit number, optional extension;
/// or a 400/800 service number.
pub fn is_landline(s: &str) -> bool {
    let mut parts = s.split('-');
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    if (first.starts_with("400") || first.starts_with("800")) && s.replace('-', "").len() == 10 {
        return all_digits(&s.replace('-', ""));
    }
    match rest.as_slice() {
        [] => {
            // Written without a dash: 0 + area (2–3) + number (7–8).
            all_digits(first) && first.starts_with('0') && (10..=12).contains(&first.len())
        }
        [number] | [number, _] => {
            let ext_ok = rest.get(1).is_none_or(|e| all_digits(e) && e.len() <= 6);
            all_digits(first)
                && first.starts_with('0')
                && (3..=4).contains(&first.len())
                && all_digits(number)
                && (7..=8).contains(&number.len())
                && ext_ok
        }
        _ => false,
    }
}

/// Validates a phone number and returns it normalised.
pub fn phone(field: &str, s: &str) -> Result<String> {
    let p = normalise_phone(s);
    if is_mobile(&p) || is_landline(&p) {
        Ok(p)
    } else {
        Err(CoreError::field(
            field,
            "电话号码格式不正确：手机号应为11位数字（如 13812345678），座机应带区号（如 0571-86123456）。",
        ))
    }
}

/// Whether an 18-digit resident ID number has a valid birth date and check character.
pub fn is_id_number(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CODES: &[u8; 11] = b"10X98765432";
    let sum: u32 = b[..17]
        .iter()
        .zip(W)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    let check = CODES[(sum % 11) as usize];
    let last = b[17].to_ascii_uppercase();
    if last != check {
        return false;
    }
    let birth = std::str::from_utf8(&b[6..14]).unwrap_or("");
    chrono::NaiveDate::parse_from_str(birth, "%Y%m%d").is_ok_and(|d| d.year_ce().1 >= 1900)
}

use chrono::Datelike;

/// Validates an ID number and returns it with an upper-case X.
pub fn id_number(field: &str, s: &str) -> Result<String> {
    let v = s.trim().to_ascii_uppercase();
    if is_id_number(&v) {
        Ok(v)
    } else {
        Err(CoreError::field(
            field,
            "身份证号码不正确：应为18位，最后一位可以是数字或X，请逐位核对（校验位不符）。",
        ))
    }
}

/// Validates an e-mail address (shape only).
pub fn email(field: &str, s: &str) -> Result<String> {
    let v = s.trim();
    let ok = v.len() <= 100
        && v.split_once('@').is_some_and(|(user, domain)| {
            !user.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !v.contains(char::is_whitespace);
    if ok {
        Ok(v.to_string())
    } else {
        Err(CoreError::field(
            field,
            "电子邮箱格式不正确，应类似 name@example.com。",
        ))
    }
}

/// A required text field: trimmed, non-empty, at most `max` characters.
pub fn required(field: &str, label: &str, s: &str, max: usize) -> Result<String> {
    let v = s.trim();
    if v.is_empty() {
        return Err(CoreError::field(field, format!("请填写{label}。")));
    }
    max_len(field, label, v, max)
}

/// An optional text field: `None` when blank, otherwise at most `max` characters.
pub fn optional(field: &str, label: &str, s: Option<&str>, max: usize) -> Result<Option<String>> {
    match s.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => max_len(field, label, v, max).map(Some),
    }
}

fn max_len(field: &str, label: &str, v: &str, max: usize) -> Result<String> {
    let n = v.chars().count();
    if n > max {
        Err(CoreError::field(
            field,
            format!("{label}不能超过{max}个字（现有{n}个字），请精简后再保存。"),
        ))
    } else {
        Ok(v.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        assert!(is_mobile("13812345678"));
        assert!(!is_mobile("12812345678"));
        assert!(!is_mobile("1381234567"));
        assert!(is_landline("0571-86123456"));
        assert!(is_landline("010-12345678-123"));
        assert!(is_landline("057186123456"));
        assert!(is_landline("400-123-4567"));
        assert!(!is_landline("571-86123456"));
        assert!(!is_landline("0571-123"));
        assert_eq!(phone("p", " 138 1234 5678 ").unwrap(), "13812345678");
        // As people write them.
        for (typed, stored) in [
            ("+86 138 1234 5678", "13812345678"),
            ("+86-138-1234-5678", "13812345678"),
            ("0086 13812345678", "13812345678"),
            ("138-1234-5678", "13812345678"),
            ("１３８ １２３４ ５６７８", "13812345678"),
            ("＋８６　１３８１２３４５６７８", "13812345678"),
            ("138.1234.5678", "13812345678"),
            ("0571－86123456", "0571-86123456"),
            ("(0571) 86123456", "057186123456"),
            ("+86 571 86123456", "057186123456"),
            ("+86-10-12345678", "010-12345678"),
            ("４００－１２３－４５６７", "400-123-4567"),
        ] {
            assert_eq!(phone("p", typed).unwrap(), stored, "{typed}");
        }
        for bad in ["+1 138 1234 5678", "138-1234-567", "１２３", "+86"] {
            assert!(phone("p", bad).is_err(), "{bad}");
        }
        let e = phone("appellant.phone", "99999").unwrap_err();
        assert_eq!(e.field.as_deref(), Some("appellant.phone"));
        assert!(!e.message.contains("99999"), "never echo the value");
    }

    #[test]
    fn id_numbers() {
        assert!(is_id_number("11010519491231002X"));
        assert!(!is_id_number("110105194912310021"));
        assert!(!is_id_number("11010519491331002X"), "month 13");
        assert_eq!(
            id_number("id", "11010519491231002x").unwrap(),
            "11010519491231002X"
        );
        assert!(id_number("id", "1101051949123100").is_err());
    }

    #[test]
    fn lengths_count_characters_not_bytes() {
        assert!(required("s", "标题", "一二三", 3).is_ok());
        let e = required("s", "标题", "一二三四", 3).unwrap_err();
        assert!(e.message.contains("3个字"));
        assert!(
            required("s", "标题", "   ", 3)
                .unwrap_err()
                .message
                .contains("请填写标题")
        );
        assert_eq!(optional("o", "单位", Some("  "), 5).unwrap(), None);
    }

    #[test]
    fn emails() {
        assert!(email("e", "a.b@example.com").is_ok());
        assert!(email("e", "a@b").is_err());
        assert!(email("e", "@b.com").is_err());
    }
}
