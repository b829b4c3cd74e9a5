// Co-handling 会办 in the window: the route dialog sends the assisting departments with their part
// and deadline; the 会办 panel shows each assisting department's part, deadline, opinion and state
// and takes the opinion from those who may give it; the plan dialog says which opinions are
// missing and offers the office's override.
import { flushPromises, mount, type VueWrapper } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Component } from "vue";
import type { AssistView } from "../../bindings/AssistView";
import type { CoHandling } from "../../bindings/CoHandling";
import type { Outcome } from "../../bindings/Outcome";
import { setSession } from "../../lib/session";
import { setVocabulary } from "../../lib/vocab";
import { VOCAB, makeDetail, makeSession } from "./detail.fixture";

vi.mock("../../api/actions", async (orig) => {
  const real = await orig<typeof import("../../api/actions")>();
  return { ...real, routeAppeal: vi.fn(), submitPlan: vi.fn() };
});
vi.mock("../../api/assists", () => ({
  routeCohandled: vi.fn(),
  addAssist: vi.fn(),
  submitAssistOpinion: vi.fn(),
  overrideAssists: vi.fn(),
  cohandling: vi.fn(),
  assistTasks: vi.fn(),
}));
vi.mock("../../lib/notify", () => ({ showSuccess: vi.fn(), showError: vi.fn() }));

const actions = await import("../../api/actions");
const assists = await import("../../api/assists");
const GenericActionDialog = (await import("./GenericActionDialog.vue")).default;
const SubmitPlanDialog = (await import("./SubmitPlanDialog.vue")).default;
const CoHandlingPanel = (await import("./CoHandlingPanel.vue")).default;

const outcome = (message: string): Outcome => ({
  appealId: 7, regNumber: "20261127-0007", archiveNumber: null, status: "routed", dueDate: null, message,
});
const DEPTS = [
  { id: 3, name: "城管科", active: true },
  { id: 4, name: "交通科", active: true },
];

function part(over: Partial<AssistView> = {}): AssistView {
  return {
    id: 1, appealId: 7, round: 1, departmentId: 4, departmentName: "交通科",
    part: "核实渣土车夜间通行情况", dueDate: "2026-12-02", createdBy: 2, createdAt: "2026-11-27T10:00:00+08:00",
    opinion: null, opinionBy: null, opinionByName: null, opinionAt: null, onBehalfPerson: null,
    status: "pending", waivedAt: null,
    due: { overdue: false, dueSoon: true, remainingWorkingDays: 1 },
    maySubmit: false,
    ...over,
  };
}

function panel(over: Partial<CoHandling> = {}): CoHandling {
  return {
    appealId: 7, round: 1, leadDepartmentId: 3, leadDepartmentName: "城管科",
    assists: [part()], earlier: [], pending: ["交通科"],
    mayAdd: false, mayOverride: false, viewerAssists: false,
    ...over,
  };
}

let w: VueWrapper | null = null;
function mountIt(comp: Component, props: Record<string, unknown>) {
  w = mount(comp, { props, global: { plugins: [ElementPlus] }, attachTo: document.body });
  return w;
}
function el<T extends HTMLElement = HTMLElement>(testid: string): T {
  const found = document.body.querySelector(`[data-testid="${testid}"]`);
  if (!found) throw new Error(`no element ${testid}`);
  return found as T;
}
const has = (testid: string) => !!document.body.querySelector(`[data-testid="${testid}"]`);
const textOf = (testid: string) => el(testid).textContent?.trim() ?? "";
async function settle() {
  for (let i = 0; i < 3; i++) {
    await flushPromises();
    await new Promise((r) => setTimeout(r, 0));
  }
}
async function type(testid: string, value: string) {
  const found = el(testid);
  const input = (found.matches("input, textarea") ? found : found.querySelector("input, textarea")) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event("input"));
  await settle();
}
async function click(testid: string) {
  el(testid).click();
  await settle();
}

