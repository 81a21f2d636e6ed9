//! The rules' enums in text columns: every [`Code`] type is read from and written to `TEXT` as
//! its stable code, so queries take and return enums (the way crates.io's `pg_enum!` does it,
//! kept out of `domain/` so the rules import no database crate). An unknown code read back is
//! an error, never a default.

use chrono::NaiveDate;
use diesel::deserialize::{self, FromSql, FromStaticSqlRow, Queryable};
use diesel::expression::AsExpression;
use diesel::pg::{Pg, PgValue};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::{Nullable, Text};

use crate::domain::code::Code;
use crate::domain::item::{ItemKind, ItemStatus, ItemSummary};

/// Reads and writes the listed [`Code`] types as `TEXT`.
macro_rules! text_codes {
    ($($ty:ty),* $(,)?) => {$(
        impl FromSql<Text, Pg> for $ty {
            fn from_sql(bytes: PgValue<'_>) -> deserialize::Result<Self> {
                let code = <String as FromSql<Text, Pg>>::from_sql(bytes)?;
                <$ty as Code>::from_code(&code)
                    .ok_or_else(|| format!("unknown {} code {code:?}", stringify!($ty)).into())
            }
        }

        impl ToSql<Text, Pg> for $ty {
            fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
                <str as ToSql<Text, Pg>>::to_sql(Code::code(*self), out)
            }
        }

        impl Queryable<Text, Pg> for $ty {
            type Row = Self;
            fn build(row: Self) -> deserialize::Result<Self> {
                Ok(row)
            }
        }

        impl AsExpression<Text> for $ty {
            type Expression = <&'static str as AsExpression<Text>>::Expression;
            fn as_expression(self) -> Self::Expression {
                <&'static str as AsExpression<Text>>::as_expression(Code::code(self))
            }
        }

        impl AsExpression<Nullable<Text>> for $ty {
            type Expression = <&'static str as AsExpression<Nullable<Text>>>::Expression;
            fn as_expression(self) -> Self::Expression {
                <&'static str as AsExpression<Nullable<Text>>>::as_expression(Code::code(self))
            }
        }
    )*};
}

text_codes!(
    ItemKind,
    crate::domain::office::OfficeKind,
    crate::domain::representation::RepresentationStatus,
    crate::domain::representation::RepresentationKind,
    crate::domain::workflow::ItemState,
    crate::domain::service_flow::ServiceState,
    crate::domain::review::ReviewState,
    crate::domain::CertificateStatus,
);

/// Reads an item's status code by its kind.
pub fn item_status(kind: ItemKind, code: &str) -> deserialize::Result<ItemStatus> {
    ItemStatus::parse(kind, code)
        .ok_or_else(|| format!("unknown {} status {code:?}", kind.code()).into())
}

impl<ST> Queryable<ST, Pg> for ItemSummary
where
    (i64, ItemKind, String, String, Option<NaiveDate>): FromStaticSqlRow<ST, Pg>,
{
    type Row = (i64, ItemKind, String, String, Option<NaiveDate>);

    fn build((id, kind, code, status, deadline): Self::Row) -> deserialize::Result<Self> {
        Ok(ItemSummary {
            id,
            code,
            status: item_status(kind, &status)?,
            deadline,
        })
    }
}

impl ToSql<Text, Pg> for ItemStatus {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Pg>) -> serialize::Result {
        <str as ToSql<Text, Pg>>::to_sql(self.code(), out)
    }
}

impl AsExpression<Nullable<Text>> for ItemStatus {
    type Expression = <&'static str as AsExpression<Nullable<Text>>>::Expression;
    fn as_expression(self) -> Self::Expression {
        <&'static str as AsExpression<Nullable<Text>>>::as_expression(self.code())
    }
}

impl AsExpression<Text> for ItemStatus {
    type Expression = <&'static str as AsExpression<Text>>::Expression;
    fn as_expression(self) -> Self::Expression {
        <&'static str as AsExpression<Text>>::as_expression(self.code())
    }
}
