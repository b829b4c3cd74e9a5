// Test data for the detail page's tests: one appeal's detail with everything empty, adjustable
// per test, and a small vocabulary and sessions.
import type { Appeal } from "../../bindings/Appeal";
import type { AppealDetail } from "../../bindings/AppealDetail";
import type { SessionInfo } from "../../bindings/SessionInfo";
import type { Vocabulary } from "../../bindings/Vocabulary";

export function makeDetail(appeal: Partial<Appeal> = {}, rest: Partial<AppealDetail> = {}): AppealDetail {
  return {
    appeal: {
      id: 7,
      regNumber: "20261127-0007",
      archiveNumber: "TS-2026-000123",
      appellantId: 1,
      channel: "hotline",
      category: "complaint",
      categoryConfirmed: true,
      subject: "小区门口占道经营",
      content: "每天早上<b>摊贩</b>占道。\n影响通行。",
      urgency: "normal",
      major: false,
      receivedAt: "2026-11-20T09:30:00+08:00",
      registeredAt: "2026-11-20T09:35:00+08:00",
      registeredBy: 2,
      postmarkDate: null,
      callTime: null,
      status: "routed",
      round: 1,
      departmentId: 3,
      stage: "plan",
      stageStartedOn: "2026-11-23",
      stageDays: 5,
      dueDate: "2026-11-30",
      expectedFeedbackDate: "2026-12-08",
      supervisionCount: 0,
      escalated: false,
      satisfaction: null,
      mergedInto: null,
      closedAt: null,
      updatedAt: "2026-11-23T10:00:00+08:00",
      ...appeal,
    },
    appellant: {
      name: "张**",
      phone: "138****5678",
      address: "某区***",
      idNumber: null,
      email: null,
      organisation: null,
      anonymous: false,
    },
    personalDataMasked: true,
    mayReveal: true,
    departmentName: "城管科",
    registeredByName: "李四",
    due: { overdue: false, dueSoon: false, remainingWorkingDays: 3 },
    timeline: [],
    plans: [],
    feedbacks: [],
    tracking: null,
    progress: [],
    supervisions: [],
    escalations: [],
    extensions: [],
    links: [],
    attachments: [],
    archiveNumbers: [],
    allowedActions: [],
    version: 1,
    ...rest,
  };
}

const c = (code: string, label: string) => ({ code, label });

export const VOCAB: Vocabulary = {
  channels: [c("hotline", "客服热线"), c("letter", "书信")],
  categories: [c("consultation", "咨询"), c("complaint", "投诉"), c("suggestion", "建议"), c("help", "求助"), c("other", "其他")],
  statuses: [c("registered", "已登记"), c("accepted", "已受理"), c("routed", "已分流"), c("plan_submitted", "方案待审核"), c("closed", "已办结")],
  stages: [c("plan", "制定方案")],
  roles: [],
  urgencies: [c("normal", "一般"), c("urgent", "紧急"), c("very_urgent", "特急")],
  satisfactions: [c("satisfied", "满意"), c("basically_satisfied", "基本满意"), c("dissatisfied", "不满意"), c("unreachable", "未能联系")],
  feedbackMethods: [c("phone_call", "电话"), c("reply_letter", "答复函"), c("message", "短信"), c("in_person", "当面")],
  linkKinds: [c("duplicate", "重复"), c("repeat", "重复来信"), c("related", "相关")],
  securityActions: [],
  accessKinds: [],
};

export function makeSession(roles: SessionInfo["roles"], departmentId = 1): SessionInfo {
  return {
    userId: 9,
    username: "wang",
    displayName: "王芳",
    departmentId,
    departmentName: "诉求办",
    roles,
    agreementSignedOn: "2026-01-01",
    orgName: "某市民意诉求管理办公室",
    permissions: [],
  };
}
