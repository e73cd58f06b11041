//! Patterns in the database: the bottleneck taxonomy (the shipped list and an admin's additions and
//! edits), the bottlenecks tagged in household files, the counts the policy meeting sees (per
//! bottleneck, team and month; no household), the de-identified texts a worker chose to share, and
//! the structural improvements agreed for a bottleneck. The rules are the domain's
//! (`domain::patterns`); here each change is one transaction with its audit record, guarded by the
//! row's version.

use crate::{Result, Store, StoreError, flag, new_id};
use eenplan_domain::audit::AuditDraft;
use eenplan_domain::household::{format_date, parse_date};
use eenplan_domain::instrument::Text;
use eenplan_domain::patterns::improvement::{ImprovementStatus, MonthCount, can_move};
use eenplan_domain::patterns::taxonomy::{Bottleneck, BottleneckKind};
use sqlx::Row;
use sqlx::any::AnyRow;
use std::collections::BTreeMap;
use time::Date;

/// What a tag is about: the household itself or one thing in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TagSubject {
    Household,
    Goal,
    Referral,
    ExceptionRequest,
}

impl TagSubject {
    pub const ALL: &'static [TagSubject] = &[TagSubject::Household, TagSubject::Goal, TagSubject::Referral, TagSubject::ExceptionRequest];

    pub fn code(self) -> &'static str {
        match self {
            TagSubject::Household => "household",
            TagSubject::Goal => "goal",
            TagSubject::Referral => "referral",
            TagSubject::ExceptionRequest => "exception_request",
        }
    }

    pub fn parse(s: &str) -> Option<TagSubject> {
        TagSubject::ALL.iter().copied().find(|t| t.code() == s)
    }
}

/// A bottleneck as stored: from the shipped file or an admin's, and whether it was retired (no new
/// tags; the old ones keep counting).
#[derive(Debug, Clone, PartialEq)]
pub struct StoredBottleneck {
    pub bottleneck: Bottleneck,
    pub shipped: bool,
    pub retired: bool,
    pub version: i64,
}

/// A bottleneck a worker tags in a household file.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTag {
    pub household_id: String,
    pub subject: TagSubject,
    /// `None` for the household itself, the goal's, referral's or request's id otherwise.
    pub subject_id: Option<String>,
    pub bottleneck_code: String,
    /// The organisation involved, as typed or chosen (may be empty).
    pub organisation: String,
    /// What happened: private, it stays in the household file.
    pub description: String,
    pub tagged_on: Date,
    pub by_user: String,
    pub by_name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tag {
    pub id: String,
    pub household_id: String,
    /// The household's lead team when it was tagged.
    pub team_id: Option<String>,
    pub subject: TagSubject,
    pub subject_id: Option<String>,
    pub bottleneck_code: String,
    pub organisation: String,
    pub description: String,
    /// The de-identified text the worker confirmed for the policy meeting; `None`: not shared.
    pub shared_text: Option<String>,
    pub tagged_on: Date,
    pub by_name: String,
    pub version: i64,
}

/// The number of tags of one bottleneck by one team in one month ('YYYY-MM').
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatternCount {
    pub bottleneck_code: String,
    pub team_id: Option<String>,
    pub month: String,
    pub count: u32,
}

/// A shared (de-identified, confirmed) example text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedText {
    pub bottleneck_code: String,
    pub month: String,
    pub organisation: String,
    pub text: String,
}

/// A structural improvement agreed for a bottleneck.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Improvement {
    pub id: String,
    pub bottleneck_code: String,
    pub owner_organisation: String,
    pub agreed: String,
    pub status: ImprovementStatus,
    /// When it took effect (the before/after comparison leaves this month out).
    pub since: Date,
    pub by_name: String,
    pub version: i64,
}

fn bad(what: &str) -> StoreError {
    StoreError::Invalid(format!("stored pattern {what} not understood"))
}

fn date(s: &str) -> Result<Date> {
    parse_date(s).map_err(|_| bad("date"))
}

