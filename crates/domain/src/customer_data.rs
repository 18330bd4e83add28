//! The tenant's own customer data (name, kana, email, phone, addresses — never the card), kept
//! for that tenant's own reviewers and encrypted at rest under a data key held outside the
//! database (XChaCha20-Poly1305, random 192-bit nonces). A stored blob is bound to its tenant and
//! merchant order id (the associated data), so a blob copied onto another tenant's or another
//! order's row does not open.

use chacha20poly1305::aead::{Aead, Generate, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::identifiers::masked::mask_phone;

/// The first byte of every blob: the format (and, later, which key sealed it).
const FORMAT_V1: u8 = 1;
const NONCE_BYTES: usize = 24;
const ASSOCIATED_LABEL: &[u8] = b"sekisho customer data v1";

/// The data key: 32 bytes, given as 64 hex digits. Never printed. During a rotation it also
/// holds the previous key, which still opens what it sealed (new data is always sealed with the
/// current key) until `sekisho customer-data reseal` has moved everything to the current one.
#[derive(Clone)]
pub struct CustomerDataKey {
    current: XChaCha20Poly1305,
    previous: Option<XChaCha20Poly1305>,
}

/// What re-sealing one blob found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resealed {
    /// Already sealed with the current key: nothing to do.
    Current,
    /// Sealed with the previous key: here it is sealed with the current one.
    Moved(Vec<u8>),
}

impl std::fmt::Debug for CustomerDataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CustomerDataKey(***)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CustomerDataError {
    #[error("the customer data key is 32 bytes written as 64 hex digits")]
    BadKey,
    #[error("the customer data could not be sealed")]
    Seal,
    /// Wrong key, wrong tenant or order, or a damaged blob.
    #[error("the customer data does not open with this key")]
    Open,
}

/// One postal address as the checkout sent it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CustomerAddress {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postal_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locality: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line2: Option<String>,
    /// The addressee, when the address names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

/// The customer as the tenant's checkout sent them (`GET /v1/orders/{id}` → `customer`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CustomerRecord {
    pub name: Option<String>,
    pub name_kana: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub billing_address: Option<CustomerAddress>,
    pub shipping_address: Option<CustomerAddress>,
}

