// The registration form's model (a draft kept at module level with the files waiting to be
// attached, so nothing typed or picked is lost when the clerk looks at a likely duplicate, or any
// other page, and comes back), its conversion to RegisterInput, which
// fields each channel shows, and the client-side rules checked as a field is left. The rules
// mirror crates/core/src/validate.rs and usecases/register.rs; Rust stays the authority.
import { reactive, ref } from "vue";
import type { RegisterInput } from "../../bindings/RegisterInput";
import { toRfc3339Cst } from "../../lib/format";

export type RegisterForm = {
  channel: string;
  /** China Standard Time wall clock as the picker holds it: "2026-11-20 09:30:00". */
  receivedAt: string;
  /** Letters: YYYY-MM-DD. */
  postmarkDate: string;
  /** Hotline: wall clock like receivedAt. */
  callTime: string;
  name: string;
  phone: string;
  anonymous: boolean;
  address: string;
  idNumber: string;
  email: string;
  organisation: string;
  category: string;
  urgency: string;
  major: boolean;
  subject: string;
  content: string;
};

/** Field paths as Rust names them (CoreError.field), in the order of the paper form. */
export const FIELD_ORDER = [
  "channel",
  "receivedAt",
  "postmarkDate",
  "callTime",
  "appellant.name",
  "appellant.phone",
  "appellant.address",
  "appellant.idNumber",
  "appellant.email",
  "appellant.organisation",
  "category",
  "urgency",
  "subject",
  "content",
] as const;
export type FieldPath = (typeof FIELD_ORDER)[number];
export type FieldErrors = Partial<Record<FieldPath, string>>;

export function isFieldPath(s: string | undefined | null): s is FieldPath {
  return !!s && (FIELD_ORDER as readonly string[]).includes(s);
}

/** The form value behind each field path. */
export function fieldValue(f: RegisterForm, path: FieldPath): string {
  const key = path.startsWith("appellant.") ? path.slice("appellant.".length) : path;
  const v = f[key as keyof RegisterForm];
  return typeof v === "string" ? v : String(v);
}

/** The current time as the pickers hold it: China Standard Time, "YYYY-MM-DD HH:mm:ss". */
export function nowCst(d: Date = new Date()): string {
  return toRfc3339Cst(d).slice(0, 19).replace("T", " ");
}

/** "2026-11-20 09:30:00" → "2026-11-20T09:30:00+08:00"; blank stays blank. */
export function toRfc3339(wall: string): string {
  const t = wall.trim();
  if (!t) return "";
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?$/.exec(t);
  return m ? `${m[1]}T${m[2]}${m[3] ?? ":00"}+08:00` : t;
}

export function emptyForm(now: Date = new Date()): RegisterForm {
  return {
    channel: "",
    receivedAt: nowCst(now),
    postmarkDate: "",
    callTime: "",
    name: "",
    phone: "",
    anonymous: false,
    address: "",
    idNumber: "",
    email: "",
    organisation: "",
    category: "",
    urgency: "normal",
    major: false,
    subject: "",
    content: "",
  };
}

/** The draft being typed (one per window). */
export const draft = reactive<RegisterForm>(emptyForm());

/** Paths of the files to attach once the draft is saved (paths only: nothing is read before
 * saving). They belong to the draft: kept and emptied with it. */
export const draftFiles = ref<string[]>([]);

/** Starts a new, empty draft with the receipt time set to now and no file waiting. */
export function resetDraft(now: Date = new Date()): void {
  Object.assign(draft, emptyForm(now));
  draftFiles.value = [];
}

let draftOwner: number | null = null;

/** Keeps the draft for the user who typed it; another user signing in gets an empty form
 * and no waiting file (the draft holds an appellant's personal data, file names may too). */
export function claimDraft(userId: number | null): void {
  if (draftOwner !== userId) {
    draftOwner = userId;
    resetDraft();
  }
}

/** Whether nothing has been typed into `f` yet. */
export function isPristine(f: RegisterForm): boolean {
  const blank = emptyForm();
  return (Object.keys(blank) as (keyof RegisterForm)[]).every((k) => k === "receivedAt" || f[k] === blank[k]);
}

/** Which channel-specific fields show. */
export function channelFields(channel: string): { postmark: boolean; callTime: boolean } {
  return { postmark: channel === "letter", callTime: channel === "hotline" };
}

