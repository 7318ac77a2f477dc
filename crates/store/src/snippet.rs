//! `ng_snippet(fts_table, column, text, open, close, ellipsis, tokens)`: the snippet FTS5's own
//! `snippet(fts_table, column, open, close, ellipsis, tokens)` gives, for a table that keeps no
//! copy of its text (a contentless FTS5 table, as the search index is: see [`crate::search`]).
//!
//! Why: `snippet()` reads the column's text from the table, and a contentless table has none,
//! so it returns NULL. The text lives in the corpus database; the caller passes it in, and this
//! function does what `snippet()` does with it: it tokenizes the text with the table's own
//! tokenizer (so token positions agree with the index), scores windows of `tokens` tokens the
//! way FTS5 does (a thousand for each phrase first seen in the window, one for each repeat; a
//! window may also start at a sentence, with a bonus), centres the best one on its hits, and
//! marks the hits. A test compares it with `snippet()` on a table that has its text.
//!
//! Like [`crate::rank`], it goes through FTS5's C API; the unsafe code stays at that boundary.

use rusqlite::ffi;
use std::ffi::{c_char, c_int, c_void};

/// The SQL name of the function.
pub const FUNCTION: &str = "ng_snippet";

/// A token of the text: its byte range.
#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
}

/// A phrase instance in the column: (phrase, first token, tokens).
#[derive(Debug, Clone, Copy)]
struct Hit {
    phrase: usize,
    at: usize,
    len: usize,
}

/// The snippet of `text` for these hits (all in the text's column), as FTS5's `snippet()` builds it.
fn build(text: &[u8], tokens: &[Token], hits: &[Hit], phrases: usize, open: &[u8], close: &[u8], ellipsis: &[u8], width: usize) -> Vec<u8> {
    let size = tokens.len();
    let width = width.max(1);
    let mut seen = vec![false; phrases];
    // (score, start) of the window starting (or centred) at `from`.
    let mut score_at = |from: usize, centre: bool| -> (i64, usize) {
        seen.iter_mut().for_each(|s| *s = false);
        let end = from + width;
        let (mut score, mut first, mut last) = (0i64, None, 0usize);
        for h in hits.iter().filter(|h| h.at >= from && h.at < end) {
            let s = seen.get_mut(h.phrase);
            score += if s.as_deref() == Some(&true) { 1 } else { 1000 };
            if let Some(s) = s {
                *s = true;
            }
            first.get_or_insert(h.at);
            last = h.at + h.len;
        }
        if !centre {
            return (score, from);
        }
        let first = first.unwrap_or(0) as i64;
        let mut start = first - (width as i64 - (last as i64 - first)) / 2;
        if start + width as i64 > size as i64 {
            start = size as i64 - width as i64;
        }
        (score, start.max(0) as usize)
    };
    let sentences = sentence_starts(text, tokens);
    let (mut best, mut best_start) = (0i64, 0usize);
    for h in hits {
        let (score, start) = score_at(h.at, true);
        if score > best {
            (best, best_start) = (score, start);
        }
        // A window may also open at the sentence the hit is in.
        if !sentences.is_empty() && size > width {
            let mut j = 0;
            while j + 1 < sentences.len() && sentences[j + 1] <= h.at {
                j += 1;
            }
            if sentences[j] < h.at {
                let (score, _) = score_at(sentences[j], false);
                let score = score + if sentences[j] == 0 { 120 } else { 100 };
                if score > best {
                    (best, best_start) = (score, sentences[j]);
                }
            }
        }
    }
    highlight(text, tokens, &coalesced(hits), open, close, ellipsis, best_start, best_start + width - 1)
}

/// The positions of tokens that open a sentence: the first, and any after a '.' or ':' and
/// white space.
fn sentence_starts(text: &[u8], tokens: &[Token]) -> Vec<usize> {
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        if i == 0 {
            out.push(0);
            continue;
        }
        let before = &text[..t.start];
        let trimmed = before.iter().rposition(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r'));
        if trimmed.is_some_and(|p| p + 1 < t.start && matches!(before[p], b'.' | b':')) {
            out.push(i);
        }
    }
    out
}

