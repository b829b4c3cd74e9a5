// The API layer: what goes out (JSON or multipart, trimmed, optional fields left out) and how
// every kind of refusal comes back as an ApiError a page can show.
import { afterEach, describe, expect, it, vi } from "vitest";
import { api, ApiError, request } from "./api";

function answer(status: number, body?: unknown, type = "application/json"): Response {
  const text = body === undefined ? null : typeof body === "string" ? body : JSON.stringify(body);
  return new Response(text, { status, headers: text === null ? {} : { "Content-Type": type } });
}

function stubFetch(res: Response | Error) {
  const fetch = vi.fn(async () => {
    if (res instanceof Error) throw res;
    return res;
  });
  vi.stubGlobal("fetch", fetch);
  return fetch;
}

const form = {
  category: "complaint",
  subject: "  路灯不亮 ",
  content: "小区门口的路灯坏了。\n",
  name: "王五",
  phone: " 13812345678",
  address: "",
  email: "  ",
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe("request", () => {
  it("sends a form without files as JSON under /public-api/v1, optional fields left out", async () => {
    const fetch = stubFetch(answer(201, { receipt: { orgName: "云江市" } }));
    const r = await api.submit(form, []);
    expect(r.receipt.orgName).toBe("云江市");
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe("/public-api/v1/appeals");
    expect(init.method).toBe("POST");
    expect(init.credentials).toBe("same-origin");
    expect((init.headers as Record<string, string>)["Content-Type"]).toBe("application/json");
    expect(JSON.parse(init.body as string)).toEqual({
      category: "complaint",
      subject: "路灯不亮",
      content: "小区门口的路灯坏了。\n",
      name: "王五",
      phone: "13812345678",
    });
  });

  it("sends files as multipart parts named files, with the text fields beside them", async () => {
    const fetch = stubFetch(answer(201, { receipt: {} }));
    const photo = new File([new Uint8Array([137, 80, 78, 71])], "路灯.png", { type: "image/png" });
    await api.submit({ ...form, captchaId: "abc", captcha: "x7k2" }, [photo]);
    const init = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1];
    const body = init.body as FormData;
    expect(body).toBeInstanceOf(FormData);
    expect((init.headers as Record<string, string>)["Content-Type"]).toBeUndefined();
    expect(body.get("subject")).toBe("路灯不亮");
    expect(body.get("captchaId")).toBe("abc");
    expect(body.get("address")).toBeNull();
    const files = body.getAll("files") as File[];
    expect(files).toHaveLength(1);
    expect(files[0]!.name).toBe("路灯.png");
  });

  it("trims the lookup and reads the query code in capitals", async () => {
    const fetch = stubFetch(answer(200, { status: { stage: "办理中" } }));
    await api.lookup(" 20261206-0001 ", " ab3k9mzq");
    const init = (fetch.mock.calls[0] as unknown as [string, RequestInit])[1];
    expect(JSON.parse(init.body as string)).toEqual({ regNumber: "20261206-0001", queryCode: "AB3K9MZQ" });
  });

  it("answers undefined for 204 No Content", async () => {
    stubFetch(answer(204));
    await expect(api.signOut()).resolves.toBeUndefined();
  });
});

describe("refusals", () => {
  it("keeps the code, message and each field's message of a validation error", async () => {
    stubFetch(
      answer(422, {
        code: "validation",
        message: "请修改标出的内容后再提交。",
        fields: { phone: "电话号码格式不正确。", subject: "请填写标题。", odd: 3 },
      }),
    );
    const e = await api.submit(form, []).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    const err = e as ApiError;
    expect(err.status).toBe(422);
    expect(err.code).toBe("validation");
    expect(err.message).toBe("请修改标出的内容后再提交。");
    expect(err.fields).toEqual({ phone: "电话号码格式不正确。", subject: "请填写标题。" });
    expect(err.needsCaptcha).toBe(false);
  });

  it("recognises a captcha request, by code or by a captcha field", async () => {
    stubFetch(answer(428, { code: "captcha_required", message: "请输入验证码。", fields: { captcha: "请输入图片中的验证码。" } }));
    const a = (await api.submit(form, []).catch((x: unknown) => x)) as ApiError;
    expect(a.needsCaptcha).toBe(true);
    expect(a.fields.captcha).toBe("请输入图片中的验证码。");
    stubFetch(answer(422, { code: "validation", message: "请修改。", fields: { captcha: "验证码不正确。" } }));
    const b = (await api.submit(form, []).catch((x: unknown) => x)) as ApiError;
    expect(b.needsCaptcha).toBe(true);
  });

  it("says something useful when a proxy answers with an HTML page", async () => {
    stubFetch(answer(502, "<html>Bad Gateway</html>", "text/html"));
    const e = (await request("GET", "/portal").catch((x: unknown) => x)) as ApiError;
    expect(e.status).toBe(502);
    expect(e.code).toBe("http");
    expect(e.message).toMatch(/服务暂时出现问题/);
  });

  it("explains an oversized upload without a body", async () => {
    stubFetch(answer(413));
    const e = (await api.submit(form, []).catch((x: unknown) => x)) as ApiError;
    expect(e.message).toMatch(/附件/);
  });

  it("turns a lost connection into a network error", async () => {
    stubFetch(new TypeError("Failed to fetch"));
    const e = (await api.mine().catch((x: unknown) => x)) as ApiError;
    expect(e.status).toBe(0);
    expect(e.code).toBe("network");
    expect(e.message).toMatch(/网络连接失败/);
  });
});
