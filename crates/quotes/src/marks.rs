//! Pairing quotation marks into quoted spans.
//!
//! One left-to-right pass over the quotation-mark tokens of the prose blocks, so it stays linear
//! on any number of marks. Double marks (straight, curly, guillemets, low-9) open and close
//! top-level quotations; single marks only when they look like quotation (a space before an
//! opener, no letter glued after a closer), because "’" is mostly an apostrophe. A quotation
//! still open at the end of a paragraph continues when the next paragraph opens with a mark (the
//! multi-paragraph convention) or when the next paragraph's first mark closes it; otherwise it is
//! closed at the paragraph's end, so an unbalanced mark never swallows the rest of the document.

use newsgraph_doc::{Doc, TokenKind};

/// A quoted stretch of text, marks included.
#[derive(Debug, Clone)]
pub struct Marked {
    /// Token index of the opening mark.
    pub open_tok: usize,
    /// Token index of the closing mark; None when it was closed at a paragraph end.
    pub close_tok: Option<usize>,
    /// Last token index inside the quotation (exclusive end of its inner tokens).
    pub inner_end_tok: usize,
    pub start: usize,
    pub end: usize,
    pub block: usize,
    /// Word tokens inside.
    pub words: usize,
    /// Single marks (‘…’), which also set off headlines and names.
    pub single: bool,
}

/// How many paragraphs without any quotation mark a quotation may run through before the
/// paragraph whose closing mark ends it.
const MAX_UNMARKED_PARAGRAPHS: usize = 2;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Double,
    Single,
}

fn mark_char(doc: &Doc, i: usize) -> char {
    doc.tokens[i].text(&doc.text).chars().next().unwrap_or(' ')
}

fn is_double(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '„' | '‟' | '«' | '»' | '＂' | '「' | '」' | '『' | '』')
}

/// The token range of block `b`.
pub fn block_tokens(doc: &Doc, b: usize) -> std::ops::Range<usize> {
    let blk = &doc.blocks[b];
    doc.token_at_or_after(blk.start)..doc.token_at_or_after(blk.end)
}

struct Open {
    tok: usize,
    style: Style,
    block: usize,
    start: usize,
    words: usize,
}