/// Hits merged where they overlap, as (first token, last token), in order.
fn coalesced(hits: &[Hit]) -> Vec<(usize, usize)> {
    let mut sorted: Vec<(usize, usize)> = hits.iter().map(|h| (h.at, h.at + h.len.max(1) - 1)).collect();
    sorted.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(sorted.len());
    for (s, e) in sorted {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// Tokens `from..=to` of the text, hits between `open` and `close`, `ellipsis` where text is cut.
fn highlight(text: &[u8], tokens: &[Token], hits: &[(usize, usize)], open: &[u8], close: &[u8], ellipsis: &[u8], from: usize, to: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len().min(512));
    let push = |out: &mut Vec<u8>, a: usize, b: usize| out.extend_from_slice(text.get(a..b).unwrap_or(b""));
    if from > 0 {
        out.extend_from_slice(ellipsis);
    }
    let mut rest = hits.iter().copied().skip_while(|h| h.0 < from);
    let mut hit = rest.next();
    let mut consumed = 0usize;
    for (pos, t) in tokens.iter().enumerate().take(to.saturating_add(1)).skip(from) {
        if from > 0 && pos == from {
            consumed = t.start;
        }
        if hit.is_some_and(|h| h.0 == pos) {
            push(&mut out, consumed, t.start);
            out.extend_from_slice(open);
            consumed = t.start;
        }
        if hit.is_some_and(|h| h.1 == pos) {
            push(&mut out, consumed, t.end);
            out.extend_from_slice(close);
            consumed = t.end;
            hit = rest.next();
        }
        if pos == to {
            push(&mut out, consumed, t.end);
            consumed = t.end;
            // A hit running past the window is closed at its edge.
            if hit.is_some_and(|h| pos >= h.0 && pos < h.1) {
                out.extend_from_slice(close);
            }
        }
    }
    if to.saturating_add(1) >= tokens.len() {
        push(&mut out, consumed, text.len());
    } else {
        out.extend_from_slice(ellipsis);
    }
    out
}

/// Make `ng_snippet` available on this connection (once per connection).
pub fn register(conn: &rusqlite::Connection) -> rusqlite::Result<()> {
    crate::rank::register_function(conn, FUNCTION, Some(ng_snippet))
}

unsafe fn arg_bytes<'a>(args: *mut *mut ffi::sqlite3_value, i: usize) -> Option<&'a [u8]> {
    let v = *args.add(i);
    let p = ffi::sqlite3_value_text(v);
    if p.is_null() {
        return None;
    }
    let n = ffi::sqlite3_value_bytes(v).max(0) as usize;
    Some(std::slice::from_raw_parts(p, n))
}

unsafe extern "C" fn collect_token(ctx: *mut c_void, flags: c_int, _token: *const c_char, _n: c_int, start: c_int, end: c_int) -> c_int {
    // Colocated tokens (synonyms) share their position with the token before.
    if flags & ffi::FTS5_TOKEN_COLOCATED == 0 {
        (*ctx.cast::<Vec<Token>>()).push(Token { start: start.max(0) as usize, end: end.max(0) as usize });
    }
    ffi::SQLITE_OK
}

/// The snippet, or None when the text is NULL.
unsafe fn snippet(api: &ffi::Fts5ExtensionApi, fts: *mut ffi::Fts5Context, n: c_int, args: *mut *mut ffi::sqlite3_value) -> Result<Option<Vec<u8>>, c_int> {
    if n != 6 || args.is_null() {
        return Err(ffi::SQLITE_MISUSE);
    }
    let column = ffi::sqlite3_value_int(*args);
    let Some(text) = arg_bytes(args, 1) else { return Ok(None) };
    let open = arg_bytes(args, 2).unwrap_or(b"");
    let close = arg_bytes(args, 3).unwrap_or(b"");
    let ellipsis = arg_bytes(args, 4).unwrap_or(b"");
    let width = ffi::sqlite3_value_int(*args.add(5)).clamp(1, 64) as usize;
    let (Some(tokenize), Some(inst_count), Some(inst), Some(phrase_count), Some(phrase_size)) = (api.xTokenize, api.xInstCount, api.xInst, api.xPhraseCount, api.xPhraseSize) else {
        return Err(ffi::SQLITE_ERROR);
    };
    let mut tokens: Vec<Token> = Vec::new();
    let rc = tokenize(fts, text.as_ptr().cast::<c_char>(), text.len() as c_int, (&mut tokens as *mut Vec<Token>).cast::<c_void>(), Some(collect_token));
    if rc != ffi::SQLITE_OK {
        return Err(rc);
    }
    // Offsets must fall inside the text, whatever the tokenizer says.
    tokens.retain(|t| t.start <= t.end && t.end <= text.len());
    let phrases = phrase_count(fts).max(0) as usize;
    let mut n_inst: c_int = 0;
    if inst_count(fts, &mut n_inst) != ffi::SQLITE_OK {
        return Err(ffi::SQLITE_ERROR);
    }
    let mut hits = Vec::with_capacity(n_inst.max(0) as usize);
    for i in 0..n_inst {
        let (mut phrase, mut col, mut at) = (0, 0, 0);
        let rc = inst(fts, i, &mut phrase, &mut col, &mut at);
        if rc != ffi::SQLITE_OK {
            return Err(rc);
        }
        if col == column && at >= 0 && (at as usize) < tokens.len() {
            hits.push(Hit { phrase: phrase.max(0) as usize, at: at as usize, len: phrase_size(fts, phrase).max(1) as usize });
        }
    }
    Ok(Some(build(text, &tokens, &hits, phrases, open, close, ellipsis, width)))
}

unsafe extern "C" fn ng_snippet(api: *const ffi::Fts5ExtensionApi, fts: *mut ffi::Fts5Context, ctx: *mut ffi::sqlite3_context, n: c_int, args: *mut *mut ffi::sqlite3_value) {
    // A panic must not cross into C; an error result is the safe answer.
    let result = std::panic::catch_unwind(|| if api.is_null() { Err(ffi::SQLITE_ERROR) } else { snippet(&*api, fts, n, args) });
    match result {
        Ok(Ok(Some(bytes))) => {
            let s = String::from_utf8_lossy(&bytes);
            ffi::sqlite3_result_text(ctx, s.as_ptr().cast::<c_char>(), s.len() as c_int, ffi::SQLITE_TRANSIENT());
        }
        Ok(Ok(None)) => ffi::sqlite3_result_null(ctx),
        Ok(Err(rc)) => ffi::sqlite3_result_error_code(ctx, rc),
        Err(_) => ffi::sqlite3_result_error_code(ctx, ffi::SQLITE_INTERNAL),
    }
}
