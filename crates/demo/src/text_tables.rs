//! Static word lists and sentence templates used by [`super::text`]: places, slot values and office
//! replies here; the topics (`text_topics.rs`), the appeal templates (`text_templates.rs`) and
//! the people's word lists (`people_tables.rs`) in files of their own, re-exported here so that
//! every table is `text_tables::NAME`.
//!
//! Everything here is invented: the city ("云江市"), its districts, streets,
//! roads and residential compounds are fictional, and no entry refers to a
//! real person. Templates contain `{slot}` placeholders that `template.rs`
//! expands; every slot name used here must be handled there (a test expands
//! every template to check this).
//!
//! Rule for the appeal templates: a topic keyword (see `TOPICS`) may only
//! appear through the `{topic}` slot or inside that topic's own phrases, so a
//! test can plant a topic and find exactly the appeals that use it.

pub(super) use super::people_tables::*;
pub(super) use super::text_templates::*;
pub(super) use super::text_topics::*;

#[rustfmt::skip]
pub(super) static DISTRICTS: [&str; 9] = [
    "云湖区", "江滨区", "凤鸣区", "青石区", "望海区", "金桥区", "松岭区", "白鹭区", "新港区",
];

/// Street offices per district, aligned with [`DISTRICTS`].
#[rustfmt::skip]
pub(super) static STREETS: [&[&str]; 9] = [
    &["湖滨街道", "文澜街道", "翠苑街道", "柳浪街道"],
    &["滨江街道", "望潮街道", "沙洲街道"],
    &["凤鸣街道", "梧桐街道", "朝阳街道", "新华街道"],
    &["青石街道", "石桥街道", "松涛街道"],
    &["望海街道", "港湾街道", "渔光街道", "海晏街道", "银滩街道"],
    &["金桥街道", "长兴街道", "永宁街道"],
    &["松岭街道", "枫林街道", "竹溪街道", "白云街道"],
    &["白鹭街道", "鹭洲街道", "芦花街道"],
    &["新港街道", "临港街道", "兴港街道", "开元街道"],
];

#[rustfmt::skip]
pub(super) static ROADS: &[&str] = &[
    "学院路", "文三路", "湖滨路", "解放路", "人民路", "建设路", "中山路", "和平路", "新华路",
    "胜利路", "长江路", "黄河路", "滨江大道", "望江路", "凤起路", "梧桐路", "朝晖路", "青年路",
    "光明路", "体育路", "石桥路", "松涛路", "港湾大道", "金桥北路", "永宁路", "枫林路", "竹溪路",
    "白云路", "鹭洲路", "开元大道", "兴业路", "育才路", "春晖路", "环城东路", "环城西路",
];

#[rustfmt::skip]
pub(super) static COMMUNITIES: &[&str] = &[
    "翠苑小区", "文澜花园", "湖畔家园", "柳浪新村", "金色家园", "阳光花园", "锦绣华庭", "望江苑",
    "滨江名苑", "梧桐里", "朝阳新村", "新华小区", "青石嘉园", "松涛苑", "海晏花园", "银滩小区",
    "港湾新城", "长兴家园", "永宁小区", "枫林湾", "竹溪雅苑", "白云山庄", "鹭洲花园", "芦花小区",
    "开元名都", "兴港小区", "春晖苑", "育才新村", "怡景园", "绿城花园", "紫金华府", "幸福里",
    "桂花园", "丽景湾",
];

#[rustfmt::skip]
pub(super) static SCHOOLS: &[&str] = &[
    "实验小学", "第一小学", "育才小学", "第二中学", "第三中学", "实验幼儿园", "阳光幼儿园",
    "外国语学校", "第五中学", "城南小学",
];

// ---- appeal slots -------------------------------------------------------

#[rustfmt::skip]
pub(super) static SINCE: &[&str] = &[
    "今年三月份开始", "从上个月中旬开始", "去年冬天起", "最近两个星期", "从今年春节后",
    "大概从半年前开始", "入夏以来", "从上周一开始", "今年以来", "自从去年年底搬进来",
    "从国庆节过后", "这一个多月来", "从开学以后",
];

