//! Reading the reference lists that the import flow fills (`sekisho import`, the admins' upload): IP reputation and country, card BINs,
//! vacant-room and forwarder addresses. Shared by every tenant, written only by the platform.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bytea, Nullable, Text};
use diesel_async::{AsyncPgConnection, RunQueryDsl};

use crate::StoreError;

/// What the lists say about one IP address.
#[derive(Debug, Clone, Default, PartialEq, Eq, QueryableByName)]
pub struct IpFacts {
    /// `tor`, `proxy`, `vpn`, `datacenter` for every range that contains it.
    #[diesel(sql_type = Array<Text>)]
    pub tags: Vec<String>,
    /// ISO alpha-2, when a range of the country list contains it.
    #[diesel(sql_type = Nullable<Text>)]
    pub country: Option<String>,
}

pub async fn ip_facts<C: crate::Db>(conn: &mut C, ip: &str) -> Result<IpFacts, StoreError> {
    Ok(crate::prepared::sql(
        "SELECT coalesce((SELECT array_agg(DISTINCT tag ORDER BY tag) FROM ip_reputation \
                          WHERE range >>= $1::inet), '{}') AS tags, \
                (SELECT c.country FROM (SELECT country, ip_to FROM ip_countries \
                   WHERE ip_from <= $1::inet AND family(ip_from) = family($1::inet) \
                   ORDER BY ip_from DESC LIMIT 1) c WHERE c.ip_to >= $1::inet) AS country",
    )
    .bind::<Text, _>(ip)
    .get_result(conn)
    .await?)
}

/// What the BIN list says about a card.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct BinFacts {
    #[diesel(sql_type = Text)]
    pub brand: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub issuer_country: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    pub card_type: Option<String>,
}

/// The longest listed prefix of `bin` (8, 7 or 6 digits).
pub async fn bin_facts<C: crate::Db>(
    conn: &mut C,
    bin: &str,
) -> Result<Option<BinFacts>, StoreError> {
    Ok(crate::prepared::sql(
        "SELECT brand, issuer_country, card_type FROM card_bins \
         WHERE bin IN (left($1, 8), left($1, 7), left($1, 6)) ORDER BY length(bin) DESC LIMIT 1",
    )
    .bind::<Text, _>(bin)
    .get_result(conn)
    .await
    .optional()?)
}

/// Which reference address lists (`vacant_room`, `forwarder`) hold these address fingerprints
/// (`kinds[i]` with `fingerprints[i]`).
pub async fn address_lists<C: crate::Db>(
    conn: &mut C,
    kinds: &[&str],
    fingerprints: &[&[u8]],
) -> Result<Vec<String>, StoreError> {
    #[derive(QueryableByName)]
    struct Listed {
        #[diesel(sql_type = Text)]
        list: String,
    }
    let listed: Vec<Listed> = crate::prepared::sql(
        // Every list named, so that each probe is one lookup on the full primary key (list,
        // kind, fingerprint) instead of a scan of the 100,000s of reference addresses.
        "SELECT DISTINCT r.list \
         FROM unnest($1::text[], $2::bytea[]) AS a(kind, fingerprint) \
         CROSS JOIN (VALUES ('forwarder'), ('vacant_room')) AS l(list) \
         JOIN reference_addresses r ON r.list = l.list AND r.kind = a.kind \
           AND r.fingerprint = a.fingerprint \
         ORDER BY r.list",
    )
    .bind::<Array<Text>, _>(kinds)
    .bind::<Array<Bytea>, _>(fingerprints)
    .load(conn)
    .await?;
    Ok(listed.into_iter().map(|l| l.list).collect())
}

/// Merges one batch of an imported reference list: `merge` is the list's statement with
/// `{stage}` where the rows go, `$1` the source name, then `params`; the rows are passed as one
/// text array per column (after the line numbers) and unnested in SQL, where PostgreSQL casts
/// them (`::cidr`, `::inet`). Returns the rows it changed. Needs the platform scope.
pub async fn merge_batch(
    conn: &mut AsyncPgConnection,
    merge: &str,
    columns: &[&str],
    source: &str,
    params: &[String],
    lines: Vec<i64>,
    values: Vec<Vec<Option<String>>>,
) -> Result<u64, StoreError> {
    let first = 2 + params.len();
    let mut arrays = vec![format!("${first}::int8[]")];
    arrays.extend((0..columns.len()).map(|i| format!("${}::text[]", first + 1 + i)));
    let stage = format!(
        "unnest({}) AS import_stage (line, {})",
        arrays.join(", "),
        columns.join(", ")
    );
    let mut query = diesel::sql_query(merge.replace("{stage}", &stage))
        .into_boxed::<Pg>()
        .bind::<Text, _>(source.to_owned());
    for param in params {
        query = query.bind::<Text, _>(param.clone());
    }
    query = query.bind::<Array<BigInt>, _>(lines);
    for column in values {
        query = query.bind::<Array<Nullable<Text>>, _>(column);
    }
    Ok(query.execute(conn).await? as u64)
}
