//! SQL conversions for the domain types: vocabularies as their DESIGN.md spelling,
//! ids as integers. A value the schema's CHECK constraints let through but this binary
//! does not know is reported, never guessed.

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::model::{
    ClaimId, LinkId, LinkOutcome, LinkRole, Role, SourceId, Verdict, Verification, WorkflowState,
};

macro_rules! text_sql {
    ($($t:ty),+) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.as_str()))
            }
        }
        impl FromSql for $t {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                value
                    .as_str()?
                    .parse()
                    .map_err(|e| FromSqlError::Other(Box::new(e)))
            }
        }
    )+};
}
text_sql!(
    Verification,
    Verdict,
    LinkRole,
    LinkOutcome,
    Role,
    WorkflowState
);

macro_rules! id_sql {
    ($($t:ident),+) => {$(
        impl ToSql for $t {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.0))
            }
        }
        impl FromSql for $t {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                value.as_i64().map($t)
            }
        }
    )+};
}
id_sql!(ClaimId, SourceId, LinkId);
