//! The unit-cost catalogue as administrators changed it in the UI: one row per item code, laid over the
//! catalogue files (the same code replaces the file's item, a new code adds one), and an append-only
//! history of every save. The rules of an item are the domain's (`unit_costs::validate_item`); a save is
//! one transaction with its history row and its audit record, guarded by the version it started from.

use crate::{Result, Store, StoreError, flag};
use eenplan_domain::audit::AuditDraft;
use eenplan_domain::unit_costs::{ItemDraft, SourceDraft, UnitCost, validate_item};
use sqlx::Row;
use sqlx::any::AnyRow;

/// An item as an administrator saved it: the whole item, and who saved it when.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitCostOverride {
    pub item: UnitCost,
    /// 1 after the first save, one more with each save; a save names the version it started from.
    pub version: i64,
    /// The user's id.
    pub changed_by: String,
    /// The user's name at the time of the save.
    pub changed_by_name: String,
    /// Unix seconds.
    pub changed_at: i64,
}

/// One save in the history: the item as saved then, with the version that save made.
pub type UnitCostChange = UnitCostOverride;

/// The version of an item nobody has saved yet (the catalogue file's item, or a new code).
pub const FROM_FILE: i64 = 0;

const ITEM_COLUMNS: &str = "code, name_nl, name_en, amount, unit, price_year, stakeholder, value_type, confidence, indicative, \
     licence, source_publication, source_publisher, source_year, source_url, source_note";
const COLUMNS: &str = "code, name_nl, name_en, amount, unit, price_year, stakeholder, value_type, confidence, indicative, \
     licence, source_publication, source_publisher, source_year, source_url, source_note, version, changed_by, changed_by_name, changed_at";

/// A stored row back into an item, through the domain's rules (a row that breaks them is reported, not
/// guessed at). The price index is not checked here: an item stays readable when the index changes.
fn from_row(r: &AnyRow) -> Result<UnitCostOverride> {
    let code: String = r.try_get("code")?;
    let amount: String = r.try_get("amount")?;
    let draft = ItemDraft {
        code: code.clone(),
        name_nl: r.try_get("name_nl")?,
        name_en: r.try_get("name_en")?,
        amount: amount.parse().ok(),
        unit: r.try_get("unit")?,
        price_year: Some(r.try_get("price_year")?),
        stakeholder: r.try_get("stakeholder")?,
        value_type: r.try_get("value_type")?,
        confidence: Some(r.try_get("confidence")?),
        indicative: r.try_get::<i64, _>("indicative")? != 0,
        licence: r.try_get("licence")?,
        source: SourceDraft {
            publication: r.try_get("source_publication")?,
            publisher: r.try_get("source_publisher")?,
            year: Some(r.try_get("source_year")?),
            url: r.try_get("source_url")?,
            note: r.try_get::<Option<String>, _>("source_note")?.unwrap_or_default(),
        },
    };
    let item = validate_item(&draft, None).map_err(|problems| {
        let why: Vec<String> = problems.iter().map(|p| p.message.clone()).collect();
        StoreError::Invalid(format!("stored unit cost {code} not understood: {}", why.join("; ")))
    })?;
    Ok(UnitCostOverride {
        item,
        version: r.try_get("version")?,
        changed_by: r.try_get("changed_by")?,
        changed_by_name: r.try_get("changed_by_name")?,
        changed_at: r.try_get("changed_at")?,
    })
}

/// Binds the item's columns in `ITEM_COLUMNS` order.
fn bind_item<'q>(
    q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    i: &'q UnitCost,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
    q.bind(&i.code)
        .bind(&i.name.nl)
        .bind(&i.name.en)
        // Rust's float text round-trips exactly.
        .bind(i.amount.to_string())
        .bind(i.unit.code())
        .bind(i64::from(i.price_year))
        .bind(i.stakeholder.code())
        .bind(i.value_type.code())
        .bind(i64::from(i.confidence.grade()))
        .bind(flag(i.indicative))
        .bind(&i.licence)
        .bind(&i.source.publication)
        .bind(&i.source.publisher)
        .bind(i64::from(i.source.year))
        .bind(&i.source.url)
        .bind(i.source.note.as_deref())
}

