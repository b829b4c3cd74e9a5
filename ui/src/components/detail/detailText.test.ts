// The detail page's pure helpers: action order and labels, plan lines, on-behalf rules, defaults.
import { describe, expect, it } from "vitest";
import type { Appeal } from "../../bindings/Appeal";
import type { SessionInfo } from "../../bindings/SessionInfo";
import type { TimelineEntry } from "../../bindings/TimelineEntry";
import { ACTION_LABELS, actionLabel, arrangeActions } from "./actionLabels";
import {
  emptyPlan,
  feedbackMethodFor,
  onBehalfText,
  planKindFor,
  planLines,
  planReview,
  timelineExtra,
  trimPlan,
  typesOnBehalf,
} from "./detailText";

describe("arrangeActions", () => {
  it("takes the core's first main-line action as primary and keeps the rest in order", () => {
    expect(arrangeActions(["submitPlan", "returnMisrouted", "addProgress", "link", "addAttachment"])).toEqual({
      primary: "submitPlan",
      others: ["returnMisrouted", "addProgress", "link", "addAttachment"],
    });
  });
  it("does not make an accompanying action primary while a main-line one is allowed", () => {
    expect(arrangeActions(["reclassify", "link", "route"]).primary).toBe("route");
  });
  it("highlights nothing when only accompanying actions are allowed, and drops unknown ones", () => {
    expect(arrangeActions(["viewAppeal", "link", "addAttachment"])).toEqual({ primary: null, others: ["link", "addAttachment"] });
    expect(arrangeActions([])).toEqual({ primary: null, others: [] });
  });
  it("labels every lifecycle action in Chinese", () => {
    for (const a of Object.keys(ACTION_LABELS)) expect(actionLabel(a as never)).toMatch(/[\u4e00-\u9fa5]/);
    expect(actionLabel("route")).toBe("分流");
  });
});

describe("plans", () => {
  it("maps categories to plan kinds; consultation and other are answered", () => {
    expect(planKindFor("complaint")).toBe("complaint");
    expect(planKindFor("consultation")).toBe("answer");
    expect(planKindFor("other")).toBe("answer");
    expect(emptyPlan("help")).toEqual({ kind: "help", resourcesCoordinated: "", measures: "" });
  });
  it("lists a plan's content in form order, leaving out empty optional lines", () => {
    expect(planLines({ kind: "suggestion", feasibility: "可行", value: "有价值", adopted: false, implementationPlan: "" })).toEqual([
      { label: "可行性评估", value: "可行" },
      { label: "价值评估", value: "有价值" },
      { label: "是否采纳", value: "不采纳" },
    ]);
    expect(planLines({ kind: "complaint", factsFound: "a", responsibleParty: "b", measures: "c" }).map((l) => l.label)).toEqual([
      "调查核实的事实",
      "责任主体",
      "处理措施",
    ]);
  });
  it("trims every text", () => {
    expect(trimPlan({ kind: "answer", answer: "  已答复 \n" })).toEqual({ kind: "answer", answer: "已答复" });
  });
  it("names review states", () => {
    expect(planReview("returned").text).toBe("已退回修改");
    expect(planReview("approved").tone).toBe("success");
    expect(planReview("odd").text).toBe("odd");
  });
});

function appeal(departmentId: number | null): Appeal {
  return { departmentId } as Appeal;
}
function session(roles: SessionInfo["roles"], departmentId = 1): SessionInfo {
  return { roles, departmentId } as SessionInfo;
}

describe("on behalf", () => {
  it("applies to the appeals office typing for another department only", () => {
    expect(typesOnBehalf(session(["appeals_office"]), appeal(5))).toBe(true);
    expect(typesOnBehalf(session(["appeals_office"], 5), appeal(5))).toBe(false);
    expect(typesOnBehalf(session(["handler"]), appeal(5))).toBe(false);
    expect(typesOnBehalf(session(["appeals_office"]), appeal(null))).toBe(false);
    expect(typesOnBehalf(null, appeal(5))).toBe(false);
  });
  it("describes who an entry was typed for", () => {
    expect(onBehalfText("城管科", "张三")).toBe("代 城管科 张三 录入");
    expect(onBehalfText(null, " ")).toBe("");
  });
});

describe("timeline and defaults", () => {
  it("reads the facts an event carries", () => {
    const e = { payload: { departmentName: "城管科", number: "DB-2026-0001", days: 3 } } as unknown as TimelineEntry;
    expect(timelineExtra(e)).toEqual(["承办部门：城管科", "督办编号：DB-2026-0001", "延期 3 个工作日"]);
    expect(timelineExtra({ payload: null } as TimelineEntry)).toEqual([]);
  });
  it("answers through the channel the appellant used", () => {
    expect(feedbackMethodFor("hotline")).toBe("phone_call");
    expect(feedbackMethodFor("letter")).toBe("reply_letter");
    expect(feedbackMethodFor("walk_in")).toBe("in_person");
    expect(feedbackMethodFor("wechat")).toBe("message");
  });
});