pub fn find_marked(doc: &Doc) -> Vec<Marked> {
    let mut out = Vec::new();
    let mut open: Option<Open> = None;
    let toks = &doc.tokens;
    for (bi, block) in doc.blocks.iter().enumerate() {
        if !block.role.is_prose() {
            open = None;
            continue;
        }
        let range = block_tokens(doc, bi);
        let (lo, hi) = (range.start, range.end);
        let mut continuation = open.is_some();
        for ti in lo..hi {
            let t = toks[ti];
            if t.kind != TokenKind::Quote {
                if let Some(o) = open.as_mut() {
                    if t.kind == TokenKind::Word {
                        o.words += 1;
                    }
                }
                continuation = false;
                continue;
            }
            if continuation {
                // The opening mark of a continued paragraph belongs to the running quotation.
                continuation = false;
                continue;
            }
            let mut c = mark_char(doc, ti);
            // Two single marks typed for a double one (’’ or ‘‘ or '').
            let doubled = matches!(c, '’' | '‘' | '\'')
                && ti + 1 < hi
                && toks[ti + 1].kind == TokenKind::Quote
                && toks[ti + 1].start == t.end
                && matches!(mark_char(doc, ti + 1), '’' | '‘' | '\'');
            if doubled {
                c = if mark_char(doc, ti) == '‘' { '“' } else { '”' };
                if open.as_ref().map_or(true, |o| o.style == Style::Double) && open.is_none() {
                    c = '“';
                }
            }
            let glued_before = ti > lo && toks[ti - 1].end == t.start;
            let glued_after = ti + 1 < hi && toks[ti + 1].start == t.end;
            let word_after = glued_after && matches!(toks[ti + 1].kind, TokenKind::Word | TokenKind::Number);
            let word_before = glued_before && matches!(toks[ti - 1].kind, TokenKind::Word | TokenKind::Number);
            match open.as_ref().map(|o| o.style) {
                Some(Style::Double) => {
                    if !is_double(c) {
                        continue;
                    }
                    let reopens = matches!(c, '“' | '«' | '„') && !glued_before && word_after;
                    let o = open.take().expect("open quotation");
                    if reopens {
                        // A new opening while one is open: the earlier one lost its closing mark.
                        close_at(doc, &mut out, o, ti, None);
                        open = Some(Open { tok: ti, style: Style::Double, block: bi, start: t.start, words: 0 });
                    } else {
                        close_at(doc, &mut out, o, ti, Some(ti));
                    }
                }
                Some(Style::Single) => {
                    if matches!(c, '’' | '\'' | '›') && !word_after {
                        let o = open.take().expect("open quotation");
                        close_at(doc, &mut out, o, ti, Some(ti));
                    }
                }
                None => {
                    if is_double(c) {
                        let opener = match c {
                            '”' | '»' | '」' | '』' => !glued_before && word_after,
                            _ => true,
                        };
                        if opener && ti + 1 < hi {
                            open = Some(Open { tok: ti, style: Style::Double, block: bi, start: t.start, words: 0 });
                        }
                    } else if matches!(c, '‘' | '\'' | '‹') && !word_before && word_after {
                        open = Some(Open { tok: ti, style: Style::Single, block: bi, start: t.start, words: 0 });
                    }
                }
            }
        }
        // End of the paragraph with a quotation open.
        if let Some(o) = open.take() {
            if o.style == Style::Single {
                continue;
            }
            let next_opens = doc.blocks.get(bi + 1).is_some_and(|nb| {
                nb.role.is_prose() && {
                    let r = block_tokens(doc, bi + 1);
                    r.start < r.end && toks[r.start].kind == TokenKind::Quote && is_double(mark_char(doc, r.start))
                }
            });
            // The other convention: only the last paragraph closes ("…underway.¶This is
            // dangerous, ” the agency quoted him"): the first mark of the next paragraphs is a
            // closing curly mark with no opening one before it, and the paragraphs in between
            // (at most MAX_UNMARKED_PARAGRAPHS) hold no marks at all.
            let mut next_closes = false;
            for nb in bi + 1..doc.blocks.len().min(bi + 2 + MAX_UNMARKED_PARAGRAPHS) {
                if !doc.blocks[nb].role.is_prose() {
                    break;
                }
                let r = block_tokens(doc, nb);
                if let Some(i) = (r.start..r.end).find(|&i| toks[i].kind == TokenKind::Quote && is_double(mark_char(doc, i))) {
                    next_closes = i > r.start && matches!(mark_char(doc, i), '”' | '»');
                    break;
                }
            }
            if next_opens || next_closes {
                open = Some(o);
            } else {
                close_at(doc, &mut out, o, hi, None);
            }
        }
    }
    out
}

/// Close `o` before token `at` (exclusive); `close` is the closing mark's token when there is one.
fn close_at(doc: &Doc, out: &mut Vec<Marked>, o: Open, at: usize, close: Option<usize>) {
    let end = match close {
        Some(c) => doc.tokens[c].end,
        None if at > o.tok + 1 => doc.tokens[at - 1].end,
        None => return,
    };
    if at <= o.tok + 1 {
        return; // nothing inside
    }
    out.push(Marked {
        open_tok: o.tok,
        close_tok: close,
        inner_end_tok: at,
        start: o.start,
        end,
        block: o.block,
        words: o.words,
        single: o.style == Style::Single,
    });
}

#[cfg(test)]
mod tests {
    use super::find_marked;
    use newsgraph_doc::{Doc, Stage};

    /// The quoted stretches of `text` after segmentation, as text.
    fn marked(text: &str) -> Vec<String> {
        let mut doc = Doc::new("t", text);
        newsgraph_segment::Segmenter.annotate(&mut doc);
        find_marked(&doc).iter().map(|m| text[m.start..m.end].to_string()).collect()
    }

    #[test]
    fn quote_closed_only_in_the_next_paragraph() {
        let text = "“Talks have begun.\n\nThis is a risky road, ”the agency quoted her as saying.\n\nNext paragraph.";
        let m = marked(text);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0], "“Talks have begun.\n\nThis is a risky road, ”");
    }

    #[test]
    fn quote_running_through_an_unmarked_paragraph_to_its_closing_mark() {
        let text = "“Prices will rise.\n\nWages will not follow.\n\nSo the strikes go on, ”the economist said.\n\nMore news.";
        let m = marked(text);
        assert_eq!(m.len(), 1);
        assert!(m[0].ends_with("So the strikes go on, ”"));
    }

    #[test]
    fn unclosed_quote_before_unmarked_paragraphs_stops_at_its_paragraph() {
        let text = "“Prices will rise.\n\nWages will not follow.\n\nThe strikes go on.\n\nThe union said “no” today.";
        let m = marked(text);
        assert_eq!(m[0], "“Prices will rise.");
    }
}
