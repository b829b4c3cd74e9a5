// Personal-data grants waiting for a second administrator (issue 17 §2), in words: what a grant
// gives, and what to tell the administrator who just saved a change whose granting part waits.
import { pendingGrants } from "../../api/admin";
import type { GrantRecord } from "../../bindings/GrantRecord";
import type { PendingGrants } from "../../bindings/PendingGrants";
import { formatDateText } from "../../lib/format";
import { label } from "../../lib/vocab";

/** What the grant would give: "角色 管理层；保密协议签署日期 2026年1月5日". */
export function grantText(g: GrantRecord): string {
  const parts: string[] = [];
  if (g.roles.length) parts.push(`角色 ${g.roles.map((r) => label("roles", r)).join("、")}`);
  if (g.agreementSignedOn) parts.push(`保密协议签署日期 ${formatDateText(g.agreementSignedOn)}`);
  return parts.join("；");
}

/** How a one-administrator office gets its grants confirmed. */
export const ONE_ADMIN_HINT =
  "本单位目前只有您一位系统管理员。请先点击“新建用户”，为另一位同事新建账号并勾选“系统管理员”角色（该角色不需确认，立即生效），由其登录后在“设置 → 用户”中确认。";

/** The sentence for a saved change of `name` (account `userId`) whose grant waits, or null. */
export function waitingMessage(list: PendingGrants, userId: number, name: string): string | null {
  const g = list.rows.find((r) => r.userId === userId);
  if (!g) return null;
  const text = `“${name}”的查看个人信息权限（${grantText(g)}）须由另一位系统管理员确认后才生效。`;
  return list.otherAdministrators > 0 ? `${text}请另一位系统管理员在“设置 → 用户”中确认。` : `${text}${ONE_ADMIN_HINT}`;
}

/** Asks the server whether a change just saved for `userId` left a grant waiting. */
export async function waitingAfterSave(userId: number, name: string): Promise<string | null> {
  try {
    return waitingMessage(await pendingGrants(), userId, name);
  } catch {
    // The change is saved; the list below the form says the rest.
    return null;
  }
}
