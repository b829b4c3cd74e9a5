//! Word lists for the invented people and organisations of the demo data (`people.rs`): names,
//! phone and ID number parts, e-mail domains, trade names. Nothing refers to a real person.

// ---- people -------------------------------------------------------------

/// Common surnames, most frequent first (the first 20 are picked more often).
#[rustfmt::skip]
pub(super) static SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
    "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金",
    "石", "廖", "贾", "夏", "韦", "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹",
    "薛", "闫", "段", "雷", "侯", "龙", "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵",
    "万", "钱", "严", "覃", "武", "戴", "莫", "孔", "向", "汤",
];

#[rustfmt::skip]
pub(super) static COMPOUND_SURNAMES: &[&str] =
    &["欧阳", "司马", "诸葛", "上官", "东方", "慕容", "皇甫", "令狐", "司徒", "夏侯"];

#[rustfmt::skip]
pub(super) static GIVEN_CHARS: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
    "明", "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "兰", "萍", "红", "建", "文",
    "辉", "力", "斌", "宇", "浩", "鹏", "飞", "波", "林", "峰", "雪", "梅", "琳", "婷", "欣",
    "怡", "晨", "阳", "佳", "琪", "子", "轩", "涵", "睿", "博", "思", "雨", "梓", "嘉", "俊",
    "昊", "宁", "志", "海", "春", "燕", "丹", "云", "凯", "健", "亮", "龙", "成", "国", "荣",
    "慧", "晓", "倩", "颖", "凤", "新", "东", "永", "卫", "兵", "振", "鑫", "淑", "秋", "菊",
    "珍", "莉", "莹", "琴", "彬", "家", "德", "瑞", "泽", "诗", "雅", "悦", "妍", "宏", "光",
    "达", "坤", "远", "晶", "婉", "瑶", "欢", "航", "铭", "宸", "然", "岚", "蕾", "薇", "璐",
];

/// Characters outside GB2312 that real names do contain (堃 喆 赟 昇 䶮 and
/// the supplementary-plane 𠮷, U+20BB7).
#[rustfmt::skip]
pub(super) static RARE_CHARS: &[&str] = &["堃", "喆", "赟", "昇", "䶮", "\u{20BB7}"];

#[rustfmt::skip]
pub(super) static PINYIN_SURNAMES: &[&str] = &[
    "wang", "li", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun",
    "ma", "zhu", "hu", "guo", "he", "gao", "lin", "luo", "zheng", "liang", "xie", "song", "tang",
    "han", "feng", "deng", "cao", "peng", "zeng", "xiao", "tian", "dong", "pan", "jiang", "cai",
    "du", "ye", "cheng", "su", "wei", "shen", "yao", "lu", "ouyang",
];

#[rustfmt::skip]
pub(super) static PINYIN_GIVEN: &[&str] = &[
    "wei", "fang", "na", "min", "jing", "li", "qiang", "lei", "jun", "yang", "yong", "yan", "jie",
    "juan", "tao", "ming", "chao", "xiu", "xia", "ping", "gang", "hua", "yu", "lan", "hong",
    "jian", "wen", "hui", "bin", "hao", "peng", "fei", "bo", "lin", "feng", "xue", "mei", "ting",
    "xin", "yi", "chen", "jia", "qi", "xuan", "han", "rui", "si", "zi", "kai", "liang", "long",
    "guo", "rong", "xiao", "qian", "ying", "dong", "zhen",
];

#[rustfmt::skip]
pub(super) static EMAIL_DOMAINS: &[&str] = &["example.com", "example.org", "example.net"];

/// (prefix, weight): realistic mainland mobile prefixes, common ones heavier.
#[rustfmt::skip]
pub(super) static MOBILE_PREFIXES: &[(&str, u32)] = &[
    ("130", 3), ("131", 3), ("132", 3), ("133", 3), ("134", 3), ("135", 5), ("136", 5),
    ("137", 5), ("138", 8), ("139", 8), ("147", 1), ("150", 5), ("151", 5), ("152", 4),
    ("153", 3), ("155", 3), ("156", 3), ("157", 3), ("158", 5), ("159", 5), ("166", 2),
    ("173", 2), ("175", 2), ("176", 2), ("177", 3), ("178", 2), ("180", 3), ("181", 3),
    ("182", 4), ("183", 3), ("185", 3), ("186", 5), ("187", 4), ("188", 4), ("189", 4),
    ("191", 2), ("193", 1), ("195", 1), ("198", 2), ("199", 3),
];

/// (area code, local number digits).
#[rustfmt::skip]
pub(super) static AREA_CODES: &[(&str, u32)] = &[
    ("010", 8), ("020", 8), ("021", 8), ("022", 8), ("023", 8), ("024", 8), ("025", 8),
    ("027", 8), ("028", 8), ("029", 8), ("0571", 8), ("0574", 8), ("0575", 8), ("0579", 8),
    ("0512", 8), ("0510", 8), ("0531", 8), ("0532", 8), ("0551", 7), ("0591", 8), ("0731", 8),
    ("0771", 7), ("0851", 8), ("0871", 8), ("0898", 8), ("0931", 7), ("0951", 7), ("0991", 7),
];

/// Plausible 6-digit administrative division codes for ID numbers.
#[rustfmt::skip]
pub(super) static ID_AREA_CODES: &[&str] = &[
    "330102", "330105", "330106", "330108", "330110", "330203", "320102", "320505", "310104",
    "310115", "110105", "110108", "440106", "440305", "510107", "420106", "370102", "610113",
    "500103", "350203", "430104", "410105", "340104", "360102", "130102", "210102", "220102",
    "230102", "450103", "520102", "530102", "620102",
];

// ---- organisations ------------------------------------------------------

pub(super) static CITY: &str = "云江";

#[rustfmt::skip]
pub(super) static TRADE_NAMES: &[&str] = &[
    "华信", "恒达", "鑫源", "瑞丰", "宏远", "金诚", "博雅", "天润", "中恒", "永盛", "嘉禾",
    "兴隆", "安泰", "汇通", "德信", "联创", "新锐", "同创", "万家", "绿源",
];

#[rustfmt::skip]
pub(super) static INDUSTRIES: &[&str] = &[
    "科技", "信息技术", "物业服务", "建筑工程", "餐饮管理", "房地产开发", "商贸", "环保科技",
    "教育咨询", "物流", "家政服务", "装饰工程", "医药连锁", "文化传媒",
];
