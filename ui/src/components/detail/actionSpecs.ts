// The actions whose dialog is a plain form (GenericActionDialog): their fields, defaults, hints
// and the api call each makes. Field names are the ones Rust names in its validation errors, so
// an error lands under the right field. Initial review, plans, feedback and link/merge have
// their own dialogs.
import * as api from "../../api/actions";
import { routeCohandled } from "../../api/assists";
import { ApiError } from "../../api/core";
import type { AssistInput } from "../../bindings/AssistInput";
import type { AssistLine } from "./AssistRows.vue";
import type { Action } from "../../bindings/Action";
import type { AppealDetail } from "../../bindings/AppealDetail";
import type { OnBehalf } from "../../bindings/OnBehalf";
import type { Outcome } from "../../bindings/Outcome";
import type { Category } from "../../bindings/Category";
import { formatDateText } from "../../lib/format";
import { label } from "../../lib/vocab";

export type FieldKind = "textarea" | "department" | "date" | "days" | "category" | "approve" | "assists";
export type Value = string | number | boolean | null | AssistLine[];
export type Values = Record<string, Value>;

export type FieldSpec = {
  /** Form field name = Rust's error field; `dlg-<name>` is its data-testid. */
  name: string;
  label: string | ((d: AppealDetail) => string);
  kind: FieldKind;
  /** Required always, or depending on the other values (e.g. the opinion when returning). */
  required?: boolean | ((v: Values) => boolean);
  maxlength?: number;
  placeholder?: string;
  /** For `approve`: the labels of yes and no. */
  choices?: [string, string];
  /** Shown only when this holds (e.g. the next check date while tracking). */
  visible?: (d: AppealDetail) => boolean;
};

export type ActionSpec = {
  title: string;
  submitLabel?: string;
  hint?: (d: AppealDetail) => string;
  /** Irreversible: the question asked before sending. */
  confirmText?: string;
  /** Shows the latest plan above the form (review and approval). */
  showLatestPlan?: boolean;
  /** Offers the appeals office's 代录 fields. */
  onBehalf?: boolean;
  fields: FieldSpec[];
  initial: (d: AppealDetail) => Values;
  send: (appealId: number, v: Values, onBehalf: OnBehalf) => Promise<Outcome>;
};

/** A value as trimmed text ("" for none). */
export function text(v: Value | undefined): string {
  return v == null ? "" : String(v).trim();
}

/** A value as trimmed text, or null when empty. */
export function optText(v: Value | undefined): string | null {
  return text(v) || null;
}

function dueHint(d: AppealDetail): string {
  const a = d.appeal;
  if (!a.dueDate) return "";
  const stage = a.stage ? `${label("stages", a.stage)}阶段` : "";
  return `当前${stage}办理期限 ${formatDateText(a.dueDate)}。`;
}

const reason = (lbl: string, max = 2000): FieldSpec => ({ name: "reason", label: lbl, kind: "textarea", required: true, maxlength: max });

