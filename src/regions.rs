//! Places as codes: the administrative division (行政区划代码, GB/T 2260
//! layout) that a report's own names point to.
//!
//! The division list is `assets/divisions/divisions.tsv` (province,
//! prefecture and county levels; see the README beside it), embedded at
//! build time and parsed once.
//!
//! # How names are found in a string
//!
//! A string (an organ, a region, a title) is first normalised: white space
//! is removed and common traditional characters are mapped to simplified
//! ones. It is then split into words by a dictionary of
//!
//! - **full names** of divisions as the list prints them (`岚皋县`,
//!   `广西壮族自治区`), and customary forms of autonomous areas without the
//!   nationalities (`城步县` for `城步苗族自治县`, `大理州` for
//!   `大理白族自治州`, `广西自治区`);
//! - **short forms** of provinces (`陕西`, `广西`, `内蒙古`, `北京`);
//! - **stems**, the names without their suffix (`岚皋`, `南通`, `广东`),
//!   which are never places by themselves but keep a name from being read
//!   out of the middle of another one.
//!
//! A few ordinary words (`中共`, `沿海`) are fenced off before the split:
//! no name may take a character of them (`中共和县县委` is 和县, not
//! 共和县; `沿海城市` holds no 海城市).
//!
//! The split covers as many characters as possible with dictionary words;
//! among equal covers it takes, from the left, the longest word. So in
//! `广东区域` the word is `广东`, not `东区`; in `南通州区` it is `南通`, not
//! `通州区`; in `东西湖区` it is `东西湖区`, not `西湖区`; and in
//! `依托岚皋县` it is `岚皋县`, because nothing else claims those characters.
//!
//! A full name found that way counts as named unless
//!
//! - it is followed by a township word (`镇`, `乡` but not `乡镇`, `街道`,
//!   `苏木`, `办事处`): `东区街道` is a township, not the district 东区;
//! - it ends in `区` and is followed by `域` or `划` (`…区域`, `…区划`), or
//!   ends in `市` and is followed by `场` (`东方市场` is a market, not
//!   东方市; an organ writes `东方市市场监督管理局`);
//! - it has only two characters (`和县`, `城区`, `东区`) and does not start a
//!   string, follow a character that is not CJK, follow another division
//!   name or short form, or follow `中共`: a two-character name in running
//!   text is too often part of something else (`乡镇和县直部门`).
//!
//! A short form counts only when the next word is a division name that
//! counts (`陕西安康市`, `广西南宁市`); `湖南镇`, `新疆生产建设兵团` or a
//! short form ending a string name nothing.
//!
//! # From names to one division
//!
//! Each name stands for the divisions that carry it (`朝阳区`: 110105 in
//! 北京, 220104 in 长春). A reading picks one division per distinct name
//! such that all picked divisions lie on one chain province ⊃ prefecture ⊃
//! county. The answer is the most specific division of a reading, and only
//! when every reading gives the same one: `朝阳区` alone has two readings
//! and gives nothing; with `北京市` it has one. Names that contradict each
//! other (two different counties, a county outside the province named)
//! give nothing. Townships are not in the list and locate nothing.
//!
//! A district whose name is also an ordinary word for part of a town (`城区`,
//! `郊区`, `东区`, `老城区`, `东城区`, `市中区`: only the characters
//! 东西南北中城市新老郊矿 before `区`) counts only in a reading that also
//! picks a division around it: `老城区改造办公室` is no place, `洛阳市老城区`
//! is 410302, and `东城区人民政府` alone gives nothing. Where no such reading
//! exists the name is read as the ordinary word and passed over
//! (`岚皋县城区管理办公室` is 岚皋县); readings that pass over fewer names
//! win.
//!
//! The organ, region and title are trusted in that order by the caller's
//! choice of what to pass; the matcher itself asks all of them to agree, so
//! a title that names another county withholds the code rather than
//! overruling the organ.

use std::collections::HashMap;

/// The index's maps, looked up for every character of every name a
/// document gives: hashed with ahash, which costs a fraction of SipHash on
/// keys this short.
type Map<K, V> = HashMap<K, V, ahash::RandomState>;
use std::sync::LazyLock;

const DIVISIONS_TSV: &str = include_str!("../assets/divisions/divisions.tsv");