#[rustfmt::skip]
pub(super) static DURATIONS: &[&str] = &[
    "两个多月", "半年多", "一年多", "三个多星期", "快一个月", "将近两年", "四五个月", "十来天",
];

#[rustfmt::skip]
pub(super) static SHORT_DURATIONS: &[&str] =
    &["半个月", "两周", "十来天", "一个多月", "三个星期", "二十多天"];

#[rustfmt::skip]
pub(super) static FREQUENCIES: &[&str] =
    &["几乎每天", "隔三岔五", "每个周末", "每天早晚", "一周总有三四天", "最近几乎天天"];

#[rustfmt::skip]
pub(super) static TIMES_OF_DAY: &[&str] = &[
    "晚上十点以后", "凌晨一两点", "早上六点多", "中午午休的时候", "傍晚下班高峰", "半夜",
    "周末一大早",
];

/// Impacts for neighbourhood topics (Community / Road).
#[rustfmt::skip]
pub(super) static LOCAL_IMPACTS: &[&str] = &[
    "家里老人孩子的休息受到严重影响", "给周边居民的日常生活带来很大不便", "大家意见非常大",
    "存在不小的安全隐患", "老人和孩子出门都很不方便", "我们每天都提心吊胆",
    "很多住户苦不堪言", "邻里之间也因此闹得很不愉快", "我连着好几天都没睡好觉，上班精神恍惚",
];

/// Impacts for personal / administrative topics (Area / School).
#[rustfmt::skip]
pub(super) static PERSONAL_IMPACTS: &[&str] = &[
    "全家的生活都受到了影响", "我们一家的经济压力非常大", "来回跑已经耽误了很多时间",
    "我这段时间吃不好也睡不好", "孩子的事情耽误不起", "家里老人知道后也跟着着急上火",
    "请假跑了好几趟，单位领导已经有意见了",
];

#[rustfmt::skip]
pub(super) static CHANNELS: &[&str] =
    &["12345热线", "市民服务热线", "社区居委会", "街道办", "物业服务中心", "网上信访平台"];

#[rustfmt::skip]
pub(super) static WEATHERS: &[&str] = &["热", "冷", "潮湿"];

// ---- office replies -----------------------------------------------------

#[rustfmt::skip]
pub(super) static ANSWER_OPENINGS: &[&str] = &[
    "您好！您反映的问题已收悉。", "您好，", "感谢您的来信。", "您好，关于您反映的问题，现答复如下：",
    "现将办理情况答复如下。", "",
];

/// Office replies per category: one lead sentence (facts / first answer),
/// one outcome sentence (measures / decision), optionally one extra.
pub(super) struct AnswerParts {
    pub leads: &'static [&'static str],
    pub outcomes: &'static [&'static str],
    pub extras: &'static [&'static str],
}

