//! Kangxi radicals → the ideographs they stand for, for matching labels.
//!
//! Some PDF producers (Chromium's, for one) map a CJK glyph that a font
//! shares between a radical and an ideograph to the radical's code point:
//! `⾏政许可` for `行政许可`. The text is written as the file maps it (the
//! normaliser downstream folds these forms); this fold is only used where
//! the reader itself must recognise a label, to tell tables from frames.
//! The table is Unicode's compatibility decomposition of U+2F00–U+2FD5,
//! plus the two CJK Radicals Supplement characters that have one.

/// The ideograph a Kangxi radical (or one of two supplement radicals)
/// decomposes to; any other character unchanged.
pub(crate) fn fold_radical(c: char) -> char {
    match c as u32 {
        0x2F00..=0x2FD5 => KANGXI[(c as u32 - 0x2F00) as usize],
        0x2E9F => '\u{6BCD}',
        0x2EF3 => '\u{9F9F}',
        _ => c,
    }
}

const KANGXI: [char; 214] = [
    '\u{4E00}', '\u{4E28}', '\u{4E36}', '\u{4E3F}', '\u{4E59}', '\u{4E85}', '\u{4E8C}', '\u{4EA0}',
    '\u{4EBA}', '\u{513F}', '\u{5165}', '\u{516B}', '\u{5182}', '\u{5196}', '\u{51AB}', '\u{51E0}',
    '\u{51F5}', '\u{5200}', '\u{529B}', '\u{52F9}', '\u{5315}', '\u{531A}', '\u{5338}', '\u{5341}',
    '\u{535C}', '\u{5369}', '\u{5382}', '\u{53B6}', '\u{53C8}', '\u{53E3}', '\u{56D7}', '\u{571F}',
    '\u{58EB}', '\u{5902}', '\u{590A}', '\u{5915}', '\u{5927}', '\u{5973}', '\u{5B50}', '\u{5B80}',
    '\u{5BF8}', '\u{5C0F}', '\u{5C22}', '\u{5C38}', '\u{5C6E}', '\u{5C71}', '\u{5DDB}', '\u{5DE5}',
    '\u{5DF1}', '\u{5DFE}', '\u{5E72}', '\u{5E7A}', '\u{5E7F}', '\u{5EF4}', '\u{5EFE}', '\u{5F0B}',
    '\u{5F13}', '\u{5F50}', '\u{5F61}', '\u{5F73}', '\u{5FC3}', '\u{6208}', '\u{6236}', '\u{624B}',
    '\u{652F}', '\u{6534}', '\u{6587}', '\u{6597}', '\u{65A4}', '\u{65B9}', '\u{65E0}', '\u{65E5}',
    '\u{66F0}', '\u{6708}', '\u{6728}', '\u{6B20}', '\u{6B62}', '\u{6B79}', '\u{6BB3}', '\u{6BCB}',
    '\u{6BD4}', '\u{6BDB}', '\u{6C0F}', '\u{6C14}', '\u{6C34}', '\u{706B}', '\u{722A}', '\u{7236}',
    '\u{723B}', '\u{723F}', '\u{7247}', '\u{7259}', '\u{725B}', '\u{72AC}', '\u{7384}', '\u{7389}',
    '\u{74DC}', '\u{74E6}', '\u{7518}', '\u{751F}', '\u{7528}', '\u{7530}', '\u{758B}', '\u{7592}',
    '\u{7676}', '\u{767D}', '\u{76AE}', '\u{76BF}', '\u{76EE}', '\u{77DB}', '\u{77E2}', '\u{77F3}',
    '\u{793A}', '\u{79B8}', '\u{79BE}', '\u{7A74}', '\u{7ACB}', '\u{7AF9}', '\u{7C73}', '\u{7CF8}',
    '\u{7F36}', '\u{7F51}', '\u{7F8A}', '\u{7FBD}', '\u{8001}', '\u{800C}', '\u{8012}', '\u{8033}',
    '\u{807F}', '\u{8089}', '\u{81E3}', '\u{81EA}', '\u{81F3}', '\u{81FC}', '\u{820C}', '\u{821B}',
    '\u{821F}', '\u{826E}', '\u{8272}', '\u{8278}', '\u{864D}', '\u{866B}', '\u{8840}', '\u{884C}',
    '\u{8863}', '\u{897E}', '\u{898B}', '\u{89D2}', '\u{8A00}', '\u{8C37}', '\u{8C46}', '\u{8C55}',
    '\u{8C78}', '\u{8C9D}', '\u{8D64}', '\u{8D70}', '\u{8DB3}', '\u{8EAB}', '\u{8ECA}', '\u{8F9B}',
    '\u{8FB0}', '\u{8FB5}', '\u{9091}', '\u{9149}', '\u{91C6}', '\u{91CC}', '\u{91D1}', '\u{9577}',
    '\u{9580}', '\u{961C}', '\u{96B6}', '\u{96B9}', '\u{96E8}', '\u{9751}', '\u{975E}', '\u{9762}',
    '\u{9769}', '\u{97CB}', '\u{97ED}', '\u{97F3}', '\u{9801}', '\u{98A8}', '\u{98DB}', '\u{98DF}',
    '\u{9996}', '\u{9999}', '\u{99AC}', '\u{9AA8}', '\u{9AD8}', '\u{9ADF}', '\u{9B25}', '\u{9B2F}',
    '\u{9B32}', '\u{9B3C}', '\u{9B5A}', '\u{9CE5}', '\u{9E75}', '\u{9E7F}', '\u{9EA5}', '\u{9EBB}',
    '\u{9EC3}', '\u{9ECD}', '\u{9ED1}', '\u{9EF9}', '\u{9EFD}', '\u{9F0E}', '\u{9F13}', '\u{9F20}',
    '\u{9F3B}', '\u{9F4A}', '\u{9F52}', '\u{9F8D}', '\u{9F9C}', '\u{9FA0}',
];

#[cfg(test)]
mod tests {
    #[test]
    fn radicals_fold() {
        let s: String = "⾏政许可⼀⼆".chars().map(super::fold_radical).collect();
        assert_eq!(s, "行政许可一二");
    }
}
