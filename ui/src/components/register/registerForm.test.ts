// Pins the registration form's conversion to RegisterInput and the client rules (same as Rust's).
import { describe, expect, it } from "vitest";
import {
  claimDraft,
  clientErrors,
  draft,
  emptyForm,
  firstErrorField,
  isIdNumber,
  isPristine,
  nowCst,
  phoneDigits,
  toInput,
  toRfc3339,
  type RegisterForm,
} from "./registerForm";

const NOW = new Date("2026-11-20T02:00:00Z"); // 10:00 in Beijing

function filled(p: Partial<RegisterForm> = {}): RegisterForm {
  return {
    ...emptyForm(NOW),
    channel: "walk_in",
    receivedAt: "2026-11-20 09:30:00",
    name: "张三",
    phone: "138 1234 5678",
    category: "complaint",
    subject: "小区夜间施工噪音扰民",
    content: "每晚十点后仍在施工。",
    ...p,
  };
}

describe("times", () => {
  it("holds China Standard Time whatever the machine's zone", () => {
    expect(nowCst(NOW)).toBe("2026-11-20 10:00:00");
    expect(toRfc3339("2026-11-20 09:30:00")).toBe("2026-11-20T09:30:00+08:00");
    expect(toRfc3339("2026-11-20 09:30")).toBe("2026-11-20T09:30:00+08:00");
    expect(toRfc3339("")).toBe("");
  });
});

describe("toInput", () => {
  it("builds the RegisterInput, blanks as null, channel-specific fields only for their channel", () => {
    const input = toInput(filled({ postmarkDate: "2026-11-18", callTime: "2026-11-20 09:00:00", email: " " }));
    expect(input).toEqual({
      appellant: {
        name: "张三",
        phone: "138 1234 5678",
        address: null,
        idNumber: null,
        email: null,
        organisation: null,
        anonymous: false,
      },
      channel: "walk_in",
      category: "complaint",
      subject: "小区夜间施工噪音扰民",
      content: "每晚十点后仍在施工。",
      receivedAt: "2026-11-20T09:30:00+08:00",
      urgency: "normal",
      major: false,
      postmarkDate: null,
      callTime: null,
    });
    expect(toInput(filled({ channel: "letter", postmarkDate: "2026-11-18" })).postmarkDate).toBe("2026-11-18");
    expect(toInput(filled({ channel: "hotline", callTime: "2026-11-20 09:00:00" })).callTime).toBe(
      "2026-11-20T09:00:00+08:00",
    );
  });
});

describe("client rules", () => {
  it("accepts a complete walk-in registration", () => {
    expect(clientErrors(filled(), NOW)).toEqual({});
  });
  it("lists every missing field in form order", () => {
    const e = clientErrors({ ...emptyForm(NOW), receivedAt: "" }, NOW);
    expect(Object.keys(e)).toEqual(
      expect.arrayContaining(["channel", "receivedAt", "appellant.name", "appellant.phone", "category", "subject", "content"]),
    );
    expect(firstErrorField(e)).toBe("channel");
  });
  it("asks a letter for an address instead of a phone", () => {
    const e = clientErrors(filled({ channel: "letter", phone: "" }), NOW);
    expect(e["appellant.phone"]).toBeUndefined();
    expect(e["appellant.address"]).toContain("通信地址");
  });
  it("lets an anonymous appellant leave out name and phone", () => {
    expect(clientErrors(filled({ anonymous: true, name: "", phone: "" }), NOW)).toEqual({});
  });
  it("checks phone, ID number, e-mail, times", () => {
    const e = clientErrors(
      filled({
        phone: "12345",
        idNumber: "110105194912310021",
        email: "a@b",
        receivedAt: "2026-11-21 09:00:00",
      }),
      NOW,
    );
    // The phone's format is Rust's verdict (check_registration), not a second rule here.
    expect(e["appellant.phone"]).toBeUndefined();
    expect(e["appellant.idNumber"]).toContain("身份证号码不正确");
    expect(e["appellant.email"]).toContain("电子邮箱格式不正确");
    expect(e.receivedAt).toContain("不能晚于现在");
    const letter = clientErrors(filled({ channel: "letter", address: "某路1号", postmarkDate: "2026-11-21" }), NOW);
    expect(letter.postmarkDate).toBe("邮戳日期不能晚于收到日期。");
  });
  it("leaves phones as people write them to Rust's rule", () => {
    for (const phone of ["+86 138 1234 5678", "138-1234-5678", "１３８１２３４５６７８", "0571－86123456"])
      expect(clientErrors(filled({ phone }), NOW)["appellant.phone"]).toBeUndefined();
    expect(phoneDigits("+86 138 1234 5678")).toBe(13);
    expect(phoneDigits("１３８-１２３")).toBe(6);
  });
  it("knows ID number shapes like Rust does", () => {
    expect(isIdNumber("11010519491231002X")).toBe(true);
    expect(isIdNumber("11010519491231002x")).toBe(true);
    expect(isIdNumber("110105194912310021")).toBe(false);
    expect(isIdNumber("11010519491331002X")).toBe(false);
  });
  it("knows an untouched form", () => {
    expect(isPristine(emptyForm())).toBe(true);
    expect(isPristine(filled())).toBe(false);
  });
});

describe("draft", () => {
  it("is kept for its user and emptied for another", () => {
    claimDraft(1);
    draft.name = "张三";
    claimDraft(1);
    expect(draft.name).toBe("张三");
    claimDraft(2);
    expect(draft.name).toBe("");
    claimDraft(null);
  });
});