/// Where a report's names place it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// Six-digit code of the most specific division named.
    pub region_code: String,
    /// Full name of the province-level division.
    pub province: String,
    /// Full name of the prefecture-level division, if the place is one or
    /// lies in one (a municipality's districts and province-administered
    /// county-level cities have none).
    pub prefecture: Option<String>,
    /// Full name of the county-level division, if the place is one.
    pub county: Option<String>,
}

/// The one division the names point to, or None. `names` are the strings
/// the document gives for itself: its organ, its region, its title (any may
/// be absent, i.e. empty), in that order of trust. All of them must agree:
/// a name in any of them that contradicts the others gives None.
pub fn locate(names: &[&str]) -> Option<Place> {
    let index = &*INDEX;
    let mut named: Vec<&[usize]> = Vec::new();
    for s in names {
        for word in index.named_in(s) {
            let divs = index.entries[&word].names.as_slice();
            if !named.contains(&divs) {
                named.push(divs);
            }
        }
    }
    let code = index.resolve(&named)?;
    Some(index.place(code))
}

/// The division name `s` starts with, as its length in characters and
/// whether it is of county level (else of prefecture level): `桐乡市公安局`
/// starts with the county-level 桐乡市, `临夏州公安局` with the prefecture
/// 临夏州. None when `s` starts with no division's name, with a province's,
/// or with a name that is of both levels.
pub fn leading_division(s: &str) -> Option<(usize, bool)> {
    let index = &*INDEX;
    let chars = index.normalise(s);
    if chars.len() != s.chars().count() {
        return None;
    }
    // The longest name of a division the string starts with, unless a word
    // that lends no character to a name (中共) begins inside it.
    let lengths = index.starts.get(chars.first()?)?;
    let mut key = String::new();
    let (b, names) = lengths
        .iter()
        .filter(|&&len| len <= chars.len())
        .find_map(|&len| {
            key.clear();
            key.extend(&chars[..len]);
            let names = &index.entries.get(key.as_str())?.names;
            let fenced =
                (0..len).any(|i| index.not_places.iter().any(|w| chars[i..].starts_with(w)));
            (!names.is_empty() && !fenced).then_some((len, names))
        })?;
    let level = |l: Level| names.iter().all(|&d| index.divs[d].level == l);
    if level(Level::County) {
        Some((b, true))
    } else if level(Level::Prefecture) {
        Some((b, false))
    } else {
        None
    }
}

/// The full name of the division with this six-digit code, if it is in the
/// list.
pub fn division_name(code: &str) -> Option<&'static str> {
    let index = &*INDEX;
    index.by_code.get(code).map(|&i| index.divs[i].name)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Province,
    Prefecture,
    County,
}

struct Division {
    code: &'static str,
    name: &'static str,
    level: Level,
    parent: Option<usize>,
    /// A district whose name is also an ordinary word for part of a town
    /// (`城区`, `老城区`, `东城区`, `市中区`): it counts only inside an
    /// enclosing division that is named too.
    generic: bool,
}

/// Characters of the district names that are ordinary words: directions,
/// 中, 城, 市, 新, 老, 郊, 矿.
const GENERIC_DISTRICT_CHARS: &str = "东西南北中城市新老郊矿";

/// What a dictionary word can be. One word can be several things: `吉林`
/// is the short form of 吉林省 and the stem of 吉林市.
#[derive(Default)]
struct Entry {
    /// Divisions this word is a full (or customary full) name of.
    names: Vec<usize>,
    /// Provinces this word is the short form of.
    short: Vec<usize>,
}

struct Index {
    divs: Vec<Division>,
    by_code: Map<&'static str, usize>,
    /// Every dictionary word: full names, customary forms, short forms and
    /// stems (stems have an empty entry).
    entries: Map<String, Entry>,
    /// For each character that starts a dictionary word, the lengths (in
    /// characters) of the words it starts, longest first.
    starts: Map<char, Vec<usize>>,
    traditional: Map<char, char>,
    not_places: Vec<Vec<char>>,
}

static INDEX: LazyLock<Index> = LazyLock::new(|| Index::build(DIVISIONS_TSV));

