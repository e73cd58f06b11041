//! The audit log's record and its hash chain. Each record carries the hash of the previous one, so
//! that any altered, removed or reordered record is found by walking the chain (`verify_chain`).

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The hash that the first record points back to.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Allowed,
    Denied,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Allowed => "allowed",
            Outcome::Denied => "denied",
        }
    }
    pub fn parse(s: &str) -> Option<Outcome> {
        match s {
            "allowed" => Some(Outcome::Allowed),
            "denied" => Some(Outcome::Denied),
            _ => None,
        }
    }
}

/// What happened, as decided by the access policy or recorded by a change. The store adds the
/// sequence number, the time and the hashes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditDraft {
    /// User id or API key id; `anonymous` when nobody was logged in.
    pub actor: String,
    pub actor_name: String,
    pub role: String,
    pub organisation: Option<String>,
    pub household: Option<String>,
    pub member: Option<String>,
    /// The kind of thing touched: `household`, `audit_log`, `session`, `user`, …
    pub resource: String,
    /// The id of the thing touched, when it has one.
    pub resource_id: Option<String>,
    pub action: String,
    pub purpose: String,
    pub outcome: Outcome,
    pub break_glass: bool,
    /// Why: the break-the-glass reason, or the reason for a denial.
    pub reason: Option<String>,
}

/// A stored record: the draft with its place in the chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    pub seq: i64,
    pub at: i64,
    pub draft: AuditDraft,
    pub prev_hash: String,
    pub hash: String,
}

/// The hash of a record: SHA-256 over the previous hash and every field, each length-prefixed so
/// that no two different records serialise alike.
pub fn chain_hash(prev_hash: &str, seq: i64, at: i64, d: &AuditDraft) -> String {
    let mut h = Sha256::new();
    let mut field = |s: &str| {
        h.update((s.len() as u64).to_be_bytes());
        h.update(s.as_bytes());
    };
    let opt = |o: &Option<String>| o.clone().unwrap_or_else(|| "\u{0}".to_string());
    field(prev_hash);
    field(&seq.to_string());
    field(&at.to_string());
    field(&d.actor);
    field(&d.actor_name);
    field(&d.role);
    field(&opt(&d.organisation));
    field(&opt(&d.household));
    field(&opt(&d.member));
    field(&d.resource);
    field(&opt(&d.resource_id));
    field(&d.action);
    field(&d.purpose);
    field(d.outcome.as_str());
    field(if d.break_glass { "1" } else { "0" });
    field(&opt(&d.reason));
    hex::encode(h.finalize())
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("record {seq} was altered: its contents no longer match its hash")]
    Altered { seq: i64 },
    #[error("record {seq} does not follow record {prev_seq}: records were removed or reordered before it")]
    Broken { seq: i64, prev_seq: i64 },
    #[error("the log ends at record {last_seq} but the chain head says {head_seq}: records at the end were removed")]
    Truncated { last_seq: i64, head_seq: i64 },
}

/// Walks the records in the order stored (by sequence number) and names the first bad one.
/// `head` is the (seq, hash) the store keeps of the newest record, to catch removal at the end.
pub fn verify_chain<I>(records: I, head: Option<(i64, &str)>) -> Result<u64, ChainBreak>
where
    I: IntoIterator<Item = AuditRecord>,
{
    let (mut prev_seq, mut prev_hash) = (0i64, GENESIS.to_string());
    let mut count = 0u64;
    for r in records {
        if r.seq != prev_seq + 1 || r.prev_hash != prev_hash {
            return Err(ChainBreak::Broken { seq: r.seq, prev_seq });
        }
        if chain_hash(&r.prev_hash, r.seq, r.at, &r.draft) != r.hash {
            return Err(ChainBreak::Altered { seq: r.seq });
        }
        prev_seq = r.seq;
        prev_hash = r.hash;
        count += 1;
    }
    if let Some((head_seq, head_hash)) = head
        && (head_seq != prev_seq || head_hash != prev_hash)
    {
        return Err(ChainBreak::Truncated { last_seq: prev_seq, head_seq });
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn draft(n: usize) -> AuditDraft {
        AuditDraft {
            actor: format!("user-{n}"),
            actor_name: "demo.worker".into(),
            role: "worker".into(),
            organisation: None,
            household: Some(format!("hh-{n}")),
            member: None,
            resource: "household".into(),
            resource_id: None,
            action: "read".into(),
            purpose: "support".into(),
            outcome: Outcome::Allowed,
            break_glass: false,
            reason: None,
        }
    }

    fn chain(n: usize) -> Vec<AuditRecord> {
        let mut prev = GENESIS.to_string();
        (1..=n)
            .map(|i| {
                let d = draft(i);
                let hash = chain_hash(&prev, i as i64, 1000 + i as i64, &d);
                let r = AuditRecord { seq: i as i64, at: 1000 + i as i64, draft: d, prev_hash: prev.clone(), hash: hash.clone() };
                prev = hash;
                r
            })
            .collect()
    }

    fn head(c: &[AuditRecord]) -> Option<(i64, &str)> {
        c.last().map(|r| (r.seq, r.hash.as_str()))
    }

    #[test]
    fn an_intact_chain_verifies() {
        let c = chain(5);
        assert_eq!(verify_chain(c.clone(), head(&c)), Ok(5));
    }

    #[test]
    fn names_the_first_altered_record() {
        let c = chain(5);
        let h = head(&c).map(|(s, h)| (s, h.to_string()));
        let mut bad = c.clone();
        bad[2].draft.action = "update".into();
        assert_eq!(verify_chain(bad, h.as_ref().map(|(s, h)| (*s, h.as_str()))), Err(ChainBreak::Altered { seq: 3 }));
    }

    #[test]
    fn finds_removed_reordered_and_truncated_records() {
        let c = chain(5);
        let h = (c[4].seq, c[4].hash.clone());
        let mut removed = c.clone();
        removed.remove(1);
        assert_eq!(verify_chain(removed, Some((h.0, &h.1))), Err(ChainBreak::Broken { seq: 3, prev_seq: 1 }));
        let mut reordered = c.clone();
        reordered.swap(1, 2);
        assert_eq!(verify_chain(reordered, Some((h.0, &h.1))), Err(ChainBreak::Broken { seq: 3, prev_seq: 1 }));
        let truncated = c[..4].to_vec();
        assert_eq!(verify_chain(truncated, Some((h.0, &h.1))), Err(ChainBreak::Truncated { last_seq: 4, head_seq: 5 }));
    }

    proptest! {
        #[test]
        fn any_single_field_change_is_caught(i in 0usize..6, reason in "[a-z]{1,8}") {
            let c = chain(6);
            let h = (c[5].seq, c[5].hash.clone());
            let mut bad = c.clone();
            bad[i].draft.reason = Some(reason);
            prop_assert_eq!(verify_chain(bad, Some((h.0, &h.1))), Err(ChainBreak::Altered { seq: i as i64 + 1 }));
        }
    }
}
