//! The social map in the database. Parsing and the rules of a valid map are the domain's
//! (`domain::social_map`); here an import is one transaction with its audit record, and services are
//! read back into the domain's types.
//!
//! Each record is stored whole as its JSON (the domain's serde shape) beside the columns it is looked
//! up by; a service's PC4 ranges and taxonomy terms are also rows of their own for searching.

use crate::{Result, Store, StoreError};
use eenplan_domain::audit::AuditDraft;
use eenplan_domain::social_map::{Dataset, Location, Organization, Service, ServiceAtLocation, validate};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::{Any, Transaction};

/// What an import stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportSummary {
    pub organizations: usize,
    pub services: usize,
    pub locations: usize,
    pub service_at_locations: usize,
    /// Organisations that were already stored (their listing was replaced).
    pub replaced_organizations: usize,
}

fn bad(what: &str) -> StoreError {
    StoreError::Invalid(format!("stored social map {what} not understood"))
}

fn to_record<T: Serialize>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Invalid(format!("social map record cannot be written: {e}")))
}

fn from_record<T: DeserializeOwned>(what: &str, text: &str) -> Result<T> {
    serde_json::from_str(text).map_err(|_| bad(what))
}

fn records<T: DeserializeOwned>(what: &str, rows: Vec<(String,)>) -> Result<Vec<T>> {
    rows.into_iter().map(|(r,)| from_record(what, &r)).collect()
}

async fn exec(tx: &mut Transaction<'static, Any>, sql: &str, id: &str) -> Result<()> {
    sqlx::query(sql).bind(id).execute(&mut **tx).await?;
    Ok(())
}

/// Removes a stored service with its search rows and its places (before it is written again).
async fn delete_service(tx: &mut Transaction<'static, Any>, id: &str) -> Result<()> {
    exec(tx, "DELETE FROM sm_service_taxonomy WHERE service_id = $1", id).await?;
    exec(tx, "DELETE FROM sm_service_areas WHERE service_id = $1", id).await?;
    exec(tx, "DELETE FROM sm_service_at_locations WHERE service_id = $1", id).await?;
    exec(tx, "DELETE FROM sm_services WHERE id = $1", id).await
}

