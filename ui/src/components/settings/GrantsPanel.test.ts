// Personal-data grants waiting for a second administrator: the list (who, what, asked by whom,
// when); 确认 / 驳回 for another administrator, disabled with the reason for the one who asked;
// the one-administrator hint; a void grant said in words; the message after saving.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { GrantRecord } from "../../bindings/GrantRecord";
import type { PendingGrants } from "../../bindings/PendingGrants";
import { setVocabulary } from "../../lib/vocab";

vi.mock("../../api/admin", () => ({
  pendingGrants: vi.fn(),
  confirmGrant: vi.fn(),
  rejectGrant: vi.fn(),
}));

import * as admin from "../../api/admin";
import GrantsPanel from "./GrantsPanel.vue";
import { waitingMessage } from "./grants";

function grant(over: Partial<GrantRecord> = {}): GrantRecord {
  return {
    id: 7, userId: 2, username: "li", displayName: "李四", roles: [], agreementSignedOn: "2026-01-05",
    requestedBy: 1, requestedByLabel: "王芳", requestedAt: "2026-12-06T09:30:00+08:00", status: "pending",
    decidedByLabel: null, decidedAt: null, mayDecide: true, whyNot: "", ...over,
  };
}

function list(rows: GrantRecord[], otherAdministrators = 1): PendingGrants {
  return { rows, otherAdministrators };
}

async function start() {
  const w = mount(GrantsPanel, { global: { plugins: [ElementPlus] }, attachTo: document.body });
  await flushPromises();
  return w;
}

beforeEach(() => {
  setVocabulary({
    channels: [], categories: [], statuses: [], stages: [], urgencies: [], satisfactions: [], feedbackMethods: [], linkKinds: [], securityActions: [], accessKinds: [],
    roles: [
      { code: "intake_clerk", label: "接收登记员" },
      { code: "management", label: "管理层" },
    ],
  });
});
afterEach(() => {
  vi.clearAllMocks();
  setVocabulary(null);
  document.body.innerHTML = "";
});

describe("GrantsPanel", () => {
  it("is hidden when nothing waits", async () => {
    vi.mocked(admin.pendingGrants).mockResolvedValue(list([]));
    const w = await start();
    expect(w.find('[data-testid="grants-panel"]').exists()).toBe(false);
    w.unmount();
  });

  it("shows who, what, asked by whom and when, and another administrator confirms", async () => {
    vi.mocked(admin.pendingGrants).mockResolvedValueOnce(list([grant(), grant({ id: 8, userId: 3, displayName: "赵六", username: "zl", roles: ["management"], agreementSignedOn: null })]));
    vi.mocked(admin.pendingGrants).mockResolvedValueOnce(list([]));
    vi.mocked(admin.confirmGrant).mockResolvedValue("confirmed");
    const w = await start();
    expect(w.findAll('[data-testid="grant-user"]').map((x) => x.text())).toEqual(["李四（li）", "赵六（zl）"]);
    expect(w.findAll('[data-testid="grant-what"]').map((x) => x.text())).toEqual(["保密协议签署日期 2026年1月5日", "角色 管理层"]);
    expect(w.get('[data-testid="grant-by"]').text()).toBe("王芳");
    expect(w.get('[data-testid="grant-at"]').text()).toContain("2026");
    expect(w.find('[data-testid="grants-one-admin"]').exists()).toBe(false);
    await w.get('[data-testid="grant-confirm"]').trigger("click");
    await flushPromises();
    expect(admin.confirmGrant).toHaveBeenCalledWith(7);
    expect(document.body.textContent).toContain("已确认：“李四”的查看个人信息权限（保密协议签署日期 2026年1月5日）已生效。");
    expect(w.emitted("decided")).toHaveLength(1);
    expect(w.find('[data-testid="grants-panel"]').exists()).toBe(false);
    w.unmount();
  });

  it("disables the buttons with the reason for the one who asked, and tells a lone administrator what to do", async () => {
    const why = "这是您提出的授权申请，须由另一位系统管理员确认或驳回。";
    vi.mocked(admin.pendingGrants).mockResolvedValue(list([grant({ mayDecide: false, whyNot: why })], 0));
    const w = await start();
    const confirm = w.get('[data-testid="grant-confirm"]');
    expect(confirm.attributes("disabled")).toBeDefined();
    expect(confirm.attributes("title")).toBe(why);
    expect(w.get('[data-testid="grant-reject"]').attributes("disabled")).toBeDefined();
    expect(w.get('[data-testid="grant-why-not"]').text()).toBe(why);
    expect(w.get('[data-testid="grants-one-admin"]').text()).toContain("只有您一位系统管理员");
    expect(w.get('[data-testid="grants-one-admin"]').text()).toContain("勾选“系统管理员”角色");
    await confirm.trigger("click");
    expect(admin.confirmGrant).not.toHaveBeenCalled();
    w.unmount();
  });

  it("rejects, and says so when a grant turned out void", async () => {
    vi.mocked(admin.pendingGrants).mockResolvedValue(list([grant()]));
    vi.mocked(admin.rejectGrant).mockResolvedValue();
    vi.mocked(admin.confirmGrant).mockResolvedValue("void");
    const w = await start();
    await w.get('[data-testid="grant-reject"]').trigger("click");
    await flushPromises();
    expect(admin.rejectGrant).toHaveBeenCalledWith(7);
    expect(document.body.textContent).toContain("已驳回“李四”的授权申请，其权限不变。");
    await w.get('[data-testid="grant-confirm"]').trigger("click");
    await flushPromises();
    expect(document.body.textContent).toContain("该申请已作废，未授予任何权限");
    w.unmount();
  });

  it("words the message after saving for one and for several administrators", () => {
    expect(waitingMessage(list([grant()]), 9, "李四")).toBeNull();
    const several = waitingMessage(list([grant()], 1), 2, "李四");
    expect(several).toContain("“李四”的查看个人信息权限（保密协议签署日期 2026年1月5日）须由另一位系统管理员确认后才生效。");
    expect(several).not.toContain("只有您一位");
    expect(waitingMessage(list([grant()], 0), 2, "李四")).toContain("只有您一位系统管理员");
  });
});
