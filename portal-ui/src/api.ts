// The only caller of the portal's JSON API (`/public-api/v1`, contract of issue 21): one
// `request` that sends JSON or a multipart form with the session cookie, and turns every
// refusal — an error body, a proxy's HTML page, a lost connection — into an `ApiError` whose
// message a member of the public can act on. The views never see a raw `Response`.

export const API_BASE = "/public-api/v1";

export interface Category {
  code: string;
  label: string;
}

/** What the app needs to draw itself. */
export interface Portal {
  orgName: string;
  categories: Category[];
  captchaNeeded: boolean;
  maxFiles: number;
  maxFileMb: number;
  /** How the public reaches the office; left out when the office has set none. */
  contact?: { phone: string; address: string; hours: string } | null;
  /** The signed-in account (its phone number masked, 138****5678), or null. */
  signedIn: { phone: string } | null;
}

export interface Captcha {
  id: string;
  /** The image's path on this origin, /captcha/<id>.png. */
  image: string;
}

/** The form as typed; the optional fields are sent only when filled in. */
export interface AppealForm {
  category: string;
  subject: string;
  content: string;
  name: string;
  phone: string;
  address: string;
  email: string;
  captchaId?: string;
  captcha?: string;
}

export interface PortalReceipt {
  orgName: string;
  submitted: {
    appealId: number;
    regNumber: string;
    queryCode: string;
    /** YYYY-MM-DD */
    expectedFeedbackDate: string;
  };
  salutation: string;
  paragraphs: string[];
  /** YYYY-MM-DD */
  date: string;
  attachments: string[];
}

export interface PortalStatus {
  regNumber: string;
  category: string;
  receivedOn: string;
  stage: string;
  expectedFeedbackDate: string;
  closed: boolean;
  repliedOn: string | null;
  subject: string | null;
  reply: string | null;
  canRate: boolean;
  satisfaction: string | null;
}

export interface PublishedReport {
  id: number;
  period: string;
  title: string;
  publishedAt: string;
}

export type Satisfaction = "satisfied" | "basically_satisfied" | "dissatisfied";

/** A refusal of the API (or of the way to it), with a message fit for the page. */
export class ApiError extends Error {
  constructor(
    /** The HTTP status; 0 when the server could not be reached. */
    readonly status: number,
    /** The API's code (`validation`, `captcha_required`, `signed_out`, …) or `network`/`http`. */
    readonly code: string,
    message: string,
    /** Messages by form field, when the API named the fields at fault. */
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** The server wants a (new) captcha before it takes the form. */
  get needsCaptcha(): boolean {
    return this.code === "captcha_required" || this.status === 428 || "captcha" in this.fields;
  }
}

/** What to say when the answer carried no message of its own. */
function fallbackMessage(status: number): string {
  if (status === 413) return "提交的内容太大（附件可能超过了大小限制），请减少或压缩附件后再提交。";
  if (status === 429) return "操作太频繁，请稍后再试。";
  if (status === 401) return "您还没有登录或登录已过期，请重新登录。";
  if (status === 404) return "没有找到要访问的内容，请返回首页重新操作。";
  if (status >= 500) return "服务暂时出现问题，请稍后再试。如多次出现，请拨打办公室电话反映。";
  return "请求没有成功，请检查填写的内容后重试。";
}

async function errorOf(res: Response): Promise<ApiError> {
  let body: unknown = null;
  if ((res.headers.get("Content-Type") ?? "").includes("json")) {
    try {
      body = await res.json();
    } catch {
      body = null;
    }
  }
  if (body && typeof body === "object") {
    const b = body as { code?: unknown; message?: unknown; fields?: unknown };
    const fields: Record<string, string> = {};
    if (b.fields && typeof b.fields === "object") {
      for (const [k, v] of Object.entries(b.fields as Record<string, unknown>)) {
        if (typeof v === "string") fields[k] = v;
      }
    }
    return new ApiError(
      res.status,
      typeof b.code === "string" ? b.code : "http",
      typeof b.message === "string" && b.message ? b.message : fallbackMessage(res.status),
      fields,
    );
  }
  return new ApiError(res.status, "http", fallbackMessage(res.status));
}

/** One call of the API: `body` goes as JSON, or as it is when it is a `FormData`. */
export async function request<T>(method: "GET" | "POST", path: string, body?: object | FormData): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) {
    payload = body; // the browser writes the multipart boundary itself
  } else if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let res: Response;
  try {
    res = await fetch(API_BASE + path, { method, headers, body: payload, credentials: "same-origin" });
  } catch {
    throw new ApiError(0, "network", "网络连接失败，请检查手机网络后重试。");
  }
  if (!res.ok) throw await errorOf(res);
  if (res.status === 204) return undefined as T;
  try {
    return (await res.json()) as T;
  } catch {
    throw new ApiError(res.status, "http", "服务器的回答无法读取，请稍后再试。");
  }
}

/** Trimmed text fields; the optional ones left out when empty. */
function formFields(form: AppealForm): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(form)) {
    if (typeof v !== "string") continue;
    const t = k === "content" ? v : v.trim();
    if (t === "" && (k === "address" || k === "email" || k === "captchaId" || k === "captcha")) continue;
    out[k] = t;
  }
  return out;
}

export const api = {
  portal: () => request<Portal>("GET", "/portal"),
  captcha: () => request<Captcha>("POST", "/captcha"),
  /** A form without files goes as JSON, with files as multipart (`files` parts). */
  submit: (form: AppealForm, files: File[]) => {
    const fields = formFields(form);
    if (files.length === 0) return request<{ receipt: PortalReceipt }>("POST", "/appeals", fields);
    const data = new FormData();
    for (const [k, v] of Object.entries(fields)) data.append(k, v);
    for (const f of files) data.append("files", f, f.name);
    return request<{ receipt: PortalReceipt }>("POST", "/appeals", data);
  },
  lookup: (regNumber: string, queryCode: string) =>
    request<{ status: PortalStatus }>("POST", "/lookup", {
      regNumber: regNumber.trim(),
      queryCode: queryCode.trim().toUpperCase(),
    }),
  register: (phone: string, password: string) =>
    request<{ phone: string }>("POST", "/account/register", { phone: phone.trim(), password }),
  signIn: (phone: string, password: string) =>
    request<{ phone: string }>("POST", "/account/sign-in", { phone: phone.trim(), password }),
  signOut: () => request<void>("POST", "/account/sign-out"),
  mine: () => request<{ phone: string; appeals: PortalStatus[] }>("GET", "/mine"),
  rate: (regNumber: string, satisfaction: Satisfaction) =>
    request<void>("POST", "/mine/rate", { regNumber, satisfaction }),
  disclosures: () => request<{ reports: PublishedReport[] }>("GET", "/disclosures"),
};
