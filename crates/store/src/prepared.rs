//! Hand-written SQL that PostgreSQL plans once per connection.
//!
//! `diesel::sql_query` marks every statement unsafe to cache, so diesel-async prepares (parses
//! and plans) it again on every call: on the hot path that planning cost more than running some
//! of the statements (0.3–0.7 ms each for the consortium lookup, the list probes and the alert
//! check, measured with `pg_stat_statements.track_planning`). [`sql`] builds the same statement
//! as `sql_query` — SQL text with `$1`, `$2`, … placeholders and `.bind::<SqlType, _>(value)` in
//! placeholder order — but lets diesel-async keep it in the connection's statement cache, keyed
//! by its text and bind types. Use it only with a bounded set of statement texts (literals, or
//! texts built from a fixed set of fragments), never with values spliced into the SQL.

use std::borrow::Cow;

use diesel::QueryResult;
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::serialize::ToSql;
use diesel::sql_types::{HasSqlType, Untyped};

/// One bound value with its SQL type.
trait Bind: Send + Sync {
    fn push<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()>;
}

struct Bound<ST, V> {
    value: V,
    sql_type: std::marker::PhantomData<fn() -> ST>,
}

impl<ST, V> Bind for Bound<ST, V>
where
    Pg: HasSqlType<ST>,
    V: ToSql<ST, Pg> + Send + Sync,
    ST: 'static,
{
    fn push<'b>(&'b self, out: &mut AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_bind_param::<ST, V>(&self.value)
    }
}

/// A statement whose plan the connection keeps (see the module documentation).
#[must_use = "a statement does nothing until it is run"]
pub struct Prepared<'a> {
    sql: Cow<'static, str>,
    binds: Vec<Box<dyn Bind + 'a>>,
}

/// The statement `sql`, whose `$n` placeholders are bound with [`Prepared::bind`] in order.
pub fn sql(sql: impl Into<Cow<'static, str>>) -> Prepared<'static> {
    Prepared {
        sql: sql.into(),
        binds: Vec::new(),
    }
}

impl<'a> Prepared<'a> {
    /// Binds the next placeholder (`$1` first), as `sql_query(…).bind` does.
    pub fn bind<'v, ST, V>(self, value: V) -> Prepared<'v>
    where
        'a: 'v,
        Pg: HasSqlType<ST>,
        V: ToSql<ST, Pg> + Send + Sync + 'v,
        ST: 'static,
    {
        let mut binds: Vec<Box<dyn Bind + 'v>> = self.binds;
        binds.push(Box::new(Bound {
            value,
            sql_type: std::marker::PhantomData::<fn() -> ST>,
        }));
        Prepared {
            sql: self.sql,
            binds,
        }
    }
}

impl QueryFragment<Pg> for Prepared<'_> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        // The text between placeholders as written; each `$n` becomes its bound value, so a
        // placeholder used twice is bound twice (with the same value).
        let sql = self.sql.as_ref();
        let bytes = sql.as_bytes();
        let mut start = 0;
        let mut at = 0;
        while at < bytes.len() {
            if bytes[at] == b'$' && bytes.get(at + 1).is_some_and(u8::is_ascii_digit) {
                let digits = bytes[at + 1..]
                    .iter()
                    .take_while(|b| b.is_ascii_digit())
                    .count();
                let number: usize = sql[at + 1..at + 1 + digits]
                    .parse()
                    .map_err(|_| unbound(sql))?;
                let bind = number
                    .checked_sub(1)
                    .and_then(|index| self.binds.get(index))
                    .ok_or_else(|| unbound(sql))?;
                out.push_sql(&sql[start..at]);
                bind.push(&mut out)?;
                at += 1 + digits;
                start = at;
            } else {
                at += 1;
            }
        }
        out.push_sql(&sql[start..]);
        Ok(())
    }
}

fn unbound(sql: &str) -> diesel::result::Error {
    let head: String = sql.chars().take(60).collect();
    diesel::result::Error::QueryBuilderError(
        format!("a placeholder has no bound value in: {head}…").into(),
    )
}

impl QueryId for Prepared<'_> {
    type QueryId = ();
    // Not static: diesel-async then caches the statement by its SQL text and bind types.
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for Prepared<'_> {
    type SqlType = Untyped;
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::debug_query;
    use diesel::pg::PgQueryBuilder;
    use diesel::sql_types::{Integer, Text};

    #[test]
    fn placeholders_are_bound_in_order_and_a_repeat_binds_again() {
        let statement = sql("SELECT $1::int + $2, $1 WHERE x = '$'")
            .bind::<Integer, _>(1)
            .bind::<Text, _>("b");
        let shown = debug_query::<Pg, _>(&statement).to_string();
        assert!(
            shown.starts_with("SELECT $1::int + $2, $3 WHERE x = '$' -- binds: [1, \"b\", 1]"),
            "{shown}"
        );
    }

    #[test]
    fn a_placeholder_without_a_value_is_refused() {
        let statement = sql("SELECT $1, $2").bind::<Integer, _>(1);
        let mut builder = PgQueryBuilder::default();
        assert!(statement.to_sql(&mut builder, &Pg).is_err());
        let mut builder = PgQueryBuilder::default();
        assert!(sql("SELECT $0").to_sql(&mut builder, &Pg).is_err());
    }
}
