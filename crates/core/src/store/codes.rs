//! How the coded domain enums of [`crate::model`] are stored: as their stable code (the text the
//! model's `code()` gives, the same in JSON and on the command line). Binding them to SQL lives
//! here, with the rest of the storage, so that the model knows nothing of the database; reading
//! them back is the model's `from_db` of the stored text, called by the table modules.

use crate::model::{
    AccessKind, Category, Channel, EventAction, FeedbackMethod, GrantStatus, LinkKind,
    RecommendationStatus, RewardKind, Role, Satisfaction, SecurityAction, Stage, Status,
    StockTextKind, Urgency, VisitStatus,
};
use crate::store::sql;
use crate::store::sql::types::{ToSql, ToSqlOutput};

macro_rules! stored_as_code {
    ($($name:ty),+ $(,)?) => {
        $(impl ToSql for $name {
            fn to_sql(&self) -> sql::types::Result<ToSqlOutput<'_>> {
                Ok(self.code().into())
            }
        })+
    };
}

stored_as_code!(
    Channel,
    Category,
    Status,
    Stage,
    EventAction,
    Role,
    Urgency,
    Satisfaction,
    FeedbackMethod,
    LinkKind,
    RecommendationStatus,
    RewardKind,
    SecurityAction,
    AccessKind,
    GrantStatus,
    StockTextKind,
    VisitStatus,
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::sql::Connection;

    #[test]
    fn an_enum_is_stored_as_its_code() {
        let conn = Connection::open_in_memory().unwrap();
        let stored: String = conn
            .query_row("SELECT ?1", [Channel::WalkIn], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, "walk_in");
        let stored: String = conn
            .query_row("SELECT ?1", [EventAction::ALL[0]], |r| r.get(0))
            .unwrap();
        assert_eq!(stored, EventAction::ALL[0].code());
    }
}
