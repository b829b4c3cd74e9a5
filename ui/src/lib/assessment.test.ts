import { describe, expect, it } from "vitest";
import type { AssessmentRow } from "../bindings/AssessmentRow";
import { COMPONENTS, nextStep, scoreBars, scoreBasis, scoreText } from "./assessment";

function row(name: string, weighted: number, rank: number): AssessmentRow {
  const scores = { intakeTimeliness: null, intakeAccuracy: null, efficiency: 90, quality: 80, supervision: 100, recommendations: null, weighted };
  return { rank, userId: null, departmentId: rank, name, department: name, figures: {} as AssessmentRow["figures"], scores };
}

describe("assessment page logic", () => {
  it("shows a missing score as a dash and others with one decimal", () => {
    expect(scoreText(null)).toBe("—");
    expect(scoreText(87.456)).toBe("87.5");
    expect(scoreText(100)).toBe("100.0");
  });

  it("draws the best on top, scores rounded to one decimal, on a 0–100 axis", () => {
    const o = scoreBars([row("甲", 95.56, 1), row("乙", 80.04, 2), row("丙", 70, 3)], 2);
    expect(o.yAxis.data).toEqual(["乙", "甲"]);
    expect(o.series[0].data).toEqual([80, 95.6]);
    expect([o.xAxis.min, o.xAxis.max]).toEqual([0, 100]);
  });

  it("lets a recommendation move forward only", () => {
    expect(nextStep("proposed")).toEqual({ to: "adopted", label: "登记采纳" });
    expect(nextStep("adopted")).toEqual({ to: "done", label: "登记落实" });
    expect(nextStep("done")).toBeNull();
  });

  it("explains the quality score by the appellants reached, not by return visits", () => {
    const f: AssessmentRow["figures"] = {
      intakeMeasured: 0,
      intakeOnTime: 0,
      routed: 0,
      returned: 0,
      handlingMeasured: 0,
      handlingOnTime: 0,
      assistsMeasured: 0,
      assistsOnTime: 0,
      averageWorkingDays: null,
      reached: 1234,
      satisfied: 1100,
      closedOrReopened: 1300,
      reopened: 12,
      supervised: 0,
      followedThrough: 0,
      recommendationsAdopted: 0,
    };
    const text = scoreBasis(f, "quality");
    expect(text).toBe("反馈时联系上诉求人 1,234 件，满意 1,100 件；办结或重办 1,300 件，重办 12 件");
    expect(text).not.toContain("回访");
    expect(scoreBasis(f, "efficiency")).toBe("办理环节 0 个，按期 0 个，平均 — 个工作日");
  });

  it("lists the six components in the order of the weights", () => {
    expect(COMPONENTS.map((c) => c.label)).toEqual(["受理及时", "分流准确", "办理效率", "办理质量", "督办落实", "建议采纳"]);
  });
});
