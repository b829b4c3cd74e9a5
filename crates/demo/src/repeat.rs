//! Returning appellants: in a real office some people call again within weeks — the matter is not
//! settled, or they have a new one — and the 难点问题 screen's 重复来访 (the same phone number with
//! two or more appeals in the period) counts them. Every demo appellant used to be drawn afresh,
//! so two appeals never shared a number and that statistic was always 0.
//!
//! A share of appeals ([`RETURN_CHANCE`]) therefore comes from someone who appealed during the
//! last [`WINDOW_DAYS`] days: the same name, phone, address and ID number (a new appellant row,
//! as registration writes one per appeal). The decision draws from the simulation's auxiliary
//! generator, so every other field of every appeal of a seed stays as it was.

use super::rng::Rng;
use chrono::{DateTime, Duration, FixedOffset};
use minyi_core::model::Appellant;
use std::collections::VecDeque;

/// The share of appeals that come from a recent appellant.
pub(super) const RETURN_CHANCE: f64 = 0.1;
/// How far back a returning appellant's earlier appeal lies at most.
pub(super) const WINDOW_DAYS: i64 = 30;
/// At most this many recent appellants are remembered (a million-appeal run stays small).
const CAPACITY: usize = 4_000;

/// Appellants of the last [`WINDOW_DAYS`] days who can be reached again (a phone, not anonymous).
#[derive(Default)]
pub(super) struct Recent {
    people: VecDeque<(DateTime<FixedOffset>, Appellant)>,
}

impl Recent {
    /// Either `drawn` (remembered for later) or, now and then, someone who appealed recently.
    pub(super) fn maybe_return(
        &mut self,
        aux: &mut Rng,
        received: DateTime<FixedOffset>,
        drawn: Appellant,
    ) -> Appellant {
        let oldest = received - Duration::days(WINDOW_DAYS);
        while self.people.front().is_some_and(|(t, _)| *t < oldest) {
            self.people.pop_front();
        }
        if aux.chance(RETURN_CHANCE) && !self.people.is_empty() {
            let i = aux.below(self.people.len() as u64) as usize;
            return self.people[i].1.clone();
        }
        if !drawn.anonymous && drawn.phone.is_some() {
            if self.people.len() == CAPACITY {
                self.people.pop_front();
            }
            self.people.push_back((received, drawn.clone()));
        }
        drawn
    }
}
