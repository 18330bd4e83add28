//! Browsers seen by a tenant's device tag: one row per (tenant, device token) with the latest
//! signals and whether automation was ever seen; and the tenant's publishable tag key.
//!
//! Scoring reads [`facts`]; the tag's endpoint writes through [`record_sighting`].

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, Nullable, Text, Uuid as SqlUuid};
use diesel::upsert::excluded;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use uuid::Uuid;

use crate::StoreError;
use crate::schema::{device_tag_keys, devices};

/// A tenant's publishable key: what the embedded script sends to say whose page it is on.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = device_tag_keys)]
pub struct DeviceTagKey {
    pub tenant_id: Uuid,
    pub key: String,
    pub created_at: DateTime<Utc>,
}

/// Everything stored about one device.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = devices)]
pub struct Device {
    pub tenant_id: Uuid,
    pub device_id: String,
    pub first_seen_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub sightings: i64,
    pub user_agent: Option<String>,
    pub languages: Vec<String>,
    pub timezone: Option<String>,
    pub screen: Option<String>,
    pub hardware_concurrency: Option<i16>,
    pub max_touch_points: Option<i16>,
    pub automation: bool,
    pub automation_hints: Vec<String>,
}

/// One report from the tag, already checked and bounded by the caller.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = devices)]
pub struct NewSighting {
    pub tenant_id: Uuid,
    pub device_id: String,
    pub user_agent: Option<String>,
    pub languages: Vec<String>,
    pub timezone: Option<String>,
    pub screen: Option<String>,
    pub hardware_concurrency: Option<i16>,
    pub max_touch_points: Option<i16>,
    pub automation: bool,
    pub automation_hints: Vec<String>,
}

/// What order and login scoring need to know about a device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceFacts {
    pub first_seen_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// How many times the tag reported this device (including the first).
    pub sightings: i64,
    /// Whether any sighting showed browser automation or a headless browser.
    pub automation: bool,
    /// Every automation hint seen, sorted (e.g. `webdriver`, `headless_user_agent`).
    pub automation_hints: Vec<String>,
    /// The IANA time zone of the latest sighting, e.g. `Asia/Tokyo`.
    pub timezone: Option<String>,
    /// The browser's languages at the latest sighting, most preferred first.
    pub languages: Vec<String>,
}

impl From<Device> for DeviceFacts {
    fn from(device: Device) -> Self {
        Self {
            first_seen_at: device.first_seen_at,
            last_seen_at: device.last_seen_at,
            sightings: device.sightings,
            automation: device.automation,
            automation_hints: device.automation_hints,
            timezone: device.timezone,
            languages: device.languages,
        }
    }
}

/// The facts about `device_id` as the tenant's tag saw it; `None` when the tag never reported
/// it (a merchant's own id, a forged or another tenant's token). Call inside the tenant's
/// transaction.
pub async fn facts<C: crate::Db>(
    conn: &mut C,
    tenant_id: Uuid,
    device_id: &str,
) -> Result<Option<DeviceFacts>, StoreError> {
    Ok(find(conn, tenant_id, device_id)
        .await?
        .map(DeviceFacts::from))
}

/// The whole row, for the tenant's own API.
pub async fn find<C: crate::Db>(
    conn: &mut C,
    tenant_id: Uuid,
    device_id: &str,
) -> Result<Option<Device>, StoreError> {
    Ok(devices::table
        .find((tenant_id, device_id))
        .select(Device::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// Records one sighting: the first creates the device; later ones count it, keep the latest
/// signals and add to (never clear) the automation flag and hints.
pub async fn record_sighting(
    conn: &mut AsyncPgConnection,
    sighting: &NewSighting,
) -> Result<Device, StoreError> {
    Ok(diesel::insert_into(devices::table)
        .values(sighting)
        .on_conflict((devices::tenant_id, devices::device_id))
        .do_update()
        .set((
            devices::last_seen_at.eq(diesel::dsl::now),
            devices::sightings.eq(devices::sightings + 1),
            devices::user_agent.eq(excluded(devices::user_agent)),
            devices::languages.eq(excluded(devices::languages)),
            devices::timezone.eq(excluded(devices::timezone)),
            devices::screen.eq(excluded(devices::screen)),
            devices::hardware_concurrency.eq(excluded(devices::hardware_concurrency)),
            devices::max_touch_points.eq(excluded(devices::max_touch_points)),
            devices::automation.eq(devices::automation.or(excluded(devices::automation))),
            devices::automation_hints.eq(diesel::dsl::sql::<Array<Text>>(
                "ARRAY(SELECT DISTINCT hint FROM unnest(devices.automation_hints \
                 || excluded.automation_hints) AS hint ORDER BY hint)",
            )),
        ))
        .returning(Device::as_returning())
        .get_result(conn)
        .await?)
}

/// The tenant's tag key, if it has one yet.
pub async fn tag_key(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
) -> Result<Option<DeviceTagKey>, StoreError> {
    Ok(device_tag_keys::table
        .find(tenant_id)
        .select(DeviceTagKey::as_select())
        .first(conn)
        .await
        .optional()?)
}

/// Gives the tenant `key` unless it has a key already; returns the tenant's key either way and
/// whether it is the new one.
pub async fn create_tag_key(
    conn: &mut AsyncPgConnection,
    tenant_id: Uuid,
    key: &str,
) -> Result<(DeviceTagKey, bool), StoreError> {
    let inserted = diesel::insert_into(device_tag_keys::table)
        .values((
            device_tag_keys::tenant_id.eq(tenant_id),
            device_tag_keys::key.eq(key),
        ))
        .on_conflict(device_tag_keys::tenant_id)
        .do_nothing()
        .returning(DeviceTagKey::as_returning())
        .get_result(conn)
        .await
        .optional()?;
    match inserted {
        Some(created) => Ok((created, true)),
        None => tag_key(conn, tenant_id)
            .await?
            .map(|existing| (existing, false))
            .ok_or(StoreError::NotFound),
    }
}

#[derive(QueryableByName)]
struct TagTenant {
    #[diesel(sql_type = Nullable<SqlUuid>)]
    tenant_id: Option<Uuid>,
}

/// Whose tag key this is, for any tenant, in one round trip (see `sekisho_device_tag_tenant` in
/// the migrations). Needs no tenant set.
pub async fn tenant_for_tag_key(
    conn: &mut AsyncPgConnection,
    key: &str,
) -> Result<Option<Uuid>, StoreError> {
    let row: TagTenant = diesel::sql_query("SELECT sekisho_device_tag_tenant($1) AS tenant_id")
        .bind::<Text, _>(key)
        .get_result(conn)
        .await?;
    Ok(row.tenant_id)
}