/// 'YYYY-MM' of a date.
fn month_of(d: Date) -> String {
    format_date(d)[..7].to_string()
}

/// Refuses anything but 'YYYY-MM' (the range is compared as text).
fn check_month(m: &str) -> Result<()> {
    let b = m.as_bytes();
    let ok = b.len() == 7
        && b[4] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || c.is_ascii_digit())
        && (1..=12).contains(&m[5..].parse::<u8>().unwrap_or(0));
    if ok { Ok(()) } else { Err(StoreError::Invalid(format!("month '{m}': use YYYY-MM"))) }
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn with_resource(audit: &AuditDraft, id: &str) -> AuditDraft {
    let mut audit = audit.clone();
    audit.resource_id = Some(id.to_string());
    audit
}

const BOTTLENECK_COLUMNS: &str = "code, kind, name_nl, name_en, description_nl, description_en, shipped, retired, version";

fn bottleneck_from_row(r: &AnyRow) -> Result<StoredBottleneck> {
    let kind: String = r.try_get("kind")?;
    Ok(StoredBottleneck {
        bottleneck: Bottleneck {
            code: r.try_get("code")?,
            kind: BottleneckKind::parse(&kind).map_err(|_| bad("bottleneck kind"))?,
            name: Text { nl: r.try_get("name_nl")?, en: r.try_get("name_en")? },
            description: Text { nl: r.try_get("description_nl")?, en: r.try_get("description_en")? },
        },
        shipped: r.try_get::<i64, _>("shipped")? != 0,
        retired: r.try_get::<i64, _>("retired")? != 0,
        version: r.try_get("version")?,
    })
}

const TAG_COLUMNS: &str = "id, household_id, team_id, subject_kind, subject_id, bottleneck_code, organisation, description, shared_text, \
     tagged_on, created_by_name, version";

fn tag_from_row(r: &AnyRow) -> Result<Tag> {
    let subject: String = r.try_get("subject_kind")?;
    let tagged_on: String = r.try_get("tagged_on")?;
    Ok(Tag {
        id: r.try_get("id")?,
        household_id: r.try_get("household_id")?,
        team_id: r.try_get("team_id")?,
        subject: TagSubject::parse(&subject).ok_or_else(|| bad("tag subject"))?,
        subject_id: r.try_get("subject_id")?,
        bottleneck_code: r.try_get("bottleneck_code")?,
        organisation: r.try_get("organisation")?,
        description: r.try_get("description")?,
        shared_text: r.try_get("shared_text")?,
        tagged_on: date(&tagged_on)?,
        by_name: r.try_get("created_by_name")?,
        version: r.try_get("version")?,
    })
}

const IMPROVEMENT_COLUMNS: &str = "id, bottleneck_code, owner_organisation, agreed, status, since, created_by_name, version";

fn improvement_from_row(r: &AnyRow) -> Result<Improvement> {
    let status: String = r.try_get("status")?;
    let since: String = r.try_get("since")?;
    Ok(Improvement {
        id: r.try_get("id")?,
        bottleneck_code: r.try_get("bottleneck_code")?,
        owner_organisation: r.try_get("owner_organisation")?,
        agreed: r.try_get("agreed")?,
        status: ImprovementStatus::parse(&status).map_err(|_| bad("improvement status"))?,
        since: date(&since)?,
        by_name: r.try_get("created_by_name")?,
        version: r.try_get("version")?,
    })
}

