//! A text's lines, cut where [`str::lines`] cuts them but found with the
//! vectorised byte search of `memchr`: the stages after decoding cut each
//! document into lines several times, and reports are made of short lines,
//! on which the standard library's search costs more than the line itself.

/// The lines of `text` exactly as [`str::lines`] gives them: cut at each
/// `\n`, a `\r` just before it dropped, and no empty line after a final
/// `\n`.
pub fn split_lines(text: &str) -> Lines<'_> {
    Lines { rest: text }
}

/// The iterator of [`split_lines`].
#[derive(Clone, Debug)]
pub struct Lines<'a> {
    rest: &'a str,
}

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.rest.is_empty() {
            return None;
        }
        let line = match memchr::memchr(b'\n', self.rest.as_bytes()) {
            Some(at) => {
                // `\n` is one byte and never inside a character: both cuts
                // are on character boundaries.
                let line = &self.rest[..at];
                self.rest = &self.rest[at + 1..];
                line.strip_suffix('\r').unwrap_or(line)
            }
            None => std::mem::take(&mut self.rest),
        };
        Some(line)
    }
}

impl std::iter::FusedIterator for Lines<'_> {}

#[cfg(test)]
mod tests {
    use super::split_lines;

    #[test]
    fn cuts_where_the_standard_library_cuts() {
        let texts = [
            "",
            "\n",
            "\n\n",
            "a",
            "a\n",
            "a\nb",
            "a\r\nb\r\n",
            "a\r\n\r\nb",
            "a\rb\n",
            "a\r",
            "\r",
            "\r\n",
            "a\r\r\nb",
            "一、总体情况\n二、主动公开\r\n 三 \n\n表格|1|2\r",
        ];
        for t in texts {
            let ours: Vec<&str> = split_lines(t).collect();
            let std: Vec<&str> = t.lines().collect();
            assert_eq!(ours, std, "{t:?}");
        }
    }
}