impl Store {
    /// Stores a social map in one transaction with its audit record, all or nothing. The dataset is
    /// validated first (the domain's rules). Records are upserted by id; an organisation in the file
    /// has its listing replaced as a whole: its stored services, locations and their places are removed
    /// before the file's are written. Organisations not in the file are left as they are.
    pub async fn import_social_map(&self, dataset: &Dataset, audit: &AuditDraft) -> Result<ImportSummary> {
        if let Err(errors) = validate(dataset) {
            let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
            return Err(StoreError::Invalid(lines.join("\n")));
        }
        let now = self.now();
        let mut tx = self.pool().begin().await?;
        let mut summary = ImportSummary {
            organizations: dataset.organizations.len(),
            services: dataset.services.len(),
            locations: dataset.locations.len(),
            service_at_locations: dataset.service_at_locations.len(),
            replaced_organizations: 0,
        };
        for o in &dataset.organizations {
            let known: Option<(String,)> =
                sqlx::query_as("SELECT id FROM sm_organizations WHERE id = $1").bind(&o.id).fetch_optional(&mut *tx).await?;
            if known.is_some() {
                summary.replaced_organizations += 1;
            }
            let of_services = "SELECT id FROM sm_services WHERE organization_id = $1";
            let of_locations = "SELECT id FROM sm_locations WHERE organization_id = $1";
            exec(&mut tx, &format!("DELETE FROM sm_service_taxonomy WHERE service_id IN ({of_services})"), &o.id).await?;
            exec(&mut tx, &format!("DELETE FROM sm_service_areas WHERE service_id IN ({of_services})"), &o.id).await?;
            exec(
                &mut tx,
                &format!("DELETE FROM sm_service_at_locations WHERE service_id IN ({of_services}) OR location_id IN ({of_locations})"),
                &o.id,
            )
            .await?;
            exec(&mut tx, "DELETE FROM sm_services WHERE organization_id = $1", &o.id).await?;
            exec(&mut tx, "DELETE FROM sm_locations WHERE organization_id = $1", &o.id).await?;
        }
        for (i, o) in dataset.organizations.iter().enumerate() {
            sqlx::query(
                "INSERT INTO sm_organizations (id, name, record, position, updated_at) VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, record = excluded.record, position = excluded.position,
                 updated_at = excluded.updated_at",
            )
            .bind(&o.id)
            .bind(&o.name)
            .bind(to_record(o)?)
            .bind(i as i64)
            .bind(now)
            .execute(&mut *tx)
            .await?;
        }
        for (i, s) in dataset.services.iter().enumerate() {
            // A service (or location) may have moved here from an organisation not in this file.
            delete_service(&mut tx, &s.id).await?;
            sqlx::query("INSERT INTO sm_services (id, organization_id, name, status, record, position) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(&s.id)
                .bind(&s.organization_id)
                .bind(&s.name)
                .bind(s.status.code())
                .bind(to_record(s)?)
                .bind(i as i64)
                .execute(&mut *tx)
                .await?;
            for range in s.service_areas.iter().flat_map(|a| a.0.iter()) {
                sqlx::query("INSERT INTO sm_service_areas (service_id, pc4_from, pc4_to) VALUES ($1, $2, $3)")
                    .bind(&s.id)
                    .bind(i64::from(range.from))
                    .bind(i64::from(range.to))
                    .execute(&mut *tx)
                    .await?;
            }
            let mut codes: Vec<String> = s.taxonomy.iter().map(ToString::to_string).collect();
            codes.sort();
            codes.dedup();
            for code in codes {
                sqlx::query("INSERT INTO sm_service_taxonomy (service_id, code) VALUES ($1, $2)")
                    .bind(&s.id)
                    .bind(code)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        for (i, l) in dataset.locations.iter().enumerate() {
            exec(&mut tx, "DELETE FROM sm_service_at_locations WHERE location_id = $1", &l.id).await?;
            exec(&mut tx, "DELETE FROM sm_locations WHERE id = $1", &l.id).await?;
            sqlx::query("INSERT INTO sm_locations (id, organization_id, record, position) VALUES ($1, $2, $3, $4)")
                .bind(&l.id)
                .bind(&l.organization_id)
                .bind(to_record(l)?)
                .bind(i as i64)
                .execute(&mut *tx)
                .await?;
        }
        for (i, sl) in dataset.service_at_locations.iter().enumerate() {
            exec(&mut tx, "DELETE FROM sm_service_at_locations WHERE id = $1", &sl.id).await?;
            sqlx::query("INSERT INTO sm_service_at_locations (id, service_id, location_id, position) VALUES ($1, $2, $3, $4)")
                .bind(&sl.id)
                .bind(&sl.service_id)
                .bind(&sl.location_id)
                .bind(i as i64)
                .execute(&mut *tx)
                .await?;
        }
        self.append_audit(&mut tx, audit).await?;
        tx.commit().await?;
        Ok(summary)
    }

    /// One service by id.
    pub async fn service(&self, id: &str) -> Result<Option<Service>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT record FROM sm_services WHERE id = $1").bind(id).fetch_optional(self.pool()).await?;
        row.map(|(r,)| from_record("service", &r)).transpose()
    }

    /// The services of one organisation, in file order.
    pub async fn services_of(&self, organization_id: &str) -> Result<Vec<Service>> {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT record FROM sm_services WHERE organization_id = $1 ORDER BY position, id")
            .bind(organization_id)
            .fetch_all(self.pool())
            .await?;
        records("service", rows)
    }

    /// Active services open to a PC4 area (a service without an area is open to every postcode) and
    /// carrying a taxonomy term (`domain:finances`), each when given; by name, at most `limit`.
    pub async fn services_for(&self, pc4: Option<u16>, taxonomy: Option<&str>, limit: u32) -> Result<Vec<Service>> {
        // Only the parameters that are present are bound (no NULL-or-value parameters: sqlx's Any driver
        // on PostgreSQL does not take a NULL first and a value later in one prepared statement).
        let mut sql = String::from("SELECT s.record FROM sm_services s WHERE s.status = 'active'");
        let mut n = 0;
        if pc4.is_some() {
            n += 1;
            sql.push_str(&format!(
                " AND (NOT EXISTS (SELECT 1 FROM sm_service_areas a WHERE a.service_id = s.id)
                   OR EXISTS (SELECT 1 FROM sm_service_areas a WHERE a.service_id = s.id AND a.pc4_from <= ${n} AND a.pc4_to >= ${n}))"
            ));
        }
        if taxonomy.is_some() {
            n += 1;
            sql.push_str(&format!(" AND EXISTS (SELECT 1 FROM sm_service_taxonomy t WHERE t.service_id = s.id AND t.code = ${n})"));
        }
        n += 1;
        sql.push_str(&format!(" ORDER BY s.name, s.id LIMIT ${n}"));
        let mut query = sqlx::query_as::<_, (String,)>(&sql);
        if let Some(pc4) = pc4 {
            query = query.bind(i64::from(pc4));
        }
        if let Some(code) = taxonomy {
            query = query.bind(code.trim().to_string());
        }
        let rows = query.bind(i64::from(limit)).fetch_all(self.pool()).await?;
        records("service", rows)
    }

    /// The whole stored social map, in file order (organisations imported together keep their order).
    pub async fn export_social_map(&self) -> Result<Dataset> {
        let pool = self.pool();
        let orgs: Vec<(String,)> = sqlx::query_as("SELECT record FROM sm_organizations ORDER BY position, id").fetch_all(pool).await?;
        let services: Vec<(String,)> = sqlx::query_as("SELECT record FROM sm_services ORDER BY position, id").fetch_all(pool).await?;
        let locations: Vec<(String,)> = sqlx::query_as("SELECT record FROM sm_locations ORDER BY position, id").fetch_all(pool).await?;
        let places: Vec<(String, String, String)> =
            sqlx::query_as("SELECT id, service_id, location_id FROM sm_service_at_locations ORDER BY position, id").fetch_all(pool).await?;
        Ok(Dataset {
            organizations: records::<Organization>("organisation", orgs)?,
            services: records::<Service>("service", services)?,
            locations: records::<Location>("location", locations)?,
            service_at_locations: places
                .into_iter()
                .map(|(id, service_id, location_id)| ServiceAtLocation { id, service_id, location_id })
                .collect(),
        })
    }
}
