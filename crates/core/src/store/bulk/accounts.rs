//! Departments and user accounts written directly, for a loader that sets up a whole office at
//! once (the demo office): the administrator would create the same records one by one on the
//! settings screens. Idempotent: what exists (by name) is kept and returned, so seeding twice is
//! harmless.

use crate::error::Result;
use crate::model::{Actor, Role};
use crate::store::{Store, users};
use chrono::NaiveDate;

/// An account to create unless one with the same login name exists.
#[derive(Debug, Clone)]
pub struct AccountSeed<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    /// An index into the departments passed beside it, or `None` for the organisation's own
    /// department (the first one).
    pub department: Option<usize>,
    pub roles: &'a [Role],
    pub agreement_signed_on: Option<NaiveDate>,
}

/// The records [`ensure_accounts`] found or created.
#[derive(Debug, Clone)]
pub struct SeededAccounts {
    /// The organisation's own department.
    pub own_department: i64,
    /// The ids of the departments passed, same order.
    pub departments: Vec<i64>,
    /// The actors of the accounts passed, same order.
    pub actors: Vec<Actor>,
}

/// Finds or creates `departments` (by name) and `accounts` (by login name; new ones can sign in
/// with `password_hash`), all in one transaction. Panics if an account's department index is out
/// of range (a mistake in the caller's list).
pub fn ensure_accounts(
    store: &mut Store,
    departments: &[&str],
    accounts: &[AccountSeed<'_>],
    password_hash: &str,
    created_at: &str,
) -> Result<SeededAccounts> {
    store.write(|tx, _| {
        let own_department = users::departments(tx)?.first().map(|d| d.id).unwrap_or(1);
        let mut department_ids = Vec::with_capacity(departments.len());
        for name in departments {
            let existing = users::departments(tx)?;
            let id = match existing.into_iter().find(|d| d.name == *name) {
                Some(d) => d.id,
                None => users::insert_department(tx, name)?,
            };
            department_ids.push(id);
        }
        let mut actors = Vec::with_capacity(accounts.len());
        for a in accounts {
            let id = match users::find_for_sign_in(tx, a.username)? {
                Some((u, _)) => u.id,
                None => users::insert(
                    tx,
                    &users::NewUserRow {
                        username: a.username,
                        display_name: a.display_name,
                        department_id: a
                            .department
                            .map(|i| department_ids[i])
                            .unwrap_or(own_department),
                        roles: a.roles,
                        password_hash,
                        agreement_signed_on: a.agreement_signed_on,
                        can_sign_in: true,
                        created_at,
                    },
                )?,
            };
            actors.push(users::actor(tx, id)?);
        }
        Ok(SeededAccounts {
            own_department,
            departments: department_ids,
            actors,
        })
    })
}