#[rustfmt::skip]
pub(super) static ANSWERS: [AnswerParts; 5] = [
    AnswerParts {
        leads: &[
            "根据现行政策规定，该业务可携带身份证原件到{district}政务服务中心窗口办理。",
            "经向主管部门核实，您的情况符合办理条件，可直接预约办理。",
            "您所咨询的事项属于相关职能部门的职责范围，具体规定可在其官方网站查询。",
        ],
        outcomes: &[
            "也可通过线上政务服务平台提交申请，一般在{wd}个工作日内办结。",
            "符合条件的申请人可按规定享受相应待遇，具体标准以最新文件为准。",
            "办理时请同时携带相关证明材料的原件和复印件。",
        ],
        extras: &["具体条件和所需材料以窗口一次性告知为准。", "如遇特殊情况，可向窗口申请容缺受理。"],
    },
    AnswerParts {
        leads: &[
            "经工作人员{date}现场核查，您反映的情况基本属实。",
            "经核实，您反映的问题部分属实，责任单位存在管理不到位的情况。",
            "经调查，您反映的情况属实，主要原因是责任单位日常管理存在疏漏。",
        ],
        outcomes: &[
            "我们已责令责任单位在{wd}个工作日内整改到位，并将安排人员复查。",
            "执法中队已对当事人进行批评教育，并依法下达了责令整改通知书。",
            "街道已牵头召集物业企业、社区召开协调会，明确了整改措施和完成时限。",
            "目前相关问题已基本整改完毕。",
            "对涉及的违规行为，已依法立案查处。",
        ],
        extras: &["后续我们将加强日常巡查，防止问题反弹。", "处理情况已电话告知您本人。"],
    },
    AnswerParts {
        leads: &[
            "您提出的建议很有参考价值，我们已转交相关职能部门研究。",
            "感谢您对城市建设和管理工作的关心。",
        ],
        outcomes: &[
            "经研究，您的建议已被采纳，相关工作预计在{month}月底前完成。",
            "经综合评估，由于受场地条件和资金安排限制，该建议暂不具备实施条件，我们将持续关注。",
            "您的建议已纳入明年的民生实事项目库，将结合财政预算统筹推进。",
            "部分建议与现行规划存在冲突，暂时无法采纳，感谢您的理解。",
        ],
        extras: &["我们将在今后的工作中继续听取群众意见。", "相关进展将通过政务公开栏及时公布。"],
    },
    AnswerParts {
        leads: &[
            "我们已协调社区网格员上门了解情况。",
            "接到您的求助后，街道第一时间安排工作人员与您取得了联系。",
        ],
        outcomes: &[
            "已为您申请了临时救助金{money}元，近期将发放到位。",
            "街道已联系民政部门，为您家庭启动相关救助审核程序。",
            "已协调相关单位安排专人对接，帮助解决您的实际困难。",
            "我们已联系辖区律师工作站，可为您提供免费法律咨询。",
        ],
        extras: &["社区将为您家庭建立帮扶台账，定期上门走访。", "如有新的困难，可随时与社区联系。"],
    },
    AnswerParts {
        leads: &["您反映的情况已记录在案。", "感谢您对我们工作的关心和支持。"],
        outcomes: &[
            "相关意见已转交有关单位参考。",
            "经了解，该事项正在按程序推进，我们会持续跟踪。",
            "该事项不属于本单位职责范围，已告知您向有权处理的部门反映。",
        ],
        extras: &["如有新的情况，欢迎继续反映。"],
    },
];

#[rustfmt::skip]
pub(super) static ANSWER_CLOSINGS: &[&str] = &[
    "感谢您对我们工作的理解和支持。", "如仍有问题，欢迎再次来电反映。",
    "如有疑问，可拨打{landline}咨询。", "特此答复。", "",
];

/// Reasons for review returns, follow-up talks, supervision and escalation.
#[rustfmt::skip]
pub(super) static REASONS: &[&str] = &[
    "办理结果未回应群众核心诉求，退回重新办理。",
    "答复内容过于笼统，缺少具体处理措施，请补充完善。",
    "群众反映问题仍未解决，要求再次现场核实。",
    "已超过办理时限{wd}个工作日仍未反馈，予以督办。",
    "涉及多个部门职责交叉，需提请上级统筹协调。",
    "回访时群众表示不满意，需进一步沟通解释。",
    "答复材料缺少现场核查照片，请补充后重新提交。",
    "诉求人情绪较为激动，建议约谈当面沟通。",
    "同一问题已被重复反映{times}次，需加大督办力度。",
    "承办单位认为不属于本单位职责，申请退回重新派单。",
    "问题涉及群体性诉求，存在矛盾激化风险，建议提级处理。",
    "整改承诺未按期兑现，请说明原因并限期整改。",
    "群众对办理结果有异议，需组织三方当面沟通。",
    "需协调资金和规划审批，本级无法单独解决，申请上报。",
    "上次答复中的办理时限已过，群众再次来电催办。",
    "诉求事实尚未查清，请补充调查材料。",
    "答复口径前后不一致，请统一后重新答复。",
];
