// 纸质归档's vocabulary on screen: the retention periods (保管期限) as the core names them
// (minyi-core model.rs, Retention) and one line describing a record.
import type { ArchiveRecord } from "../../bindings/ArchiveRecord";
import type { Retention } from "../../bindings/Retention";
import { formatDateText } from "../../lib/format";

export const RETENTIONS: { value: Retention; label: string }[] = [
  { value: "permanent", label: "永久" },
  { value: "years30", label: "定期30年" },
  { value: "years10", label: "定期10年" },
];

export function retentionLabel(r: Retention): string {
  return RETENTIONS.find((x) => x.value === r)?.label ?? r;
}

/** "卷号 2026-TS-001，盒号 12，保管期限 永久，2026年11月23日由张三归档". */
export function archiveLine(r: ArchiveRecord): string {
  const box = r.box ? `，盒号 ${r.box}` : "";
  return `卷号 ${r.volume}${box}，保管期限 ${retentionLabel(r.retention)}，${formatDateText(r.archivedOn)}由${r.archivedByName}归档`;
}
