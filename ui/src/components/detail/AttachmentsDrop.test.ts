// Files dragged onto the detail page's 附件: the tab hands the paths over only when dropped on
// it and only to users who may add; attachDropped adds the right kinds one by one, names what it
// refused and what Rust refused, and says how many were added.
import { flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ApiError } from "../../api/core";

const dropped = vi.hoisted(() => ({ handler: null as ((paths: string[], at: { x: number; y: number }) => void) | null, over: true }));
vi.mock("../../api/drop", () => ({
  onFilesDropped: async (h: (paths: string[], at: { x: number; y: number }) => void) => {
    dropped.handler = h;
    return () => {};
  },
  isOver: () => dropped.over,
}));
vi.mock("../../api/appeals", () => ({ addAttachment: vi.fn(), openAttachment: vi.fn() }));
vi.mock("../../lib/notify", () => ({ showError: vi.fn(), showSuccess: vi.fn() }));

import { addAttachment } from "../../api/appeals";
import { showError, showSuccess } from "../../lib/notify";
import AttachmentsTab from "./AttachmentsTab.vue";
import { attachDropped } from "./attachments";
import { makeDetail } from "./detail.fixture";

beforeEach(() => {
  dropped.over = true;
});
afterEach(() => vi.clearAllMocks());

describe("dropping files on the attachments", () => {
  it("hands dropped paths over when they land on the tab of someone who may add", async () => {
    const w = mount(AttachmentsTab, {
      props: { detail: makeDetail({}, { allowedActions: ["addAttachment"] }) },
      global: { plugins: [ElementPlus] },
    });
    await flushPromises();
    dropped.handler!(["/home/q/来信.pdf"], { x: 10, y: 10 });
    dropped.over = false;
    dropped.handler!(["/home/q/别处.pdf"], { x: 900, y: 900 });
    expect(w.emitted("drop")).toEqual([[["/home/q/来信.pdf"]]]);
    w.unmount();

    const ro = mount(AttachmentsTab, { props: { detail: makeDetail({}, { allowedActions: [] }) }, global: { plugins: [ElementPlus] } });
    await flushPromises();
    dropped.over = true;
    dropped.handler!(["/home/q/来信.pdf"], { x: 10, y: 10 });
    expect(ro.emitted("drop")).toBeUndefined();
    ro.unmount();
  });

  it("adds the files it takes one by one and names the rest", async () => {
    vi.mocked(addAttachment)
      .mockResolvedValueOnce({ id: 1, appealId: 7, fileName: "来信.pdf", size: 10, sha256: "a", addedBy: 1, addedAt: "2026-11-20T09:00:00+08:00" })
      .mockRejectedValueOnce(new ApiError("validation", "附件超过大小上限（20 MB），请压缩后再添加。", "file"));
    const added = await attachDropped(7, ["/q/来信.pdf", "/q/录像.mov", "/q/大图.png"]);
    expect(added).toBe(1);
    expect(vi.mocked(addAttachment).mock.calls).toEqual([
      [7, "/q/来信.pdf"],
      [7, "/q/大图.png"],
    ]);
    expect(showSuccess).toHaveBeenCalledWith("已添加 1 个附件。");
    const message = (vi.mocked(showError).mock.calls[0][0] as ApiError).message;
    expect(message).toContain("“录像.mov”不是可添加的附件类型");
    expect(message).toContain("“大图.png”没有添加：附件超过大小上限（20 MB）");
  });
});
