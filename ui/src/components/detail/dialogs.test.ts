// The action dialogs: each builds the right api call, puts Rust's field error under its field and
// keeps what was typed, asks for confirmation before irreversible actions, offers 代录 fields to
// the appeals office typing for another department.
import { flushPromises, mount, type VueWrapper } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Component } from "vue";
import type { Outcome } from "../../bindings/Outcome";
import { setSession } from "../../lib/session";
import { setVocabulary } from "../../lib/vocab";
import { VOCAB, makeDetail, makeSession } from "./detail.fixture";

vi.mock("../../api/actions", async (orig) => {
  const real = await orig<typeof import("../../api/actions")>();
  const names = [
    "initialReview", "answerDirectly", "routeAppeal", "returnMisrouted", "submitPlan", "reviewPlan", "approvePlan",
    "recordFeedback", "followUp", "reopenAppeal", "closeAppeal", "addProgress", "issueSupervision", "escalate",
    "instruct", "requestExtension", "decideExtension", "reclassify", "linkAppeals", "mergeAppeals",
  ];
  return { ...real, ...Object.fromEntries(names.map((n) => [n, vi.fn()])) };
});
vi.mock("../../api/appeals", () => ({ findAppeal: vi.fn(), addAttachment: vi.fn(), openAttachment: vi.fn() }));
// The plan dialog asks for the 会办 panel: nothing is missing here (cohandling.test.ts covers it).
vi.mock("../../api/assists", () => ({ cohandling: vi.fn().mockResolvedValue({ pending: [], assists: [] }) }));
vi.mock("../../lib/notify", () => ({ showSuccess: vi.fn(), showError: vi.fn() }));

const api = await import("../../api/actions");
const appeals = await import("../../api/appeals");
const notify = await import("../../lib/notify");
const GenericActionDialog = (await import("./GenericActionDialog.vue")).default;
const InitialReviewDialog = (await import("./InitialReviewDialog.vue")).default;
const SubmitPlanDialog = (await import("./SubmitPlanDialog.vue")).default;
const FeedbackDialog = (await import("./FeedbackDialog.vue")).default;
const LinkMergeDialog = (await import("./LinkMergeDialog.vue")).default;

const outcome = (message: string): Outcome => ({
  appealId: 7, regNumber: "20261127-0007", archiveNumber: null, status: "routed", dueDate: null, message,
});
const DEPTS = [
  { id: 3, name: "城管科", active: true },
  { id: 4, name: "住建科", active: true },
  { id: 5, name: "已撤销科", active: false },
];

let w: VueWrapper | null = null;

function mountDialog(comp: Component, props: Record<string, unknown>) {
  w = mount(comp, { props: { open: true, ...props }, global: { plugins: [ElementPlus] }, attachTo: document.body });
  return w;
}

function el<T extends HTMLElement = HTMLElement>(testid: string): T {
  const found = document.body.querySelector(`[data-testid="${testid}"]`);
  if (!found) throw new Error(`no element ${testid}`);
  return found as T;
}
const has = (testid: string) => !!document.body.querySelector(`[data-testid="${testid}"]`);

async function type(testid: string, value: string) {
  const input = el<HTMLInputElement>(testid);
  input.value = value;
  input.dispatchEvent(new Event("input"));
  await flushPromises();
}
/** Lets Element Plus finish validating and rendering (it uses timers as well as promises). */
async function settle() {
  for (let i = 0; i < 3; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 0));
  }
}
async function click(testid: string) {
  el(testid).click();
  await settle();
}
/** The error text shown under the form item that holds `testid` (Element Plus shows it after 100 ms). */
async function errorUnder(testid: string): Promise<string> {
  await new Promise((r) => setTimeout(r, 150));
  await flushPromises();
  return el(testid).closest(".el-form-item")?.querySelector(".el-form-item__error")?.textContent?.trim() ?? "";
}

beforeEach(() => {
  vi.clearAllMocks();
  setVocabulary(VOCAB);
  setSession(makeSession(["handler"], 3));
  document.body.innerHTML = "";
});
afterEach(() => {
  w?.unmount();
  w = null;
});

