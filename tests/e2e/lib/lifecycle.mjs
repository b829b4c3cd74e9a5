// The lifecycle of scenario 02, as a function, so that it runs the same in 单机 mode (02) and in
// 联网 mode against an office server (19): a walk-in complaint marked major and complex from
// registration to close, each step by the user whose job it is (切换用户 in the top bar).
import assert from "node:assert/strict";
import { act, fillDlg, openFromWorkbench, registerOnForm, waitStatus } from "./flows.mjs";

/** The complaint as the clerk types it. */
export const MAJOR_COMPLAINT = {
  channel: "walk_in",
  name: "赵大妈",
  phone: "13912345678",
  category: "complaint",
  major: true,
  subject: "小区旁工地夜间施工噪音扰民",
  content: "云江花园小区东侧工地连续两周在夜间十一点后施工，打桩声音很大，老人孩子无法休息。",
};

/** Walks the major complaint through its whole life in `app` (signed out, demo office seeded). */
export async function majorComplaintLifecycle(app) {
  // 接收登记员 registers the walk-in complaint.
  await app.signIn("jiedai");
  await app.waitText("topbar-user", "钱小红");
  const reg = await registerOnForm(app, MAJOR_COMPLAINT);
  app.log(`registered ${reg.regNumber} (#${reg.id}): ${reg.message}`);
  await waitStatus(app, "待初审");
  await app.el("detail-major");

  // 诉求管理员: initial review (accept, keeps major) and routing to 城市管理局.
  await app.switchUser("bangongshi");
  await openFromWorkbench(app, reg.regNumber);
  let msg = await act(app, "initialReview", async () => {
    await app.click("dlg-decision-accept");
  });
  app.log(msg);
  await app.waitText("detail-archive-number", /^TS-\d{4}-\d+$/);
  msg = await act(app, "route", async () => {
    await app.select("dlg-departmentId", "城市管理局");
    await fillDlg(app, "note", "请尽快核实夜间施工许可情况。");
  });
  app.log(msg);
  assert.match(msg, /城市管理局/);
  await waitStatus(app, "办理中");

  // Round 1: the handler's plan, the head's review, management's approval.
  await handleRound(app, reg.regNumber, {
    facts: "经现场核查，该工地办理了夜间施工许可，但超出许可时段施工。",
    measures: "责令施工单位停止22点后施工，城管中队每晚巡查。",
  });

  // 承办人 phones the appellant with the result: dissatisfied.
  await app.switchUser("cg_cbr");
  await openFromWorkbench(app, reg.regNumber);
  msg = await act(app, "recordFeedback", async () => {
    await app.select("dlg-method", "电话");
    await fillDlg(app, "content", "电话告知已责令工地停止夜间施工。");
    await app.click("dlg-satisfaction-dissatisfied");
  });
  app.log(msg);
  await waitStatus(app, "待沟通");

  // 诉求管理员 talks with the appellant, then sends it back for a second round.
  await app.switchUser("bangongshi");
  await openFromWorkbench(app, reg.regNumber);
  msg = await act(app, "followUp", async () => {
    await fillDlg(app, "reason", "诉求人反映停工两天后又恢复夜间施工。");
    await fillDlg(app, "talk", "电话沟通，答应督促承办部门重新核查并加强夜间巡查。");
  });
  app.log(msg);
  await waitStatus(app, "已沟通待定");
  msg = await act(app, "reopen", async () => {
    await fillDlg(app, "reason", "诉求人不满意，问题反复，需重新办理。");
  });
  app.log(msg);
  await waitStatus(app, "办理中");

  // Round 2.
  await handleRound(app, reg.regNumber, {
    facts: "复查发现施工单位擅自恢复夜间作业，已立案处罚。",
    measures: "处罚施工单位并安装噪声监测仪，每周通报监测数据。",
  });

  // 诉求管理员: the appellant comes back to the window; told in person, satisfied, with who
  // carries out the measures → tracking.
  await app.switchUser("bangongshi");
  await openFromWorkbench(app, reg.regNumber);
  msg = await act(app, "recordFeedback", async () => {
    await app.select("dlg-method", "当面答复");
    await fillDlg(app, "content", "当面告知处罚结果和噪声监测安排，诉求人表示满意。");
    await app.click("dlg-satisfaction-satisfied");
    await fillDlg(app, "responsible", "城市管理局 王建国");
  });
  app.log(msg);
  await waitStatus(app, "跟踪落实");

  // 诉求管理员 records progress from the ledger check, then closes.
  msg = await act(app, "addProgress", async () => {
    await fillDlg(app, "content", "噪声监测仪已安装，夜间未再施工。");
  });
  app.log(msg);
  msg = await act(app, "close", async () => {
    await fillDlg(app, "summary", "处罚和监测措施已落实，夜间施工已停止。");
  });
  app.log(msg);
  await waitStatus(app, "已办结");

  // The timeline holds every step.
  await app.click("tab-timeline");
  const timeline = await app.waitText("tab-timeline", /办理过程（\d+）/);
  const events = Number(timeline.match(/（(\d+)）/)[1]);
  assert.ok(events >= 15, `timeline has ${events} entries`);
}

/** One handling round: 承办人 submits the plan, 部门负责人 reviews it, 管理层 approves it. */
async function handleRound(app, regNumber, { facts, measures }) {
  await app.switchUser("cg_cbr");
  await openFromWorkbench(app, regNumber);
  let msg = await act(app, "submitPlan", async () => {
    await fillDlg(app, "factsFound", facts);
    await fillDlg(app, "responsibleParty", "云江建工集团");
    await fillDlg(app, "measures", measures);
  });
  app.log(msg);
  await waitStatus(app, "待审核");

  await app.switchUser("cg_fzr");
  await openFromWorkbench(app, regNumber);
  msg = await act(app, "review", async () => {
    await app.el("dlg-plan");
    await app.click("dlg-approve-yes");
    await fillDlg(app, "opinion", "同意，报管理层审批。");
  });
  app.log(msg);
  await waitStatus(app, "待审批");

  await app.switchUser("lingdao");
  await openFromWorkbench(app, regNumber);
  msg = await act(app, "approve", async () => {
    await app.click("dlg-approve-yes");
    await fillDlg(app, "opinion", "同意。");
  });
  app.log(msg);
  await waitStatus(app, "待反馈");
}
