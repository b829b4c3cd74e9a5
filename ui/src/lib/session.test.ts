// Pins permissions, the window title, the navigation each role sees and the router's decisions.
import { beforeEach, describe, expect, it } from "vitest";
import type { Action } from "../bindings/Action";
import type { Role } from "../bindings/Role";
import type { SessionInfo } from "../bindings/SessionInfo";
import { decide } from "../router/guard";
import { homePath, visibleNav } from "./nav";
import { applyAppStatus, can, canAny, hasPermission, roleText, sessionState, setSession, windowTitle } from "./session";

function session(roles: Role[], permissions: Action[]): SessionInfo {
  return {
    userId: 2,
    username: "zhang",
    displayName: "张三",
    departmentId: 1,
    departmentName: "诉求办",
    roles,
    agreementSignedOn: "2026-01-05",
    orgName: "某市民意诉求管理办公室",
    permissions,
  };
}

const clerk = session(["intake_clerk"], [
  "register", "import", "initialReview", "answerDirectly", "route", "reclassify", "link",
  "recordFeedback", "addAttachment", "viewAppeal", "viewPersonalData",
]);
const admin = session(["administrator"], ["manageUsers", "manageSettings", "manageCalendar", "backup", "viewAppeal"]);
const management = session(["management"], [
  "approve", "instruct", "decideExtension", "viewAppeal", "viewPersonalData", "viewLedger",
  "viewStatistics", "disclosure", "assessment",
]);
const handler = session(["handler"], [
  "submitPlan", "addProgress", "returnMisrouted", "requestExtension", "recordFeedback", "followUp",
  "addAttachment", "viewAppeal", "viewPersonalData",
]);

const keys = (s: SessionInfo | null) => visibleNav(s).flatMap((g) => g.items.map((i) => i.key));

beforeEach(() => {
  applyAppStatus({ needsSetup: false, orgName: "办公室", session: null, dataDir: "/tmp" });
});

describe("permissions", () => {
  it("answers from the session's permission list", () => {
    expect(hasPermission(clerk, "register")).toBe(true);
    expect(hasPermission(clerk, "approve")).toBe(false);
    expect(hasPermission(null, "register")).toBe(false);
  });
  it("follows the signed-in session", () => {
    expect(can("register")).toBe(false);
    setSession(clerk);
    expect(can("register")).toBe(true);
    expect(canAny("approve", "route")).toBe(true);
    expect(canAny("approve", "instruct")).toBe(false);
    expect(sessionState.orgName).toBe("某市民意诉求管理办公室");
    setSession(null);
    expect(can("register")).toBe(false);
  });
});

describe("titles", () => {
  it("names the user and department in the window title", () => {
    expect(windowTitle(clerk)).toBe("民意诉求管理系统 — 张三（诉求办）");
    expect(windowTitle(null)).toBe("民意诉求管理系统");
  });
  it("lists role labels", () => {
    const s = session(["appeals_office", "administrator"], []);
    const labels: Record<string, string> = { appeals_office: "诉求管理员", administrator: "系统管理员" };
    expect(roleText(s, (c) => labels[c] ?? c)).toBe("诉求管理员、系统管理员");
  });
});

describe("navigation", () => {
  it("shows each role only what it may use", () => {
    expect(keys(clerk)).toEqual(["workbench", "register", "import", "appeals", "settings", "help"]);
    expect(keys(admin)).toEqual(["appeals", "settings", "audit", "help"]);
    expect(keys(management)).toEqual([
      "workbench",
      "appeals",
      "ledger",
      "supervision",
      "statistics",
      "hotspots",
      "recommendations",
      "assessment",
      "disclosure",
      "settings",
      "help",
    ]);
    expect(keys(handler)).toEqual(["workbench", "appeals", "ledger", "settings", "help"]);
    expect(keys(null)).toEqual([]);
  });
  it("lands on the first page the role may use", () => {
    expect(homePath(clerk)).toBe("/workbench");
    expect(homePath(admin)).toBe("/appeals");
  });
});

describe("router decisions", () => {
  const to = (path: string, name: string, anyOf?: Action[]) => ({ path, name, fullPath: path, meta: { anyOf } });

  it("sends a first run to set-up", () => {
    expect(decide(to("/workbench", "workbench"), { needsSetup: true, session: null })).toBe("/setup");
    expect(decide(to("/setup", "setup"), { needsSetup: true, session: null })).toBe(true);
  });
  it("sends nobody-signed-in to sign-in, remembering the page", () => {
    expect(decide(to("/ledger", "ledger"), { needsSetup: false, session: null })).toBe("/sign-in?redirect=%2Fledger");
    expect(decide(to("/", ""), { needsSetup: false, session: null })).toBe("/sign-in");
    expect(decide(to("/sign-in", "sign-in"), { needsSetup: false, session: null })).toBe(true);
  });
  it("keeps a signed-in user out of set-up, sign-in and pages the role may not use", () => {
    const s = { needsSetup: false, session: clerk };
    expect(decide(to("/sign-in", "sign-in"), s)).toBe("/workbench");
    expect(decide(to("/", ""), s)).toBe("/workbench");
    expect(decide(to("/ledger", "ledger", ["viewLedger", "addProgress"]), s)).toBe("/workbench");
    expect(decide(to("/register", "register", ["register"]), s)).toBe(true);
    expect(decide(to("/help", "help", []), s)).toBe(true);
  });
});