/// Words that never lend a character to a division name: 中共和县 is
/// 中共 + 和县, not 中 + 共和县; 沿海城市 holds no 海城市.
const NOT_PLACES: &[&str] = &["中共", "沿海"];

/// Suffixes that end a division name, longest first.
#[rustfmt::skip]
const SUFFIXES: &[&str] = &[
    "特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "省", "市", "区", "县", "旗", "州", "盟",
];

/// China's nationalities other than Han, as they appear in the names of
/// autonomous areas (`…苗族自治县`; a few names drop the 族:
/// `伊犁哈萨克自治州`).
#[rustfmt::skip]
const NATIONALITIES: &[&str] = &[
    "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白", "土家", "哈尼",
    "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西", "景颇", "柯尔克孜", "土",
    "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌", "普米", "塔吉克", "怒",
    "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴",
    "珞巴", "基诺",
];

/// Traditional characters common in place names and organ names, with
/// their simplified forms. No key occurs in the division list (a test
/// checks), so mapping never changes a name written in simplified script.
#[rustfmt::skip]
const TRADITIONAL: &[(char, char)] = &[
    ('區', '区'), ('縣', '县'), ('鎮', '镇'), ('鄉', '乡'), ('東', '东'), ('陽', '阳'), ('興', '兴'),
    ('遼', '辽'), ('寧', '宁'), ('龍', '龙'), ('門', '门'), ('豐', '丰'), ('開', '开'), ('陝', '陕'),
    ('廣', '广'), ('雲', '云'), ('貴', '贵'), ('華', '华'), ('慶', '庆'), ('榮', '荣'), ('灣', '湾'),
    ('臺', '台'), ('黃', '黄'), ('蘭', '兰'), ('漢', '汉'), ('雙', '双'), ('鄭', '郑'), ('長', '长'),
    ('烏', '乌'), ('齊', '齐'), ('爾', '尔'), ('濟', '济'), ('嶺', '岭'), ('島', '岛'), ('澤', '泽'),
    ('陰', '阴'), ('寶', '宝'), ('雞', '鸡'), ('瀋', '沈'), ('蘇', '苏'), ('濱', '滨'), ('溝', '沟'),
    ('壩', '坝'), ('濰', '潍'), ('張', '张'), ('鄲', '郸'), ('臨', '临'), ('滄', '沧'), ('邊', '边'),
    ('樂', '乐'), ('橋', '桥'), ('關', '关'), ('灘', '滩'), ('盤', '盘'), ('錦', '锦'), ('撫', '抚'),
    ('鐵', '铁'), ('嶽', '岳'), ('農', '农'), ('鳳', '凤'), ('來', '来'), ('義', '义'), ('陸', '陆'),
    ('麗', '丽'), ('劍', '剑'), ('廈', '厦'), ('達', '达'), ('貝', '贝'), ('陳', '陈'), ('歸', '归'),
    ('團', '团'), ('圖', '图'), ('湯', '汤'), ('溫', '温'), ('鹽', '盐'), ('紹', '绍'), ('蕪', '芜'),
    ('壽', '寿'), ('萊', '莱'), ('棗', '枣'), ('羅', '罗'), ('順', '顺'), ('鶴', '鹤'), ('贛', '赣'),
    ('漣', '涟'), ('婁', '娄'), ('懷', '怀'), ('綏', '绥'), ('錫', '锡'), ('無', '无'), ('揚', '扬'),
    ('連', '连'), ('靈', '灵'), ('隴', '陇'), ('綿', '绵'), ('瀘', '泸'), ('資', '资'), ('閩', '闽'),
    ('頭', '头'), ('遠', '远'), ('運', '运'), ('魯', '鲁'), ('衛', '卫'), ('體', '体'), ('財', '财'),
    ('稅', '税'), ('務', '务'), ('環', '环'), ('監', '监'), ('會', '会'), ('員', '员'), ('處', '处'),
    ('辦', '办'), ('廳', '厅'), ('報', '报'), ('國', '国'), ('計', '计'), ('發', '发'), ('傳', '传'),
    ('廠', '厂'), ('場', '场'), ('鄰', '邻'), ('潤', '润'), ('聯', '联'), ('壯', '壮'), ('維', '维'),
    ('廟', '庙'), ('濤', '涛'), ('潛', '潜'), ('隨', '随'),
    ('嶼', '屿'), ('蓮', '莲'), ('峽', '峡'), ('灤', '滦'), ('徑', '径'), ('巖', '岩'),
    ('楊', '杨'), ('營', '营'), ('瑪', '玛'), ('滬', '沪'), ('頂', '顶'), ('崗', '岗'), ('蘆', '芦'),
    ('寬', '宽'), ('鬱', '郁'), ('潁', '颍'), ('鄖', '郧'), ('葉', '叶'), ('黨', '党'), ('韓', '韩'),
];

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

