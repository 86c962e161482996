//! Feature hashing: a small, fixed, platform-independent 64-bit hash.
//!
//! The model file stores weights at `row(hash)`, so this function is part of the model
//! format: changing it invalidates every trained model (bump `FORMAT_VERSION`).

/// FNV-1a over bytes, finished with a strong mixer; `Copy` so a prefix state can be reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Hasher(u64);

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

impl Hasher {
    /// A fresh state.
    pub(crate) const fn new() -> Self {
        Hasher(FNV_OFFSET)
    }

    /// Feeds one byte.
    #[inline]
    pub(crate) fn byte(&mut self, b: u8) {
        self.0 = (self.0 ^ u64::from(b)).wrapping_mul(FNV_PRIME);
    }

    /// Feeds bytes.
    #[inline]
    pub(crate) fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.byte(b);
        }
    }

    /// The hash of everything fed so far.
    #[inline]
    pub(crate) fn finish(self) -> u64 {
        fmix64(self.0)
    }
}

/// The hash of a byte string.
#[inline]
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = Hasher::new();
    h.bytes(bytes);
    h.finish()
}

/// MurmurHash3's 64-bit finalizer: every input bit affects every output bit.
#[inline]
pub(crate) const fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^= k >> 33;
    k
}

/// Combines two hashes, order-sensitive.
#[inline]
pub(crate) const fn mix(a: u64, b: u64) -> u64 {
    fmix64(a.rotate_left(23) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_across_builds() {
        // Pinned: a change here silently breaks every shipped model.
        assert_eq!(hash_bytes(b""), fmix64(FNV_OFFSET));
        assert_eq!(hash_bytes(b"danmark"), 0xe395_fb0d_5905_7801);
        assert_ne!(mix(1, 2), mix(2, 1));
        assert_ne!(hash_bytes(b"ab"), hash_bytes(b"ba"));
    }
}
