//! The store's typed reads for the crates above core: the office's settings, its accounts and its
//! calendar, which the command surface, the server and the command line read directly (the
//! session's user, the letterhead, the sign-in rules, a year of the calendar) and which have no
//! access rule of their own beyond the command that asks.
//!
//! Each is one call into a table module, on this store's connection, outside any transaction.
//! Anything with an access rule or personal data goes through [`crate::queries`] or
//! [`crate::usecases`] instead. A second backend implements exactly these signatures.

use super::calendar::ListedDay;
use super::print_settings::ReceiptContact;
use super::settings::{SessionRules, SettingKey};
use super::users::{Department, UserRecord};
use super::{Store, appeals, calendar, print_settings, settings, users};
use crate::error::Result;
use crate::model::Actor;

impl Store {
    /// The value of the setting `key`, or its default.
    pub fn setting(&self, key: SettingKey) -> Result<String> {
        settings::get(&self.conn, key)
    }

    /// An integer setting (its default when the stored value is not a number).
    pub fn setting_i64(&self, key: SettingKey) -> Result<i64> {
        settings::get_i64(&self.conn, key)
    }

    /// The office's name (letterheads, the window's title).
    pub fn org_name(&self) -> Result<String> {
        settings::org_name(&self.conn)
    }

    /// The office server's sign-in rules (failures before a desk is locked out, for how long,
    /// idle time of a session).
    pub fn session_rules(&self) -> Result<SessionRules> {
        settings::session_rules(&self.conn)
    }

    /// The assessment weights, in the order of [`settings::ASSESSMENT_WEIGHTS`].
    pub fn assessment_weights(&self) -> Result<[i64; 6]> {
        settings::assessment_weights(&self.conn)
    }

    /// How the appellant asks about progress, as printed on the receipt.
    pub fn receipt_contact(&self) -> Result<ReceiptContact> {
        print_settings::receipt_contact(&self.conn)
    }

    /// The clauses of the staff confidentiality agreement: the stored setting, or the built-in
    /// ones.
    pub fn agreement_clauses(&self) -> Result<Vec<String>> {
        print_settings::agreement_clauses(&self.conn)
    }

    /// The account `id` (never its password hash).
    pub fn user(&self, id: i64) -> Result<UserRecord> {
        users::get(&self.conn, id)
    }

    /// Every account, in order of creation.
    pub fn users(&self) -> Result<Vec<UserRecord>> {
        users::list(&self.conn)
    }

    /// The account `id` as the acting user of a use case, as stored now.
    pub fn actor(&self, id: i64) -> Result<Actor> {
        users::actor(&self.conn, id)
    }

    /// The built-in `system` account the command line acts as, if this file has it yet.
    pub fn system_user_id(&self) -> Result<Option<i64>> {
        users::system_user_id(&self.conn)
    }

    /// Every department, active or not.
    pub fn departments(&self) -> Result<Vec<Department>> {
        users::departments(&self.conn)
    }

    /// The listed days (holidays, make-up days, administrators' days) of `year`.
    pub fn listed_days(&self, year: i32) -> Result<Vec<ListedDay>> {
        calendar::listed_days(&self.conn, year)
    }

    /// How many appeals the file holds.
    pub fn appeal_count(&self) -> Result<i64> {
        appeals::count(&self.conn)
    }
}
