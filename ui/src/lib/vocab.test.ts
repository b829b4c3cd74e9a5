// Pins label look-ups from the vocabulary store.
import { afterEach, describe, expect, it } from "vitest";
import { choices, label, setVocabulary, vocabReady } from "./vocab";

afterEach(() => setVocabulary(null));

describe("vocabulary labels", () => {
  it("returns labels by code, and the code while unknown", () => {
    expect(label("statuses", "routed")).toBe("routed");
    setVocabulary({
      channels: [{ code: "hotline", label: "客服热线" }],
      categories: [{ code: "complaint", label: "投诉" }],
      statuses: [{ code: "routed", label: "办理中" }],
      stages: [],
      roles: [{ code: "handler", label: "承办人" }],
      urgencies: [],
      satisfactions: [],
      feedbackMethods: [],
      linkKinds: [],
      securityActions: [],
      accessKinds: [],
    });
    expect(vocabReady()).toBe(true);
    expect(label("statuses", "routed")).toBe("办理中");
    expect(label("roles", "handler")).toBe("承办人");
    expect(label("categories", "nonsense")).toBe("nonsense");
    expect(label("channels", null)).toBe("");
    expect(choices("channels")).toHaveLength(1);
  });
});
