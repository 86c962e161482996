//! Byte offsets to Unicode code-point offsets, for the serialized contract.

/// Converts byte offsets of one text into code-point offsets.
///
/// Stores only the positions of multi-byte characters, so an all-ASCII text
/// costs nothing and a Danish one costs one entry per `æ`, `ø` or `å`.
#[derive(Debug, Clone)]
pub struct CharOffsets {
    /// For each multi-byte character: (byte offset just past it, extra bytes so far).
    wide: Vec<(usize, usize)>,
}

impl CharOffsets {
    /// Indexes `text`.
    pub fn new(text: &str) -> Self {
        let mut wide = Vec::new();
        if !text.is_ascii() {
            let mut extra = 0;
            for (i, c) in text.char_indices() {
                let n = c.len_utf8();
                if n > 1 {
                    extra += n - 1;
                    wide.push((i + n, extra));
                }
            }
        }
        CharOffsets { wide }
    }

    /// The code-point offset of byte offset `byte`, which must lie on a char boundary.
    pub fn char_offset(&self, byte: usize) -> usize {
        let k = self.wide.partition_point(|&(after, _)| after <= byte);
        let extra = if k == 0 { 0 } else { self.wide[k - 1].1 };
        byte - extra
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_char_indices() {
        let text = "Sø og å – „citat“ 😀 slut";
        let offsets = CharOffsets::new(text);
        for (chars, (bytes, _)) in text.char_indices().enumerate() {
            assert_eq!(offsets.char_offset(bytes), chars);
        }
        assert_eq!(offsets.char_offset(text.len()), text.chars().count());
    }
}