beforeEach(() => {
  vi.clearAllMocks();
  setVocabulary(VOCAB);
  setSession(makeSession(["appeals_office"], 1));
  document.body.innerHTML = "";
});
afterEach(() => {
  w?.unmount();
  w = null;
});

describe("the route dialog", () => {
  it("routes with an assisting department, its part and deadline, in one call", async () => {
    vi.mocked(assists.routeCohandled).mockResolvedValue(outcome("已分流至 城管科；协办部门：交通科"));
    const d = makeDetail({ status: "accepted", departmentId: null });
    const wrapper = mountIt(GenericActionDialog, { open: true, action: "route", detail: d, departments: DEPTS });
    await settle();
    await click("dlg-departmentId-3");
    expect(has("assist-row-0")).toBe(false);
    await click("assist-add");
    // The lead department is not offered as an assisting one.
    expect(has("assist-dept-0-3")).toBe(false);
    await click("assist-dept-0-4");
    await type("assist-part-0", " 核实渣土车夜间通行情况 ");
    // The picker's popup does not run in happy-dom: set its value as choosing a day would.
    wrapper.findComponent({ name: "ElDatePicker" }).vm.$emit("update:modelValue", "2026-12-02");
    await settle();
    await click("dlg-submit");
    expect(actions.routeAppeal).not.toHaveBeenCalled();
    expect(assists.routeCohandled).toHaveBeenCalledWith(7, 3, null, [
      { departmentId: 4, part: "核实渣土车夜间通行情况", dueDate: "2026-12-02" },
    ]);
    expect(wrapper.emitted("done")).toBeTruthy();
  });

  it("routes plainly without assisting departments, and names a row's missing department", async () => {
    vi.mocked(actions.routeAppeal).mockResolvedValue(outcome("已分流至 城管科"));
    const d = makeDetail({ status: "accepted", departmentId: null });
    mountIt(GenericActionDialog, { open: true, action: "route", detail: d, departments: DEPTS });
    await settle();
    await click("dlg-departmentId-3");
    await click("assist-add");
    await click("dlg-submit");
    expect(assists.routeCohandled).not.toHaveBeenCalled();
    await new Promise((r) => setTimeout(r, 150));
    expect(el("assist-dept-0").closest(".el-form-item")?.textContent).toContain("请选择协办部门");
    await click("assist-remove-0");
    await click("dlg-submit");
    expect(actions.routeAppeal).toHaveBeenCalledWith(7, 3, null);
  });
});

