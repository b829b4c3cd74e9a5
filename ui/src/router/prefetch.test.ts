// The sign-in screen's prefetch loads the chunks of the frame and the workbench, the pages most
// people open next, and nothing else.
import { describe, expect, it, vi } from "vitest";

const loaded: string[] = [];
vi.mock("../layouts/MainLayout.vue", () => {
  loaded.push("MainLayout");
  return { default: {} };
});
vi.mock("../views/WorkbenchView.vue", () => {
  loaded.push("WorkbenchView");
  return { default: {} };
});
vi.mock("../views/AppealsView.vue", () => {
  loaded.push("AppealsView");
  return { default: {} };
});

import { prefetchHome } from "./index";

describe("prefetch", () => {
  it("loads the frame and the workbench when asked, not before", async () => {
    await new Promise((r) => setTimeout(r, 20));
    expect(loaded).toEqual([]);
    prefetchHome();
    await vi.waitFor(() => expect([...loaded].sort()).toEqual(["MainLayout", "WorkbenchView"]));
  });
});