fn split_suffix(name: &str) -> (&str, &str) {
    for suffix in SUFFIXES {
        if let Some(stem) = name.strip_suffix(suffix) {
            return (stem, suffix);
        }
    }
    (name, "")
}

/// The stem of an autonomous area's name without its nationalities:
/// `城步苗族` → `城步`, `伊犁哈萨克` → `伊犁`. A stem that would keep
/// fewer than two characters is left whole (`内蒙古`, `鄂温克族`).
fn strip_nationalities(stem: &str) -> &str {
    let mut bare = stem;
    loop {
        let cut = if let Some(rest) = bare.strip_suffix('族') {
            NATIONALITIES
                .iter()
                .filter(|n| rest.ends_with(*n))
                .max_by_key(|n| n.len())
                .map(|n| n.len() + '族'.len_utf8())
        } else {
            // Without 族 only the longer names, as in 伊犁哈萨克自治州.
            NATIONALITIES
                .iter()
                .filter(|n| n.chars().count() >= 2 && bare.ends_with(*n))
                .max_by_key(|n| n.len())
                .map(|n| n.len())
        };
        match cut {
            Some(len) if bare[..bare.len() - len].chars().count() >= 2 => {
                bare = &bare[..bare.len() - len]
            }
            _ => return bare,
        }
    }
}

impl Index {
    fn build(tsv: &'static str) -> Index {
        let mut divs = Vec::new();
        let mut by_code = Map::default();
        let mut parents = Vec::new();
        for line in tsv.lines().skip(1) {
            if line.is_empty() {
                continue;
            }
            let mut f = line.split('\t');
            let (code, name, level, parent) = (
                f.next().unwrap_or(""),
                f.next().unwrap_or(""),
                f.next().unwrap_or(""),
                f.next().unwrap_or(""),
            );
            let level = match level {
                "province" => Level::Province,
                "prefecture" => Level::Prefecture,
                "county" => Level::County,
                other => panic!("divisions.tsv: unknown level {other:?} for {code}"),
            };
            by_code.insert(code, divs.len());
            parents.push(parent);
            let generic = level == Level::County
                && name
                    .strip_suffix('区')
                    .is_some_and(|stem| stem.chars().all(|c| GENERIC_DISTRICT_CHARS.contains(c)));
            divs.push(Division {
                code,
                name,
                level,
                parent: None,
                generic,
            });
        }
        for (i, parent) in parents.iter().enumerate() {
            if !parent.is_empty() {
                let p = *by_code
                    .get(parent)
                    .unwrap_or_else(|| panic!("divisions.tsv: no parent {parent}"));
                divs[i].parent = Some(p);
            }
        }

        let mut entries: Map<String, Entry> = Map::default();
        let add_stem = |entries: &mut Map<String, Entry>, stem: &str| {
            if stem.chars().count() >= 2 {
                entries.entry(stem.to_string()).or_default();
            }
        };
        for (i, d) in divs.iter().enumerate() {
            entries.entry(d.name.to_string()).or_default().names.push(i);
            let (stem, suffix) = split_suffix(d.name);
            add_stem(&mut entries, stem);
            let bare = strip_nationalities(stem);
            if bare != stem {
                add_stem(&mut entries, bare);
            }
            let bare_ok = bare.chars().count() >= 2;
            match (d.level, suffix) {
                (Level::Province, "省" | "市") => {
                    entries.entry(stem.to_string()).or_default().short.push(i)
                }
                (Level::Province, "自治区") => {
                    entries.entry(bare.to_string()).or_default().short.push(i);
                    if bare != stem {
                        entries
                            .entry(format!("{bare}自治区"))
                            .or_default()
                            .names
                            .push(i);
                    }
                }
                (_, "自治州" | "自治县" | "自治旗") if bare_ok && bare != stem => {
                    let customary = format!("{bare}{}", &suffix["自治".len()..]);
                    entries.entry(customary).or_default().names.push(i);
                }
                _ => {}
            }
        }
        let mut starts: Map<char, Vec<usize>> = Map::default();
        for key in entries.keys() {
            let lengths = starts.entry(key.chars().next().unwrap()).or_default();
            let len = key.chars().count();
            if !lengths.contains(&len) {
                lengths.push(len);
            }
        }
        starts
            .values_mut()
            .for_each(|l| l.sort_unstable_by(|a, b| b.cmp(a)));
        let traditional = TRADITIONAL.iter().copied().collect();
        let not_places = NOT_PLACES.iter().map(|w| w.chars().collect()).collect();
        Index {
            divs,
            by_code,
            entries,
            starts,
            traditional,
            not_places,
        }
    }

