// Where this desktop works: its own data folder (单机) or the office server (联网) — the desktop's
// own commands (src-tauri's connection.rs). Every other call is the same in both modes.
import { callDesktop } from "./core";
import type { ConnectionInfo } from "../bindings/ConnectionInfo";
import type { AdminConsent } from "../bindings/AdminConsent";
import type { ServerProbe } from "../bindings/ServerProbe";

export function connectionInfo(): Promise<ConnectionInfo> {
  return callDesktop<ConnectionInfo>("connection_info");
}

/** Asks the server for the certificate it presents (trusting nothing yet). */
export function probeServer(server: string): Promise<ServerProbe> {
  return callDesktop<ServerProbe>("connection_probe", { server });
}

/**
 * Trusts the fingerprint the user compared with the administrator's and switches to 联网. `admin`
 * (the server's administrator) when `connection.needsAdmin`.
 */
export function trustServer(server: string, fingerprint: string, admin: AdminConsent | null = null): Promise<ConnectionInfo> {
  return callDesktop<ConnectionInfo>("connection_trust", { server, fingerprint, admin });
}

/**
 * Works in this computer's data folder (单机); the local database is never deleted. `admin` (this
 * computer's administrator) when `connection.needsAdmin`.
 */
export function workLocally(admin: AdminConsent | null = null): Promise<ConnectionInfo> {
  return callDesktop<ConnectionInfo>("connection_use_local", { admin });
}
