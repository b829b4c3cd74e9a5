// The "单位与期限" tab's logic: settings grouped for display, and the same value check Rust makes
// (numbers are whole numbers from 0 to 365, assessment weights 0 to 100, a few their own range as
// core's SettingKey::range says; text may not be empty), run as the user leaves a field.
// The settings of printed documents (paper.*) have their own tab, 打印文书 (paperSettings.ts).
import type { SettingRow } from "../../bindings/SettingRow";

export type SettingGroup = { title: string; hint: string; rows: SettingRow[] };

const GROUPS: { title: string; hint: string; match: (key: string) => boolean }[] = [
  { title: "单位", hint: "显示在窗口顶部和打印的文书上。", match: (k) => k.startsWith("org.") },
  {
    title: "办理期限",
    hint: "按工作日计算。修改后对新开始的办理阶段生效，已经开始的阶段仍按原期限。",
    match: (k) => k.startsWith("deadline."),
  },
  { title: "提醒与识别", hint: "", match: (k) => k.startsWith("due_soon.") || k.startsWith("duplicate.") },
  {
    title: "进展督促",
    hint: "承办部门办理期间每隔设定的工作日须报告一次进展（从本阶段开始或上次报告起算），到期未报告的列入其工作台“待报告进展”；本阶段期限已用去设定比例、尚未逾期且本阶段内没有报告过进展的诉求，在“督办”中列为进度缓慢。",
    match: (k) => k.startsWith("progress."),
  },
  {
    title: "登录安全",
    hint: "窗口无操作超过设定的分钟数会自动锁定，需输入本人密码解锁；解锁、修改密码时输错密码与登录失败一样计入锁定次数。",
    match: (k) => k.startsWith("lockout."),
  },
  {
    title: "附件与文件",
    hint: "打印的文书、导出的台账和导入报告含有个人信息，超过保留天数的会在程序下次启动时自动删除。",
    match: (k) => k.startsWith("attachment.") || k.startsWith("files."),
  },
  {
    title: "回访",
    hint: "诉求办结时，按比例抽取进入回访名单（按诉求编号固定抽取，同一件诉求结果不变）；投诉默认全部回访。",
    match: (k) => k.startsWith("return_visit."),
  },
  {
    title: "考核权重",
    hint: "各项考核得分按权重折算为综合得分，默认合计 100；合计不是 100 时按比例折算，但不能全部为 0。",
    match: (k) => k.startsWith("assessment.weight."),
  },
  {
    title: "信息公开",
    hint: "对外公开时，少于此数的件数显示为“—”，以免指向具体的诉求人。",
    match: (k) => k.startsWith("disclosure."),
  },
  {
    title: "网上平台",
    hint: "面向公众的网上平台（联网时开放）：同一网络地址在一小时内提交较多时要求输入图片验证码，超过上限则暂停提交。",
    match: (k) => k.startsWith("portal."),
  },
  {
    title: "备份",
    hint: "保留的备份份数和备份位置。备份位置最好选在另一块磁盘或移动硬盘上；留空则为数据目录下的 backups 文件夹。",
    match: (k) => k.startsWith("backup."),
  },
];

/** The rows in display groups, in the order Rust lists them; unknown keys go under 其他. */
export function groupSettings(rows: SettingRow[]): SettingGroup[] {
  const groups: SettingGroup[] = GROUPS.map((g) => ({ title: g.title, hint: g.hint, rows: [] }));
  const other: SettingGroup = { title: "其他", hint: "", rows: [] };
  for (const r of rows) {
    if (r.key.startsWith("paper.")) continue;
    const i = GROUPS.findIndex((g) => g.match(r.key));
    (i >= 0 ? groups[i] : other).rows.push(r);
  }
  return [...groups, other].filter((g) => g.rows.length > 0);
}

/** Whether a setting holds a number: its built-in value is one (as Rust decides). */
export function isNumericSetting(row: SettingRow): boolean {
  return /^\d+$/.test(row.defaultValue.trim());
}

/** Numeric settings whose range is not 0 to 365 (core's SettingKey::range). */
const RANGES: Record<string, [number, number]> = {
  "lockout.idle_lock_minutes": [1, 240],
  "return_visit.complaint_percent": [0, 100],
  "return_visit.other_percent": [0, 100],
  "progress.slow_share_percent": [1, 100],
};

/** The problem with `value` for `row`, or "" when it may be saved. */
export function checkSettingValue(row: SettingRow, value: string): string {
  const v = value.trim();
  if (row.key.startsWith("assessment.weight.")) {
    return /^\d+$/.test(v) && Number(v) <= 100 ? "" : `${row.label}应为0到100之间的整数。`;
  }
  if (isNumericSetting(row)) {
    const [low, high] = RANGES[row.key] ?? [0, 365];
    const n = Number(v);
    if (!/^\d+$/.test(v) || n < low || n > high) return `${row.label}应为${low}到${high}之间的整数。`;
    return "";
  }
  // A setting empty out of the box (the hot-spot dictionary, contact lines) may be cleared.
  return v || !row.defaultValue.trim() ? "" : `请填写${row.label}。`;
}