    fn normalise(&self, s: &str) -> Vec<char> {
        s.chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{200b}')
            .map(|c| self.traditional.get(&c).copied().unwrap_or(c))
            .collect()
    }

    /// The dictionary words `s` is split into, as (start, end) character
    /// positions in the normalised string: the split that covers the most
    /// characters, and among those the one taking the longest word first.
    fn split(&self, s: &[char]) -> Vec<(usize, usize)> {
        let n = s.len();
        let mut fenced = vec![false; n];
        let mut i = 0;
        while i < n {
            match self.not_places.iter().find(|w| s[i..].starts_with(w)) {
                Some(w) => {
                    fenced[i..i + w.len()].iter_mut().for_each(|f| *f = true);
                    i += w.len();
                }
                None => i += 1,
            }
        }
        // best[i]: (characters covered from i on, next cut: word end or i+1 for a skipped char, is_word)
        let mut best = vec![(0usize, n, false); n + 1];
        let mut key = String::new();
        for i in (0..n).rev() {
            let mut choice = (best[i + 1].0, i + 1, false);
            let lengths = self.starts.get(&s[i]).map_or(&[][..], |l| l.as_slice());
            for &len in lengths.iter().filter(|&&len| len <= n - i) {
                if fenced[i..i + len].iter().any(|&f| f) {
                    continue;
                }
                key.clear();
                key.extend(&s[i..i + len]);
                if self.entries.contains_key(key.as_str()) {
                    let covered = len + best[i + len].0;
                    if covered > choice.0 || (covered == choice.0 && !choice.2) {
                        choice = (covered, i + len, true);
                    }
                }
            }
            best[i] = choice;
        }
        let mut words = Vec::new();
        let mut i = 0;
        while i < n {
            let (_, next, is_word) = best[i];
            if is_word {
                words.push((i, next));
            }
            i = next;
        }
        words
    }

    /// The dictionary keys of the division names that count in `s` (see the
    /// module documentation), in order.
    fn named_in(&self, s: &str) -> Vec<String> {
        let s = self.normalise(s);
        let words = self.split(&s);
        let text = |a: usize, b: usize| s[a..b].iter().collect::<String>();
        let rest = |b: usize| s[b..].iter().take(3).collect::<String>();

        // Full names first; a short form then needs an accepted name after it.
        let mut accepted = vec![false; words.len()];
        for (w, &(a, b)) in words.iter().enumerate() {
            let word = text(a, b);
            let entry = &self.entries[&word];
            if entry.names.is_empty() {
                continue;
            }
            let after = rest(b);
            let township = ["镇", "街道", "苏木", "办事处"]
                .iter()
                .any(|t| after.starts_with(t))
                || (after.starts_with('乡') && !after.starts_with("乡镇"));
            let area_word = (word.ends_with('区')
                && (after.starts_with('域') || after.starts_with('划')))
                || (word.ends_with('市') && after.starts_with('场'));
            if township || area_word {
                continue;
            }
            if b - a == 2 {
                let hard_start = a == 0
                    || !is_cjk(s[a - 1])
                    || (w > 0 && words[w - 1].1 == a && {
                        let prev = &self.entries[&text(words[w - 1].0, a)];
                        !prev.names.is_empty() || !prev.short.is_empty()
                    })
                    || (a >= 2 && s[a - 2] == '中' && s[a - 1] == '共');
                if !hard_start {
                    continue;
                }
            }
            accepted[w] = true;
        }
        let mut out = Vec::new();
        for (w, &(a, b)) in words.iter().enumerate() {
            let word = text(a, b);
            if accepted[w] {
                out.push(word);
            } else if !self.entries[&word].short.is_empty()
                && self.entries[&word].names.is_empty()
                && words
                    .get(w + 1)
                    .is_some_and(|&(na, _)| na == b && accepted[w + 1])
            {
                // A short form stands for its province; store it under a
                // key whose `names` are that province.
                let province = self.entries[&word].short[0];
                out.push(self.divs[province].name.to_string());
            }
        }
        out
    }

