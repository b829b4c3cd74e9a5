//! Masking of personal data — the only place it is done.
//!
//! Users whose role may not see personal data, or whose confidentiality agreement is not on file,
//! get these masked forms (SPEC §七(二)): 张**, 138****5678, 110***********1234. Everything that
//! returns an appellant to a caller goes through [`appellant_for`].

use crate::model::Appellant;

/// Keeps the first character of a name: 张三 → 张*, 欧阳修 → 欧**.
pub fn name(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        None => String::new(),
        Some(first) => {
            let rest = chars.count().max(1);
            format!("{first}{}", "*".repeat(rest))
        }
    }
}

/// Keeps the first three and last four characters: 13812345678 → 138****5678.
pub fn phone(s: &str) -> String {
    let c: Vec<char> = s.chars().collect();
    if c.len() <= 7 {
        let keep = c.len().min(2);
        return format!(
            "{}{}",
            "*".repeat(c.len() - keep),
            c[c.len() - keep..].iter().collect::<String>()
        );
    }
    let head: String = c[..3].iter().collect();
    let tail: String = c[c.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(c.len() - 7))
}

/// Keeps the first three and last four characters of an ID number: 110***********1234.
pub fn id_number(s: &str) -> String {
    phone(s)
}

/// Keeps the district-level start of an address and hides the rest.
pub fn address(s: &str) -> String {
    let c: Vec<char> = s.chars().collect();
    let keep = (c.len() / 3).min(6);
    format!("{}{}", c[..keep].iter().collect::<String>(), "*".repeat(4))
}

/// Keeps the first character of the mailbox and the domain.
pub fn email(s: &str) -> String {
    match s.split_once('@') {
        Some((user, domain)) => format!("{}***@{domain}", user.chars().next().unwrap_or('*')),
        None => "***".into(),
    }
}

/// The appellant as a caller may see it: in full, or with every personal field masked.
pub fn appellant_for(a: &Appellant, full: bool) -> Appellant {
    if full {
        return a.clone();
    }
    Appellant {
        name: name(&a.name),
        phone: a.phone.as_deref().map(phone),
        address: a.address.as_deref().map(address),
        id_number: a.id_number.as_deref().map(id_number),
        email: a.email.as_deref().map(email),
        organisation: a.organisation.clone(),
        anonymous: a.anonymous,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_as_in_the_spec() {
        assert_eq!(name("张三丰"), "张**");
        assert_eq!(name("张三"), "张*");
        assert_eq!(name("𠮷野"), "𠮷*");
        assert_eq!(phone("13812345678"), "138****5678");
        assert_eq!(id_number("110105194912311234"), "110***********1234");
        assert_eq!(phone("0571-86123456"), "057******3456");
        assert_eq!(
            address("西湖区文三街道学院路88号3幢501室"),
            "西湖区文三街****"
        );
        assert_eq!(email("zhang@example.com"), "z***@example.com");
    }

    #[test]
    fn masked_appellant_keeps_no_full_field() {
        let a = Appellant {
            name: "李四".into(),
            phone: Some("13912345678".into()),
            address: Some("东城区某路1号".into()),
            id_number: Some("11010519491231002X".into()),
            email: Some("li@example.com".into()),
            organisation: None,
            anonymous: false,
        };
        let m = appellant_for(&a, false);
        assert_ne!(m.name, a.name);
        assert_ne!(m.phone, a.phone);
        assert_ne!(m.address, a.address);
        assert_ne!(m.id_number, a.id_number);
        assert_eq!(appellant_for(&a, true), a);
    }
}
