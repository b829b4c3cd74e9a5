// The pager under the appeal list: numbered pages for a counted total, previous/next when the
// total was not counted or stopped at the search's count cap (the list goes on past it).
import { mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { describe, expect, it } from "vitest";
import type { AppealRow } from "../../bindings/AppealRow";
import type { Page } from "../../bindings/Page";
import ListPager from "./ListPager.vue";

const page = (p: Partial<Page<AppealRow>>): Page<AppealRow> => ({
  rows: Array.from({ length: 50 }, () => ({}) as AppealRow),
  total: null,
  totalCapped: false,
  hasMore: false,
  page: 0,
  pageSize: 50,
  ...p,
});

describe("ListPager", () => {
  it("numbers the pages of a counted total", () => {
    const w = mount(ListPager, { props: { page: page({ total: 120 }) }, global: { plugins: [ElementPlus] } });
    expect(w.get("[data-testid=appeals-total]").text()).toBe("共 120 条");
    expect(w.find("[data-testid=appeals-pagination]").exists()).toBe(true);
    expect(w.find("[data-testid=appeals-capped]").exists()).toBe(false);
  });

  it("pages past a total capped at 1,000 with previous and next", async () => {
    const w = mount(ListPager, {
      props: { page: page({ total: 1000, totalCapped: true, hasMore: true, page: 19 }) },
      global: { plugins: [ElementPlus] },
    });
    expect(w.get("[data-testid=appeals-total]").text()).toBe("共 1,000+ 条");
    expect(w.get("[data-testid=appeals-capped]").text()).toContain("未全部统计");
    expect(w.find("[data-testid=appeals-pagination]").exists()).toBe(false);
    expect(w.get("[data-testid=appeals-page]").text()).toBe("第 20 页");
    await w.get("[data-testid=appeals-next]").trigger("click");
    expect(w.emitted("change")?.[0]).toEqual([20]);
  });

  it("says the list itself stops when the total is capped at the search's limit", () => {
    const w = mount(ListPager, {
      props: { page: page({ total: 10000, totalCapped: true, hasMore: true }) },
      global: { plugins: [ElementPlus] },
    });
    expect(w.get("[data-testid=appeals-capped]").text()).toContain("只列出最近的 10,000 条");
  });
});
