//! The demo office's stock texts (常用语, issue 20 §11): a few sensible texts per category and
//! kind, written by the appeals office as it would on the settings screen. Only the demo office
//! gets them ([`crate::generate`]); a new office starts with none and writes its own.

use chrono::{DateTime, FixedOffset};
use minyi_core::error::Result;
use minyi_core::model::{Actor, Category, Ctx, StockTextKind};
use minyi_core::store::Store;
use minyi_core::usecases::stock_texts::seed_stock_texts;

use Category as C;
use StockTextKind as K;

/// (kind, category or every category, title, text).
pub const STOCK_TEXTS: &[(StockTextKind, Option<Category>, &str, &str)] = &[
    (
        K::Reply,
        None,
        "已转办答复",
        "您反映的问题已收悉，我们已转交相关部门办理，办理结果将及时告知您。感谢您对我们工作的支持。",
    ),
    (
        K::Reply,
        Some(C::Consultation),
        "政策解答",
        "经查询，您咨询的事项按现行政策规定办理，具体要求和所需材料如下：……如仍有疑问，可拨打12345热线进一步咨询。",
    ),
    (
        K::Reply,
        Some(C::Complaint),
        "投诉已核实整改",
        "经核实，您反映的问题属实。我们已责成责任单位立即整改，并将加强日常巡查，防止问题反复。感谢您的监督。",
    ),
    (
        K::Reply,
        Some(C::Complaint),
        "投诉经核查不属实",
        "经现场核查，未发现您反映的情况。我们将继续关注，如问题再次出现，请及时与我们联系。",
    ),
    (
        K::Reply,
        Some(C::Suggestion),
        "建议已采纳",
        "感谢您提出的宝贵建议。经研究，您的建议具有可行性，我们已采纳并将纳入下一阶段工作计划组织实施。",
    ),
    (
        K::Reply,
        Some(C::Suggestion),
        "建议暂不采纳",
        "感谢您提出的建议。经研究，因受现有条件限制，暂不具备实施条件，我们将在今后工作中统筹考虑。",
    ),
    (
        K::Reply,
        Some(C::Help),
        "已协调帮扶",
        "您的困难我们已了解，已协调相关部门和所在街道为您提供帮助，工作人员将与您联系落实。",
    ),
    (
        K::Plan,
        None,
        "现场核查并限期办结",
        "安排工作人员于3个工作日内到现场核查，查明情况后依法依规处理，并在办理期限内将结果反馈诉求人。",
    ),
    (
        K::Plan,
        Some(C::Complaint),
        "责令整改",
        "经调查核实，责令责任单位立即整改，明确整改时限和责任人；整改完成后组织复查，确保问题解决到位。",
    ),
    (
        K::Plan,
        Some(C::Suggestion),
        "研究论证",
        "组织相关科室对建议的可行性和实施价值进行研究论证，形成意见后报分管领导审定。",
    ),
    (
        K::Plan,
        Some(C::Help),
        "协调救助",
        "联系所在街道（社区）核实诉求人实际困难，符合条件的按规定纳入救助范围，并跟踪落实情况。",
    ),
    (
        K::Opinion,
        None,
        "同意",
        "同意该处理方案，请按方案抓紧落实，并按时反馈诉求人。",
    ),
    (
        K::Opinion,
        None,
        "退回补充",
        "处理方案对事实的调查不够清楚，请补充核查情况和具体整改措施后重新提交。",
    ),
    (
        K::Closing,
        None,
        "已答复办结",
        "已向诉求人反馈处理结果，诉求人表示认可，该诉求办结。",
    ),
    (
        K::Closing,
        Some(C::Complaint),
        "整改落实办结",
        "经跟踪检查，整改措施已全部落实到位，问题得到解决，该诉求办结。",
    ),
    (
        K::Other,
        None,
        "请加快办理",
        "该诉求即将到期，请抓紧办理，按时反馈办理结果。",
    ),
];

/// Writes [`STOCK_TEXTS`] as `office` (the appeals office), unless the office has stock texts.
pub fn seed_demo_stock_texts(
    store: &mut Store,
    office: &Actor,
    now: DateTime<FixedOffset>,
) -> Result<usize> {
    seed_stock_texts(store, &Ctx::new(office, now), STOCK_TEXTS)
}
