//! What the platform's reference lists say about an IP, a card BIN or an address, cached: every
//! scored order, login and payment attempt asks, the lists change only when an admin imports
//! one, and the busy values (an office's IP, a popular BIN, a forwarder's address) repeat. The
//! lists' tables notify `reference_lists` on every change (migration
//! `2026-12-02-940002_reference_cache_notify`), which clears these caches in every process.

use std::sync::Arc;
use std::time::Duration;

use moka::future::Cache;
use sekisho_store::Db;
use sekisho_store::reference::{self, BinFacts, IpFacts};

use super::Caches;
use crate::ServiceError;

/// An order's address identifiers, as (kind, fingerprint) pairs, in the order asked.
type AddressKey = Vec<(String, Vec<u8>)>;

pub(super) struct ReferenceCaches {
    ips: Cache<String, IpFacts>,
    bins: Cache<String, Option<BinFacts>>,
    addresses: Cache<AddressKey, Arc<[String]>>,
}

impl ReferenceCaches {
    pub(super) fn new(capacity: u64, ttl: Duration) -> Self {
        Self {
            ips: Cache::builder()
                .max_capacity(capacity)
                .time_to_live(ttl)
                .build(),
            bins: Cache::builder()
                .max_capacity(capacity)
                .time_to_live(ttl)
                .build(),
            addresses: Cache::builder()
                .max_capacity(capacity)
                .time_to_live(ttl)
                .build(),
        }
    }

    pub(super) fn clear(&self) {
        self.ips.invalidate_all();
        self.bins.invalidate_all();
        self.addresses.invalidate_all();
    }
}

impl Caches {
    /// The reputation tags and country of `ip` (canonical text form).
    pub async fn ip_facts<C: Db>(&self, conn: &mut C, ip: &str) -> Result<IpFacts, ServiceError> {
        if self.is_listening()
            && let Some(found) = self.reference.ips.get(ip).await
        {
            return Ok(found);
        }
        let generation = self.generation();
        let found = reference::ip_facts(conn, ip).await?;
        if self.unchanged_since(generation) {
            self.reference
                .ips
                .insert(ip.to_owned(), found.clone())
                .await;
            if !self.unchanged_since(generation) {
                self.reference.ips.invalidate(ip).await;
            }
        }
        Ok(found)
    }

    /// What the BIN list says about a card (`bin`: its first 6 to 8 digits).
    pub async fn bin_facts<C: Db>(
        &self,
        conn: &mut C,
        bin: &str,
    ) -> Result<Option<BinFacts>, ServiceError> {
        if self.is_listening()
            && let Some(found) = self.reference.bins.get(bin).await
        {
            return Ok(found);
        }
        let generation = self.generation();
        let found = reference::bin_facts(conn, bin).await?;
        if self.unchanged_since(generation) {
            self.reference
                .bins
                .insert(bin.to_owned(), found.clone())
                .await;
            if !self.unchanged_since(generation) {
                self.reference.bins.invalidate(bin).await;
            }
        }
        Ok(found)
    }

    /// Which reference address lists hold these address fingerprints (`kinds[i]` with
    /// `fingerprints[i]`).
    pub async fn address_lists<C: Db>(
        &self,
        conn: &mut C,
        kinds: &[&str],
        fingerprints: &[&[u8]],
    ) -> Result<Vec<String>, ServiceError> {
        let key: AddressKey = kinds
            .iter()
            .zip(fingerprints)
            .map(|(kind, fingerprint)| ((*kind).to_owned(), fingerprint.to_vec()))
            .collect();
        if self.is_listening()
            && let Some(found) = self.reference.addresses.get(&key).await
        {
            return Ok(found.to_vec());
        }
        let generation = self.generation();
        let found = reference::address_lists(conn, kinds, fingerprints).await?;
        if self.unchanged_since(generation) {
            self.reference
                .addresses
                .insert(key.clone(), found.clone().into())
                .await;
            if !self.unchanged_since(generation) {
                self.reference.addresses.invalidate(&key).await;
            }
        }
        Ok(found)
    }
}