export const ACTION_SPECS: Partial<Record<Action, ActionSpec>> = {
  answerDirectly: {
    title: "直接答复",
    submitLabel: "答复",
    hint: () => "适用于可以当场答复的咨询；答复后请登记反馈结果。",
    fields: [{ name: "answer", label: "答复内容", kind: "textarea", required: true, maxlength: 5000 }],
    initial: () => ({ answer: "" }),
    send: (id, v) => api.answerDirectly(id, text(v.answer)),
  },
  route: {
    title: "分流",
    submitLabel: "分流",
    hint: () => "选择承办部门（主办），分流后该部门开始制定处理方案；需要其他部门配合时可增加协办部门。",
    fields: [
      { name: "departmentId", label: "承办部门", kind: "department", required: true },
      { name: "note", label: "交办意见", kind: "textarea", maxlength: 2000, placeholder: "选填，写给承办部门的要求" },
      { name: "assists", label: "协办部门", kind: "assists" },
    ],
    initial: () => ({ departmentId: null, note: "", assists: [] }),
    send: (id, v) => {
      const lines = (v.assists as AssistLine[] | undefined) ?? [];
      if (!lines.length) return api.routeAppeal(id, Number(v.departmentId), optText(v.note));
      return routeCohandled(id, Number(v.departmentId), optText(v.note), assistInputs(lines));
    },
  },
  returnMisrouted: {
    title: "退回（分流有误）",
    submitLabel: "退回",
    hint: (d) => `该诉求不属于${d.departmentName ?? "本部门"}的职责时退回，由诉求管理部门重新分流。`,
    onBehalf: true,
    fields: [reason("退回理由")],
    initial: () => ({ reason: "" }),
    send: (id, v, ob) => api.returnMisrouted(id, text(v.reason), ob),
  },
  review: {
    title: "审核处理方案",
    submitLabel: "提交审核意见",
    hint: (d) => (d.appeal.major ? "重大复杂诉求审核通过后还需管理层审批。" : "审核通过后即可反馈诉求人。"),
    showLatestPlan: true,
    fields: [
      { name: "approve", label: "审核结果", kind: "approve", choices: ["通过", "退回修改"] },
      { name: "opinion", label: "审核意见", kind: "textarea", required: (v) => v.approve === false, maxlength: 2000, placeholder: "退回修改时必填" },
    ],
    initial: () => ({ approve: true, opinion: "" }),
    send: (id, v) => api.reviewPlan(id, v.approve === true, text(v.opinion)),
  },
  approve: {
    title: "审批处理方案",
    submitLabel: "提交审批意见",
    hint: () => "重大复杂诉求的处理方案经部门负责人审核后，由管理层审批。",
    showLatestPlan: true,
    fields: [
      { name: "approve", label: "审批结果", kind: "approve", choices: ["同意", "不同意（退回）"] },
      { name: "opinion", label: "审批意见", kind: "textarea", required: (v) => v.approve === false, maxlength: 2000, placeholder: "不同意时必填理由和要求" },
    ],
    initial: () => ({ approve: true, opinion: "" }),
    send: (id, v) => api.approvePlan(id, v.approve === true, text(v.opinion)),
  },
  followUp: {
    title: "登记沟通情况",
    submitLabel: "保存",
    hint: () => "诉求人对处理结果不满意时，与其沟通并记录原因和沟通情况。",
    fields: [reason("不满意的原因"), { name: "talk", label: "沟通情况", kind: "textarea", required: true, maxlength: 5000 }],
    initial: () => ({ reason: "", talk: "" }),
    send: (id, v) => api.followUp(id, text(v.reason), text(v.talk)),
  },
  reopen: {
    title: "重新办理",
    submitLabel: "重新办理",
    hint: (d) => `将开始新一轮办理（第${d.appeal.round + 1}轮）；不选部门则仍由${d.departmentName ?? "原承办部门"}办理。`,
    fields: [
      { name: "departmentId", label: "承办部门", kind: "department", placeholder: "默认原承办部门" },
      reason("重新办理的理由"),
    ],
    initial: (d) => ({ departmentId: d.appeal.departmentId, reason: "" }),
    send: (id, v) => api.reopenAppeal(id, v.departmentId == null ? null : Number(v.departmentId), text(v.reason)),
  },
  close: {
    title: "办结",
    submitLabel: "办结",
    hint: (d) => (d.appeal.status === "tracking" ? "处理措施已落实时办结，请写明落实情况。" : "沟通后办结，请写明向诉求人所作的说明。"),
    confirmText: "确认办结该诉求？",
    fields: [
      {
        name: "summary",
        label: (d) => (d.appeal.status === "tracking" ? "落实情况" : "办结说明"),
        kind: "textarea",
        required: true,
        maxlength: 5000,
      },
    ],
    initial: () => ({ summary: "" }),
    send: (id, v) => api.closeAppeal(id, text(v.summary)),
  },
  addProgress: {
    title: "填报进展",
    submitLabel: "保存",
    hint: (d) => (d.appeal.status === "tracking" ? "登记措施的落实进展，可同时确定下次检查日期。" : "登记办理中的进展情况。"),
    onBehalf: true,
    fields: [
      { name: "content", label: "进展情况", kind: "textarea", required: true, maxlength: 5000 },
      { name: "nextCheck", label: "下次检查日期", kind: "date", visible: (d) => d.appeal.status === "tracking" },
    ],
    initial: () => ({ content: "", nextCheck: null }),
    send: (id, v, ob) => api.addProgress(id, text(v.content), optText(v.nextCheck), ob),
  },
  issueSupervision: {
    title: "督办",
    submitLabel: "发出督办通知",
    hint: (d) => `${dueHint(d)}督办通知将编号，并发给${d.departmentName ?? "承办部门"}。`,
    fields: [
      reason("督办事由"),
      { name: "newDueDate", label: "新的办理期限", kind: "date", required: true },
    ],
    initial: () => ({ reason: "", newDueDate: null }),
    send: (id, v) => api.issueSupervision(id, text(v.reason), text(v.newDueDate)),
  },
  escalate: {
    title: "上报管理层",
    submitLabel: "上报",
    hint: (d) => `该诉求已督办 ${d.appeal.supervisionCount} 次；督办后仍无改善的，上报管理层协调并批示。`,
    fields: [reason("上报理由")],
    initial: () => ({ reason: "" }),
    send: (id, v) => api.escalate(id, text(v.reason)),
  },
  instruct: {
    title: "批示",
    submitLabel: "保存批示",
    hint: (d) => {
      const open = d.escalations.find((e) => e.instruction == null);
      return open ? `上报理由：${open.reason}` : "";
    },
    fields: [{ name: "instruction", label: "批示内容", kind: "textarea", required: true, maxlength: 5000 }],
    initial: () => ({ instruction: "" }),
    send: (id, v) => api.instruct(id, text(v.instruction)),
  },
  requestExtension: {
    title: "申请延期",
    submitLabel: "提交申请",
    hint: (d) => `${dueHint(d)}延期需经审批，同意后办理期限顺延。`,
    fields: [
      { name: "days", label: "延期工作日", kind: "days", required: true },
      reason("延期理由"),
    ],
    initial: () => ({ days: 5, reason: "" }),
    send: (id, v) => api.requestExtension(id, Number(v.days), text(v.reason)),
  },
  decideExtension: {
    title: "审批延期申请",
    submitLabel: "提交审批",
    hint: (d) => {
      const p = d.extensions.find((e) => e.status === "pending");
      return p ? `申请延期 ${p.days} 个工作日，理由：${p.reason}` : "";
    },
    fields: [
      { name: "approve", label: "审批结果", kind: "approve", choices: ["同意", "不同意"] },
      { name: "note", label: "审批意见", kind: "textarea", maxlength: 2000, placeholder: "选填" },
    ],
    initial: () => ({ approve: true, note: "" }),
    send: (id, v) => api.decideExtension(id, v.approve === true, optText(v.note)),
  },
  reclassify: {
    title: "变更分类",
    submitLabel: "变更",
    hint: () => "变更分类会生成新的归档编号，原编号仍可查询。",
    fields: [
      { name: "category", label: "新分类", kind: "category", required: true },
      reason("变更分类的理由"),
    ],
    initial: () => ({ category: null, reason: "" }),
    send: (id, v) => api.reclassify(id, v.category as Category, text(v.reason)),
  },
};