    fn is_within(&self, inner: usize, outer: usize) -> bool {
        let mut at = Some(inner);
        while let Some(i) = at {
            if i == outer {
                return true;
            }
            at = self.divs[i].parent;
        }
        false
    }

    /// The one most specific division consistent with every name, if there
    /// is exactly one.
    ///
    /// A reading picks one division per name; a generic district's name may
    /// also be passed over (read as the ordinary word), and a picked generic
    /// district needs another pick around it. Of the consistent readings,
    /// those that pass over the fewest names count.
    fn resolve(&self, named: &[&[usize]]) -> Option<usize> {
        const MAX_READINGS: usize = 4096;
        // Options per name: its divisions, and None for "passed over".
        let options: Vec<Vec<Option<usize>>> = named
            .iter()
            .map(|divs| {
                let mut o: Vec<Option<usize>> = divs.iter().map(|&d| Some(d)).collect();
                if divs.iter().all(|&d| self.divs[d].generic) {
                    o.push(None);
                }
                o
            })
            .collect();
        let readings = options
            .iter()
            .try_fold(1usize, |n, o| n.checked_mul(o.len()));
        if options.is_empty()
            || options.iter().any(|o| o.is_empty())
            || readings.is_none_or(|n| n > MAX_READINGS)
        {
            return None;
        }
        // (names passed over, the answer so far; None once readings disagree)
        let mut best: Option<(usize, Option<usize>)> = None;
        let mut pick = vec![0usize; options.len()];
        loop {
            let chosen: Vec<usize> = pick
                .iter()
                .zip(&options)
                .filter_map(|(&p, o)| o[p])
                .collect();
            let passed = options.len() - chosen.len();
            if let Some(&deepest) = chosen.iter().max_by_key(|&&d| self.depth(d)) {
                let enclosed = |d: usize| chosen.iter().any(|&o| o != d && self.is_within(d, o));
                let consistent = chosen.iter().all(|&d| self.is_within(deepest, d))
                    && chosen.iter().all(|&d| !self.divs[d].generic || enclosed(d));
                if consistent {
                    best = match best {
                        Some((p, _)) if p < passed => best,
                        Some((p, a)) if p == passed => Some((p, a.filter(|&a| a == deepest))),
                        _ => Some((passed, Some(deepest))),
                    };
                }
            }
            // Next reading.
            let mut k = 0;
            loop {
                if k == pick.len() {
                    return best.and_then(|(_, a)| a);
                }
                pick[k] += 1;
                if pick[k] < options[k].len() {
                    break;
                }
                pick[k] = 0;
                k += 1;
            }
        }
    }

    fn depth(&self, d: usize) -> usize {
        let mut depth = 0;
        let mut at = self.divs[d].parent;
        while let Some(p) = at {
            depth += 1;
            at = self.divs[p].parent;
        }
        depth
    }

    fn place(&self, d: usize) -> Place {
        let mut place = Place {
            region_code: self.divs[d].code.to_string(),
            province: String::new(),
            prefecture: None,
            county: None,
        };
        let mut at = Some(d);
        while let Some(i) = at {
            let div = &self.divs[i];
            match div.level {
                Level::Province => place.province = div.name.to_string(),
                Level::Prefecture => place.prefecture = Some(div.name.to_string()),
                Level::County => place.county = Some(div.name.to_string()),
            }
            at = div.parent;
        }
        place
    }
}

#[cfg(test)]
mod tests;