impl CustomerDataKey {
    pub fn from_hex(text: &str) -> Result<Self, CustomerDataError> {
        let bytes = hex::decode(text.trim()).map_err(|_| CustomerDataError::BadKey)?;
        Self::from_bytes(&bytes)
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CustomerDataError> {
        XChaCha20Poly1305::new_from_slice(bytes)
            .map(|current| Self {
                current,
                previous: None,
            })
            .map_err(|_| CustomerDataError::BadKey)
    }

    /// This key, still opening what `previous` sealed (a rotation in progress).
    pub fn with_previous(self, previous: CustomerDataKey) -> Self {
        Self {
            current: self.current,
            previous: Some(previous.current),
        }
    }

    /// Whether a previous key is configured.
    pub fn has_previous(&self) -> bool {
        self.previous.is_some()
    }

    /// Re-seals an order's customer data with the current key if the previous one sealed it.
    pub fn reseal_record(
        &self,
        blob: &[u8],
        tenant_id: &[u8; 16],
        merchant_order_id: &str,
    ) -> Result<Resealed, CustomerDataError> {
        self.reseal_bytes(blob, &associated_data(tenant_id, merchant_order_id))
    }

    /// Re-seals a list entry's value with the current key if the previous one sealed it.
    pub fn reseal_list_value(
        &self,
        blob: &[u8],
        entry: &ListEntryBinding<'_>,
    ) -> Result<Resealed, CustomerDataError> {
        self.reseal_bytes(blob, &entry.associated_data())
    }

    fn reseal_bytes(&self, blob: &[u8], aad: &[u8]) -> Result<Resealed, CustomerDataError> {
        if open_with(&self.current, blob, aad).is_ok() {
            return Ok(Resealed::Current);
        }
        let previous = self.previous.as_ref().ok_or(CustomerDataError::Open)?;
        let plain = open_with(previous, blob, aad)?;
        Ok(Resealed::Moved(self.seal_bytes(&plain, aad)?))
    }

    /// Encrypts the record for one order of one tenant.
    pub fn seal(
        &self,
        record: &CustomerRecord,
        tenant_id: &[u8; 16],
        merchant_order_id: &str,
    ) -> Result<Vec<u8>, CustomerDataError> {
        let plain = serde_json::to_vec(record).map_err(|_| CustomerDataError::Seal)?;
        self.seal_bytes(&plain, &associated_data(tenant_id, merchant_order_id))
    }

    /// Decrypts what [`seal`](Self::seal) wrote for this tenant and order.
    pub fn open(
        &self,
        blob: &[u8],
        tenant_id: &[u8; 16],
        merchant_order_id: &str,
    ) -> Result<CustomerRecord, CustomerDataError> {
        let plain = self.open_bytes(blob, &associated_data(tenant_id, merchant_order_id))?;
        serde_json::from_slice(&plain).map_err(|_| CustomerDataError::Open)
    }

    /// Encrypts a block or allow list entry's value as the tenant entered it, bound to the
    /// entry's tenant, list, kind and fingerprint (what makes it unique, so that renewing an
    /// entry keeps it openable and a blob moved onto another entry does not open).
    pub fn seal_list_value(
        &self,
        value: &str,
        entry: &ListEntryBinding<'_>,
    ) -> Result<Vec<u8>, CustomerDataError> {
        self.seal_bytes(value.as_bytes(), &entry.associated_data())
    }

    /// Decrypts what [`seal_list_value`](Self::seal_list_value) wrote for this entry.
    pub fn open_list_value(
        &self,
        blob: &[u8],
        entry: &ListEntryBinding<'_>,
    ) -> Result<String, CustomerDataError> {
        let plain = self.open_bytes(blob, &entry.associated_data())?;
        String::from_utf8(plain).map_err(|_| CustomerDataError::Open)
    }

    fn seal_bytes(&self, plain: &[u8], aad: &[u8]) -> Result<Vec<u8>, CustomerDataError> {
        let nonce = XNonce::generate();
        let sealed = self
            .current
            .encrypt(&nonce, Payload { msg: plain, aad })
            .map_err(|_| CustomerDataError::Seal)?;
        let mut blob = Vec::with_capacity(1 + NONCE_BYTES + sealed.len());
        blob.push(FORMAT_V1);
        blob.extend_from_slice(nonce.as_slice());
        blob.extend_from_slice(&sealed);
        Ok(blob)
    }

    /// Opens with the current key, else with the previous one.
    fn open_bytes(&self, blob: &[u8], aad: &[u8]) -> Result<Vec<u8>, CustomerDataError> {
        match (open_with(&self.current, blob, aad), &self.previous) {
            (Ok(plain), _) => Ok(plain),
            (Err(_), Some(previous)) => open_with(previous, blob, aad),
            (Err(error), None) => Err(error),
        }
    }
}

fn open_with(
    cipher: &XChaCha20Poly1305,
    blob: &[u8],
    aad: &[u8],
) -> Result<Vec<u8>, CustomerDataError> {
    let (format, rest) = blob.split_first().ok_or(CustomerDataError::Open)?;
    if *format != FORMAT_V1 || rest.len() < NONCE_BYTES {
        return Err(CustomerDataError::Open);
    }
    let (nonce, sealed) = rest.split_at(NONCE_BYTES);
    let nonce = XNonce::try_from(nonce).map_err(|_| CustomerDataError::Open)?;
    cipher
        .decrypt(&nonce, Payload { msg: sealed, aad })
        .map_err(|_| CustomerDataError::Open)
}

/// What a list entry's sealed value is bound to.
#[derive(Debug, Clone, Copy)]
pub struct ListEntryBinding<'a> {
    pub tenant_id: &'a [u8; 16],
    pub list: &'a str,
    pub kind: &'a str,
    pub fingerprint: &'a [u8],
}