/// `$first, $first+1, …` for `n` parameters.
fn params(first: usize, n: usize) -> String {
    (first..first + n).map(|i| format!("${i}")).collect::<Vec<_>>().join(", ")
}

impl Store {
    /// Every item an administrator saved, by code.
    pub async fn unit_cost_overrides(&self) -> Result<Vec<UnitCostOverride>> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM unit_cost_overrides ORDER BY code"))
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(from_row)
            .collect()
    }

    /// The item with this code as an administrator saved it, if one did.
    pub async fn unit_cost_override(&self, code: &str) -> Result<Option<UnitCostOverride>> {
        sqlx::query(&format!("SELECT {COLUMNS} FROM unit_cost_overrides WHERE code = $1"))
            .bind(code)
            .fetch_optional(self.pool())
            .await?
            .as_ref()
            .map(from_row)
            .transpose()
    }

    /// Saves the whole item if its stored version is still `expected_version` ([`FROM_FILE`] when nobody
    /// saved this code before), with a history row and `audit` (its `resource_id` set to the code) in
    /// the same transaction. Returns the new version; `Conflict` when someone saved in the meantime.
    /// `by` is the user's id and name.
    pub async fn save_unit_cost(&self, item: &UnitCost, expected_version: i64, by: (&str, &str), audit: &AuditDraft) -> Result<i64> {
        let (user_id, user_name) = by;
        let now = self.now();
        let version = expected_version + 1;
        let n = ITEM_COLUMNS.split(", ").count();
        let mut tx = self.pool().begin().await?;
        if expected_version == FROM_FILE {
            let sql = format!("INSERT INTO unit_cost_overrides ({COLUMNS}) VALUES ({})", params(1, n + 4));
            let inserted = bind_item(sqlx::query(&sql), item).bind(version).bind(user_id).bind(user_name).bind(now).execute(&mut *tx).await;
            // Someone else saved this code first: a conflict, like a stale version.
            inserted.map_err(|e| match StoreError::on_unique(e, "unit cost") {
                StoreError::Duplicate(_) => StoreError::Conflict("the unit cost".into()),
                other => other,
            })?;
        } else {
            let sets: Vec<String> = ITEM_COLUMNS.split(", ").skip(1).enumerate().map(|(i, c)| format!("{c} = ${}", i + 2)).collect();
            let sql = format!(
                "UPDATE unit_cost_overrides SET {}, version = ${}, changed_by = ${}, changed_by_name = ${}, changed_at = ${} \
                 WHERE code = $1 AND version = ${}",
                sets.join(", "),
                n + 1,
                n + 2,
                n + 3,
                n + 4,
                n + 5
            );
            let done = bind_item(sqlx::query(&sql), item)
                .bind(version)
                .bind(user_id)
                .bind(user_name)
                .bind(now)
                .bind(expected_version)
                .execute(&mut *tx)
                .await?;
            if done.rows_affected() != 1 {
                return Err(StoreError::Conflict("the unit cost".into()));
            }
        }
        let sql = format!("INSERT INTO unit_cost_changes ({COLUMNS}) VALUES ({})", params(1, n + 4));
        bind_item(sqlx::query(&sql), item).bind(version).bind(user_id).bind(user_name).bind(now).execute(&mut *tx).await?;
        let mut audit = audit.clone();
        audit.resource_id = Some(item.code.clone());
        self.append_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(version)
    }

    /// The saves, newest first: of one code, or of all. At most `limit`.
    pub async fn unit_cost_history(&self, code: Option<&str>, limit: i64) -> Result<Vec<UnitCostChange>> {
        let rows = match code {
            Some(code) => {
                sqlx::query(&format!("SELECT {COLUMNS} FROM unit_cost_changes WHERE code = $1 ORDER BY version DESC LIMIT $2"))
                    .bind(code)
                    .bind(limit)
                    .fetch_all(self.pool())
                    .await?
            }
            None => {
                sqlx::query(&format!("SELECT {COLUMNS} FROM unit_cost_changes ORDER BY changed_at DESC, code, version DESC LIMIT $1"))
                    .bind(limit)
                    .fetch_all(self.pool())
                    .await?
            }
        };
        rows.iter().map(from_row).collect()
    }
}
