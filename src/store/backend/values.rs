//! Values crossing into and out of either engine: five kinds, as SQLite has them.
//!
//! PostgreSQL is typed: a parameter is written as the type the server expects for it
//! (an integer parameter compared with an `integer` column goes as four bytes, with a
//! `bigint` one as eight), and a column is read according to its type (a `boolean`
//! from `EXISTS` reads as 0 or 1, as SQLite returns it). Vocabularies travel as their
//! DESIGN.md spelling, ids as integers.

use anyhow::{Result, anyhow, bail};
use bytes::BytesMut;
use postgres::types::{IsNull, Type, to_sql_checked};

use crate::model::{
    ClaimId, LinkId, LinkOutcome, LinkRole, Role, SourceId, Verdict, Verification, WorkflowState,
};

/// A parameter value.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Value<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

/// What can be a statement parameter.
pub(crate) trait ToValue {
    fn to_value(&self) -> Value<'_>;
}

impl ToValue for Value<'_> {
    fn to_value(&self) -> Value<'_> {
        *self
    }
}

macro_rules! int_value {
    ($($t:ty),+) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value<'_> {
                Value::Int(*self as i64)
            }
        }
    )+};
}
int_value!(i64, i32, u32, u16, u8, usize, u64);

impl ToValue for bool {
    fn to_value(&self) -> Value<'_> {
        Value::Int(i64::from(*self))
    }
}

impl ToValue for f64 {
    fn to_value(&self) -> Value<'_> {
        Value::Real(*self)
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value<'_> {
        Value::Text(self)
    }
}

impl ToValue for [u8] {
    fn to_value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}

impl ToValue for Vec<u8> {
    fn to_value(&self) -> Value<'_> {
        Value::Blob(self)
    }
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value<'_> {
        (**self).to_value()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value<'_> {
        match self {
            Some(v) => v.to_value(),
            None => Value::Null,
        }
    }
}

macro_rules! id_value {
    ($($t:ident),+) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value<'_> {
                Value::Int(self.0)
            }
        }
        impl FromValue for $t {
            fn from_cell(cell: Cell<'_>) -> Result<Self> {
                i64::from_cell(cell).map($t)
            }
        }
    )+};
}
id_value!(ClaimId, SourceId, LinkId);

macro_rules! text_value {
    ($($t:ty),+) => {$(
        impl ToValue for $t {
            fn to_value(&self) -> Value<'_> {
                Value::Text(self.as_str())
            }
        }
        impl FromValue for $t {
            fn from_cell(cell: Cell<'_>) -> Result<Self> {
                String::from_cell(cell)?.parse().map_err(|e| anyhow!("{e}"))
            }
        }
    )+};
}
text_value!(
    Verification,
    Verdict,
    LinkRole,
    LinkOutcome,
    Role,
    WorkflowState
);

impl rusqlite::ToSql for Value<'_> {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match *self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(i),
            Value::Real(f) => ValueRef::Real(f),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

type BoxError = Box<dyn std::error::Error + Sync + Send>;