const LIST_ENTRY_LABEL: &[u8] = b"sekisho list entry v1";

impl ListEntryBinding<'_> {
    fn associated_data(&self) -> Vec<u8> {
        let mut aad = Vec::with_capacity(64 + self.fingerprint.len());
        aad.extend_from_slice(LIST_ENTRY_LABEL);
        aad.extend_from_slice(self.tenant_id);
        aad.extend_from_slice(self.list.as_bytes());
        aad.push(0);
        aad.extend_from_slice(self.kind.as_bytes());
        aad.push(0);
        aad.extend_from_slice(self.fingerprint);
        aad
    }
}

fn associated_data(tenant_id: &[u8; 16], merchant_order_id: &str) -> Vec<u8> {
    let mut aad = Vec::with_capacity(ASSOCIATED_LABEL.len() + 16 + 1 + merchant_order_id.len());
    aad.extend_from_slice(ASSOCIATED_LABEL);
    aad.extend_from_slice(tenant_id);
    aad.push(0);
    aad.extend_from_slice(merchant_order_id.as_bytes());
    aad
}

fn first_char_then_stars(value: &str) -> String {
    let first: String = value.trim().chars().take(1).collect();
    format!("{first}***")
}

fn mask_email(email: &str) -> String {
    match email.trim().rsplit_once('@') {
        Some((local, domain)) => format!("{}@{domain}", first_char_then_stars(local)),
        None => first_char_then_stars(email),
    }
}

/// Digits only, then country code (or leading 0) and the last four.
fn mask_any_phone(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if phone.trim_start().starts_with('+') {
        return mask_phone(&format!("+{digits}"));
    }
    let last: String = digits
        .chars()
        .skip(digits.chars().count().saturating_sub(4))
        .collect();
    format!("****{last}")
}

impl CustomerAddress {
    /// Country, region and locality; no postal code, street, building or room.
    fn masked(&self) -> CustomerAddress {
        CustomerAddress {
            country: self.country.clone(),
            region: self.region.clone(),
            locality: self.locality.clone(),
            name: self.name.as_deref().map(first_char_then_stars),
            phone: self.phone.as_deref().map(mask_any_phone),
            ..CustomerAddress::default()
        }
    }
}

impl CustomerRecord {
    /// Whether the checkout sent anything worth keeping.
    pub fn is_empty(&self) -> bool {
        *self == CustomerRecord::default()
    }