describe("plain action dialogs", () => {
  it("routes to the chosen department with the note", async () => {
    vi.mocked(api.routeAppeal).mockResolvedValue(outcome("已分流至 城管科，办理期限 2026年12月3日"));
    const d = makeDetail({ status: "accepted", departmentId: null });
    const wrapper = mountDialog(GenericActionDialog, { action: "route", detail: d, departments: DEPTS });
    await flushPromises();
    expect(has("dlg-departmentId-5")).toBe(false); // inactive departments are not offered
    await click("dlg-departmentId-3");
    await type("dlg-note", " 请尽快处理 ");
    await click("dlg-submit");
    expect(api.routeAppeal).toHaveBeenCalledWith(7, 3, "请尽快处理");
    expect(notify.showSuccess).toHaveBeenCalledWith("已分流至 城管科，办理期限 2026年12月3日");
    expect(wrapper.emitted("done")?.[0]).toEqual([outcome("已分流至 城管科，办理期限 2026年12月3日")]);
    expect(wrapper.emitted("update:open")?.slice(-1)[0]).toEqual([false]);
  });

  it("puts Rust's field error under the field and keeps the text", async () => {
    vi.mocked(api.returnMisrouted).mockRejectedValue({ code: "validation", field: "reason", message: "退回理由不能超过2000个字。" });
    const wrapper = mountDialog(GenericActionDialog, { action: "returnMisrouted", detail: makeDetail(), departments: DEPTS });
    await flushPromises();
    await type("dlg-reason", "不属于本科室职责");
    await click("dlg-submit");
    expect(api.returnMisrouted).toHaveBeenCalledWith(7, "不属于本科室职责", { departmentId: null, person: null });
    expect(await errorUnder("dlg-reason")).toBe("退回理由不能超过2000个字。");
    expect(el<HTMLTextAreaElement>("dlg-reason").value).toBe("不属于本科室职责");
    expect(wrapper.emitted("done")).toBeUndefined();
    expect(notify.showSuccess).not.toHaveBeenCalled();
  });

  it("shows an error about no field at the top of the dialog", async () => {
    vi.mocked(api.escalate).mockRejectedValue({ code: "conflict", message: "该诉求已上报管理层，正在等待批示。" });
    mountDialog(GenericActionDialog, { action: "escalate", detail: makeDetail({ supervisionCount: 1 }), departments: DEPTS });
    await flushPromises();
    await type("dlg-reason", "督办后仍未改善");
    await click("dlg-submit");
    expect(el("dlg-error").textContent).toContain("正在等待批示");
    expect(el<HTMLTextAreaElement>("dlg-reason").value).toBe("督办后仍未改善");
  });

  it("checks required fields before sending; the opinion only when returning", async () => {
    vi.mocked(api.reviewPlan).mockResolvedValue(outcome("处理方案已退回承办部门修改。"));
    mountDialog(GenericActionDialog, { action: "review", detail: makeDetail({ status: "plan_submitted" }), departments: DEPTS });
    await flushPromises();
    await click("dlg-approve-no");
    await click("dlg-submit");
    expect(api.reviewPlan).not.toHaveBeenCalled();
    expect(await errorUnder("dlg-opinion")).toBe("请填写审核意见");
    await type("dlg-opinion", "措施不具体");
    await click("dlg-submit");
    expect(api.reviewPlan).toHaveBeenCalledWith(7, false, "措施不具体");
  });

  it("asks for confirmation before closing", async () => {
    vi.mocked(api.closeAppeal).mockResolvedValue(outcome("诉求已办结。"));
    const wrapper = mountDialog(GenericActionDialog, { action: "close", detail: makeDetail({ status: "tracking" }), departments: DEPTS });
    await flushPromises();
    await type("dlg-summary", "措施已落实");
    await click("dlg-submit");
    expect(api.closeAppeal).not.toHaveBeenCalled();
    expect(el("dlg-confirm-text").textContent).toContain("确认办结");
    await click("dlg-back");
    expect(has("dlg-confirm-text")).toBe(false);
    await click("dlg-submit");
    await click("dlg-submit");
    expect(api.closeAppeal).toHaveBeenCalledWith(7, "措施已落实");
    expect(wrapper.emitted("done")).toHaveLength(1);
  });

  it("offers 代录 fields to the appeals office typing for another department", async () => {
    setSession(makeSession(["appeals_office"], 1));
    vi.mocked(api.addProgress).mockResolvedValue(outcome("进展情况已登记。"));
    mountDialog(GenericActionDialog, { action: "addProgress", detail: makeDetail(), departments: DEPTS });
    await flushPromises();
    expect(has("dlg-nextCheck")).toBe(false); // only while tracking
    await type("dlg-content", "已约谈摊贩");
    await type("dlg-onBehalfPerson", "赵六");
    await click("dlg-submit");
    expect(api.addProgress).toHaveBeenCalledWith(7, "已约谈摊贩", null, { departmentId: 3, person: "赵六" });
  });

  it("hides the 代录 fields from the department's own staff", async () => {
    mountDialog(GenericActionDialog, { action: "addProgress", detail: makeDetail(), departments: DEPTS });
    await flushPromises();
    expect(has("dlg-onBehalfPerson")).toBe(false);
  });
});

