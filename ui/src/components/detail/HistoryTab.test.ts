// 诉求人的历次诉求: the same person's other appeals, newest first, with what links them, how each
// ended and a link to its page; an empty history says so; a cut one says how many are listed.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createMemoryHistory, createRouter } from "vue-router";
import type { AppellantHistory } from "../../bindings/AppellantHistory";
import type { HistoryEntry } from "../../bindings/HistoryEntry";
import { setVocabulary } from "../../lib/vocab";
import HistoryTab from "./HistoryTab.vue";
import { VOCAB } from "./detail.fixture";

const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
  appealId: 1, regNumber: "20261110-0001", archiveNumber: null, subject: "路灯损坏", category: "complaint",
  receivedAt: "2026-11-10T09:30:00+08:00", earlier: true, status: "registered", departmentName: null, closedAt: null,
  closingResult: null, satisfaction: null, matchedOn: ["phone"], ...over,
});

const history = (appeals: HistoryEntry[], truncated = false): AppellantHistory => ({ appealId: 7, appeals, truncated });

async function render(h: AppellantHistory) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: "/:rest(.*)*", component: { template: "<div />" } }] });
  await router.push("/appeals/7");
  const w = mount(HistoryTab, { props: { history: h }, global: { plugins: [ElementPlus, router] }, attachTo: document.body });
  await flushPromises();
  return w;
}

beforeEach(() => setVocabulary(VOCAB));
afterEach(() => {
  setVocabulary(null);
  document.body.innerHTML = "";
});

describe("appellant history", () => {
  it("lists the other appeals with what links them and how they ended, each opening its page", async () => {
    const w = await render(
      history([
        entry({ appealId: 12, regNumber: "20261125-0002", subject: "噪音扰民", receivedAt: "2026-11-25T09:00:00+08:00", earlier: false, matchedOn: ["name_and_address"] }),
        entry({
          appealId: 5, regNumber: "20261001-0003", archiveNumber: "TS-2026-000040", status: "closed", closedAt: "2026-10-20T16:00:00+08:00",
          closingResult: "已督促物业修复路灯。", satisfaction: "basically_satisfied", matchedOn: ["phone", "id_number"],
        }),
      ]),
    );
    expect(w.get("[data-testid=history-hint]").text()).toBe(
      "同一电话、同一证件号码或同一姓名和地址的其他诉求，按受理时间从新到旧排列；查看记录已写入个人信息访问记录。",
    );
    const rows = w.findAll(".el-table__body tr").map((r) => r.findAll("td").map((td) => td.text()));
    expect(rows[0]).toEqual(["20261125-0002", "2026-11-25（此后）", "投诉", "噪音扰民", "同一姓名和地址", "已登记", "尚未办结", "—"]);
    expect(rows[1]).toEqual([
      "TS-2026-000040", "2026-11-10（此前）", "投诉", "路灯损坏", "同一电话、同一证件号码", "已办结", "2026-10-20 已督促物业修复路灯。", "基本满意",
    ]);
    expect(w.get("[data-testid=history-open-5]").attributes("href")).toBe("/appeals/5");
  });

  it("says when the person has no other appeal, and when the list is cut", async () => {
    const empty = await render(history([]));
    expect(empty.text()).toContain("该诉求人没有其他诉求");
    expect(empty.find("[data-testid=history-table]").exists()).toBe(false);
    const cut = await render(history([entry({})], true));
    expect(cut.get("[data-testid=history-hint]").text()).toContain("只列出最近的 1 件。");
  });
});
