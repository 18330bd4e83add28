//! A tenant's fraud reports: what it confirmed, when, for how much. The identifiers themselves
//! are shared only as fingerprints (`consortium`); the report keeps a masked summary.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use sekisho_domain::FraudCategory;
use uuid::Uuid;

use crate::StoreError;
use crate::schema::fraud_reports;
use crate::vocabulary::Checked;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = fraud_reports)]
pub struct FraudReport {
    pub tenant_id: Uuid,
    pub id: Uuid,
    #[diesel(deserialize_as = Checked<FraudCategory>)]
    pub category: FraudCategory,
    pub amount_minor: i64,
    pub currency: String,
    pub occurred_at: DateTime<Utc>,
    pub order_id: Option<String>,
    pub reported_at: DateTime<Utc>,
    pub retracted_at: Option<DateTime<Utc>>,
    pub created_by: String,
    pub source: String,
    pub idempotency_key: Option<String>,
    pub summary: serde_json::Value,
}

#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = fraud_reports)]
pub struct NewFraudReport {
    pub tenant_id: Uuid,
    pub id: Uuid,
    pub category: String,
    pub amount_minor: i64,
    pub currency: String,
    pub occurred_at: DateTime<Utc>,
    pub order_id: Option<String>,
    pub created_by: String,
    pub source: String,
    pub idempotency_key: Option<String>,
    pub summary: serde_json::Value,
}

/// Where a listing page starts: after this (reported_at, id), newest first.
#[derive(Debug, Clone, Copy)]
pub struct Cursor {
    pub reported_at: DateTime<Utc>,
    pub id: Uuid,
}

impl FraudReport {
    /// Inserts the report, or returns `None` when the tenant already has one with the same
    /// idempotency key (the caller then returns that one).
    pub async fn insert(
        conn: &mut AsyncPgConnection,
        new: &NewFraudReport,
    ) -> Result<Option<FraudReport>, StoreError> {
        Ok(diesel::insert_into(fraud_reports::table)
            .values(new)
            .on_conflict((fraud_reports::tenant_id, fraud_reports::idempotency_key))
            .do_nothing()
            .returning(FraudReport::as_returning())
            .get_result(conn)
            .await
            .optional()?)
    }

    pub async fn find_by_idempotency_key(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        key: &str,
    ) -> Result<FraudReport, StoreError> {
        Ok(fraud_reports::table
            .filter(fraud_reports::tenant_id.eq(tenant_id))
            .filter(fraud_reports::idempotency_key.eq(key))
            .select(FraudReport::as_select())
            .first(conn)
            .await?)
    }

    pub async fn find(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        id: Uuid,
    ) -> Result<FraudReport, StoreError> {
        Ok(fraud_reports::table
            .find((tenant_id, id))
            .select(FraudReport::as_select())
            .first(conn)
            .await?)
    }

    /// Newest first, `limit` at most, after `cursor`.
    pub async fn list(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        limit: i64,
        cursor: Option<Cursor>,
        include_retracted: bool,
    ) -> Result<Vec<FraudReport>, StoreError> {
        let mut query = fraud_reports::table
            .filter(fraud_reports::tenant_id.eq(tenant_id))
            .select(FraudReport::as_select())
            .order((fraud_reports::reported_at.desc(), fraud_reports::id.desc()))
            .limit(limit)
            .into_boxed();
        if !include_retracted {
            query = query.filter(fraud_reports::retracted_at.is_null());
        }
        if let Some(cursor) = cursor {
            query = query.filter(
                fraud_reports::reported_at
                    .lt(cursor.reported_at)
                    .or(fraud_reports::reported_at
                        .eq(cursor.reported_at)
                        .and(fraud_reports::id.lt(cursor.id))),
            );
        }
        Ok(query.load(conn).await?)
    }

    /// Marks the report retracted; a second retraction keeps the first time.
    /// Frees a retracted report's Idempotency-Key, so that the same order can be reported again
    /// (a review decision undone, then rejected anew).
    pub async fn release_idempotency_key(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        id: Uuid,
    ) -> Result<(), StoreError> {
        diesel::update(fraud_reports::table.find((tenant_id, id)))
            .filter(fraud_reports::retracted_at.is_not_null())
            .set(fraud_reports::idempotency_key.eq(None::<String>))
            .execute(conn)
            .await?;
        Ok(())
    }

    pub async fn retract(
        conn: &mut AsyncPgConnection,
        tenant_id: Uuid,
        id: Uuid,
    ) -> Result<FraudReport, StoreError> {
        Ok(diesel::update(fraud_reports::table.find((tenant_id, id)))
            .set(fraud_reports::retracted_at.eq(diesel::dsl::sql::<
                diesel::sql_types::Nullable<diesel::sql_types::Timestamptz>,
            >("coalesce(retracted_at, now())")))
            .returning(FraudReport::as_returning())
            .get_result(conn)
            .await?)
    }
}
