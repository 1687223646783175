//! Print the text the PDF reader gives for each file named.
fn main() {
    for f in std::env::args().skip(1) {
        let bytes = std::fs::read(&f).expect("readable file");
        match ogi::decode::pdf::pdf_to_text(&bytes, &ogi::decode::pdf::PdfLimits::default()) {
            Ok(t) => print!("{}", t.text),
            Err(e) => eprintln!("{f}: {e}"),
        }
    }
}
