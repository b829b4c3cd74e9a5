// Pins the settings tabs' logic: month grids and day kinds, setting checks, user lock text.
import { describe, expect, it } from "vitest";
import type { UserRecord } from "../../bindings/UserRecord";
import { describeDay, listedMap, monthCells } from "./calendarGrid";
import { checkClauses, checkContact, clauseLines } from "./paperSettings";
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
  const days = { key: "deadline.plan", value: "5", label: "制定处理方案期限（工作日）", defaultValue: "5" };
  const org = { key: "org.name", value: "某市民意诉求管理办公室", label: "单位名称", defaultValue: "民意诉求管理办公室" };
  const phone = { key: "paper.contact_phone", value: "12345", label: "咨询电话", defaultValue: "" };

  it("checks numbers and text as Rust does", () => {
    expect(isNumericSetting(days)).toBe(true);
    expect(isNumericSetting(org)).toBe(false);
    // A text setting whose value happens to be digits (a hotline) is still text.
    expect(isNumericSetting(phone)).toBe(false);
    expect(checkSettingValue(days, " 7 ")).toBe("");
    expect(checkSettingValue(days, "0")).toBe("");
    expect(checkSettingValue(days, "366")).toBe("制定处理方案期限（工作日）应为0到365之间的整数。");
    expect(checkSettingValue(days, "2.5")).not.toBe("");
    expect(checkSettingValue(days, "")).not.toBe("");
    expect(checkSettingValue(org, "  ")).toBe("请填写单位名称。");
    const dictionary = { key: "hotspot.user_dictionary", value: "柳浪新村", label: "热点分析自定义词典", defaultValue: "" };
    expect(checkSettingValue(dictionary, "")).toBe("");
    const weight = { key: "assessment.weight.quality", value: "25", label: "考核权重：办理质量", defaultValue: "25" };
    expect(checkSettingValue(weight, "100")).toBe("");
    expect(checkSettingValue(weight, "101")).toBe("考核权重：办理质量应为0到100之间的整数。");
    const idle = { key: "lockout.idle_lock_minutes", value: "15", label: "无操作自动锁定窗口（分钟）", defaultValue: "15" };
    expect(checkSettingValue(idle, "1")).toBe("");
    expect(checkSettingValue(idle, "240")).toBe("");
    expect(checkSettingValue(idle, "0")).toBe("无操作自动锁定窗口（分钟）应为1到240之间的整数。");
    expect(checkSettingValue(idle, "241")).toBe("无操作自动锁定窗口（分钟）应为1到240之间的整数。");
    const share = { key: "return_visit.other_percent", value: "10", label: "回访比例：其他诉求（%）", defaultValue: "10" };
    expect(checkSettingValue(share, "100")).toBe("");
    expect(checkSettingValue(share, "101")).toBe("回访比例：其他诉求（%）应为0到100之间的整数。");
    expect(groupSettings([share]).map((g) => g.title)).toEqual(["回访"]);
    const slow = { key: "progress.slow_share_percent", value: "50", label: "进度缓慢：本阶段期限已用去的比例（%）", defaultValue: "50" };
    expect(checkSettingValue(slow, "100")).toBe("");
    expect(checkSettingValue(slow, "0")).toBe("进度缓慢：本阶段期限已用去的比例（%）应为1到100之间的整数。");
    const interval = { key: "progress.interval_days", value: "3", label: "定期反馈进展间隔（工作日，0 表示不要求）", defaultValue: "3" };
    expect(checkSettingValue(interval, "0")).toBe("");
    expect(groupSettings([interval, slow]).map((g) => g.title)).toEqual(["进展督促"]);
  });

  it("groups rows for display", () => {
    const groups = groupSettings([
      org,
      days,
      phone,
      { key: "lockout.minutes", value: "15", label: "锁定时长（分钟）", defaultValue: "15" },
      { key: "files.retention_days", value: "30", label: "打印、导出文件和导入报告保留天数（0 表示不自动删除）", defaultValue: "30" },
      { key: "assessment.weight.efficiency", value: "25", label: "考核权重：办理效率", defaultValue: "25" },
      { key: "disclosure.threshold", value: "5", label: "信息公开小数抑制阈值", defaultValue: "5" },
      { key: "x.y", value: "1", label: "X", defaultValue: "1" },
    ]);
    expect(groups.map((g) => g.title)).toEqual(["单位", "办理期限", "登录安全", "附件与文件", "考核权重", "信息公开", "其他"]);
    // The settings of printed documents live on their own tab.
    expect(groups.flatMap((g) => g.rows).some((r) => r.key.startsWith("paper."))).toBe(false);
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

describe("printed-document settings", () => {
  const hours = { key: "paper.contact_hours", value: "", label: "接待时间", defaultValue: "" };

  it("counts one clause a non-blank line and checks the limits Rust checks", () => {
    expect(clauseLines("  不得泄露。\n\n  不得复制。 \r\n")).toEqual(["不得泄露。", "不得复制。"]);
    expect(checkClauses(" \n ")).toBe("请至少填写一条保密协议条款，或点击“恢复默认条款”。");
    expect(checkClauses(Array.from({ length: 20 }, () => "保".repeat(300)).join("\n"))).toBe("");
    expect(checkClauses(Array.from({ length: 21 }, (_, i) => `第${i + 1}项。`).join("\n"))).toBe(
      "保密协议条款最多20条，现在有21条，请合并或删去一些。",
    );
    // 𠮷 is one character, as Rust counts it, though two UTF-16 units.
    expect(checkClauses("𠮷".repeat(300))).toBe("");
    expect(checkClauses(`不得泄露。\n${"保".repeat(301)}`)).toBe("第2条有301个字，一条最多300个字，请拆成两条或精简。");
  });

  it("lets a contact field be empty but not too long or on two lines", () => {
    expect(checkContact(hours, "")).toBe("");
    expect(checkContact(hours, "工作日 8:30—17:30")).toBe("");
    expect(checkContact(hours, "时".repeat(61))).toBe("接待时间不能超过60个字，请精简。");
    expect(checkContact(hours, "上午\n下午")).toBe("接待时间请写在一行内。");
  });
});
