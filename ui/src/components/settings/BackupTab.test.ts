// 设置 → 备份与恢复: the list with its folder and the last failure, 立即备份 reloading the list,
// 恢复 only after the confirmation dialog, and Rust's refusal of a damaged backup shown in the
// dialog with nothing restored.
import { enableAutoUnmount, flushPromises, mount } from "@vue/test-utils";
import ElementPlus from "element-plus";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { BackupInfo } from "../../bindings/BackupInfo";
import type { BackupOverview } from "../../bindings/BackupOverview";

vi.mock("../../api/backup", () => ({
  listBackups: vi.fn(),
  backupNow: vi.fn(),
  restoreBackup: vi.fn(),
  checkIntegrity: vi.fn(),
}));

import * as api from "../../api/backup";
import BackupTab from "./BackupTab.vue";

enableAutoUnmount(afterEach);

function info(name: string, createdAt: string, appeals: number): BackupInfo {
  return {
    name, createdAt, reason: "daily", schemaVersion: 8, programVersion: "0.1.0", appeals, events: appeals * 3,
    chainHeadId: appeals * 3, chainHeadHash: "ab", securityHeadId: 4, securityHeadHash: "cd", accessHeadId: 0,
    accessHeadHash: "", attachments: 2, attachmentBytes: 2048, missingAttachments: 0,
    databaseBytes: 4096,
  };
}

const OLD = info("minyi-backup-20261205-020000", "2026-12-05T02:00:00+08:00", 10);
const NEW = info("minyi-backup-20261206-020000", "2026-12-06T02:00:00+08:00", 12);

function overview(backups: BackupInfo[], failure = false): BackupOverview {
  return {
    folder: "D:\\民意数据\\backups",
    keep: 7,
    backups,
    status: {
      lastSuccess: backups[0]?.createdAt ?? null,
      lastFailure: failure
        ? { at: "2026-12-06T03:00:00+08:00", reason: "daily", message: "备份写入失败，请检查磁盘空间和写入权限。" }
        : null,
    },
  };
}

async function start() {
  const w = mount(BackupTab, { global: { plugins: [ElementPlus] }, attachTo: document.body });
  await flushPromises();
  return w;
}

beforeEach(() => {
  vi.mocked(api.listBackups).mockReset();
  vi.mocked(api.backupNow).mockReset();
  vi.mocked(api.restoreBackup).mockReset();
});
afterEach(() => {
  document.body.innerHTML = "";
});

describe("BackupTab", () => {
  it("lists the backups with their folder and the last failure, and backs up now", async () => {
    vi.mocked(api.listBackups).mockResolvedValueOnce(overview([OLD], true));
    vi.mocked(api.listBackups).mockResolvedValueOnce(overview([NEW, OLD]));
    vi.mocked(api.backupNow).mockResolvedValue(NEW);
    const w = await start();
    expect(w.get('[data-testid="backup-folder"]').text()).toBe("D:\\民意数据\\backups");
    expect(w.get('[data-testid="backup-failure"]').text()).toContain("备份写入失败");
    expect(w.get('[data-testid="backup-list"]').text()).toContain("每日自动备份");

    await w.get('[data-testid="backup-now"]').trigger("click");
    await flushPromises();
    expect(api.backupNow).toHaveBeenCalledOnce();
    expect(w.find('[data-testid="backup-failure"]').exists()).toBe(false);
    expect(w.findAll('[data-testid^="backup-restore-"]')).toHaveLength(2);
  });

  it("restores only after confirming, and shows Rust's refusal in the dialog", async () => {
    vi.mocked(api.listBackups).mockResolvedValue(overview([NEW, OLD]));
    const w = await start();
    await w.get(`[data-testid="backup-restore-${OLD.name}"]`).trigger("click");
    await flushPromises();
    const dialog = document.querySelector('[data-testid="restore-dialog"]') as HTMLElement;
    expect(dialog.textContent).toContain("10 件诉求");
    expect(dialog.textContent).toContain("当前的数据不会删除");
    expect(api.restoreBackup).not.toHaveBeenCalled();

    // Cancel: nothing restored.
    (document.querySelector('[data-testid="restore-cancel"]') as HTMLElement).click();
    await flushPromises();
    expect(api.restoreBackup).not.toHaveBeenCalled();

    // Confirm a damaged one: Rust refuses and says so in the dialog.
    await w.get(`[data-testid="backup-restore-${OLD.name}"]`).trigger("click");
    await flushPromises();
    vi.mocked(api.restoreBackup).mockRejectedValueOnce({
      code: "storage",
      message: "该备份未通过完整性检查，不能用于恢复。请选择其他备份，当前数据未被改动。",
    });
    (document.querySelector('[data-testid="restore-confirm"]') as HTMLElement).click();
    await flushPromises();
    expect(api.restoreBackup).toHaveBeenCalledWith(OLD.name);
    expect(document.querySelector('[data-testid="restore-error"]')?.textContent).toContain("当前数据未被改动");

    // Confirm a good one.
    vi.mocked(api.restoreBackup).mockResolvedValueOnce({
      restored: OLD,
      previousDatabase: "minyi.db.before-restore-20261206-100000",
      previousAttachments: "attachments.before-restore-20261206-100000",
    });
    (document.querySelector('[data-testid="restore-confirm"]') as HTMLElement).click();
    await flushPromises();
    expect(api.restoreBackup).toHaveBeenCalledTimes(2);
    expect(document.body.textContent).toContain("原数据已保留为 minyi.db.before-restore-20261206-100000");
  });

  it("runs the integrity check and lists its problems in Rust's words", async () => {
    vi.mocked(api.checkIntegrity).mockResolvedValueOnce({ appeals: 12, events: 40, problems: [] });
    const w = mount(BackupTab, { global: { plugins: [ElementPlus] } });
    await flushPromises();
    await w.get('[data-testid="integrity-check"]').trigger("click");
    await flushPromises();
    expect(w.get('[data-testid="integrity-ok"]').text()).toContain("12 件诉求");
    vi.mocked(api.checkIntegrity).mockResolvedValueOnce({
      appeals: 12,
      events: 40,
      problems: ["安全日志在第7条处校验失败：记录被改动或删除过。"],
    });
    await w.get('[data-testid="integrity-check"]').trigger("click");
    await flushPromises();
    expect(w.find('[data-testid="integrity-ok"]').exists()).toBe(false);
    expect(w.get('[data-testid="integrity-problems"]').text()).toContain("第7条");
  });
});