describe("the 会办 panel", () => {
  it("shows each assisting department's part, deadline, state and opinion", async () => {
    vi.mocked(assists.cohandling).mockResolvedValue(
      panel({
        assists: [
          part(),
          part({ id: 2, departmentId: 5, departmentName: "住建科", status: "submitted", opinion: "同意主办意见。", opinionByName: "李明", opinionAt: "2026-11-30T09:00:00+08:00", due: { overdue: false, dueSoon: false, remainingWorkingDays: null } }),
        ],
      }),
    );
    mountIt(CoHandlingPanel, { appealId: 7, version: 3, departments: DEPTS });
    await settle();
    expect(textOf("cohandling-lead")).toBe("城管科");
    expect(textOf("cohandling-pending")).toBe("交通科");
    const rows = document.body.querySelectorAll('[data-testid="cohandling-dept"]');
    expect([...rows].map((r) => r.textContent)).toEqual(["交通科", "住建科"]);
    const states = document.body.querySelectorAll('[data-testid="cohandling-state"]');
    expect([...states].map((r) => r.textContent?.trim())).toEqual(["待提交", "已提交"]);
    expect(textOf("cohandling-opinion")).toBe("同意主办意见。");
    expect(document.body.textContent).toContain("2026-12-02");
    expect(document.body.textContent).toContain("剩 1 个工作日");
    // Nobody here may act: no buttons.
    expect(has("cohandling-submit-4") || has("cohandling-add") || has("cohandling-override")).toBe(false);
  });

  it("lets the assisting department's staff submit their opinion", async () => {
    setSession(makeSession(["handler"], 4));
    vi.mocked(assists.cohandling).mockResolvedValue(panel({ viewerAssists: true, assists: [part({ maySubmit: true })] }));
    vi.mocked(assists.submitAssistOpinion).mockResolvedValue(outcome("交通科的协办意见已提交。"));
    const wrapper = mountIt(CoHandlingPanel, { appealId: 7, version: 3, departments: DEPTS });
    await settle();
    await click("cohandling-submit-4");
    expect(has("dlg-person")).toBe(false); // their own opinion: no 代录 name
    await click("dlg-submit");
    expect(assists.submitAssistOpinion).not.toHaveBeenCalled(); // the opinion is required
    await type("dlg-opinion", "已调整渣土车通行时间。");
    await click("dlg-submit");
    expect(assists.submitAssistOpinion).toHaveBeenCalledWith(7, "已调整渣土车通行时间。", 4, null);
    expect(wrapper.emitted("done")?.[0]).toEqual([outcome("交通科的协办意见已提交。")]);
  });

  it("lets the office override the wait with a reason", async () => {
    vi.mocked(assists.cohandling).mockResolvedValue(panel({ mayOverride: true, mayAdd: true }));
    vi.mocked(assists.overrideAssists).mockResolvedValue(outcome("已准许承办部门不等交通科的协办意见提交处理方案。"));
    const wrapper = mountIt(CoHandlingPanel, { appealId: 7, version: 3, departments: DEPTS });
    await settle();
    expect(has("cohandling-add")).toBe(true);
    await click("cohandling-override");
    await click("dlg-submit");
    expect(assists.overrideAssists).not.toHaveBeenCalled();
    await type("dlg-override-reason", "协办部门逾期未复");
    await click("dlg-submit");
    expect(assists.overrideAssists).toHaveBeenCalledWith(7, "协办部门逾期未复");
    expect(wrapper.emitted("done")).toBeTruthy();
  });

  it("is not shown for an appeal without assisting departments that the user may not add to", async () => {
    vi.mocked(assists.cohandling).mockResolvedValue(panel({ assists: [], pending: [] }));
    mountIt(CoHandlingPanel, { appealId: 7, version: 3, departments: DEPTS });
    await settle();
    expect(has("cohandling-panel")).toBe(false);
  });
});

describe("the plan dialog", () => {
  it("says which opinions are missing; the handler is told to ask the office", async () => {
    setSession(makeSession(["handler"], 3));
    vi.mocked(assists.cohandling).mockResolvedValue(panel());
    mountIt(SubmitPlanDialog, { open: true, detail: makeDetail(), departments: DEPTS });
    await settle();
    expect(textOf("assist-gate-text")).toContain("还在等 交通科 的协办意见");
    expect(textOf("assist-gate-text")).toContain("请联系诉求管理员");
    expect(has("assist-gate-override")).toBe(false);
  });

  it("offers the office the override with a reason", async () => {
    vi.mocked(assists.cohandling).mockResolvedValueOnce(panel({ mayOverride: true })).mockResolvedValue(panel({ pending: [] }));
    vi.mocked(assists.overrideAssists).mockResolvedValue(outcome("已准许"));
    mountIt(SubmitPlanDialog, { open: true, detail: makeDetail(), departments: DEPTS });
    await settle();
    await click("assist-gate-override");
    expect(textOf("assist-gate-error")).toContain("请填写不等协办意见的理由");
    await type("assist-gate-reason", "群众反映强烈，先行处理");
    await click("assist-gate-override");
    expect(assists.overrideAssists).toHaveBeenCalledWith(7, "群众反映强烈，先行处理");
    expect(has("assist-gate")).toBe(false);
  });

  it("shows nothing when no opinion is missing", async () => {
    vi.mocked(assists.cohandling).mockResolvedValue(panel({ pending: [], assists: [] }));
    mountIt(SubmitPlanDialog, { open: true, detail: makeDetail(), departments: DEPTS });
    await settle();
    expect(has("assist-gate")).toBe(false);
  });
});