/** The label of a field for this appeal. */
export function fieldLabel(f: FieldSpec, d: AppealDetail): string {
  return typeof f.label === "function" ? f.label(d) : f.label;
}

/** Whether a field must be filled, given the current values. */
export function isRequired(f: FieldSpec, v: Values): boolean {
  return typeof f.required === "function" ? f.required(v) : !!f.required;
}

/** The field names a spec shows for this appeal (with the 代录 person when offered). */
export function shownFields(spec: ActionSpec, d: AppealDetail, onBehalf: boolean): string[] {
  const names = spec.fields
    .filter((f) => !f.visible || f.visible(d))
    .flatMap((f) => (f.kind === "assists" ? assistFields(f.name) : [f.name]));
  return onBehalf ? [...names, "onBehalf.person", "onBehalf.departmentId"] : names;
}

/** The error fields of the assisting-department rows (`assists.<i>.<field>`). */
function assistFields(name: string): string[] {
  return Array.from({ length: 20 }, (_, i) => ["departmentId", "part", "dueDate"].map((k) => `${name}.${i}.${k}`)).flat();
}

/** The rows as Rust takes them; a row without its department or date is refused under that field. */
export function assistInputs(lines: AssistLine[]): AssistInput[] {
  return lines.map((l, i) => {
    if (l.departmentId == null) throw new ApiError("validation", "请选择协办部门。", `assists.${i}.departmentId`);
    if (!l.dueDate) throw new ApiError("validation", "请选择协办期限。", `assists.${i}.dueDate`);
    return { departmentId: l.departmentId, part: l.part.trim(), dueDate: l.dueDate };
  });
}