describe("initial review", () => {
  it("accepts with the category, flag and urgency", async () => {
    vi.mocked(api.initialReview).mockResolvedValue(outcome("已受理，归档编号 TS-2026-000124。"));
    mountDialog(InitialReviewDialog, { detail: makeDetail({ status: "registered", archiveNumber: null }) });
    await flushPromises();
    await click("dlg-category-suggestion");
    await click("dlg-major");
    await type("dlg-note", "情况属实");
    await click("dlg-submit");
    expect(api.initialReview).toHaveBeenCalledWith(7, {
      decision: "accept", category: "suggestion", major: true, urgency: "normal", note: "情况属实",
    });
  });

  it("rejects only with a reason and after confirmation", async () => {
    vi.mocked(api.initialReview).mockResolvedValue(outcome("已决定不予受理，请告知诉求人。"));
    mountDialog(InitialReviewDialog, { detail: makeDetail({ status: "registered" }) });
    await flushPromises();
    await click("dlg-decision-reject");
    await click("dlg-submit");
    expect(await errorUnder("dlg-reason")).toBe("请填写不予受理的理由");
    await type("dlg-reason", "不属于受理范围");
    await click("dlg-submit");
    expect(api.initialReview).not.toHaveBeenCalled();
    expect(has("dlg-confirm-text")).toBe(true);
    await click("dlg-submit");
    expect(api.initialReview).toHaveBeenCalledWith(7, { decision: "reject", reason: "不属于受理范围" });
  });
});

describe("plan", () => {
  it("sends a complaint's facts, responsible party and measures", async () => {
    vi.mocked(api.submitPlan).mockResolvedValue(outcome("处理方案已提交，等待部门负责人审核。"));
    mountDialog(SubmitPlanDialog, { detail: makeDetail(), departments: DEPTS });
    await flushPromises();
    expect(has("dlg-answer")).toBe(false);
    await type("dlg-factsFound", "摊贩每天7点占道");
    await type("dlg-responsibleParty", "街道城管中队");
    await type("dlg-measures", "设置疏导点");
    await click("dlg-submit");
    expect(api.submitPlan).toHaveBeenCalledWith(
      7,
      { kind: "complaint", factsFound: "摊贩每天7点占道", responsibleParty: "街道城管中队", measures: "设置疏导点" },
      { departmentId: null, person: null },
    );
  });

  it("puts a plan field error under that field", async () => {
    vi.mocked(api.submitPlan).mockRejectedValue({ code: "validation", field: "plan.answer", message: "答复内容不能超过10000个字。" });
    mountDialog(SubmitPlanDialog, { detail: makeDetail({ category: "consultation" }), departments: DEPTS });
    await flushPromises();
    await type("dlg-answer", "可到政务中心办理");
    await click("dlg-submit");
    expect(api.submitPlan).toHaveBeenCalledWith(7, { kind: "answer", answer: "可到政务中心办理" }, { departmentId: null, person: null });
    expect(await errorUnder("dlg-answer")).toBe("答复内容不能超过10000个字。");
    expect(el<HTMLTextAreaElement>("dlg-answer").value).toBe("可到政务中心办理");
  });

  it("asks for the implementation plan only when a suggestion is adopted", async () => {
    vi.mocked(api.submitPlan).mockResolvedValue(outcome("ok"));
    setSession(makeSession(["appeals_office"], 1));
    mountDialog(SubmitPlanDialog, { detail: makeDetail({ category: "suggestion" }), departments: DEPTS });
    await flushPromises();
    expect(has("dlg-implementationPlan")).toBe(false);
    await type("dlg-feasibility", "可行");
    await type("dlg-value", "有价值");
    await click("dlg-adopted");
    await type("dlg-implementationPlan", "明年实施");
    await type("dlg-onBehalfPerson", "赵六");
    await click("dlg-submit");
    expect(api.submitPlan).toHaveBeenCalledWith(
      7,
      { kind: "suggestion", feasibility: "可行", value: "有价值", adopted: true, implementationPlan: "明年实施" },
      { departmentId: 3, person: "赵六" },
    );
  });
});

