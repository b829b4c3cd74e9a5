// Pins how a rejected invoke becomes an ApiError.
import { describe, expect, it, vi } from "vitest";
import { ApiError, GENERIC_FAILURE, toApiError } from "./core";

describe("toApiError", () => {
  it("keeps code, message and field of a CoreError", () => {
    const e = toApiError({ code: "validation", message: "请填写诉求人姓名。", field: "appellant.name" });
    expect(e).toBeInstanceOf(ApiError);
    expect(e.code).toBe("validation");
    expect(e.message).toBe("请填写诉求人姓名。");
    expect(e.field).toBe("appellant.name");
  });
  it("omits an absent or null field", () => {
    expect(toApiError({ code: "locked", message: "账号已锁定。" }).field).toBeUndefined();
    expect(toApiError({ code: "auth", message: "x", field: null }).field).toBeUndefined();
  });
  it("turns anything else into a storage error with a plain sentence", () => {
    const quiet = vi.spyOn(console, "error").mockImplementation(() => {});
    for (const raw of ["command sign_in not found", 42, null, undefined, new Error("boom"), { code: "weird", message: "x" }]) {
      const e = toApiError(raw);
      expect(e.code).toBe("storage");
      expect(e.message).toBe(GENERIC_FAILURE);
    }
    quiet.mockRestore();
  });
});
