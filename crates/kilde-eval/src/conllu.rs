//! A CoNLL-U reader that keeps what tokenization scoring needs: sentence text,
//! paragraph and document marks, surface tokens and `SpaceAfter=No`.

use crate::EvalError;

/// One surface token: a plain word line, or a multi-word token range (`1-2`)
/// whose words are then not listed separately.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConlluToken {
    /// The surface form.
    pub form: String,
    /// False when MISC holds `SpaceAfter=No`.
    pub space_after: bool,
    /// 1-based line number, for error messages.
    pub line: usize,
}

/// One sentence block.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConlluSentence {
    /// `# sent_id`, when given.
    pub id: Option<String>,
    /// `# text`, or the tokens joined by their `SpaceAfter` when it is missing.
    pub text: String,
    /// `# newpar` (or `# newdoc`, which implies one) precedes the sentence.
    pub new_par: bool,
    /// `# newdoc` precedes the sentence.
    pub new_doc: bool,
    /// Surface tokens in order.
    pub tokens: Vec<ConlluToken>,
    /// 1-based line number of the sentence's first line.
    pub line: usize,
}

/// Parses CoNLL-U text. Token lines need 10 tab-separated columns; comment lines
/// other than `text`, `sent_id`, `newpar` and `newdoc` are ignored.
pub fn parse_conllu(input: &str) -> Result<Vec<ConlluSentence>, EvalError> {
    let mut out = Vec::new();
    let mut cur = ConlluSentence::default();
    let mut has_text = false;
    let mut in_sentence = false;
    // Words up to this id are covered by a multi-word token already taken.
    let mut covered_to = 0usize;
    for (n, raw) in input.lines().enumerate() {
        let line_no = n + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if line.trim().is_empty() {
            if in_sentence {
                finish(&mut cur, has_text, &mut out)?;
            }
            cur = ConlluSentence::default();
            has_text = false;
            in_sentence = false;
            covered_to = 0;
            continue;
        }
        if !in_sentence {
            cur.line = line_no;
            in_sentence = true;
        }
        if let Some(comment) = line.strip_prefix('#') {
            let comment = comment.trim_start();
            if let Some(t) = comment.strip_prefix("text =") {
                cur.text = t.strip_prefix(' ').unwrap_or(t).to_string();
                has_text = true;
            } else if let Some(id) = comment.strip_prefix("sent_id =") {
                cur.id = Some(id.trim().to_string());
            } else if comment.starts_with("newdoc") {
                cur.new_doc = true;
                cur.new_par = true;
            } else if comment.starts_with("newpar") {
                cur.new_par = true;
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(EvalError::Malformed {
                line: line_no,
                message: format!("expected 10 tab-separated columns, found {}", cols.len()),
            });
        }
        let id = cols[0];
        let malformed_id = || EvalError::Malformed {
            line: line_no,
            message: format!("bad token id {id:?}"),
        };
        if id.contains('.') {
            continue; // an empty node: not a surface token
        }
        let space_after = !cols[9].split('|').any(|m| m == "SpaceAfter=No");
        let token = ConlluToken {
            form: cols[1].to_string(),
            space_after,
            line: line_no,
        };
        if let Some((a, b)) = id.split_once('-') {
            let a: usize = a.parse().map_err(|_| malformed_id())?;
            let b: usize = b.parse().map_err(|_| malformed_id())?;
            if b < a {
                return Err(malformed_id());
            }
            covered_to = b;
            cur.tokens.push(token);
        } else {
            let k: usize = id.parse().map_err(|_| malformed_id())?;
            if k > covered_to {
                cur.tokens.push(token);
            }
        }
    }
    if in_sentence {
        finish(&mut cur, has_text, &mut out)?;
    }
    Ok(out)
}

fn finish(
    cur: &mut ConlluSentence,
    has_text: bool,
    out: &mut Vec<ConlluSentence>,
) -> Result<(), EvalError> {
    if cur.tokens.is_empty() {
        return Err(EvalError::Malformed {
            line: cur.line,
            message: "sentence without tokens".into(),
        });
    }
    if !has_text {
        let mut text = String::new();
        for t in &cur.tokens {
            text.push_str(&t.form);
            if t.space_after {
                text.push(' ');
            }
        }
        cur.text = text.trim_end().to_string();
    }
    out.push(std::mem::take(cur));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: &str, form: &str, misc: &str) -> String {
        format!("{id}\t{form}\t_\t_\t_\t_\t_\t_\t_\t{misc}\n")
    }

    #[test]
    fn reads_marks_text_and_space_after() {
        let input = format!(
            "# newdoc id = a\n# sent_id = 1\n# text = Hun går.\n{}{}\n# newpar\n# text = Nu!\n{}{}\n",
            row("1", "Hun", "_"),
            row("2", "går", "SpaceAfter=No") + &row("3", ".", "_"),
            row("1", "Nu", "SpaceAfter=No"),
            row("2", "!", "_"),
        );
        let s = parse_conllu(&input).unwrap();
        assert_eq!(s.len(), 2);
        assert!(s[0].new_doc && s[0].new_par && s[1].new_par && !s[1].new_doc);
        assert_eq!(s[0].id.as_deref(), Some("1"));
        assert_eq!(s[0].text, "Hun går.");
        assert_eq!(s[0].tokens.len(), 3);
        assert!(!s[0].tokens[1].space_after);
        assert_eq!(s[1].text, "Nu!");
    }

    #[test]
    fn multiword_tokens_count_once() {
        let input = format!(
            "# text = Vi ta'r den.\n{}{}{}{}{}{}\n",
            row("1", "Vi", "_"),
            row("2-3", "ta'r", "_"),
            row("2", "tager", "_"),
            row("3", "r", "_"),
            row("4", "den", "SpaceAfter=No"),
            row("5", ".", "_"),
        );
        let s = parse_conllu(&input).unwrap();
        let forms: Vec<&str> = s[0].tokens.iter().map(|t| t.form.as_str()).collect();
        assert_eq!(forms, ["Vi", "ta'r", "den", "."]);
    }

    #[test]
    fn text_is_rebuilt_when_missing() {
        let input = format!(
            "{}{}\n",
            row("1", "Ja", "SpaceAfter=No"),
            row("2", "!", "_")
        );
        assert_eq!(parse_conllu(&input).unwrap()[0].text, "Ja!");
    }

    #[test]
    fn bad_lines_report_their_number() {
        let input = "# text = To ord\n1\tTo\t_\n";
        let err = parse_conllu(input).unwrap_err().to_string();
        assert!(err.starts_with("line 2:"), "{err}");
        let input = format!("# text = x\n{}", row("a", "x", "_"));
        assert!(
            parse_conllu(&input)
                .unwrap_err()
                .to_string()
                .contains("line 2")
        );
    }
}