describe("feedback", () => {
  it("defaults the method to the channel and requires the satisfaction", async () => {
    vi.mocked(api.recordFeedback).mockResolvedValue(outcome("反馈已登记，已列入跟踪台账。"));
    mountDialog(FeedbackDialog, { detail: makeDetail({ status: "awaiting_feedback" }) });
    await flushPromises();
    await type("dlg-content", "电话告知处理结果");
    await click("dlg-submit");
    expect(api.recordFeedback).not.toHaveBeenCalled();
    await click("dlg-satisfaction-satisfied");
    await type("dlg-responsible", "城管中队 刘队长");
    await click("dlg-submit");
    expect(api.recordFeedback).toHaveBeenCalledWith(7, {
      method: "phone_call", content: "电话告知处理结果", satisfaction: "satisfied", responsible: "城管中队 刘队长",
    });
  });
});

describe("link and merge", () => {
  it("shows a number that is not found under the number field", async () => {
    vi.mocked(appeals.findAppeal).mockRejectedValue({ code: "not_found", message: "没有找到该编号的诉求，请核对登记号或归档编号。" });
    mountDialog(LinkMergeDialog, { detail: makeDetail() });
    await flushPromises();
    await type("dlg-number", "20260101-9999");
    await click("dlg-submit");
    expect(await errorUnder("dlg-number")).toContain("没有找到该编号的诉求");
    expect(api.linkAppeals).not.toHaveBeenCalled();
  });

  it("links by number with the chosen kind", async () => {
    vi.mocked(appeals.findAppeal).mockResolvedValue(12);
    vi.mocked(api.linkAppeals).mockResolvedValue(outcome("已与 20261120-0003 关联为重复。"));
    mountDialog(LinkMergeDialog, { detail: makeDetail() });
    await flushPromises();
    await type("dlg-number", " 20261120-0003 ");
    await click("dlg-kind-duplicate");
    await click("dlg-submit");
    expect(appeals.findAppeal).toHaveBeenCalledWith("20261120-0003");
    expect(api.linkAppeals).toHaveBeenCalledWith(7, 12, "duplicate");
  });

  it("merges only with a reason and after confirmation", async () => {
    vi.mocked(appeals.findAppeal).mockResolvedValue(12);
    vi.mocked(api.mergeAppeals).mockResolvedValue(outcome("已合并到 20261120-0003。"));
    mountDialog(LinkMergeDialog, { detail: makeDetail() });
    await flushPromises();
    await click("dlg-mode-merge");
    await type("dlg-number", "20261120-0003");
    await type("dlg-reason", "同一事项");
    await click("dlg-submit");
    expect(api.mergeAppeals).not.toHaveBeenCalled();
    expect(el("dlg-confirm-text").textContent).toContain("20261120-0003");
    await click("dlg-submit");
    expect(api.mergeAppeals).toHaveBeenCalledWith(7, 12, "同一事项");
  });
});
