// Pins the settings tabs' logic: month grids and day kinds, setting checks, user lock text.
import { describe, expect, it } from "vitest";
import type { UserRecord } from "../../bindings/UserRecord";
import { describeDay, listedMap, monthCells } from "./calendarGrid";
import { checkSettingValue, groupSettings, isNumericSetting } from "./settingsRows";
import { listedUsers, lockText, unsigned } from "./userRows";

describe("calendar month grid", () => {
  const listed = listedMap([
    { date: "2026-10-01", isOffDay: true, name: "国庆节", admin: false },
    { date: "2026-10-10", isOffDay: false, name: "国庆节", admin: false },
    { date: "2026-10-15", isOffDay: true, name: "厂庆", admin: true },
  ]);
  const cells = monthCells(2026, 10, listed, "2026-10-15");

  it("starts on Monday and pads to whole weeks", () => {
    // 2026-10-01 is a Thursday: three blanks before it.
    expect(cells.slice(0, 3)).toEqual([null, null, null]);
    expect(cells[3]?.date).toBe("2026-10-01");
    expect(cells.length % 7).toBe(0);
    expect(cells.filter((c) => c).length).toBe(31);
  });

  it("marks holidays, make-up days, weekends and admin edits", () => {
    const by = (d: string) => cells.find((c) => c?.date === d)!;
    expect(by("2026-10-01").kind).toBe("holiday");
    expect(by("2026-10-10").kind).toBe("makeup"); // a Saturday worked
    expect(by("2026-10-11").kind).toBe("weekend");
    expect(by("2026-10-12").kind).toBe("workday");
    expect(by("2026-10-15")).toMatchObject({ kind: "holiday", admin: true, today: true });
    expect(describeDay(by("2026-10-01"))).toBe("2026-10-01 · 国庆节 · 休息日");
    expect(describeDay(by("2026-10-10"))).toBe("2026-10-10 · 国庆节调休上班");
    expect(describeDay(by("2026-10-15"))).toBe("2026-10-15 · 厂庆 · 休息日 · 手工调整");
  });

  it("knows February's length", () => {
    expect(monthCells(2028, 2, new Map(), "").filter((c) => c).length).toBe(29);
    expect(monthCells(2026, 2, new Map(), "").filter((c) => c).length).toBe(28);
  });
});

describe("settings values", () => {
  const days = { key: "deadline.plan", value: "5", label: "制定处理方案期限（工作日）" };
  const org = { key: "org.name", value: "某市民意诉求管理办公室", label: "单位名称" };

  it("checks numbers and text as Rust does", () => {
    expect(isNumericSetting(days)).toBe(true);
    expect(isNumericSetting(org)).toBe(false);
    expect(checkSettingValue(days, " 7 ")).toBe("");
    expect(checkSettingValue(days, "0")).toBe("");
    expect(checkSettingValue(days, "366")).toBe("制定处理方案期限（工作日）应为0到365之间的整数。");
    expect(checkSettingValue(days, "2.5")).not.toBe("");
    expect(checkSettingValue(days, "")).not.toBe("");
    expect(checkSettingValue(org, "  ")).toBe("请填写单位名称。");
  });

  it("groups rows for display", () => {
    const groups = groupSettings([org, days, { key: "lockout.minutes", value: "15", label: "锁定时长（分钟）" }, { key: "x.y", value: "1", label: "X" }]);
    expect(groups.map((g) => g.title)).toEqual(["单位", "办理期限", "登录安全", "其他"]);
  });
});

describe("user rows", () => {
  const base: UserRecord = {
    id: 1, username: "li", displayName: "李四", departmentId: 1, departmentName: "诉求办",
    roles: ["intake_clerk"], agreementSignedOn: null, active: true, canSignIn: true,
    failedAttempts: 0, lockedUntil: null,
  };
  const now = new Date("2026-11-20T06:00:00Z"); // 14:00 in Beijing

  it("says when an account is locked or has failed attempts", () => {
    expect(lockText(base, now)).toBe("");
    expect(lockText({ ...base, failedAttempts: 2 }, now)).toBe("输错 2 次");
    expect(lockText({ ...base, lockedUntil: "2026-11-20T14:15:00+08:00" }, now)).toMatch(/^已锁定至 /);
    expect(lockText({ ...base, lockedUntil: "2026-11-20T13:00:00+08:00" }, now)).toBe("");
  });

  it("leaves out the built-in account and lists the unsigned", () => {
    const system = { ...base, id: 9, username: "system", canSignIn: false };
    const signed = { ...base, id: 2, agreementSignedOn: "2026-01-05" };
    const stopped = { ...base, id: 3, active: false };
    const people = listedUsers([base, system, signed, stopped]);
    expect(people.map((u) => u.id)).toEqual([1, 2, 3]);
    expect(unsigned(people).map((u) => u.id)).toEqual([1]);
  });
});
