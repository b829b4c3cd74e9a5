// Sample rows and vocabulary for the unit tests of the list pages (not used by the app itself).
import type { AppealRow } from "../../bindings/AppealRow";
import type { Vocabulary } from "../../bindings/Vocabulary";

export function appealRow(p: Partial<AppealRow> = {}): AppealRow {
  return {
    id: 1,
    regNumber: "20261120-0001",
    archiveNumber: null,
    category: "complaint",
    subject: "小区夜间施工噪音扰民",
    channel: "hotline",
    departmentId: 3,
    departmentName: "城管科",
    status: "routed",
    dueDate: "2026-11-27",
    due: { overdue: false, dueSoon: false, remainingWorkingDays: 5 },
    receivedAt: "2026-11-20T09:30:00+08:00",
    registeredAt: "2026-11-20T09:35:00+08:00",
    major: false,
    urgency: "normal",
    round: 1,
    escalated: false,
    supervisionCount: 0,
    ...p,
  };
}

export const testVocabulary: Vocabulary = {
  channels: [
    { code: "website", label: "官网留言" },
    { code: "hotline", label: "客服热线" },
    { code: "letter", label: "书信" },
    { code: "walk_in", label: "现场接待" },
  ],
  categories: [
    { code: "consultation", label: "咨询" },
    { code: "complaint", label: "投诉" },
    { code: "help", label: "求助" },
  ],
  statuses: [
    { code: "registered", label: "待初审" },
    { code: "rejected", label: "不予受理待告知" },
    { code: "routed", label: "办理中" },
    { code: "closed", label: "已办结" },
  ],
  stages: [],
  roles: [],
  urgencies: [
    { code: "normal", label: "一般" },
    { code: "urgent", label: "紧急" },
  ],
  satisfactions: [],
  feedbackMethods: [],
  linkKinds: [],
  securityActions: [],
  accessKinds: [],
};