/// Inserts a bottleneck unless its code is stored already; whether it was inserted.
async fn insert_bottleneck(tx: &mut sqlx::Transaction<'static, sqlx::Any>, b: &Bottleneck, shipped: bool, now: i64) -> Result<bool> {
    let done = sqlx::query(&format!(
        "INSERT INTO bottlenecks ({BOTTLENECK_COLUMNS}, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 1, $8)
         ON CONFLICT (code) DO NOTHING"
    ))
    .bind(&b.code)
    .bind(b.kind.code())
    .bind(&b.name.nl)
    .bind(&b.name.en)
    .bind(&b.description.nl)
    .bind(&b.description.en)
    .bind(flag(shipped))
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

impl Store {
    /// Adds the shipped bottlenecks whose code is not stored yet (an admin's edit of a shipped one is
    /// never overwritten); returns how many were added. Running it again adds nothing.
    pub async fn sync_shipped_bottlenecks(&self, list: &[Bottleneck]) -> Result<usize> {
        let now = self.now();
        let mut tx = self.pool().begin().await?;
        let mut added = 0;
        for b in list {
            added += usize::from(insert_bottleneck(&mut tx, b, true, now).await?);
        }
        tx.commit().await?;
        Ok(added)
    }

    /// Every bottleneck, retired ones included, by kind (in the domain's order: rule, process, gap,
    /// financial trap) and then code.
    pub async fn bottlenecks(&self) -> Result<Vec<StoredBottleneck>> {
        let mut list = sqlx::query(&format!("SELECT {BOTTLENECK_COLUMNS} FROM bottlenecks"))
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(bottleneck_from_row)
            .collect::<Result<Vec<_>>>()?;
        list.sort_by(|a, b| (a.bottleneck.kind, &a.bottleneck.code).cmp(&(b.bottleneck.kind, &b.bottleneck.code)));
        Ok(list)
    }

    pub async fn bottleneck(&self, code: &str) -> Result<Option<StoredBottleneck>> {
        sqlx::query(&format!("SELECT {BOTTLENECK_COLUMNS} FROM bottlenecks WHERE code = $1"))
            .bind(code)
            .fetch_optional(self.pool())
            .await?
            .as_ref()
            .map(bottleneck_from_row)
            .transpose()
    }

    /// An admin's new bottleneck; a code already stored (retired or not) is a conflict.
    pub async fn add_bottleneck(&self, b: &Bottleneck, audit: &AuditDraft) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        if !insert_bottleneck(&mut tx, b, false, self.now()).await? {
            return Err(StoreError::Conflict(format!("bottleneck {}", b.code)));
        }
        self.append_audit(&mut tx, &with_resource(audit, &b.code)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes the bottleneck with `b.code` (its kind, names and descriptions) and retires or restores
    /// it, if its version is still `expected_version`.
    pub async fn update_bottleneck(&self, b: &Bottleneck, expected_version: i64, retired: bool, audit: &AuditDraft) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE bottlenecks SET kind = $1, name_nl = $2, name_en = $3, description_nl = $4, description_en = $5, retired = $6,
               version = version + 1, updated_at = $7
             WHERE code = $8 AND version = $9",
        )
        .bind(b.kind.code())
        .bind(&b.name.nl)
        .bind(&b.name.en)
        .bind(&b.description.nl)
        .bind(&b.description.en)
        .bind(flag(retired))
        .bind(self.now())
        .bind(&b.code)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            let exists: Option<(String,)> =
                sqlx::query_as("SELECT code FROM bottlenecks WHERE code = $1").bind(&b.code).fetch_optional(&mut *tx).await?;
            return Err(match exists {
                Some(_) => StoreError::Conflict(format!("bottleneck {}", b.code)),
                None => StoreError::NotFound(format!("bottleneck {}", b.code)),
            });
        }
        self.append_audit(&mut tx, &with_resource(audit, &b.code)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Tags a bottleneck in a household file, with the household's lead team of this moment. The
    /// bottleneck must exist and not be retired; a goal, referral or request needs its id, the
    /// household itself has none.
    pub async fn add_tag(&self, t: &NewTag, audit: &AuditDraft) -> Result<String> {
        if (t.subject == TagSubject::Household) != t.subject_id.is_none() {
            return Err(StoreError::Invalid(format!(
                "a tag on a {} needs {}",
                t.subject.code(),
                match t.subject {
                    TagSubject::Household => "no subject id",
                    _ => "the subject's id",
                }
            )));
        }
        let id = new_id();
        let now = self.now();
        let mut tx = self.pool().begin().await?;
        let team: Option<(Option<String>,)> =
            sqlx::query_as("SELECT lead_team_id FROM households WHERE id = $1").bind(&t.household_id).fetch_optional(&mut *tx).await?;
        let Some((team_id,)) = team else {
            return Err(StoreError::NotFound(format!("household {}", t.household_id)));
        };
        let retired: Option<(i64,)> =
            sqlx::query_as("SELECT retired FROM bottlenecks WHERE code = $1").bind(&t.bottleneck_code).fetch_optional(&mut *tx).await?;
        match retired {
            None => return Err(StoreError::Invalid(format!("unknown bottleneck {}", t.bottleneck_code))),
            Some((r,)) if r != 0 => return Err(StoreError::Invalid(format!("bottleneck {} is retired", t.bottleneck_code))),
            Some(_) => {}
        }
        sqlx::query(
            "INSERT INTO bottleneck_tags (id, household_id, team_id, subject_kind, subject_id, bottleneck_code, organisation, description,
               month, tagged_on, created_by, created_by_name, created_at, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 1)",
        )
        .bind(&id)
        .bind(&t.household_id)
        .bind(team_id.as_deref())
        .bind(t.subject.code())
        .bind(t.subject_id.as_deref())
        .bind(&t.bottleneck_code)
        .bind(t.organisation.trim())
        .bind(&t.description)
        .bind(month_of(t.tagged_on))
        .bind(format_date(t.tagged_on))
        .bind(&t.by_user)
        .bind(&t.by_name)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        self.append_audit(&mut tx, &with_resource(audit, &id)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The household's tags, newest first.
    pub async fn tags_of_household(&self, household_id: &str) -> Result<Vec<Tag>> {
        sqlx::query(&format!("SELECT {TAG_COLUMNS} FROM bottleneck_tags WHERE household_id = $1 ORDER BY created_at DESC, id DESC"))
            .bind(household_id)
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(tag_from_row)
            .collect()
    }

    pub async fn tag(&self, id: &str) -> Result<Option<Tag>> {
        sqlx::query(&format!("SELECT {TAG_COLUMNS} FROM bottleneck_tags WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?
            .as_ref()
            .map(tag_from_row)
            .transpose()
    }

    /// Removes a tag, if its version is still `expected_version`.
    pub async fn remove_tag(&self, id: &str, expected_version: i64, audit: &AuditDraft) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query("DELETE FROM bottleneck_tags WHERE id = $1 AND version = $2")
            .bind(id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() != 1 {
            return Err(self.tag_missing_or_changed(&mut tx, id).await?);
        }
        self.append_audit(&mut tx, &with_resource(audit, id)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Sets the de-identified text the worker confirmed for the policy meeting, or (`None`) withdraws
    /// it, if the tag's version is still `expected_version`. An empty text is refused.
    pub async fn share_tag(&self, id: &str, expected_version: i64, shared_text: Option<&str>, audit: &AuditDraft) -> Result<()> {
        let text = shared_text.map(str::trim);
        if text == Some("") {
            return Err(StoreError::Invalid("the shared text is empty".into()));
        }
        let mut tx = self.pool().begin().await?;
        let done = sqlx::query(
            "UPDATE bottleneck_tags SET shared_text = $1, shared_at = CASE WHEN $1 IS NULL THEN NULL ELSE $2 END, version = version + 1
             WHERE id = $3 AND version = $4",
        )
        .bind(text)
        .bind(self.now())
        .bind(id)
        .bind(expected_version)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(self.tag_missing_or_changed(&mut tx, id).await?);
        }
        self.append_audit(&mut tx, &with_resource(audit, id)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Why a version-guarded change of a tag touched no row.
    async fn tag_missing_or_changed(&self, tx: &mut sqlx::Transaction<'static, sqlx::Any>, id: &str) -> Result<StoreError> {
        let exists: Option<(String,)> =
            sqlx::query_as("SELECT id FROM bottleneck_tags WHERE id = $1").bind(id).fetch_optional(&mut **tx).await?;
        Ok(match exists {
            Some(_) => StoreError::Conflict("the tag".into()),
            None => StoreError::NotFound(format!("tag {id}")),
        })
    }

    /// The number of tags per bottleneck, team and month for the months `from_month` to `to_month`
    /// ('YYYY-MM', both included), in one query that reads the dashboard index only; ordered by
    /// month, bottleneck and team (no team first).
    pub async fn pattern_counts(&self, from_month: &str, to_month: &str) -> Result<Vec<PatternCount>> {
        check_month(from_month)?;
        check_month(to_month)?;
        let rows: Vec<(String, String, Option<String>, i64)> = sqlx::query_as(
            "SELECT month, bottleneck_code, team_id, COUNT(*) FROM bottleneck_tags WHERE month >= $1 AND month <= $2
             GROUP BY month, bottleneck_code, team_id ORDER BY month, bottleneck_code, team_id",
        )
        .bind(from_month)
        .bind(to_month)
        .fetch_all(self.pool())
        .await?;
        let mut list: Vec<PatternCount> = rows
            .into_iter()
            .map(|(month, bottleneck_code, team_id, n)| PatternCount { bottleneck_code, team_id, month, count: count(n) })
            .collect();
        // The backends order a missing team differently; the same order on both.
        list.sort_by(|a, b| (&a.month, &a.bottleneck_code, &a.team_id).cmp(&(&b.month, &b.bottleneck_code, &b.team_id)));
        Ok(list)
    }

    /// (bottleneck, organisation, number of tags) for the months `from_month` to `to_month`, for the
    /// tags that name an organisation; by bottleneck, then most tags first, then organisation.
    pub async fn pattern_organisations(&self, from_month: &str, to_month: &str) -> Result<Vec<(String, String, u32)>> {
        check_month(from_month)?;
        check_month(to_month)?;
        // Grouped per month too, in the order of the index `(month, bottleneck_code, organisation)`, so
        // the database streams the groups instead of sorting every tag of the period; summed here.
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT bottleneck_code, organisation, COUNT(*) FROM bottleneck_tags
             WHERE month >= $1 AND month <= $2 AND organisation <> ''
             GROUP BY month, bottleneck_code, organisation",
        )
        .bind(from_month)
        .bind(to_month)
        .fetch_all(self.pool())
        .await?;
        let mut sums: BTreeMap<(String, String), i64> = BTreeMap::new();
        for (code, organisation, n) in rows {
            *sums.entry((code, organisation)).or_default() += n;
        }
        let mut list: Vec<(String, String, u32)> =
            sums.into_iter().map(|((code, organisation), n)| (code, organisation, count(n))).collect();
        list.sort_by(|a, b| (&a.0, std::cmp::Reverse(a.2), &a.1).cmp(&(&b.0, std::cmp::Reverse(b.2), &b.1)));
        Ok(list)
    }

    /// The texts shared for the months `from_month` to `to_month`, most recently shared first, at most
    /// `limit` (1 to 500).
    pub async fn shared_texts(&self, from_month: &str, to_month: &str, limit: i64) -> Result<Vec<SharedText>> {
        check_month(from_month)?;
        check_month(to_month)?;
        let rows: Vec<(String, String, String, String)> = sqlx::query_as(&format!(
            "SELECT bottleneck_code, month, organisation, shared_text FROM bottleneck_tags
             WHERE month >= $1 AND month <= $2 AND shared_text IS NOT NULL
             ORDER BY shared_at DESC, id DESC LIMIT {}",
            limit.clamp(1, 500)
        ))
        .bind(from_month)
        .bind(to_month)
        .fetch_all(self.pool())
        .await?;
        Ok(rows
            .into_iter()
            .map(|(bottleneck_code, month, organisation, text)| SharedText { bottleneck_code, month, organisation, text })
            .collect())
    }

    /// The number of tags of one bottleneck per month (the first day of the month), oldest first;
    /// months without tags have no row.
    pub async fn bottleneck_months(&self, code: &str) -> Result<Vec<MonthCount>> {
        let rows: Vec<(String, i64)> =
            sqlx::query_as("SELECT month, COUNT(*) FROM bottleneck_tags WHERE bottleneck_code = $1 GROUP BY month ORDER BY month")
                .bind(code)
                .fetch_all(self.pool())
                .await?;
        rows.into_iter().map(|(month, n)| Ok(MonthCount { month: date(&format!("{month}-01"))?, count: count(n) })).collect()
    }

    /// A structural improvement agreed for a bottleneck (retired ones included), status agreed.
    pub async fn add_improvement(
        &self,
        code: &str,
        owner_organisation: &str,
        agreed: &str,
        since: Date,
        by_name: &str,
        audit: &AuditDraft,
    ) -> Result<String> {
        let (owner_organisation, agreed) = (owner_organisation.trim(), agreed.trim());
        if owner_organisation.is_empty() || agreed.is_empty() {
            return Err(StoreError::Invalid("an improvement needs its owner and what was agreed".into()));
        }
        let id = new_id();
        let now = self.now();
        let mut tx = self.pool().begin().await?;
        let known: Option<(String,)> =
            sqlx::query_as("SELECT code FROM bottlenecks WHERE code = $1").bind(code).fetch_optional(&mut *tx).await?;
        if known.is_none() {
            return Err(StoreError::Invalid(format!("unknown bottleneck {code}")));
        }
        sqlx::query(&format!(
            "INSERT INTO improvements ({IMPROVEMENT_COLUMNS}, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8)"
        ))
        .bind(&id)
        .bind(code)
        .bind(owner_organisation)
        .bind(agreed)
        .bind(ImprovementStatus::Agreed.code())
        .bind(format_date(since))
        .bind(by_name)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        self.append_audit(&mut tx, &with_resource(audit, &id)).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Every improvement, newest first.
    pub async fn improvements(&self) -> Result<Vec<Improvement>> {
        sqlx::query(&format!("SELECT {IMPROVEMENT_COLUMNS} FROM improvements ORDER BY created_at DESC, id DESC"))
            .fetch_all(self.pool())
            .await?
            .iter()
            .map(improvement_from_row)
            .collect()
    }

    /// Moves an improvement to `to` by the domain's table, if its version is still `expected_version`.
    pub async fn move_improvement(&self, id: &str, expected_version: i64, to: ImprovementStatus, audit: &AuditDraft) -> Result<()> {
        let mut tx = self.pool().begin().await?;
        let current: Option<(String, i64)> =
            sqlx::query_as("SELECT status, version FROM improvements WHERE id = $1").bind(id).fetch_optional(&mut *tx).await?;
        let Some((from, version)) = current else {
            return Err(StoreError::NotFound(format!("improvement {id}")));
        };
        if version != expected_version {
            return Err(StoreError::Conflict("the improvement".into()));
        }
        let from = ImprovementStatus::parse(&from).map_err(|_| bad("improvement status"))?;
        if !can_move(from, to) {
            return Err(StoreError::Invalid(format!("an improvement cannot move from {} to {}", from.code(), to.code())));
        }
        let done = sqlx::query(
            "UPDATE improvements SET status = $1, version = version + 1, updated_at = $2 WHERE id = $3 AND version = $4 AND status = $5",
        )
        .bind(to.code())
        .bind(self.now())
        .bind(id)
        .bind(expected_version)
        .bind(from.code())
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() != 1 {
            return Err(StoreError::Conflict("the improvement".into()));
        }
        self.append_audit(&mut tx, &with_resource(audit, id)).await?;
        tx.commit().await?;
        Ok(())
    }
}