export const nameRequired = (f: RegisterForm) => !f.anonymous;
export const phoneRequired = (f: RegisterForm) => !f.anonymous && f.channel !== "letter";
export const addressRequired = (f: RegisterForm) => !f.anonymous && f.channel === "letter";

const opt = (s: string): string | null => (s.trim() ? s.trim() : null);

/** The RegisterInput sent to Rust. */
export function toInput(f: RegisterForm): RegisterInput {
  const extra = channelFields(f.channel);
  return {
    appellant: {
      name: f.name.trim(),
      phone: opt(f.phone),
      address: opt(f.address),
      idNumber: opt(f.idNumber),
      email: opt(f.email),
      organisation: opt(f.organisation),
      anonymous: f.anonymous,
    },
    channel: f.channel,
    category: f.category,
    subject: f.subject.trim(),
    content: f.content.trim(),
    receivedAt: toRfc3339(f.receivedAt),
    urgency: opt(f.urgency),
    major: f.major,
    postmarkDate: extra.postmark ? opt(f.postmarkDate) : null,
    callTime: extra.callTime ? opt(toRfc3339(f.callTime)) : null,
  };
}

// ---- client rules (same as crates/core/src/validate.rs) ----
// The phone number has no client rule: people write it in many ways (+86 138 1234 5678,
// 138-1234-5678, full-width digits) and one rule, validate::normalise_phone in Rust, decides.
// Its verdict reaches the form through check_registration once the field is left.

/** How many digits (ASCII or full-width) were typed: enough for a duplicate lookup? */
export function phoneDigits(s: string): number {
  return (s.match(/[0-9０-９]/g) ?? []).length;
}

export function isIdNumber(raw: string): boolean {
  const s = raw.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = w.reduce((acc, wi, i) => acc + wi * Number(s[i]), 0);
  if ("10X98765432"[sum % 11] !== s[17]) return false;
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  return y >= 1900 && date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function isEmail(raw: string): boolean {
  const v = raw.trim();
  if (v.length > 100 || /\s/.test(v)) return false;
  const at = v.indexOf("@");
  if (at <= 0) return false;
  const domain = v.slice(at + 1);
  return domain.includes(".") && !domain.startsWith(".") && !domain.endsWith(".");
}

/** Every problem the client can see, by field (Rust's sentences where Rust has one). */
export function clientErrors(f: RegisterForm, now: Date = new Date()): FieldErrors {
  const e: FieldErrors = {};
  if (!f.channel) e.channel = "请选择诉求渠道。";
  const received = f.receivedAt.trim();
  const nowWall = nowCst(new Date(now.getTime() + 5 * 60 * 1000));
  if (!received) e.receivedAt = "请填写收到诉求的时间。";
  else if (received.replace("T", " ") > nowWall) e.receivedAt = "收到时间不能晚于现在，请核对日期和时间。";
  else if (received < "2000-01-01") e.receivedAt = "收到时间过早，请核对年份。";
  const extra = channelFields(f.channel);
  if (extra.postmark && f.postmarkDate && received && f.postmarkDate > received.slice(0, 10))
    e.postmarkDate = "邮戳日期不能晚于收到日期。";
  if (extra.callTime && f.callTime && f.callTime.replace("T", " ") > nowWall) e.callTime = "来电时间不能晚于现在。";
  if (nameRequired(f) && !f.name.trim()) e["appellant.name"] = "请填写诉求人姓名。";
  if (!f.phone.trim() && phoneRequired(f)) e["appellant.phone"] = "请填写联系电话，以便反馈处理结果。";
  if (addressRequired(f) && !f.address.trim())
    e["appellant.address"] = "书信来件请填写诉求人通信地址，以便书面答复。";
  if (f.idNumber.trim() && !isIdNumber(f.idNumber))
    e["appellant.idNumber"] = "身份证号码不正确：应为18位，最后一位可以是数字或X，请逐位核对（校验位不符）。";
  if (f.email.trim() && !isEmail(f.email)) e["appellant.email"] = "电子邮箱格式不正确，应类似 name@example.com。";
  if (!f.category) e.category = "请选择诉求分类（咨询、投诉、建议、求助或其他）。";
  if (!f.subject.trim()) e.subject = "请填写诉求标题。";
  if (!f.content.trim()) e.content = "请填写诉求内容。";
  return e;
}

/** The first field (in form order) that has an error. */
export function firstErrorField(errors: FieldErrors): FieldPath | undefined {
  return FIELD_ORDER.find((p) => errors[p]);
}
