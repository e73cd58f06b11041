//! Statements for many rows at once. SQLite's driver looks each bound value up by its name in a list
//! as long as the statement's values, so a statement with n values costs n²: 200 rows of 23 columns
//! took 70 % of an import's time. Many rows are therefore inserted as one JSON array bound as one
//! value (`insert_json`), and lists of keys are bound as one JSON array (`fetch_in`).

use crate::{Backend, Result, Store};
use sqlx::any::AnyRow;
use sqlx::{Any, Transaction};

/// `$first, …` for `n` values.
pub(crate) fn placeholders(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

/// Rows per JSON insert (a few megabytes of JSON).
const JSON_ROWS_PER_STATEMENT: usize = 5000;

/// How a column is read from a row's JSON array.
#[derive(Clone, Copy)]
pub(crate) enum Json {
    Text,
    Int,
}

impl Store {
    /// Inserts `rows` (each a JSON array with one value per column, in order; `null` for NULL) into
    /// `table` with a few statements of one bound value each.
    pub(crate) async fn insert_json(
        &self,
        tx: &mut Transaction<'static, Any>,
        table: &str,
        columns: &[(&str, Json)],
        rows: &[serde_json::Value],
    ) -> Result<()> {
        let names: Vec<&str> = columns.iter().map(|(n, _)| *n).collect();
        let values: Vec<String> = columns
            .iter()
            .enumerate()
            .map(|(i, (_, kind))| match kind {
                Json::Text => format!("value->>{i}"),
                Json::Int => format!("CAST(value->>{i} AS BIGINT)"),
            })
            .collect();
        let source = match self.backend() {
            Backend::Sqlite => "json_each($1)",
            Backend::Postgres => "jsonb_array_elements(CAST($1 AS jsonb)) AS rows(value)",
        };
        let sql = format!("INSERT INTO {table} ({}) SELECT {} FROM {source}", names.join(", "), values.join(", "));
        for chunk in rows.chunks(JSON_ROWS_PER_STATEMENT) {
            let json = serde_json::Value::Array(chunk.to_vec()).to_string();
            sqlx::query(&sql).bind(json).execute(&mut **tx).await?;
        }
        Ok(())
    }

    /// Bound values per statement this backend handles well.
    fn values_per_statement(&self) -> usize {
        match self.backend() {
            Backend::Sqlite => 100,
            Backend::Postgres => 4600,
        }
    }

    /// Rows of `columns` values each per multi-row INSERT.
    pub(crate) fn rows_per_statement(&self, columns: usize) -> usize {
        (self.values_per_statement() / columns.max(1)).max(1)
    }

    /// Runs `sql(condition)` with `condition` testing a column against all of `values`, bound as one
    /// JSON array after one optional fixed value (`$1`), and returns all rows. `sql` puts the
    /// condition after the column: `format!("WHERE key {condition}")`.
    pub(crate) async fn fetch_in<T>(
        &self,
        tx: &mut Transaction<'static, Any>,
        sql: impl Fn(&str) -> String,
        fixed: Option<&str>,
        values: &[&str],
    ) -> Result<Vec<T>>
    where
        T: for<'r> sqlx::FromRow<'r, AnyRow> + Send + Unpin,
    {
        let param = if fixed.is_some() { "$2" } else { "$1" };
        // Both plan an index lookup per value (PostgreSQL: 5 ms for a thousand keys, against 30 ms
        // for a thousand bound values, most of it planning).
        let condition = match self.backend() {
            Backend::Sqlite => format!("IN (SELECT value FROM json_each({param}))"),
            Backend::Postgres => format!("= ANY(ARRAY(SELECT jsonb_array_elements_text(CAST({param} AS jsonb))))"),
        };
        let sql = sql(&condition);
        let mut out = Vec::new();
        for chunk in values.chunks(JSON_ROWS_PER_STATEMENT) {
            let mut q = sqlx::query_as::<_, T>(&sql);
            if let Some(f) = fixed {
                q = q.bind(f);
            }
            out.extend(q.bind(serde_json::to_string(chunk).unwrap_or_default()).fetch_all(&mut **tx).await?);
        }
        Ok(out)
    }
}
