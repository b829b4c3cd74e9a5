// Printed documents (minyi-service, commands/paper.rs): the PDF is written by Rust and opened in the system
// viewer, or saved to a path the user picked.
import { call } from "./core";
import type { PrintDocument } from "../bindings/PrintDocument";

/** Prints `document` of an appeal; with `saveTo` the PDF is saved there instead of opened.
 * `supervision` (a supervision number such as DB-2026-0003) picks which supervision notice
 * prints; without it the latest. Resolves to the file's path. */
export function printAppeal(
  appealId: number,
  document: PrintDocument,
  saveTo: string | null = null,
  supervision: string | null = null,
): Promise<string> {
  return call("print_appeal", { appealId, document, supervision }, saveTo);
}

/** Prints the confidentiality agreement (保密协议) of a staff member; with `saveTo` it is saved
 * there instead of opened. Resolves to the file's path. */
export function printAgreement(userId: number, saveTo: string | null = null): Promise<string> {
  return call("print_agreement", { userId }, saveTo);
}
