// Appeal operations: registration, the list, the detail page, attachments (minyi-service,
// commands/appeals.rs).
import { call } from "./core";
import type { AppealDetail } from "../bindings/AppealDetail";
import type { AppealRow } from "../bindings/AppealRow";
import type { AppellantHistory } from "../bindings/AppellantHistory";
import type { AttachmentRecord } from "../bindings/AttachmentRecord";
import type { CoreError } from "../bindings/CoreError";
import type { DuplicateHint } from "../bindings/DuplicateHint";
import type { ListFilter } from "../bindings/ListFilter";
import type { Page } from "../bindings/Page";
import type { PersonalData } from "../bindings/PersonalData";
import type { RegisterInput } from "../bindings/RegisterInput";
import type { Registered } from "../bindings/Registered";

/** A filter with nothing set: newest first, first page of 50. */
export function defaultListFilter(): ListFilter {
  return {
    statuses: [],
    category: null,
    channel: null,
    departmentId: null,
    from: null,
    to: null,
    overdue: false,
    dueSoon: false,
    major: null,
    text: null,
    sort: "registered_desc",
    page: 0,
    pageSize: 50,
  };
}

/** Every field problem of a registration at once (empty when it may be saved). */
export function checkRegistration(input: RegisterInput): Promise<CoreError[]> {
  return call("check_registration", { input });
}

export function findDuplicates(input: RegisterInput): Promise<DuplicateHint[]> {
  return call("find_duplicates", { input });
}

export function registerAppeal(input: RegisterInput): Promise<Registered> {
  return call("register_appeal", { input });
}

export function listAppeals(filter: ListFilter): Promise<Page<AppealRow>> {
  return call("list_appeals", { filter });
}

const versions = new Map<number, number>();

/** The version of appeal `id` the window last showed (null when it showed none). */
export function seenVersion(id: number): number | null {
  return versions.get(id) ?? null;
}

/** The other appeals of the appeal's appellant (same phone, ID number, or name and address), newest
 * first; `null` when the user may not look people up (then nothing of it is shown). Rust logs each
 * viewing in the personal-data access log. */
export function appellantHistory(id: number): Promise<AppellantHistory | null> {
  return call("appellant_history", { id });
}

/** `personal: "full"` reveals the appellant's data and is logged. Remembers the version shown, which
 * the actions on the appeal send back. */
export async function appealDetail(id: number, personal: PersonalData = "masked"): Promise<AppealDetail> {
  const d = await call("appeal_detail", { id, personal });
  versions.set(id, d.version);
  return d;
}

/** The id of the appeal with this registration or archive number. */
export function findAppeal(number: string): Promise<number> {
  return call("find_appeal", { number });
}

/** Copies a file (path from the file dialog) into the appeal's attachments. */
export function addAttachment(appealId: number, path: string): Promise<AttachmentRecord> {
  return call("add_attachment", { appealId, file: path });
}

/** Opens an attachment in the system's viewer (a copy is written for it). */
export async function openAttachment(id: number): Promise<void> {
  await call("attachment_file", { id });
}