impl postgres::types::ToSql for Value<'_> {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, BoxError> {
        match *self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT8 => i.to_sql(ty, out),
                Type::INT4 => i32::try_from(i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(i)?.to_sql(ty, out),
                Type::BOOL => (i != 0).to_sql(ty, out),
                Type::FLOAT8 => (i as f64).to_sql(ty, out),
                Type::FLOAT4 => (i as f32).to_sql(ty, out),
                Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::UNKNOWN => {
                    i.to_string().as_str().to_sql(&Type::TEXT, out)
                }
                _ => Err(format!("an integer cannot be sent as {ty}").into()),
            },
            Value::Real(f) => match *ty {
                Type::FLOAT8 => f.to_sql(ty, out),
                Type::FLOAT4 => (f as f32).to_sql(ty, out),
                _ => Err(format!("a real number cannot be sent as {ty}").into()),
            },
            Value::Text(s) => match *ty {
                Type::INT8 | Type::INT4 | Type::INT2 => {
                    let i: i64 = s.parse()?;
                    Value::Int(i).to_sql(ty, out)
                }
                Type::JSON | Type::JSONB => {
                    if *ty == Type::JSONB {
                        out.extend_from_slice(&[1]);
                    }
                    out.extend_from_slice(s.as_bytes());
                    Ok(IsNull::No)
                }
                _ => s.to_sql(&Type::TEXT, out),
            },
            Value::Blob(b) => b.to_sql(&Type::BYTEA, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// One column of a result row, engine-neutral.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Cell<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(&'a str),
    Blob(&'a [u8]),
}

/// What a column can be read as.
pub(crate) trait FromValue: Sized {
    fn from_cell(cell: Cell<'_>) -> Result<Self>;
}

impl FromValue for i64 {
    fn from_cell(cell: Cell<'_>) -> Result<Self> {
        match cell {
            Cell::Int(i) => Ok(i),
            other => bail!("expected an integer, found {other:?}"),
        }
    }
}

macro_rules! int_from {
    ($($t:ty),+) => {$(
        impl FromValue for $t {
            fn from_cell(cell: Cell<'_>) -> Result<Self> {
                Ok(<$t>::try_from(i64::from_cell(cell)?)?)
            }
        }
    )+};
}
int_from!(i32, u32, u16, u8, usize, u64);

impl FromValue for bool {
    fn from_cell(cell: Cell<'_>) -> Result<Self> {
        Ok(i64::from_cell(cell)? != 0)
    }
}

impl FromValue for f64 {
    fn from_cell(cell: Cell<'_>) -> Result<Self> {
        match cell {
            Cell::Real(f) => Ok(f),
            Cell::Int(i) => Ok(i as f64),
            other => bail!("expected a number, found {other:?}"),
        }
    }
}

impl FromValue for String {
    fn from_cell(cell: Cell<'_>) -> Result<Self> {
        match cell {
            Cell::Text(s) => Ok(s.to_string()),
            other => bail!("expected text, found {other:?}"),
        }
    }
}

impl FromValue for Vec<u8> {
    fn from_cell(cell: Cell<'_>) -> Result<Self> {
        match cell {
            Cell::Blob(b) => Ok(b.to_vec()),
            Cell::Text(s) => Ok(s.as_bytes().to_vec()),
            other => bail!("expected bytes, found {other:?}"),
        }
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_cell(cell: Cell<'_>) -> Result<Self> {
        match cell {
            Cell::Null => Ok(None),
            other => T::from_cell(other).map(Some),
        }
    }
}

/// A result row of either engine.
pub(crate) enum Row<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Postgres(&'a postgres::Row),
}

impl Row<'_> {
    /// Column `i` (from 0) as a `T`.
    pub fn get<T: FromValue>(&self, i: usize) -> Result<T> {
        T::from_cell(self.cell(i)?).map_err(|e| anyhow!("column {i}: {e}"))
    }

    /// Column `i` (from 0) as it is.
    pub fn cell(&self, i: usize) -> Result<Cell<'_>> {
        Ok(match self {
            Row::Sqlite(row) => {
                use rusqlite::types::ValueRef;
                match row.get_ref(i)? {
                    ValueRef::Null => Cell::Null,
                    ValueRef::Integer(v) => Cell::Int(v),
                    ValueRef::Real(v) => Cell::Real(v),
                    ValueRef::Text(v) => Cell::Text(std::str::from_utf8(v)?),
                    ValueRef::Blob(v) => Cell::Blob(v),
                }
            }
            Row::Postgres(row) => pg_cell(row, i)?,
        })
    }
}

fn pg_cell<'r>(row: &'r postgres::Row, i: usize) -> Result<Cell<'r>> {
    let ty = row
        .columns()
        .get(i)
        .ok_or_else(|| anyhow!("no column {i}"))?
        .type_()
        .clone();
    Ok(match ty {
        Type::INT8 => row
            .try_get::<_, Option<i64>>(i)?
            .map_or(Cell::Null, Cell::Int),
        Type::INT4 => row
            .try_get::<_, Option<i32>>(i)?
            .map_or(Cell::Null, |v| Cell::Int(v.into())),
        Type::INT2 => row
            .try_get::<_, Option<i16>>(i)?
            .map_or(Cell::Null, |v| Cell::Int(v.into())),
        Type::BOOL => row
            .try_get::<_, Option<bool>>(i)?
            .map_or(Cell::Null, |v| Cell::Int(v.into())),
        Type::FLOAT8 => row
            .try_get::<_, Option<f64>>(i)?
            .map_or(Cell::Null, Cell::Real),
        Type::FLOAT4 => row
            .try_get::<_, Option<f32>>(i)?
            .map_or(Cell::Null, |v| Cell::Real(v.into())),
        Type::BYTEA => row
            .try_get::<_, Option<&[u8]>>(i)?
            .map_or(Cell::Null, Cell::Blob),
        _ => row
            .try_get::<_, Option<&str>>(i)?
            .map_or(Cell::Null, Cell::Text),
    })
}