    /// What an analyst sees: enough to recognise a customer, not to contact them.
    pub fn masked(&self) -> CustomerRecord {
        CustomerRecord {
            name: self.name.as_deref().map(first_char_then_stars),
            name_kana: self.name_kana.as_deref().map(first_char_then_stars),
            email: self.email.as_deref().map(mask_email),
            phone: self.phone.as_deref().map(mask_any_phone),
            billing_address: self.billing_address.as_ref().map(CustomerAddress::masked),
            shipping_address: self.shipping_address.as_ref().map(CustomerAddress::masked),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn record() -> CustomerRecord {
        CustomerRecord {
            name: Some("山田 太郎".into()),
            name_kana: Some("ヤマダ タロウ".into()),
            email: Some("taro.yamada@example.jp".into()),
            phone: Some("090-1234-5678".into()),
            billing_address: None,
            shipping_address: Some(CustomerAddress {
                postal_code: Some("100-0001".into()),
                region: Some("東京都".into()),
                locality: Some("千代田区".into()),
                line1: Some("千代田1-1-1".into()),
                line2: Some("ABCマンション305".into()),
                ..CustomerAddress::default()
            }),
        }
    }

    fn key(byte: u8) -> CustomerDataKey {
        CustomerDataKey::from_bytes(&[byte; 32]).unwrap()
    }

    #[test]
    fn a_sealed_record_opens_only_for_its_key_tenant_and_order() {
        let tenant = [7u8; 16];
        let blob = key(1).seal(&record(), &tenant, "A-1").unwrap();
        assert_eq!(key(1).open(&blob, &tenant, "A-1").unwrap(), record());
        assert_eq!(
            key(2).open(&blob, &tenant, "A-1"),
            Err(CustomerDataError::Open)
        );
        assert_eq!(
            key(1).open(&blob, &[8u8; 16], "A-1"),
            Err(CustomerDataError::Open)
        );
        assert_eq!(
            key(1).open(&blob, &tenant, "A-2"),
            Err(CustomerDataError::Open)
        );
        let text = String::from_utf8_lossy(&blob);
        assert!(!text.contains("yamada") && !text.contains("5678"));
        // A fresh nonce every time.
        assert_ne!(blob, key(1).seal(&record(), &tenant, "A-1").unwrap());
    }

    #[test]
    fn keys_are_64_hex_digits() {
        assert!(CustomerDataKey::from_hex(&"ab".repeat(32)).is_ok());
        assert_eq!(
            CustomerDataKey::from_hex("abcd").unwrap_err(),
            CustomerDataError::BadKey
        );
        assert_eq!(format!("{:?}", key(1)), "CustomerDataKey(***)");
    }

    #[test]
    fn the_masked_record_hides_contact_details() {
        let masked = serde_json::to_string(&record().masked()).unwrap();
        for secret in ["太郎", "taro", "1234", "千代田1", "305", "100-0001"] {
            assert!(!masked.contains(secret), "{secret} in {masked}");
        }
        assert!(masked.contains("****5678") && masked.contains("東京都"));
    }

    #[test]
    fn a_list_value_opens_only_for_its_own_entry() {
        let tenant = [7u8; 16];
        let entry = ListEntryBinding {
            tenant_id: &tenant,
            list: "block",
            kind: "phone",
            fingerprint: &[1u8; 32],
        };
        let sealed = key(1).seal_list_value("090-1234-5678", &entry).unwrap();
        assert!(!sealed.windows(4).any(|w| w == b"1234"));
        assert_eq!(
            key(1).open_list_value(&sealed, &entry).unwrap(),
            "090-1234-5678"
        );
        let other_list = ListEntryBinding {
            list: "allow",
            ..entry
        };
        let other_tenant = ListEntryBinding {
            tenant_id: &[8u8; 16],
            ..entry
        };
        assert!(key(1).open_list_value(&sealed, &other_list).is_err());
        assert!(key(1).open_list_value(&sealed, &other_tenant).is_err());
        assert!(key(2).open_list_value(&sealed, &entry).is_err());
    }

    #[test]
    fn a_rotation_opens_old_blobs_and_reseals_them_under_the_new_key() {
        let tenant = [3u8; 16];
        let old = key(1).seal(&record(), &tenant, "A-1").unwrap();
        let rotating = key(2).with_previous(key(1));
        assert_eq!(rotating.open(&old, &tenant, "A-1").unwrap(), record());
        let Resealed::Moved(new) = rotating.reseal_record(&old, &tenant, "A-1").unwrap() else {
            panic!("the old blob must move");
        };
        assert_eq!(key(2).open(&new, &tenant, "A-1").unwrap(), record());
        assert!(key(1).open(&new, &tenant, "A-1").is_err());
        assert_eq!(
            rotating.reseal_record(&new, &tenant, "A-1").unwrap(),
            Resealed::Current
        );
        // Without the previous key an old blob neither opens nor moves.
        assert!(key(2).reseal_record(&old, &tenant, "A-1").is_err());
        // A new seal uses the current key only.
        let sealed = rotating.seal(&record(), &tenant, "A-2").unwrap();
        assert!(key(2).open(&sealed, &tenant, "A-2").is_ok());
    }
}
